//===--- ConfirmTest.cpp - Reading reports and matching findings ---------===//

#include "Confirm.h"
#include "RuntimeReport.h"

#include "gtest/gtest.h"

using namespace corolint::tool;

namespace {

RuntimeEvent event(RuntimeEvent::KindType Kind, double Ms,
                   std::vector<std::pair<std::string, unsigned>> Stack) {
  RuntimeEvent E;
  E.Kind = Kind;
  E.DurationMs = Ms;
  E.Function = "nanosleep";
  for (auto &[File, Line] : Stack) {
    RuntimeFrame F;
    F.Module = "/bin/service";
    F.Inlined.push_back({"f", File, Line, 3});
    E.Frames.push_back(std::move(F));
  }
  return E;
}

Finding finding(std::string File, unsigned Line,
                std::vector<std::pair<std::string, unsigned>> Notes = {}) {
  Finding F;
  F.Check = "corolint-blocking-call";
  F.Loc = {std::move(File), Line, 5};
  for (auto &[NF, NL] : Notes)
    F.Notes.push_back({{NF, NL, 1}, "called here"});
  return F;
}

TEST(Confirm, ConfirmsAFindingWhoseLineIsOnTheStack) {
  std::vector<Finding> Findings = {finding("/src/a.cpp", 10),
                                   finding("/src/a.cpp", 20)};
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::Stall, 300, {{"/usr/include/x.h", 1},
                                       {"/src/./a.cpp", 10}})};
  Confirmation C = confirm(Findings, Events);
  EXPECT_EQ(C.Evidence[0], &Events[0]);
  EXPECT_EQ(C.Evidence[1], nullptr);
  EXPECT_TRUE(C.Missed.empty());
}

TEST(Confirm, ConfirmsThroughACallChainNote) {
  // The coroutine's call at a.cpp:5 reaches the blocking call at
  // util.cpp:42 (the chain's last note): both are on the stack, the
  // chain's end innermost.
  std::vector<Finding> Findings = {
      finding("/src/a.cpp", 5, {{"/src/util.cpp", 42}})};
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::BlockingCall, 2,
            {{"/src/util.cpp", 42}, {"/src/a.cpp", 5}}),
      // The chain's end reached from somewhere else: not this finding.
      event(RuntimeEvent::BlockingCall, 2,
            {{"/src/util.cpp", 42}, {"/src/b.cpp", 9}})};
  Confirmation C = confirm(Findings, Events);
  EXPECT_EQ(C.Evidence[0], &Events[0]);
  EXPECT_EQ(C.Matches[0], 1u);
  ASSERT_EQ(C.Missed.size(), 1u);
  EXPECT_EQ(C.Missed[0], &Events[1]);
}

TEST(Confirm, OnlyTheInnermostFrameOfTheProgramIsTheCallSite) {
  // The finding's line further out on the stack (the coroutine that
  // called something else that blocked) is not evidence.
  std::vector<Finding> Findings = {finding("/src/a.cpp", 10)};
  std::vector<RuntimeEvent> Events = {event(
      RuntimeEvent::BlockingCall, 2, {{"/src/b.cpp", 3}, {"/src/a.cpp", 10}})};
  Confirmation C = confirm(Findings, Events);
  EXPECT_EQ(C.Evidence[0], nullptr);
  EXPECT_EQ(C.Missed.size(), 1u);
}

TEST(Confirm, TheEventsCategoryMustBeTheFindings) {
  Finding File = finding("/src/a.cpp", 10);
  File.Message = "'std::ifstream' blocks the thread of coroutine 'load'; use "
                 "a thread pool";
  std::vector<Finding> Findings = {File};
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::BlockingCall, 9, {{"/src/a.cpp", 10}}),
      event(RuntimeEvent::BlockingCall, 1, {{"/src/a.cpp", 10}})};
  Events[0].Function = "getaddrinfo";
  Events[1].Function = "open";
  EXPECT_EQ(findingCategory(File), "file-io");
  EXPECT_EQ(eventCategory(Events[0]), "network");
  Confirmation C = confirm(Findings, Events);
  EXPECT_EQ(C.Evidence[0], &Events[1]);
  ASSERT_EQ(C.Missed.size(), 1u);
  EXPECT_EQ(C.Missed[0], &Events[0]);
  // A chain names its category in its last note.
  Finding Chain = finding("/src/a.cpp", 10, {{"/src/c.cpp", 4}});
  Chain.Notes.back().Message = "'read_file' blocks here (file-io)";
  EXPECT_EQ(findingCategory(Chain), "file-io");
}

