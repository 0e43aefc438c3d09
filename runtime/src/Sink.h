//===--- Sink.h - Where the runtime's records go ----------------*- C++ -*-===//
//
// The runtime lives in someone else's process. Its report descriptor is
// kept above the range the program uses and checked to still be the report
// before every write (a daemon that closes every descriptor and opens its
// data file must never receive our records). Records are assembled in
// buffers taken without locks (a signal handler that calls exit(), or a
// fork() in another thread, never finds one held) and written with one
// write(2): to a pipe or socket at most PIPE_BUF bytes, so that writers
// never interleave, with SIGPIPE kept from the program.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_RUNTIME_SINK_H
#define COROLINT_RUNTIME_SINK_H

#include "corolint/report.h"

#include <atomic>
#include <climits>
#include <cstdint>
#include <sys/types.h>
#include <system_error>

namespace corolint::rt::detail {

class ReportSink {
public:
  /// Opens \p Path for appending without blocking (a FIFO with no reader
  /// is an error, not a hang before main) and moves it above the
  /// program's descriptors.
  std::error_code open(const char *Path) noexcept;
  /// Writes one finished record. False when it was not written (the
  /// report is gone, a pipe is full, or the process is exiting and \p R is
  /// not the \p Final record); never raises SIGPIPE.
  /// Async-signal-safe, and safe on the watchdog (raw system calls only).
  bool write(const RecordBuffer &R, bool Final = false) noexcept;
  /// At exit: refuses new records (but the final one) and waits, at most
  /// \p MaxWaitNs, for the writes under way in other threads. The kernel
  /// cuts a write to a file short when exit_group() kills its thread
  /// between two pages, which would leave half a record.
  static void closeForExit(std::uint64_t MaxWaitNs) noexcept;
  /// In a forked child: no write is under way, and records are welcome.
  static void reopenAfterFork() noexcept;
  /// The largest record one write may carry.
  std::size_t maxRecord() const noexcept { return MaxRecord; }
  int fd() const noexcept { return Fd.load(std::memory_order_relaxed); }
  void close() noexcept;
  /// Takes \p Other's state: the watchdog's copy of the report, in its own
  /// table of descriptors.
  void adopt(const ReportSink &Other) noexcept;
  /// Records that could not be written.
  std::uint64_t lost() const noexcept { return Lost.load(); }

private:
  bool writeMarked(const RecordBuffer &R) noexcept;
  /// Whether \p F still is the report (same file as opened).
  bool stillOurs(int F) const noexcept;
  /// A regular file whose descriptor the program took: open it again.
  int reopen(int Stale) noexcept;

  std::atomic<int> Fd{-1};
  bool Regular = false;
  dev_t Dev = 0;
  ino_t Ino = 0;
  std::size_t MaxRecord = RecordBuffer::Capacity;
  std::atomic<std::uint64_t> Lost{0};
  char Path[PATH_MAX] = {};
};

/// A record buffer taken from a small pool without locks; empty when all
/// are in use (the record is then dropped and counted).
class RecordLease {
public:
  /// Takes a buffer when \p Take (an empty lease otherwise).
  explicit RecordLease(bool Take = true) noexcept;
  ~RecordLease();
  RecordLease(const RecordLease &) = delete;
  RecordLease &operator=(const RecordLease &) = delete;
  explicit operator bool() const noexcept { return Slot >= 0; }
  RecordBuffer &operator*() const noexcept;

  /// Records dropped because every buffer was in use.
  static std::uint64_t dropped() noexcept;
  /// In a forked child only the forking thread lives: buffers other
  /// threads held are free again.
  static void releaseAllAfterFork() noexcept;

private:
  int Slot = -1;
};

} // namespace corolint::rt::detail

#endif
