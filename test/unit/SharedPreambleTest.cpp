//===--- SharedPreambleTest.cpp - Include blocks and the preamble plan ----===//

#include "SharedPreamble.h"

#include "gtest/gtest.h"

using namespace corolint::tool;
using namespace llvm;

namespace {

IncludeBlock lex(StringRef Source) { return leadingIncludes(Source); }

TEST(IncludeBlockTest, CommentsBetweenIncludesAreNotPartOfTheDirectives) {
  StringRef A = "// a.cpp: one license\n#include <x.h>\n\n#include <y.h>\nint a;\n";
  StringRef B = "/* b.cpp: another,\n   longer */\n#include <x.h>\n"
                "// between\n#include   <y.h> // why\nint b;\n";
  IncludeBlock BA = lex(A), BB = lex(B);
  ASSERT_EQ(BA.Lines.size(), 2u);
  EXPECT_EQ(BA.directives(), BB.directives());
  EXPECT_EQ(BA.directives(), "#include <x.h>\n#include <y.h>\n");
  // Each ends at the start of the line after its include.
  EXPECT_EQ(A.substr(BA.size()), "int a;\n");
  EXPECT_EQ(B.substr(BB.size()), "int b;\n");
  EXPECT_EQ(B.substr(BB.first(1).size()), "// between\n#include   <y.h> // why\nint b;\n");
  EXPECT_FALSE(BA.dependsOnDirectory());
}

TEST(IncludeBlockTest, EndsAtTheFirstOtherDirective) {
  IncludeBlock B = lex("#include <x.h>\n#define N 3\n#include <y.h>\n");
  ASSERT_EQ(B.Lines.size(), 1u);
  EXPECT_EQ(B.size(), strlen("#include <x.h>\n"));
  EXPECT_EQ(lex("#pragma once\n#include <x.h>\n").size(), 0u);
  EXPECT_EQ(lex("int main() {}\n").size(), 0u);
  EXPECT_EQ(lex("").size(), 0u);
}

TEST(IncludeBlockTest, NeverEndsInsideAComment) {
  // A block comment that opens on the include's line and closes further
  // down, or a line comment continued: the block ends before that line.
  EXPECT_EQ(lex("#include <x.h>\n#include <y.h> /* a\n b */\nint a;\n").Lines.size(), 1u);
  EXPECT_EQ(lex("#include <x.h>\n#include <y.h> // a \\\n b\nint a;\n").Lines.size(), 1u);
  // No newline after the last include: nothing after it to parse apart.
  EXPECT_EQ(lex("#include <x.h>\n#include <y.h>").Lines.size(), 1u);
}

TEST(IncludeBlockTest, QuotedOrMacroIncludesDependOnTheDirectory) {
  IncludeBlock B = lex("#include <x.h>\n#include \"own.h\"\n#include HEADER\n");
  ASSERT_EQ(B.Lines.size(), 3u);
  EXPECT_FALSE(B.Lines[0].Local);
  EXPECT_TRUE(B.Lines[1].Local);
  EXPECT_TRUE(B.Lines[2].Local);
  EXPECT_FALSE(B.first(1).dependsOnDirectory());
  EXPECT_TRUE(B.dependsOnDirectory());
}

TEST(PreamblePlanTest, FilesThatBeginAlikeShareTheirCommonIncludes) {
  SharedPreambles P;
  std::string Heavy = "#include <asio.hpp>\n#include <beast.hpp>\n";
  P.propose("/p/a.cpp", "cmd", lex(Heavy + "#include <a.h>\n"));
  P.propose("/p/b.cpp", "cmd", lex(Heavy + "#include <b.h>\n"));
  P.propose("/p/c.cpp", "cmd", lex(Heavy));
  // Another first include: alone, parsed as usual.
  P.propose("/p/d.cpp", "cmd", lex("#include <d.h>\n" + Heavy));
  // Compiled otherwise: shares with no file of "cmd".
  P.propose("/p/e.cpp", "other", lex(Heavy));
  P.plan();
  EXPECT_EQ(P.planned("/p/a.cpp"), 2u);
  EXPECT_EQ(P.planned("/p/b.cpp"), 2u);
  EXPECT_EQ(P.planned("/p/c.cpp"), 2u);
  EXPECT_EQ(P.planned("/p/d.cpp"), 0u);
  EXPECT_EQ(P.planned("/p/e.cpp"), 0u);
  EXPECT_EQ(P.planned("/p/unknown.cpp"), 0u);
  // The first of them builds it.
  EXPECT_TRUE(P.leads("/p/a.cpp"));
  EXPECT_FALSE(P.leads("/p/b.cpp"));
  EXPECT_FALSE(P.leads("/p/d.cpp"));
}

TEST(PreamblePlanTest, ALargerGroupWithALongerPrefixGetsItsOwn) {
  SharedPreambles P;
  std::string Five;
  for (int I = 0; I < 5; ++I)
    Five += "#include <h" + std::to_string(I) + ".h>\n";
  // Four files with five includes in common, two that share only the
  // first: the four take all five, the two the first.
  for (int I = 0; I < 4; ++I)
    P.propose("/p/long" + std::to_string(I) + ".cpp", "cmd", lex(Five));
  P.propose("/p/short0.cpp", "cmd", lex("#include <h0.h>\n#include <x.h>\n"));
  P.propose("/p/short1.cpp", "cmd", lex("#include <h0.h>\n#include <y.h>\n"));
  P.plan();
  for (int I = 0; I < 4; ++I)
    EXPECT_EQ(P.planned("/p/long" + std::to_string(I) + ".cpp"), 5u);
  EXPECT_EQ(P.planned("/p/short0.cpp"), 1u);
  EXPECT_EQ(P.planned("/p/short1.cpp"), 1u);
  EXPECT_TRUE(P.leads("/p/long0.cpp"));
  EXPECT_TRUE(P.leads("/p/short0.cpp"));
  EXPECT_FALSE(P.leads("/p/short1.cpp"));
}

TEST(PreamblePlanTest, AQuotedIncludeIsSharedOnlyInItsDirectory) {
  SharedPreambles P;
  std::string Block = "#include \"config.h\"\n#include <asio.hpp>\n";
  P.propose("/p/src/a.cpp", "cmd", lex(Block));
  P.propose("/p/src/b.cpp", "cmd", lex(Block));
  P.propose("/p/tools/c.cpp", "cmd", lex(Block));
  P.plan();
  EXPECT_EQ(P.planned("/p/src/a.cpp"), 2u);
  EXPECT_EQ(P.planned("/p/src/b.cpp"), 2u);
  EXPECT_EQ(P.planned("/p/tools/c.cpp"), 0u);
}

} // namespace

namespace {

TEST(HeaderFilterTest, JudgesAHeaderAsClangTidyDoes) {
  clang::tidy::ClangTidyOptions Opts;
  Opts.HeaderFilterRegex = "^(/p/|[^/.])";
  Opts.ExcludeHeaderFilterRegex = "third_party/";
  HeaderFilter F(Opts);
  EXPECT_TRUE(F.shows("/p/include/a.h", false));
  EXPECT_TRUE(F.shows("include/a.h", false));
  EXPECT_FALSE(F.shows("/q/include/a.h", false));
  EXPECT_FALSE(F.shows("/p/third_party/b.h", false));
  // System headers only with SystemHeaders.
  EXPECT_FALSE(F.shows("/p/include/a.h", true));
  Opts.SystemHeaders = true;
  EXPECT_TRUE(HeaderFilter(Opts).shows("/p/include/a.h", true));
}

} // namespace
