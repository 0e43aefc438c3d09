//===--- runtime.h - Starting and configuring libcorolint-rt ---*- C++ -*-===//
//
// libcorolint-rt watches the event-loop threads of a running program and
// reports loop stalls and blocking calls as JSON lines. Preloaded
// (LD_PRELOAD) or linked in, it starts itself from the environment; this
// header is for programs that want to start it with explicit options.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_RUNTIME_H
#define COROLINT_RUNTIME_H

#include <system_error>

#define COROLINT_RT_API __attribute__((visibility("default")))

namespace corolint::rt {

/// How the runtime is set up. Read from the environment when preloaded.
struct Options {
  /// A loop thread busy longer than this is stalled
  /// (`COROLINT_RT_THRESHOLD_MS`, default 100).
  unsigned ThresholdMs = 100;
  /// Where the JSON lines go (`COROLINT_RT_REPORT`); empty means
  /// `corolint-rt.<pid>.jsonl` in the working directory.
  const char *ReportPath = nullptr;
  /// Also report `open`/`read` of regular files on loop threads
  /// (`COROLINT_RT_FILE_IO=1`).
  bool FileIo = false;
  /// With FileIo, file I/O calls that end within this many microseconds
  /// are not reported (`COROLINT_RT_FILE_IO_MIN_US`, default 0: all).
  unsigned FileIoMinUs = 0;
  /// With FileIo, path prefixes, separated by ':', whose files are never
  /// reported (`COROLINT_RT_FILE_IO_ALLOW`); null means "/proc:/sys", an
  /// empty string none.
  const char *FileIoAllow = nullptr;
  /// At most this many records a second from each call site (a blocking
  /// call's function and the top of its stack, a stall's top frames)
  /// (`COROLINT_RT_MAX_REPORTS`); the rest are counted, per site, as
  /// suppressed.
  unsigned MaxReportsPerSecond = 20;
  /// Count loop threads' busy periods by length for the summary
  /// (`COROLINT_RT_HISTOGRAM=1`): a clock read per loop wait.
  bool Histogram = false;
  /// The real-time signal used to sample a stalled thread, as an offset
  /// from SIGRTMIN (`COROLINT_RT_SIGNAL`).
  int SignalOffset = 3;
};

/// Reads the `COROLINT_RT_*` variables into \p Opts. Returns
/// std::errc::invalid_argument, leaving that field at its default, when a
/// variable does not parse; the others are still read.
COROLINT_RT_API std::error_code optionsFromEnvironment(Options &Opts) noexcept;

/// Opens the report, installs the sampling signal and starts the watchdog.
/// Called automatically (from the environment) when the library is loaded,
/// unless `COROLINT_RT_DISABLE=1`; a second call returns
/// std::errc::already_connected.
COROLINT_RT_API std::error_code start(const Options &Opts) noexcept;

/// Writes the summary record (counts and suppressed records). Also run at
/// exit; calling it earlier is harmless.
COROLINT_RT_API void writeSummary() noexcept;

} // namespace corolint::rt

#endif