TEST(Confirm, OnlyBlockingCallFindingsAreConfirmed) {
  Finding Timeout = finding("/src/a.cpp", 10);
  Timeout.Check = "corolint-missing-timeout";
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::Stall, 300, {{"/src/a.cpp", 10}})};
  Confirmation C = confirm({Timeout}, Events);
  EXPECT_EQ(C.Evidence[0], nullptr);
}

TEST(Confirm, ListsMissedEventsOncePerCallSite) {
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::BlockingCall, 1, {{"/src/b.cpp", 10}}),
      event(RuntimeEvent::BlockingCall, 7, {{"/src/b.cpp", 10}}),
      event(RuntimeEvent::BlockingCall, 3, {{"/src/b.cpp", 10}}),
      event(RuntimeEvent::BlockingCall, 3, {{"/src/b.cpp", 11}})};
  Events[3].Function = "getaddrinfo";
  Confirmation C = confirm({}, Events);
  ASSERT_EQ(C.Missed.size(), 2u);
  EXPECT_EQ(C.Missed[0], &Events[1]); // The longest of the three.
  EXPECT_EQ(C.MissedCount[0], 3u);
  EXPECT_EQ(C.MissedCount[1], 1u);
}

TEST(Confirm, ListsEventsMatchingNoFindingAsMissed) {
  std::vector<Finding> Findings = {finding("/src/a.cpp", 10)};
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::Stall, 300, {{"/src/b.cpp", 10}}),
      event(RuntimeEvent::Stall, 300, {{"/src/a.cpp", 11}})};
  Confirmation C = confirm(Findings, Events);
  EXPECT_EQ(C.Evidence[0], nullptr);
  EXPECT_EQ(C.Missed.size(), 2u);
}

TEST(Confirm, PrefersTheLongestStallOverABlockingCall) {
  std::vector<Finding> Findings = {finding("/src/a.cpp", 10)};
  std::vector<RuntimeEvent> Events = {
      event(RuntimeEvent::BlockingCall, 900, {{"/src/a.cpp", 10}}),
      event(RuntimeEvent::Stall, 150, {{"/src/a.cpp", 10}}),
      event(RuntimeEvent::Stall, 310, {{"/src/a.cpp", 10}})};
  Confirmation C = confirm(Findings, Events);
  EXPECT_EQ(C.Evidence[0], &Events[2]);
  EXPECT_EQ(C.Matches[0], 3u);
  EXPECT_EQ(Events[2].evidence(), "stalled 310 ms");
}

TEST(Confirm, UserFrameSkipsSystemHeadersAndLibc) {
  RuntimeEvent E = event(RuntimeEvent::Stall, 100,
                         {{"./time/../sysdeps/clock_nanosleep.c", 48},
                          {"/usr/include/c++/12/thread", 80},
                          {"/src/a.cpp", 7}});
  const RuntimeFrame::Location *L = userFrame(E);
  ASSERT_TRUE(L);
  EXPECT_EQ(L->File, "/src/a.cpp");
}

const char Report[] =
    R"({"v":1,"kind":"start","pid":1}
{"v":1,"kind":"stall","pid":1,"tid":2,"thread":"t","id":1,"ended":false,"duration_ms":100.5,"pc0_exact":true,"frames":[{"m":0,"o":"0x10"},{"m":0,"o":"0x20"}],"modules":[{"path":"/bin/p","build_id":"ab"}]}
garbage
{"v":1,"kind":"blocking-call","pid":1,"tid":2,"function":"getaddrinfo","duration_ms":1.25,"frames":[],"modules":[]}
{"v":1,"kind":"stall","pid":1,"tid":2,"thread":"t","id":1,"ended":true,"duration_ms":312.0,"pc0_exact":true,"frames":[{"m":0,"o":"0x10"}],"modules":[{"path":"/bin/p","build_id":"ab"}]}
{"v":1,"kind":"summary","pid":1,"suppressed_stalls":3,"loop_threads":2}
{"v":1,"kind":"stall","pid":1)";

