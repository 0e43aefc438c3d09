//===--- Internal.h - Shared state of libcorolint-rt -----------*- C++ -*-===//

#ifndef COROLINT_RUNTIME_INTERNAL_H
#define COROLINT_RUNTIME_INTERNAL_H

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <signal.h>
#include <sys/types.h>
#include <time.h>

namespace corolint::rt::detail {

/// How a loop thread waits for events. A thread's kind is fixed by its
/// first wait: another kind of wait on it is a blocking call (asio's
/// blocking emulation polls one socket on a thread whose loop is epoll).
enum class WaitKind : std::uint8_t {
  None,
  Epoll,
  Poll,
  Select,
  IoUring,
  Manual
};

/// What a stall record's stack is: interrupted where it ran (exact), taken
/// by the wrapper of the call it sits in, or not taken (the thread blocks
/// the sampling signal).
enum class StackSource : std::uint8_t { Sampled, Call, None };

constexpr int MaxFrames = 64;

/// What the runtime knows of one loop thread. Lives in a preallocated
/// table, so the signal handler can reach it without allocating.
struct LoopThread {
  std::atomic<bool> Alive{false};
  pid_t Tid = 0;
  char Name[16] = {};
  WaitKind Kind = WaitKind::None;
  /// An epoll loop's descriptor: an epoll_wait on another one, inside a
  /// handler, is a nested event loop (a blocking call), not idle time.
  int LoopFd = -1;
  /// The mutex this thread released last (pthread_mutex_unlock), and the
  /// one it released last before a loop wait: Asio's scheduler releases
  /// its mutex just before the reactor waits, and its other threads wait
  /// on a condition variable with that mutex (see joinLoopByMutex).
  void *LastUnlocked = nullptr;
  void *LoopMutex = nullptr;
  /// Set by the asio handler hooks: busy time is handler time.
  bool Precise = false;
  /// Inside the loop's own wait (or parked on a condition variable).
  bool InWait = false;
  /// Inside the runtime on this thread: interposed calls pass through.
  bool InHook = false;
  int HandlerDepth = 0;
  std::uintmax_t HandlerId = 0;
  const char *HandlerObject = nullptr;
  const char *HandlerOperation = nullptr;

  /// Monotonic ns when the current busy period began; 0 when idle.
  std::atomic<std::uint64_t> BusySince{0};
  /// When this thread last looked for modules loaded since (endIdle).
  std::uint64_t ModulesCheckedNs = 0;

  /// Inside a call a wrapper times (BlockingCall), whose stack it took
  /// into CallFrames: the watchdog copies that stack rather than
  /// interrupting the call, which would change what the call returns.
  std::atomic<bool> InCall{false};
  /// Odd while CallFrames are being written (a sequence lock).
  std::atomic<unsigned> CallSeq{0};
  std::atomic<int> CallNumFrames{0};
  void *CallFrames[MaxFrames] = {};
  /// The thread blocks the sampling signal: its stalls are timed from its
  /// waits, but no stack can be taken; it is named in a warning.
  std::atomic<bool> Blind{false};
  bool BlindWarned = false;

  /// With COROLINT_RT_HISTOGRAM=1: busy periods (handlers, in precise
  /// mode) by length, bucket I holding [2^I, 2^(I+1)) microseconds.
  std::atomic<std::uint64_t> BusyHistogram[32] = {};

