//===--- ReportCommand.cpp - `corolint report`: reading saved reports -----===//
//
// What a runtime report says, for a person: the events grouped by call
// site (what blocked, where, how often, for how long), the stalls and the
// loop threads' busy periods by length, and on request the events as a
// Chrome trace to see them on a timeline.
//
//===----------------------------------------------------------------------===//

#include "Confirm.h"
#include "Options.h"
#include "Report.h"
#include "RuntimeReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>
#include <map>

using namespace llvm;

namespace corolint::tool {

namespace {

/// One call site: a kind, a function (blocking calls) and the innermost
/// frame in the program's code, over every process of the reports.
struct SiteSummary {
  RuntimeEvent::KindType Kind = RuntimeEvent::Stall;
  std::string Function;
  std::string Where;
  std::string File;
  unsigned Line = 0;
  std::string InFunction;
  unsigned Events = 0;
  std::uint64_t Suppressed = 0;
  double TotalMs = 0;
  double LongestMs = 0;
};

std::string whereOf(const RuntimeEvent &E, SiteSummary &S) {
  if (const RuntimeFrame::Location *L = userFrame(E)) {
    S.File = L->File;
    S.Line = L->Line;
    S.InFunction = shortFunctionName(L->Function);
    return fmt::format("{} {}:{}", S.InFunction,
                       sys::path::filename(L->File).str(), L->Line);
  }
  for (const RuntimeFrame &F : E.Frames)
    if (!StringRef(F.Module).contains("libcorolint-rt"))
      return fmt::format("({}+{:#x})", sys::path::filename(F.Module).str(),
                         F.Offset);
  return E.NoStack.empty() ? "(no stack)" : "(no stack: blind thread)";
}

std::vector<SiteSummary> summarizeSites(const RuntimeReport &R) {
  std::map<std::string, std::size_t> Index;
  std::vector<SiteSummary> Sites;
  // Suppressed counts are per process and site number; a site number
  // belongs to the group its events fall in.
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> GroupOfSite;
  for (const RuntimeEvent &E : R.Events) {
    SiteSummary S;
    S.Kind = E.Kind;
    S.Function = E.Kind == RuntimeEvent::BlockingCall ? E.Function : "";
    S.Where = whereOf(E, S);
    std::string Key =
        fmt::format("{}|{}|{}", static_cast<int>(E.Kind), S.Function, S.Where);
    auto [It, New] = Index.try_emplace(Key, Sites.size());
    if (New)
      Sites.push_back(std::move(S));
    SiteSummary &Into = Sites[It->second];
    ++Into.Events;
    Into.TotalMs += E.DurationMs;
    Into.LongestMs = std::max(Into.LongestMs, E.DurationMs);
    if (E.Site > 0)
      GroupOfSite.try_emplace({E.Pid, E.Site}, It->second);
  }
  for (const auto &[PidSite, Count] : R.SuppressedAtSite) {
    auto G = GroupOfSite.find(PidSite);
    if (G != GroupOfSite.end())
      Sites[G->second].Suppressed += Count;
  }
  llvm::stable_sort(Sites, [](const SiteSummary &A, const SiteSummary &B) {
    return A.TotalMs > B.TotalMs;
  });
  return Sites;
}

/// Stall lengths in power-of-two buckets of milliseconds.
std::map<std::uint64_t, std::uint64_t> stallHistogram(const RuntimeReport &R) {
  std::map<std::uint64_t, std::uint64_t> H;
  for (const RuntimeEvent &E : R.Events) {
    if (E.Kind != RuntimeEvent::Stall)
      continue;
    std::uint64_t Ms = static_cast<std::uint64_t>(E.DurationMs);
    std::uint64_t From = 1;
    while (From * 2 <= Ms)
      From *= 2;
    ++H[Ms ? From : 0];
  }
  return H;
}

std::string what(const SiteSummary &S) {
  return S.Kind == RuntimeEvent::Stall ? "stall"
                                       : "blocking call '" + S.Function + "'";
}

void writeHistogram(raw_ostream &OS,
                    const std::map<std::uint64_t, std::uint64_t> &H,
                    StringRef Unit) {
  std::uint64_t Most = 1;
  for (const auto &[From, Count] : H)
    Most = std::max(Most, Count);
  // From the first bucket with a count to the last.
  bool Started = false;
  for (const auto &[From, Count] : H) {
    if (!Count && !Started)
      continue;
    Started = true;
    std::string Range = From ? fmt::format("{}-{} {}", From, From * 2,
                                           Unit.str())
                             : fmt::format("<{} {}", Unit == "us" ? 2 : 1,
                                           Unit.str());
    unsigned Bar = static_cast<unsigned>((Count * 40 + Most - 1) / Most);
    OS << fmt::format("  {:>16} {:>10} {}\n", Range, Count,
                      std::string(Count ? Bar : 0, '#'));
  }
}

void writeText(const RuntimeReport &R, const std::vector<SiteSummary> &Sites,
               const Options &O, raw_ostream &OS) {
  unsigned Stalls = 0, Calls = 0;
  for (const RuntimeEvent &E : R.Events)
    ++(E.Kind == RuntimeEvent::Stall ? Stalls : Calls);
  OS << fmt::format("corolint report: {} report{}, {} process{}: {} stall{} "
                    "and {} blocking call{} on {} loop thread{}\n",
                    O.Reports.size(), O.Reports.size() == 1 ? "" : "s",
                    R.StartedPids.size(),
                    R.StartedPids.size() == 1 ? "" : "es", Stalls,
                    Stalls == 1 ? "" : "s", Calls, Calls == 1 ? "" : "s",
                    R.LoopThreads, R.LoopThreads == 1 ? "" : "s");
  if (R.SuppressedStalls || R.SuppressedBlockingCalls)
    OS << fmt::format("  ({} stalls and {} blocking calls over the rate "
                      "limit were counted but not recorded)\n",
                      R.SuppressedStalls, R.SuppressedBlockingCalls);
  if (!R.Reconstructed.empty())
    OS << fmt::format("  ({} process{} wrote no summary, killed by a signal: "
                      "their suppressed counts are added up from their "
                      "records)\n",
                      R.Reconstructed.size(),
                      R.Reconstructed.size() == 1 ? "" : "es");
  for (const std::string &T : R.BlindThreads)
    OS << fmt::format("  loop thread {} blocks the runtime's signal: its "
                      "stalls are timed, but have no stack\n",
                      T);
  if (!Sites.empty()) {
    OS << "\nCall sites, by total time:\n";
    OS << fmt::format("  {:>7} {:>10} {:>10} {:>10}  {:<28} {}\n", "events",
                      "suppressed", "total ms", "longest ms", "what",
                      "where");
    for (const SiteSummary &S : Sites)
      OS << fmt::format("  {:>7} {:>10} {:>10.1f} {:>10.1f}  {:<28} {}\n",
                        S.Events, S.Suppressed, S.TotalMs, S.LongestMs,
                        what(S), S.Where);
  }
  std::map<std::uint64_t, std::uint64_t> StallH = stallHistogram(R);
  if (!StallH.empty()) {
    OS << "\nStalls by length:\n";
    writeHistogram(OS, StallH, "ms");
  }
  if (!R.BusyHistogram.empty()) {
    OS << "\nBusy periods of the loop threads by length (handlers, in "
          "precise mode):\n";
    writeHistogram(OS, R.BusyHistogram, "us");
  } else {
    OS << "\n(No busy-period histogram: run with `corolint run --histogram` "
          "or COROLINT_RT_HISTOGRAM=1.)\n";
  }
}

json::Array histogramJson(const std::map<std::uint64_t, std::uint64_t> &H,
                          StringRef Key) {
  json::Array A;
  for (const auto &[From, Count] : H)
    A.push_back(json::Object{{Key, From}, {"count", Count}});
  return A;
}

void writeJson(const RuntimeReport &R, const std::vector<SiteSummary> &Sites,
               const std::vector<std::string> &Errors, const Options &O,
               raw_ostream &OS) {
  json::Array SiteArray;
  for (const SiteSummary &S : Sites) {
    json::Object J{{"kind", S.Kind == RuntimeEvent::Stall ? "stall"
                                                          : "blocking-call"},
                   {"events", S.Events},
                   {"suppressed", S.Suppressed},
                   {"totalMs", S.TotalMs},
                   {"longestMs", S.LongestMs},
                   {"where", S.Where}};
    if (!S.Function.empty())
      J["function"] = S.Function;
    if (!S.File.empty())
      J["location"] = json::Object{{"file", S.File},
                                   {"line", S.Line},
                                   {"function", S.InFunction}};
    SiteArray.push_back(std::move(J));
  }
  json::Object Root{
      {"version", 1},
      {"tool", "corolint"},
      {"reports", json::Array(O.Reports)},
      {"processes", R.StartedPids.size()},
      {"loopThreads", R.LoopThreads},
      {"suppressedStalls", R.SuppressedStalls},
      {"suppressedBlockingCalls", R.SuppressedBlockingCalls},
      {"sites", std::move(SiteArray)},
      {"stallHistogram", histogramJson(stallHistogram(R), "fromMs")},
      {"busyHistogram", histogramJson(R.BusyHistogram, "fromUs")},
      {"blindThreads", json::Array(R.BlindThreads)},
      {"errors", json::Array(Errors)}};
  OS << formatv("{0:2}", json::Value(std::move(Root))) << "\n";
}

/// The Chrome trace event format: a complete event ("X") per stall and
/// blocking call, on its process and thread, named threads.
bool writeTrace(const RuntimeReport &R, StringRef Path) {
  json::Array Trace;
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> Threads;
  for (const RuntimeEvent &E : R.Events) {
    // Records are written as events end: the wall-clock time when the
    // runtime gave it, else the time since it started.
    double EndMs = E.TimeMs ? E.TimeMs : E.AtMs;
    SiteSummary S;
    json::Object Args{{"where", whereOf(E, S)},
                      {"report", E.Origin},
                      {"durationMs", E.DurationMs}};
    if (E.Kind == RuntimeEvent::Stall && !E.Ended)
      Args["ended"] = false;
    if (!E.HandlerObject.empty() || !E.HandlerOperation.empty())
      Args["handler"] = E.HandlerObject + "." + E.HandlerOperation;
    Trace.push_back(json::Object{
        {"name", E.Kind == RuntimeEvent::Stall
                     ? std::string("stall")
                     : "blocking call '" + E.Function + "'"},
        {"cat", E.Kind == RuntimeEvent::Stall ? "stall" : "blocking-call"},
        {"ph", "X"},
        {"ts", (EndMs - E.DurationMs) * 1000},
        {"dur", E.DurationMs * 1000},
        {"pid", E.Pid},
        {"tid", E.Tid},
        {"args", std::move(Args)}});
    Threads.try_emplace({E.Pid, E.Tid}, E.Thread);
  }
  for (const auto &[PidTid, Name] : Threads)
    Trace.push_back(json::Object{{"name", "thread_name"},
                                 {"ph", "M"},
                                 {"pid", PidTid.first},
                                 {"tid", PidTid.second},
                                 {"args", json::Object{{"name", Name}}}});
  ReportOutput Out;
  if (!Out.open(Path))
    return false;
  Out.stream() << formatv(
      "{0}", json::Value(json::Object{{"traceEvents", std::move(Trace)},
                                        {"displayTimeUnit", "ms"}}))
               << "\n";
  return Out.finish();
}

} // namespace

int reportRuntime(const Options &O) {
  RuntimeReport All;
  bool Failed = false;
  for (std::size_t No = 0; No < O.Reports.size(); ++No) {
    RuntimeReport R = readRuntimeReport(O.Reports[No]);
    Failed |= R.Unreadable || !R.Errors.empty();
    // Site numbers are a process's own, and pids repeat between runs: a
    // site is numbered within its report.
    const std::int64_t Offset = static_cast<std::int64_t>(No) << 32;
    for (RuntimeEvent &E : R.Events) {
      if (E.Site > 0)
        E.Site += Offset;
      All.Events.push_back(std::move(E));
    }
    std::map<std::pair<std::int64_t, std::int64_t>, std::uint64_t> Renumbered;
    for (auto &[K, V] : R.SuppressedAtSite)
      Renumbered[{K.first, K.second > 0 ? K.second + Offset : K.second}] += V;
    R.SuppressedAtSite = std::move(Renumbered);
    All.SuppressedStalls += R.SuppressedStalls;
    All.SuppressedBlockingCalls += R.SuppressedBlockingCalls;
    All.LoopThreads += R.LoopThreads;
    for (auto &[K, V] : R.SuppressedAtSite)
      All.SuppressedAtSite[K] += V;
    for (auto &[K, V] : R.BusyHistogram)
      All.BusyHistogram[K] += V;
    for (std::string &T : R.BlindThreads)
      All.BlindThreads.push_back(std::move(T));
    All.StartedPids.insert(All.StartedPids.end(), R.StartedPids.begin(),
                           R.StartedPids.end());
    All.Reconstructed.insert(All.Reconstructed.end(), R.Reconstructed.begin(),
                             R.Reconstructed.end());
    for (std::string &E : R.Errors)
      All.Errors.push_back(std::move(E));
  }
  std::vector<std::string> Problems;
  symbolize(All.Events, &Problems);
  for (const std::string &E : All.Errors)
    errs() << "corolint: error: " << E << "\n";
  for (const std::string &P : Problems)
    errs() << "corolint: note: " << P << "\n";
  std::vector<SiteSummary> Sites = summarizeSites(All);
  ReportOutput Out;
  if (!Out.open(O.Output))
    return 2;
  if (O.Format == OutputFormat::Json)
    writeJson(All, Sites, All.Errors, O, Out.stream());
  else
    writeText(All, Sites, O, Out.stream());
  if (!Out.finish())
    return 2;
  if (!O.TraceFile.empty() && !writeTrace(All, O.TraceFile))
    return 2;
  return Failed ? 2 : 0;
}

} // namespace corolint::tool
