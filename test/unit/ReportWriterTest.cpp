//===--- ReportWriterTest.cpp - The runtime's record writer --------------===//

#include "corolint/report.h"

#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"
#include <cstdio>
#include <string>
#include <unistd.h>

using namespace corolint::rt;

namespace {

llvm::json::Value parse(const RecordBuffer &R) {
  std::string Line(R.data(), R.size());
  EXPECT_EQ(Line.back(), '\n');
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Line);
  if (!V) {
    ADD_FAILURE() << llvm::toString(V.takeError()) << " in " << Line;
    return nullptr;
  }
  return std::move(*V);
}

TEST(RecordBuffer, WritesOneJsonObjectPerLine) {
  RecordBuffer R;
  R.reset();
  R.field("kind", "stall");
  R.field("pid", static_cast<std::int64_t>(-5));
  R.field("count", static_cast<std::uint64_t>(18446744073709551615ull));
  R.fieldBool("ended", true);
  R.fieldMillis("duration_ms", 312405678);
  R.fieldHex("o", 0x1a2b);
  ASSERT_TRUE(R.finish());
  llvm::json::Value V = parse(R);
  const llvm::json::Object *O = V.getAsObject();
  ASSERT_TRUE(O);
  EXPECT_EQ(O->getString("kind"), "stall");
  EXPECT_EQ(O->getInteger("pid"), -5);
  EXPECT_EQ(O->getBoolean("ended"), true);
  EXPECT_DOUBLE_EQ(*O->getNumber("duration_ms"), 312.405);
  EXPECT_EQ(O->getString("o"), "0x1a2b");
}

TEST(RecordBuffer, EscapesQuotesBackslashesAndControlCharacters) {
  RecordBuffer R;
  R.field("thread", "a\"b\\c\nd\x01");
  ASSERT_TRUE(R.finish());
  llvm::json::Value V = parse(R);
  EXPECT_EQ(V.getAsObject()->getString("thread"), "a\"b\\c\nd\x01");
}

TEST(RecordBuffer, NestsArraysAndObjects) {
  RecordBuffer R;
  R.beginArray("frames");
  for (int I = 0; I < 3; ++I) {
    R.beginObject(nullptr);
    R.field("m", I);
    R.endObject();
  }
  R.endArray();
  R.beginObject("handler");
  R.field("object", "socket");
  R.endObject();
  ASSERT_TRUE(R.finish());
  llvm::json::Value V = parse(R);
  EXPECT_EQ(V.getAsObject()->getArray("frames")->size(), 3u);
  EXPECT_EQ(V.getAsObject()->getObject("handler")->getString("object"),
            "socket");
}

TEST(RecordBuffer, RefusesARecordThatDoesNotFit) {
  RecordBuffer R;
  std::string Long(RecordBuffer::Capacity, 'x');
  R.field("path", Long.c_str());
  EXPECT_FALSE(R.finish());
}

TEST(RecordBuffer, RefusesUnbalancedNesting) {
  RecordBuffer R;
  R.beginArray("frames");
  EXPECT_FALSE(R.finish());
}

TEST(RecordBuffer, SnapshotStackMatchesTheLockedOneAndKeepsStrayAddresses) {
  // The watchdog's way: the map of modules as last refreshed. A frame in
  // no module is kept as a bare address, and the modules index the frames
  // that have one.
  refreshModules();
  void *Frames[] = {reinterpret_cast<void *>(&parse),
                    reinterpret_cast<void *>(std::uintptr_t{16}),
                    reinterpret_cast<void *>(&parse)};
  RecordBuffer Locked, Snapshot;
  appendStack(Locked, Frames, 3);
  appendStackFromSnapshot(Snapshot, Frames, 3);
  ASSERT_TRUE(Locked.finish());
  ASSERT_TRUE(Snapshot.finish());
  EXPECT_EQ(std::string(Locked.data(), Locked.size()),
            std::string(Snapshot.data(), Snapshot.size()));
  llvm::json::Value V = parse(Snapshot);
  const llvm::json::Array *F = V.getAsObject()->getArray("frames");
  ASSERT_EQ(F->size(), 3u);
  EXPECT_EQ((*F)[0].getAsObject()->getInteger("m"), 0);
  EXPECT_EQ((*F)[1].getAsObject()->getString("pc"), "0x10");
  EXPECT_EQ((*F)[2].getAsObject()->getInteger("m"), 0);
  EXPECT_EQ(V.getAsObject()->getArray("modules")->size(), 1u);
}

