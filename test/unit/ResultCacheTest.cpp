//===--- ResultCacheTest.cpp - The result cache, without a compiler -------===//

#include "ResultCache.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <chrono>
#include <thread>

using namespace corolint::tool;
using namespace llvm;

namespace {

/// A fresh directory for one test, removed after it.
struct TempDir {
  SmallString<128> Path;
  TempDir() { sys::fs::createUniqueDirectory("corolint-cache-test", Path); }
  ~TempDir() { sys::fs::remove_directories(Path); }
  std::string file(StringRef Name, StringRef Content) const {
    SmallString<128> P(Path);
    sys::path::append(P, Name);
    std::error_code EC;
    raw_fd_ostream OS(P, EC);
    OS << Content;
    return std::string(P);
  }
  std::string sub(StringRef Name) const {
    SmallString<128> P(Path);
    sys::path::append(P, Name);
    return std::string(P);
  }
};

CachedAnalysis oneFinding(StringRef Message) {
  CachedAnalysis A;
  Finding F;
  F.Check = "corolint-blocking-call";
  F.Loc = {"/src/a.cpp", 3, 5};
  F.Offset = 40;
  F.Message = Message.str();
  F.Notes.push_back({{"/src/a.h", 1, 2}, "here", 7});
  F.Fix.push_back({"/src/a.cpp", 40, 0, "co_await "});
  A.Findings.push_back(F);
  A.HiddenByNolint = 2;
  return A;
}

} // namespace

TEST(ResultCache, ReturnsWhatWasStoredWhileTheDependenciesAreUnchanged) {
  TempDir T;
  std::string Dep = T.file("a.cpp", "int x;");
  ResultCache C(T.sub("cache"));
  std::string Key = ResultCache::keyOf({"cmd", "config"});
  C.store(Key, oneFinding("blocks"), {Dep});
  std::optional<CachedAnalysis> Hit = ResultCache(T.sub("cache")).lookup(Key);
  ASSERT_TRUE(Hit);
  ASSERT_EQ(Hit->Findings.size(), 1u);
  const Finding &F = Hit->Findings.front();
  EXPECT_EQ(F.Message, "blocks");
  EXPECT_EQ(F.Loc.Line, 3u);
  EXPECT_EQ(F.Offset, 40u);
  ASSERT_EQ(F.Notes.size(), 1u);
  EXPECT_EQ(F.Notes.front().Offset, 7u);
  ASSERT_EQ(F.Fix.size(), 1u);
  EXPECT_EQ(F.Fix.front().Text, "co_await ");
  EXPECT_EQ(Hit->HiddenByNolint, 2u);
}

TEST(ResultCache, MissesWhenADependencysContentChanged) {
  TempDir T;
  std::string Dep = T.file("a.h", "int x;");
  std::string Key = ResultCache::keyOf({"k"});
  ResultCache(T.sub("cache")).store(Key, oneFinding("blocks"), {Dep});
  T.file("a.h", "int y;");
  EXPECT_FALSE(ResultCache(T.sub("cache")).lookup(Key));
  T.file("a.h", "int x;");
  EXPECT_TRUE(ResultCache(T.sub("cache")).lookup(Key));
}

TEST(ResultCache, KeysOfDifferentPartListsDiffer) {
  EXPECT_NE(ResultCache::keyOf({"ab", "c"}), ResultCache::keyOf({"a", "bc"}));
  EXPECT_EQ(ResultCache::keyOf({"a", "b"}), ResultCache::keyOf({"a", "b"}));
}

TEST(ResultCache, PruneDropsTheLeastRecentlyUsedEntriesFirst) {
  TempDir T;
  std::string Dep = T.file("a.cpp", "int x;");
  std::string Old = ResultCache::keyOf({"old"}), New = ResultCache::keyOf({"new"}),
              Used = ResultCache::keyOf({"used"});
  {
    ResultCache C(T.sub("cache"));
    C.store(Old, oneFinding("a"), {Dep});
    C.store(Used, oneFinding("b"), {Dep});
    C.store(New, oneFinding("c"), {Dep});
  }
  // Times of modification one second apart, "used" read last.
  auto Stamp = [&](StringRef Key, int SecondsAgo) {
    SmallString<128> P(T.sub("cache"));
    sys::path::append(P, Key.take_front(2), Key);
    int FD;
    ASSERT_FALSE(sys::fs::openFileForWrite(P, FD, sys::fs::CD_OpenExisting,
                                           sys::fs::OF_Append));
    auto When = std::chrono::system_clock::now() - std::chrono::seconds(SecondsAgo);
    sys::fs::setLastAccessAndModificationTime(FD, When, When);
    ::close(FD);
  };
  Stamp(Old, 30);
  Stamp(Used, 20);
  Stamp(New, 10);
  ASSERT_TRUE(ResultCache(T.sub("cache")).lookup(Used)); // Now the newest.
  // Room for two entries of about this size.
  SmallString<128> P(T.sub("cache"));
  sys::path::append(P, New.substr(0, 2), New);
  uint64_t Size = 0;
  sys::fs::file_size(P, Size);
  ResultCache Small(T.sub("cache"), 2 * Size + 100);
  Small.prune();
  ResultCache After(T.sub("cache"));
  EXPECT_FALSE(After.lookup(Old));
  EXPECT_TRUE(After.lookup(New));
  EXPECT_TRUE(After.lookup(Used));
}

TEST(DependencyFile, ReadsMakeRulesWithContinuationsAndEscapedSpaces) {
  std::vector<std::string> Deps = parseDependencyFile(
      "a.o: /src/a.cpp /src/my\\ dir/b.h \\\n  /usr/include/c.h\n");
  ASSERT_EQ(Deps.size(), 3u);
  EXPECT_EQ(Deps[0], "/src/a.cpp");
  EXPECT_EQ(Deps[1], "/src/my dir/b.h");
  EXPECT_EQ(Deps[2], "/usr/include/c.h");
}

TEST(ResultCache, PruneRemovesOnlyTheEntriesItWrote) {
  // `--cache-dir=build`: the build's own files must survive any limit.
  TempDir T;
  std::string Mine = T.file("compile_commands.json", "[]");
  std::string Dep = T.file("a.cpp", "int x;");
  std::string Key = ResultCache::keyOf({"k"});
  ResultCache(T.Path.str().str()).store(Key, oneFinding("a"), {Dep});
  ResultCache(T.Path.str().str(), /*LimitBytes=*/0).prune();
  EXPECT_TRUE(sys::fs::exists(Mine));
  EXPECT_TRUE(sys::fs::exists(Dep));
  EXPECT_FALSE(ResultCache(T.Path.str().str()).lookup(Key));
  // And a directory that existed gets no .gitignore hiding it from git.
  EXPECT_FALSE(sys::fs::exists(T.sub(".gitignore")));
}
