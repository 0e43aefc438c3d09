//===--- Sink.cpp - Where the runtime's records go ------------------------===//

#include "Sink.h"
#include "Syscall.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace corolint::rt::detail {

namespace {

/// The lowest descriptor the report may take: high in the soft limit, but
/// not so high that the kernel grows every process's table for it.
int highDescriptorFloor() noexcept {
  rlimit Limit{};
  rawSyscall(SYS_getrlimit, RLIMIT_NOFILE, reinterpret_cast<long>(&Limit));
  long Cur = Limit.rlim_cur == RLIM_INFINITY ? 1024 : long(Limit.rlim_cur);
  long Top = Cur < 1024 ? Cur : 1024;
  long Floor = Top - 32;
  return Floor > 3 ? static_cast<int>(Floor) : 3;
}

/// Moves \p F to a descriptor at or above the floor (close-on-exec), or
/// leaves it where it is when none is free there.
int moveHigh(int F) noexcept {
  long High = rawSyscall(SYS_fcntl, F, F_DUPFD_CLOEXEC, highDescriptorFloor());
  if (High < 0)
    return F;
  rawSyscall(SYS_close, F);
  return static_cast<int>(High);
}

struct Identity {
  dev_t Dev = 0;
  ino_t Ino = 0;
  mode_t Mode = 0;
};

bool identify(int F, Identity &Out) noexcept {
  struct stat St;
  if (rawSyscall(SYS_fstat, F, reinterpret_cast<long>(&St)) != 0)
    return false;
  Out = {St.st_dev, St.st_ino, St.st_mode};
  return true;
}

constexpr long SigsetBytes = _NSIG / 8;

// The threads writing a record now, by kernel thread id (the watchdog is
// no thread to glibc, so no thread_local). Writers are few: one per pooled
// buffer, the watchdog and the summary.
constexpr int MaxWriters = 16;
constinit std::atomic<long> Writers[MaxWriters] = {};
constinit std::atomic<bool> Closing{false};

/// Marks the calling thread as writing, in a free slot (MaxWriters when
/// none is free, which the pool's size rules out); -1 when the process is
/// exiting and the record is not the final one.
int beginWrite(bool Final) noexcept {
  long Tid = rawSyscall(SYS_gettid);
  int Slot = 0;
  for (; Slot < MaxWriters; ++Slot) {
    long Free = 0;
    if (Writers[Slot].compare_exchange_strong(Free, Tid))
      break;
  }
  // Published before Closing is read; closeForExit stores Closing before
  // reading the slots (both sequentially consistent): one of the two sees
  // the other.
  if (Closing.load() && !Final) {
    if (Slot < MaxWriters)
      Writers[Slot].store(0);
    return -1;
  }
  return Slot;
}

void endWrite(int Slot) noexcept {
  if (Slot < MaxWriters)
    Writers[Slot].store(0);
}

/// A process killed while writing (SIGKILL, a full disk) may have left its
/// last record cut short: the records appended after it start on a line of
/// their own, and only the cut one fails to parse.
/// (\p Path is read through a descriptor of its own: \p F is write-only.)
void endLastLine(int F, const char *Path) noexcept {
  struct stat St;
  if (rawSyscall(SYS_fstat, F, reinterpret_cast<long>(&St)) != 0 ||
      St.st_size == 0)
    return;
  long R = rawSyscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(Path),
                      O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (R < 0)
    return;
  char Last = '\n';
  long N = rawSyscall(SYS_pread64, R, reinterpret_cast<long>(&Last), 1,
                      St.st_size - 1);
  rawSyscall(SYS_close, R);
  if (N == 1 && Last != '\n')
    rawSyscall(SYS_write, F, reinterpret_cast<long>("\n"), 1);
}

} // namespace

void ReportSink::closeForExit(std::uint64_t MaxWaitNs) noexcept {
  Closing.store(true);
  // The thread calling exit() may be inside a write of its own (a signal
  // handler called exit()): it is not waited for.
  long Self = rawSyscall(SYS_gettid);
  timespec Step{0, 200000};
  for (std::uint64_t Waited = 0;; Waited += Step.tv_nsec) {
    bool Busy = false;
    for (const std::atomic<long> &W : Writers) {
      long Tid = W.load();
      Busy |= Tid != 0 && Tid != Self;
    }
    if (!Busy || Waited >= MaxWaitNs)
      return;
    rawSyscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0,
               reinterpret_cast<long>(&Step), 0);
  }
}

void ReportSink::reopenAfterFork() noexcept {
  for (std::atomic<long> &W : Writers)
    W.store(0, std::memory_order_relaxed);
  Closing.store(false);
}

std::error_code ReportSink::open(const char *P) noexcept {
  long F = rawSyscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(P),
                      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY |
                          O_NONBLOCK,
                      0644);
  if (F < 0)
    return {static_cast<int>(-F), std::system_category()};
  int Fd0 = moveHigh(static_cast<int>(F));
  Identity Id;
  if (!identify(Fd0, Id)) {
    rawSyscall(SYS_close, Fd0);
    return {EBADF, std::system_category()};
  }
  Dev = Id.Dev;
  Ino = Id.Ino;
  Regular = S_ISREG(Id.Mode);
  if (Regular)
    endLastLine(Fd0, P);
  // O_APPEND keeps each write of a regular file whole; a pipe or socket
  // keeps only writes of at most PIPE_BUF whole.
  MaxRecord = Regular ? RecordBuffer::Capacity : PIPE_BUF;
  // The absolute path, to open again if the program takes the descriptor
  // (it may change directory meanwhile).
  char Link[64];
  std::snprintf(Link, sizeof(Link), "/proc/self/fd/%d", Fd0);
  long L = rawSyscall(SYS_readlinkat, AT_FDCWD, reinterpret_cast<long>(Link),
                      reinterpret_cast<long>(Path), sizeof(Path) - 1);
  Path[L > 0 ? L : 0] = '\0';
  Fd.store(Fd0, std::memory_order_release);
  return {};
}