TEST(RecordBuffer, RewindDropsWhatCameAfterTheMark) {
  RecordBuffer R;
  R.field("kept", 1);
  RecordBuffer::Mark M = R.mark();
  R.beginArray("dropped");
  R.field(nullptr, 2);
  R.rewind(M);
  R.field("after", 3);
  ASSERT_TRUE(R.finish());
  EXPECT_EQ(std::string(R.data(), R.size()), "{\"kept\":1,\"after\":3}\n");
}

TEST(RecordBuffer, StackNamesThisTestsModuleWithItsBuildId) {
  void *Frames[] = {reinterpret_cast<void *>(&parse)};
  RecordBuffer R;
  appendStack(R, Frames, 1);
  ASSERT_TRUE(R.finish());
  llvm::json::Value V = parse(R);
  const llvm::json::Array *Modules = V.getAsObject()->getArray("modules");
  ASSERT_TRUE(Modules);
  ASSERT_EQ(Modules->size(), 1u);
  const llvm::json::Object *M = (*Modules)[0].getAsObject();
  EXPECT_NE(M->getString("path")->find("corolint-unit-tests"),
            llvm::StringRef::npos);
  EXPECT_FALSE(M->getString("build_id")->empty());
  const llvm::json::Object *F =
      (*V.getAsObject()->getArray("frames"))[0].getAsObject();
  EXPECT_EQ(F->getInteger("m"), 0);
}

TEST(RecordBuffer, WritesTheRecordWithOneWrite) {
  int Pipe[2];
  ASSERT_EQ(pipe(Pipe), 0);
  RecordBuffer R;
  R.field("kind", "summary");
  ASSERT_TRUE(R.finish());
  ASSERT_TRUE(writeRecord(Pipe[1], R));
  char Buf[256];
  ssize_t N = read(Pipe[0], Buf, sizeof(Buf));
  close(Pipe[0]);
  close(Pipe[1]);
  EXPECT_EQ(std::string(Buf, N), "{\"kind\":\"summary\"}\n");
}

} // namespace

namespace {
TEST(RecordBuffer, KeepsRecordsValidUtf8) {
  auto Field = [](const char *Text) {
    auto R = std::make_unique<RecordBuffer>();
    R->reset();
    R->field("s", Text);
    EXPECT_TRUE(R->finish());
    std::string Line(R->data(), R->size());
    EXPECT_TRUE(llvm::json::isUTF8(Line)) << Line;
    return Line;
  };
  // Well-formed characters pass through.
  EXPECT_EQ(Field("\xc3\xa4\xe2\x82\xac"), "{\"s\":\"\xc3\xa4\xe2\x82\xac\"}\n");
  // A name cut inside a character, a Latin-1 path, an overlong form.
  EXPECT_EQ(Field("ab\xc3"), "{\"s\":\"ab\\ufffd\"}\n");
  EXPECT_EQ(Field("caf\xe9.so"), "{\"s\":\"caf\\ufffd.so\"}\n");
  EXPECT_EQ(Field("\xc0\xaf"), "{\"s\":\"\\ufffd\\ufffd\"}\n");
}

TEST(RecordBuffer, HonoursAPipeSizedLimit) {
  auto R = std::make_unique<RecordBuffer>();
  R->reset(64);
  R->field("s", std::string(100, 'x').c_str());
  EXPECT_FALSE(R->finish()); // Over the limit: the writer sends less.
  R->reset(64);
  R->field("s", "short");
  EXPECT_TRUE(R->finish());
  EXPECT_LE(R->size(), 64u);
}
} // namespace

TEST(ThreadNames, CutInsideACharacterDropsThatCharacter) {
  // "éééééééé" is 16 bytes; the kernel keeps 15, cutting the last 'é'.
  char Cut[] = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3";
  cutAtCharacter(Cut);
  EXPECT_STREQ(Cut, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
  // A three-byte character cut after its second byte.
  char Euro[] = "io-\xe2\x82";
  cutAtCharacter(Euro);
  EXPECT_STREQ(Euro, "io-");
  // Whole characters, and plain ASCII, stay as they are.
  char Whole[] = "io-\xe2\x82\xac";
  cutAtCharacter(Whole);
  EXPECT_STREQ(Whole, "io-\xe2\x82\xac");
  char Ascii[] = "worker-1";
  cutAtCharacter(Ascii);
  EXPECT_STREQ(Ascii, "worker-1");
}