TEST(RuntimeReport, KeepsEachSampleOfALongStall) {
  // Sampled at 100, 200 and 400 ms, ended at 700: the first sample is the
  // event's stack, the later two follow, the last from the final record.
  const char Long[] =
      R"({"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":100,"detected_after_ms":100,"sample":0,"site":3,"suppressed":2,"frames":[{"m":0,"o":"0x10"}],"modules":[{"path":"/bin/p"}]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":200,"detected_after_ms":200,"sample":1,"site":3,"suppressed":0,"frames":[{"m":0,"o":"0x20"}],"modules":[{"path":"/bin/p"}]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":400,"detected_after_ms":400,"sample":2,"site":3,"suppressed":0,"frames":[{"pc":"0x30"}],"modules":[]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":true,"duration_ms":700,"detected_after_ms":400,"samples":3,"site":3,"suppressed":1,"frames":[{"m":0,"o":"0x30"}],"modules":[{"path":"/bin/p"}]}
)";
  RuntimeReport R = parseRuntimeReport(Long, "r.jsonl");
  ASSERT_EQ(R.Events.size(), 1u);
  const RuntimeEvent &E = R.Events[0];
  EXPECT_TRUE(E.Ended);
  EXPECT_DOUBLE_EQ(E.DurationMs, 700);
  EXPECT_EQ(E.Site, 3);
  EXPECT_EQ(E.Suppressed, 3u);
  ASSERT_EQ(E.Frames.size(), 1u);
  EXPECT_EQ(E.Frames[0].Offset, 0x10u);
  ASSERT_EQ(E.LaterSamples.size(), 2u);
  EXPECT_DOUBLE_EQ(E.LaterSamples[0].AtMs, 200);
  EXPECT_DOUBLE_EQ(E.LaterSamples[1].AtMs, 400);
  ASSERT_EQ(E.LaterSamples[1].Frames.size(), 1u);
  EXPECT_EQ(E.LaterSamples[1].Frames[0].Module, "/bin/p");
  EXPECT_EQ(E.LaterSamples[1].Frames[0].Offset, 0x30u);
}

TEST(RuntimeReport, PlacesSamplesByTheirNumber) {
  // The watchdog's record of sample 2 comes after the final record (they
  // are written through different descriptors), and sample 1 twice.
  const char Mixed[] =
      R"({"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":100,"detected_after_ms":100,"sample":0,"frames":[{"m":0,"o":"0x10"}],"modules":[{"path":"/bin/p"}]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":200,"detected_after_ms":200,"sample":1,"frames":[{"m":0,"o":"0x20"}],"modules":[{"path":"/bin/p"}]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":200,"detected_after_ms":200,"sample":1,"frames":[{"m":0,"o":"0x21"}],"modules":[{"path":"/bin/p"}]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":true,"duration_ms":450,"detected_after_ms":400,"samples":3,"frames":[{"m":0,"o":"0x30"}],"modules":[{"path":"/bin/p"}]}
{"v":1,"kind":"stall","pid":1,"tid":2,"id":7,"ended":false,"duration_ms":400,"detected_after_ms":400,"sample":2,"frames":[{"pc":"0x30"}],"modules":[]}
)";
  RuntimeReport R = parseRuntimeReport(Mixed, "r.jsonl");
  ASSERT_EQ(R.Events.size(), 1u);
  const RuntimeEvent &E = R.Events[0];
  EXPECT_DOUBLE_EQ(E.DurationMs, 450);
  ASSERT_EQ(E.LaterSamples.size(), 2u);
  EXPECT_EQ(E.LaterSamples[0].Index, 1);
  EXPECT_EQ(E.LaterSamples[0].Frames[0].Offset, 0x20u);
  EXPECT_EQ(E.LaterSamples[1].Index, 2);
  EXPECT_DOUBLE_EQ(E.LaterSamples[1].AtMs, 400);
}

