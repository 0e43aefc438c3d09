//===--- BaselineTest.cpp - Fingerprints that survive unrelated edits -----===//

#include "Baseline.h"

#include "gtest/gtest.h"
#include <string>

using namespace corolint::tool;

namespace {

/// The function around the `@` in \p Marked.
std::string around(std::string Marked) {
  size_t At = Marked.find('@');
  Marked.erase(At, 1);
  return enclosingFunction(Marked, At);
}

TEST(EnclosingFunction, NamesTheOutermostFunctionDefinition) {
  EXPECT_EQ(around("task<> run(int port) { co_await @read(); }"), "run");
  EXPECT_EQ(around("namespace n { struct S { task<> Server::go() const {\n"
                   "  if (x) { for (;;) { @f(); } } } }; }"),
            "Server::go");
  // A lambda's body counts as its enclosing named function.
  EXPECT_EQ(around("void outer() { auto l = [&](int) -> task<> { @f(); }; }"),
            "outer");
  EXPECT_EQ(around("auto S::operator()(int a) { @f(); }"), "S::operator()");
  EXPECT_EQ(around("bool operator==(A a, A b) { return @f(); }"),
            "operator==");
}

TEST(EnclosingFunction, ATestMacroKeepsItsArguments) {
  EXPECT_EQ(around("TEST_CASE(\"tcp server\", \"[net]\") { @f(); }"),
            "TEST_CASE(\"tcpserver\",\"[net]\")");
  EXPECT_EQ(around("TEST_F(LazyTest, testDetach) { @f(); }"),
            "TEST_F(LazyTest,testDetach)");
}

TEST(EnclosingFunction, SkipsCommentsLiteralsAndThePreprocessor) {
  EXPECT_EQ(around("// void fake() {\n"
                   "/* } int x; { */\n"
                   "#define OPEN {\n"
                   "void real() { const char *s = \"}{\"; char c = '{';\n"
                   "  auto r = R\"x(})x\"; int n = 1'000; @f(); }"),
            "real");
}

TEST(EnclosingFunction, NothingAtNamespaceOrClassScope) {
  EXPECT_EQ(around("namespace n { int @x; }"), "");
  EXPECT_EQ(around("struct S { int @x; };"), "");
  EXPECT_EQ(around("void done() {} int @y;"), "");
}

TEST(Fingerprint, SurvivesMovesAndCountsOccurrences) {
  // Two identical lines in one function differ by their occurrence index;
  // the same finding on another line keeps its fingerprint.
  std::string Path = ::testing::TempDir() + "/corolint-fp-test.cpp";
  auto Write = [&](const char *Text) {
    FILE *F = fopen(Path.c_str(), "w");
    ASSERT_TRUE(F);
    fputs(Text, F);
    fclose(F);
  };
  auto Findings = [&](std::vector<unsigned> Lines) {
    Report R;
    for (unsigned L : Lines) {
      Finding F;
      F.Check = "corolint-blocking-call";
      F.Loc = {Path, L, 3};
      R.Findings.push_back(F);
    }
    fingerprint(R, "");
    std::vector<std::string> Out;
    for (const Finding &F : R.Findings)
      Out.push_back(F.Fingerprint);
    return Out;
  };
  Write("void f() {\n  sleep(1);\n  sleep(1);\n}\n");
  std::vector<std::string> Before = Findings({2, 3});
  ASSERT_EQ(Before.size(), 2u);
  EXPECT_NE(Before[0], Before[1]);
  EXPECT_EQ(Before[0].size(), 16u);
  Write("// a new comment\n\nvoid f() {\n      sleep(1);\n  sleep( 1 );\n}\n");
  EXPECT_EQ(Findings({4, 5}), Before);
  // In another function it is another finding.
  Write("void g() {\n  sleep(1);\n  sleep(1);\n}\n");
  EXPECT_NE(Findings({2, 3}), Before);
}

TEST(Baseline, MatchesAsManyFindingsAsItCounts) {
  Report R;
  for (const char *FP : {"a", "a", "b"}) {
    Finding F;
    F.Fingerprint = FP;
    R.Findings.push_back(F);
  }
  Baseline B;
  B["a"] = 1;
  B["c"] = 2;
  BaselineOutcome Out = applyBaseline(R, B);
  EXPECT_EQ(Out.Known, 1u);
  EXPECT_EQ(Out.Gone, 2u);
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_EQ(R.Findings[0].Fingerprint, "a");
  EXPECT_EQ(R.Findings[1].Fingerprint, "b");
}

} // namespace
