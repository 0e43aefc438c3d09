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
  /// At most this many stall and this many blocking-call records a second
  /// (`COROLINT_RT_MAX_REPORTS`); the rest are counted as suppressed.
  unsigned MaxReportsPerSecond = 20;
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