void ReportSink::adopt(const ReportSink &Other) noexcept {
  Regular = Other.Regular;
  Dev = Other.Dev;
  Ino = Other.Ino;
  MaxRecord = Other.MaxRecord;
  std::memcpy(Path, Other.Path, sizeof(Path));
  Fd.store(Other.fd(), std::memory_order_release);
}

void ReportSink::close() noexcept {
  int F = Fd.exchange(-1);
  if (F >= 0 && stillOurs(F))
    rawSyscall(SYS_close, F);
}

bool ReportSink::stillOurs(int F) const noexcept {
  Identity Id;
  return identify(F, Id) && Id.Dev == Dev && Id.Ino == Ino;
}

int ReportSink::reopen(int Stale) noexcept {
  if (!Regular || !Path[0])
    return -1;
  long F = rawSyscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(Path),
                      O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (F < 0)
    return -1;
  int New = moveHigh(static_cast<int>(F));
  if (!stillOurs(New)) { // Another file by that name now.
    rawSyscall(SYS_close, New);
    return -1;
  }
  // Another thread may have reopened it first: keep one.
  int Expected = Stale;
  if (Fd.compare_exchange_strong(Expected, New))
    return New;
  rawSyscall(SYS_close, New);
  return Expected;
}

bool ReportSink::write(const RecordBuffer &R, bool Final) noexcept {
  int Slot = beginWrite(Final);
  if (Slot < 0) {
    Lost.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  bool Written = writeMarked(R);
  endWrite(Slot);
  return Written;
}

bool ReportSink::writeMarked(const RecordBuffer &R) noexcept {
  int F = Fd.load(std::memory_order_acquire);
  if (F >= 0 && !stillOurs(F))
    F = reopen(F); // The old number is the program's now: never used.
  if (F < 0 || R.size() > MaxRecord) {
    Lost.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  // SIGPIPE from our write must not reach the program: block it on this
  // thread, and take back the one the write raised.
  sigset_t Pipe, Old, Pending;
  sigemptyset(&Pipe);
  sigaddset(&Pipe, SIGPIPE);
  bool Guard = !Regular;
  bool WasPending = false;
  if (Guard) {
    rawSyscall(SYS_rt_sigprocmask, SIG_BLOCK, reinterpret_cast<long>(&Pipe),
               reinterpret_cast<long>(&Old), SigsetBytes);
    if (rawSyscall(SYS_rt_sigpending, reinterpret_cast<long>(&Pending),
                   SigsetBytes) == 0)
      WasPending = sigismember(&Pending, SIGPIPE) == 1;
  }
  long N = 0;
  bool Written = writeRecord(F, R, &N);
  if (Guard) {
    if (N == -EPIPE && !WasPending) {
      timespec Zero{0, 0};
      rawSyscall(SYS_rt_sigtimedwait, reinterpret_cast<long>(&Pipe), 0,
                 reinterpret_cast<long>(&Zero), SigsetBytes);
    }
    rawSyscall(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&Old),
               0, SigsetBytes);
  }
  if (N == -EPIPE) { // The reader is gone for good.
    int Expected = F;
    Fd.compare_exchange_strong(Expected, -1);
  }
  if (!Written)
    Lost.fetch_add(1, std::memory_order_relaxed);
  return Written;
}

// --- The pool of record buffers ---------------------------------------------

namespace {
constexpr int PoolSize = 8;
// Zero-initialized, in .bss: memory only for the buffers used.
constinit RecordBuffer Pool[PoolSize];
constinit std::atomic<bool> InUse[PoolSize] = {};
constinit std::atomic<std::uint64_t> Dropped{0};
} // namespace

RecordLease::RecordLease(bool Take) noexcept {
  if (!Take)
    return;
  // A bounded wait for a free buffer: many threads writing at once take
  // turns; a thread that re-entered the runtime from a signal handler
  // while holding one gives up instead of waiting for itself.
  for (int Round = 0; Round < 1000; ++Round) {
    for (int I = 0; I < PoolSize; ++I)
      if (!InUse[I].exchange(true, std::memory_order_acquire)) {
        Slot = I;
        return;
      }
    rawSyscall(SYS_sched_yield);
  }
  Dropped.fetch_add(1, std::memory_order_relaxed);
}

RecordLease::~RecordLease() {
  if (Slot >= 0)
    InUse[Slot].store(false, std::memory_order_release);
}

RecordBuffer &RecordLease::operator*() const noexcept { return Pool[Slot]; }

std::uint64_t RecordLease::dropped() noexcept { return Dropped.load(); }

void RecordLease::releaseAllAfterFork() noexcept {
  for (std::atomic<bool> &B : InUse)
    B.store(false, std::memory_order_relaxed);
}

} // namespace corolint::rt::detail