TEST(RuntimeReport, ShortFunctionNames) {
  EXPECT_EQ(shortFunctionName("void std::this_thread::sleep_for<long, "
                              "std::ratio<1l, 1000l>>(std::chrono::duration<"
                              "long, std::ratio<1l, 1000l>> const&)"),
            "std::this_thread::sleep_for");
  EXPECT_EQ(shortFunctionName("sleeper() (.resume)"), "sleeper (.resume)");
  EXPECT_EQ(shortFunctionName("boost::asio::detail::binder1<H, E>::"
                              "operator()()"),
            "boost::asio::detail::binder1::operator()");
  EXPECT_EQ(shortFunctionName("auto std::chrono::operator<=><long>(a const&, "
                              "b const&)"),
            "std::chrono::operator<=>");
  EXPECT_EQ(shortFunctionName("std::chrono::duration<long>::count() const"),
            "std::chrono::duration::count");
  EXPECT_EQ(shortFunctionName("main"), "main");
}

TEST(RuntimeReport, JoinsAStallsOngoingAndFinalRecords) {
  RuntimeReport R = parseRuntimeReport(Report, "r.jsonl");
  ASSERT_EQ(R.Events.size(), 2u);
  EXPECT_EQ(R.Events[0].Kind, RuntimeEvent::Stall);
  EXPECT_TRUE(R.Events[0].Ended);
  EXPECT_DOUBLE_EQ(R.Events[0].DurationMs, 312.0);
  ASSERT_EQ(R.Events[0].Frames.size(), 1u);
  EXPECT_TRUE(R.Events[0].Frames[0].Exact);
  EXPECT_EQ(R.Events[0].Frames[0].Offset, 0x10u);
  EXPECT_EQ(R.Events[0].Frames[0].Module, "/bin/p");
  EXPECT_EQ(R.Events[1].Function, "getaddrinfo");
  EXPECT_EQ(R.SuppressedStalls, 3u);
}

TEST(RuntimeReport, NamesEachBadLineAndKeepsTheRest) {
  RuntimeReport R = parseRuntimeReport(Report, "r.jsonl");
  ASSERT_EQ(R.Errors.size(), 2u);
  EXPECT_EQ(R.Errors[0].rfind("r.jsonl:3: not a JSON record", 0), 0u);
  EXPECT_EQ(R.Errors[1].rfind("r.jsonl:7: truncated record", 0), 0u);
}

TEST(Sarif, ReadsFindingsWithBaseIdsAndNotes) {
  const char Sarif[] = R"({"version":"2.1.0","runs":[{
    "originalUriBaseIds":{"%SRCROOT%":{"uri":"file:///src/"}},
    "results":[
      {"ruleId":"corolint-blocking-call","message":{"text":"m"},
       "locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.cpp","uriBaseId":"%SRCROOT%"},"region":{"startLine":3,"startColumn":4}}}],
       "relatedLocations":[{"message":{"text":"n"},"physicalLocation":{"artifactLocation":{"uri":"file:///src/b.cpp"},"region":{"startLine":9}}}]},
      {"ruleId":"x","message":{"text":"no location"}}
    ]}]})";
  SarifFindings S = parseSarifFindings(Sarif, "f.sarif");
  ASSERT_EQ(S.Findings.size(), 1u);
  EXPECT_EQ(S.Findings[0].Loc.File, "/src/a.cpp");
  EXPECT_EQ(S.Findings[0].Loc.Line, 3u);
  ASSERT_EQ(S.Findings[0].Notes.size(), 1u);
  EXPECT_EQ(S.Findings[0].Notes[0].Loc.File, "/src/b.cpp");
  ASSERT_EQ(S.Errors.size(), 1u);
  EXPECT_NE(S.Errors[0].find("f.sarif: runs[0].results[1]"),
            std::string::npos);
}

} // namespace
