//===--- RuntimeReport.h - Reading and symbolizing libcorolint-rt's report ===//

#ifndef COROLINT_TOOL_RUNTIMEREPORT_H
#define COROLINT_TOOL_RUNTIMEREPORT_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace corolint::tool {

/// One frame as the runtime wrote it, and what symbolization made of it.
struct RuntimeFrame {
  std::string Module;
  std::string BuildId;
  std::uint64_t Offset = 0;
  /// The interrupted instruction itself, not a return address.
  bool Exact = false;

  // Filled by symbolize(); one raw frame may be several inlined ones.
  struct Location {
    std::string Function;
    std::string File;
    unsigned Line = 0;
    unsigned Column = 0;
  };
  std::vector<Location> Inlined;
};

/// A stall or a blocking call seen by the runtime.
struct RuntimeEvent {
  enum KindType { Stall, BlockingCall } Kind = Stall;
  std::int64_t Pid = 0;
  std::int64_t Tid = 0;
  std::string Thread;
  /// Stalls: the id joining a stall's ongoing and final records.
  std::int64_t Id = 0;
  bool Ended = true;
  double DurationMs = 0;
  /// Blocking calls: the libc function.
  std::string Function;
  /// Precise mode: the asio handler that was running.
  std::string HandlerObject, HandlerOperation;
  std::vector<RuntimeFrame> Frames;
  /// Stalls: the runtime samples a long stall again at 2x, 4x, ... the
  /// threshold. Frames is the first sample; these are the later ones, each
  /// with how long the stall had lasted then.
  struct Sample {
    double AtMs = 0;
    std::vector<RuntimeFrame> Frames;
    /// The runtime's sample number (1, 2, ...; 0 is Frames).
    std::int64_t Index = 0;
  };
  std::vector<Sample> LaterSamples;
  /// Stalls: how long it had lasted when sampled (detected_after_ms), the
  /// record's sample number ("sample"), and in the final record how many
  /// samples there were ("samples"); -1 when absent.
  double SampledAtMs = 0;
  std::int64_t SampleIndex = -1;
  std::int64_t SampleCount = -1;
  /// The runtime's rate-limit site (one function and the top of its
  /// stack), -1 from a runtime that has none; and the records of that site
  /// suppressed since its previous record.
  std::int64_t Site = -1;
  std::uint64_t Suppressed = 0;
  /// Why a stall has no stack (the thread blocks the sampling signal).
  std::string NoStack;
  /// When its last record was written: ms since the runtime started, and
  /// wall-clock ms since the Unix epoch (0 from a runtime without it).
  double AtMs = 0;
  double TimeMs = 0;
  /// Where the report holds it, for messages: FILE:LINE.
  std::string Origin;

  /// "stalled 312 ms" / "blocking call 'getaddrinfo' took 1 ms".
  std::string evidence() const;
};

/// Everything read from one report.
struct RuntimeReport {
  std::vector<RuntimeEvent> Events;
  std::uint64_t SuppressedStalls = 0;
  std::uint64_t SuppressedBlockingCalls = 0;
  unsigned LoopThreads = 0;
  /// Records suppressed at each (pid, site): from the summary, or added up
  /// from the records of a process that wrote none.
  std::map<std::pair<std::int64_t, std::int64_t>, std::uint64_t>
      SuppressedAtSite;
  /// Processes that started but wrote no summary (killed by a signal):
  /// their counts are reconstructed from their records, and so are at
  /// least the true ones.
  std::vector<std::int64_t> Reconstructed;
  /// Busy periods of loop threads by length (`COROLINT_RT_HISTOGRAM=1`):
  /// the lower bound of each bucket in microseconds, and its count, added
  /// up over the processes.
  std::map<std::uint64_t, std::uint64_t> BusyHistogram;
  /// Processes whose summary was read.
  std::set<std::int64_t> Summarized;
  /// Loop threads that block the sampling signal, as "TID 'NAME'" (pid
  /// first when the report has several processes): watched, without stacks.
  std::vector<std::string> BlindThreads;
  /// The processes whose runtime started (a "start" record each).
  std::vector<std::int64_t> StartedPids;
  /// One "FILE:LINE: message" per line that could not be used.
  std::vector<std::string> Errors;
  /// The file could not be read at all.
  bool Unreadable = false;
};

/// Parses the JSON lines of \p Text (named \p Path in messages). A line that
/// does not parse, or lacks a field, is an error naming its line; the other
/// lines are still used. A stall's ongoing and final records become one
/// event (the final one when present).
RuntimeReport parseRuntimeReport(llvm::StringRef Text, llvm::StringRef Path);

/// A demangled function name without template arguments, parameters or
/// return type, for short stack lines: `std::this_thread::sleep_for`.
std::string shortFunctionName(llvm::StringRef Name);

/// Reads and parses \p Path.
RuntimeReport readRuntimeReport(llvm::StringRef Path);

/// Fills every frame's Inlined locations from the modules' debug info with
/// LLVM's symbolizer; return addresses are looked up at the call (offset-1).
/// Modules that are not regular files are not opened; each is named in
/// \p Problems when given.
void symbolize(std::vector<RuntimeEvent> &Events,
               std::vector<std::string> *Problems = nullptr);

} // namespace corolint::tool

#endif
