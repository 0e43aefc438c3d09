//===--- ChangedLinesTest.cpp - Which findings a diff or filter keeps -----===//

#include "ChangedLines.h"

#include "gtest/gtest.h"

using namespace corolint::tool;

namespace {

Finding at(const char *File, unsigned Line, unsigned NoteLine = 0) {
  Finding F;
  F.Loc = {File, Line, 1};
  if (NoteLine)
    F.Notes.push_back({{File, NoteLine, 1}, "called here"});
  return F;
}

TEST(ChangedLines, ReadsZeroContextHunks) {
  ChangedLines C = ChangedLines::fromUnifiedDiff(
      "diff --git a/src/a.cpp b/src/a.cpp\n"
      "--- a/src/a.cpp\n"
      "+++ b/src/a.cpp\n"
      "@@ -3,0 +4,2 @@ void f() {\n"
      "+  sleep(1);\n"
      "+  sleep(2);\n"
      "@@ -10 +12 @@\n"
      "-x\n"
      "+y\n"
      "@@ -20,3 +21,0 @@\n"
      "diff --git a/gone.cpp b/gone.cpp\n"
      "--- a/gone.cpp\n"
      "+++ /dev/null\n"
      "@@ -1,2 +0,0 @@\n",
      "/repo");
  EXPECT_FALSE(C.touches(at("/repo/src/a.cpp", 3)));
  EXPECT_TRUE(C.touches(at("/repo/src/a.cpp", 4)));
  EXPECT_TRUE(C.touches(at("/repo/src/a.cpp", 5)));
  EXPECT_FALSE(C.touches(at("/repo/src/a.cpp", 6)));
  EXPECT_TRUE(C.touches(at("/repo/src/a.cpp", 12)));
  // A pure deletion adds no line.
  EXPECT_FALSE(C.touches(at("/repo/src/a.cpp", 21)));
  // A finding whose chain passes a changed line counts.
  EXPECT_TRUE(C.touches(at("/repo/src/a.cpp", 30, 5)));
  EXPECT_EQ(C.files(), std::vector<std::string>{"/repo/src/a.cpp"});
}

TEST(ChangedLines, ReadsClangTidysLineFilter) {
  auto C = ChangedLines::fromLineFilter(
      R"([{"name": "src/a.cpp", "lines": [[1, 3], [7, 7]]}, {"name": "b.h"}])");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  EXPECT_TRUE(C->touches(at("/repo/src/a.cpp", 2)));
  EXPECT_FALSE(C->touches(at("/repo/src/a.cpp", 4)));
  EXPECT_TRUE(C->touches(at("/repo/src/a.cpp", 7)));
  // A name matches whole path components only.
  EXPECT_FALSE(C->touches(at("/repo/xsrc/a.cpp", 2)));
  EXPECT_TRUE(C->touches(at("/repo/include/b.h", 99)));
  for (const char *Bad : {"{}", "[{\"lines\": []}]",
                          "[{\"name\": \"a\", \"lines\": [[3, 1]]}]", "[1"}) {
    auto E = ChangedLines::fromLineFilter(Bad);
    EXPECT_FALSE(bool(E)) << Bad;
    if (!E)
      llvm::consumeError(E.takeError());
  }
}

} // namespace