  // Stall sampling, shared by the watchdog and the signal handler.
  enum CaptureState : int { Idle, Requested, Captured, Skipped };
  std::atomic<int> Capture{Idle};
  /// The busy period the watchdog asked about (its BusySince).
  std::uint64_t TargetEpoch = 0;
  /// The busy period already sampled or suppressed; never sampled twice.
  std::uint64_t SignaledEpoch = 0;
  /// Samples taken of that busy period: a long stall is sampled again at
  /// 2x, 4x, 8x... the threshold, so that its records say how long it
  /// lasted and where it was each time.
  std::atomic<unsigned> SampleIndex{0};
  /// The request under way is such a later sample of an admitted stall.
  bool Resample = false;
  /// Samples asked for in the period (landed or not): the next is due at
  /// the threshold times 2^Attempts.
  unsigned Attempts = 0;
  /// Bumped each time a stack is actually taken: a later sample that found
  /// the period over, or never landed, writes no record.
  std::atomic<unsigned> Captures{0};
  /// Consecutive waits on an epoll descriptor other than LoopFd.
  unsigned ForeignWaits = 0;
  std::uint64_t StallId = 0;
  /// The rate-limit site of the stall captured (see Site).
  unsigned StallSite = 0;
  std::uint64_t CaptureNs = 0;
  StackSource CaptureSource = StackSource::Sampled;
  std::uintmax_t CaptureHandlerId = 0;
  const char *CaptureHandlerObject = nullptr;
  const char *CaptureHandlerOperation = nullptr;
  void *Frames[MaxFrames] = {};
  int NumFrames = 0;
  /// How many times the sampling signal hit this thread inside a timed
  /// call; a call it interrupted is resumed, so the program never sees
  /// our EINTR.
  std::atomic<unsigned> Samples{0};
};

/// Monotonic clock in ns. Async-signal-safe.
inline std::uint64_t nowNs() noexcept {
  timespec T;
  ::clock_gettime(CLOCK_MONOTONIC, &T);
  return static_cast<std::uint64_t>(T.tv_sec) * 1000000000 +
         static_cast<std::uint64_t>(T.tv_nsec);
}

/// Whether start() has run; interposers pass straight through before.
bool running() noexcept;
extern constinit thread_local LoopThread *Current
    __attribute__((tls_model("initial-exec")));

/// The calling thread's entry, or null when it is not a loop thread.
/// Async-signal-safe.
inline LoopThread *currentThread() noexcept { return Current; }
/// Registers the calling thread as a loop thread waiting with \p Kind.
LoopThread *registerThread(WaitKind Kind) noexcept;
/// Records the mutex \p T released last, before its loop wait, as a
/// loop's mutex.
void noteLoopMutex(LoopThread &T) noexcept;
/// The calling thread, known to no loop, waits on a condition variable
/// with \p Mutex. When that is a loop's mutex and the thread's stack runs
/// through the same code as that loop's threads (a return address in
/// common, outside libc and the C++ runtime), it is one of the loop's
/// threads parked between handlers, as Asio's scheduler parks them: it is
/// registered. Its stack is looked at once per change of what is known of
/// the loops' code. Null when it is not.
LoopThread *joinLoopByMutex(void *Mutex) noexcept;
/// Whether any loop's mutex is known yet.
bool loopMutexKnown() noexcept;
/// Reads the calling loop thread's signal mask: a thread that blocks the
/// sampling signal is watched without stacks, and named in a warning.
void checkSignalMask(LoopThread &T) noexcept;
/// Before the program changes \p T's signal mask (\p How, \p Set): when
/// the sampling signal is about to be blocked, the thread is blind from
/// now, and a sample on its way is let land first.
void maskChanging(LoopThread &T, int How, const sigset_t *Set) noexcept;
/// A busy period the watchdog sampled (or skipped) has ended: records the
/// stall's end and readies the thread for the next one.
void endBusySlow(LoopThread &T, std::uint64_t Since) noexcept;
/// The end of the busy period that began at \p Since (0: none).
/// The busy period's end is published (BusySince exchanged) before the
/// capture state is read, both sequentially consistent, and the watchdog
/// does the reverse: so a sample it asks for either sees the period end
/// and is never sent, or is seen here and waited for (endBusySlow).
inline void endBusy(LoopThread &T, std::uint64_t Since) noexcept {
  if (T.Capture.load(std::memory_order_seq_cst) != LoopThread::Idle)
    endBusySlow(T, Since);
}
/// Whether busy periods are counted by length (COROLINT_RT_HISTOGRAM=1):
/// one more clock read per loop wait.
extern bool HistogramEnabled;
/// Counts a busy period that began at \p Since (0: none) in \p T's
/// histogram.
inline void countBusy(LoopThread &T, std::uint64_t Since) noexcept {
  if (!Since)
    return;
  std::uint64_t Micros = (nowNs() - Since) / 1000;
  int Bucket = Micros ? 63 - __builtin_clzll(Micros) : 0;
  T.BusyHistogram[Bucket > 31 ? 31 : Bucket].fetch_add(
      1, std::memory_order_relaxed);
}
/// The loop thread goes idle (entering its wait); ends and records a stall.
/// Inline: it runs at every wait of every loop.
inline void beginIdle(LoopThread &T) noexcept {
  T.InWait = true;
  if (!T.Precise) {
    std::uint64_t Since = T.BusySince.exchange(0, std::memory_order_seq_cst);
    if (HistogramEnabled) [[unlikely]]
      countBusy(T, Since);
    endBusy(T, Since);
  }
}
/// Looks for modules loaded since the last look (normal context).
void refreshModulesFrom(LoopThread &T) noexcept;
/// The loop thread is back from its wait: a busy period begins. Inline,
/// too; once a second it also refreshes the map of modules.
/// \p MayRefresh is false where the program holds a mutex (a condition
/// variable wait): the refresh takes the loader's lock.
inline void endIdle(LoopThread &T, bool MayRefresh = true) noexcept {
  T.InWait = false;
  if (T.Precise)
    return;
  std::uint64_t Now = nowNs();
  T.BusySince.store(Now, std::memory_order_release);
  if (MayRefresh && Now - T.ModulesCheckedNs > 1000000000) [[unlikely]] {
    T.ModulesCheckedNs = Now;
    refreshModulesFrom(T);
  }
}
/// Whether the thread runs user code now (not in its wait).
inline bool isBusy(const LoopThread &T) noexcept {
  return T.Precise ? T.HandlerDepth > 0 : !T.InWait;
}
/// Whether `open`/`read` of regular files are reported.
bool fileIoEnabled() noexcept;
/// The shortest file I/O call reported, in ns (--file-io-min-us).
std::uint64_t fileIoMinNs() noexcept;
/// Whether \p Path is under a prefix file I/O is allowed in (/proc and
/// /sys by default): its opens and reads are never reported.
bool fileIoAllowed(const char *Path) noexcept;

/// Records one blocking call on a loop thread, from its start to its end.
class BlockingCall {
public:
  /// Starts recording when the calling thread is a busy loop thread;
  /// otherwise costs one thread-local load. With \p Enabled false (a kind
  /// of call the options do not watch) it does nothing at all: no stack
  /// is taken for a record that would be dropped.
  /// A call that ends within \p MinNs is not recorded.
  explicit BlockingCall(const char *Function, bool Enabled = true,
                        std::uint64_t MinNs = 0) noexcept;
  ~BlockingCall();
  bool active() const noexcept { return Thread != nullptr; }
  /// Stops recording: the call turned out not to block.
  void cancel() noexcept;
  /// Monotonic ns when the call began (when active).
  std::uint64_t start() const noexcept { return Start; }
  BlockingCall(const BlockingCall &) = delete;
  BlockingCall &operator=(const BlockingCall &) = delete;

private:
  LoopThread *Thread = nullptr;
  const char *Function;
  std::uint64_t Start = 0;
  std::uint64_t MinNs = 0;
};

/// How many times the runtime's signal has hit the calling thread.
inline unsigned samplesSoFar() noexcept {
  LoopThread *T = Current;
  return T ? T->Samples.load(std::memory_order_relaxed) : 0;
}

/// Runs \p Fn (given the ns already spent, to shorten its timeout by)
/// until it returns for another reason than the runtime's own signal:
/// what the program sees is what the call would have done unwatched. A
/// sample is never sent to a thread inside a timed call, but a signal
/// that was on its way as the call began may land in it.
template <typename Call>
auto untilNotSampled(const BlockingCall &B, Call &&Fn) {
  unsigned Before = samplesSoFar();
  auto R = Fn(std::uint64_t{0});
  while (B.active() && R < 0 && errno == EINTR && samplesSoFar() != Before) {
    Before = samplesSoFar();
    R = Fn(nowNs() - B.start());
  }
  return R;
}

} // namespace corolint::rt::detail

#endif
