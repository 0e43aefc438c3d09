//===--- Internal.h - Shared state of libcorolint-rt -----------*- C++ -*-===//

#ifndef COROLINT_RUNTIME_INTERNAL_H
#define COROLINT_RUNTIME_INTERNAL_H

#include <atomic>
#include <cstdint>
#include <sys/types.h>

namespace corolint::rt::detail {

/// How a loop thread waits for events. A thread's kind is fixed by its
/// first wait: another kind of wait on it is a blocking call (asio's
/// blocking emulation polls one socket on a thread whose loop is epoll).
enum class WaitKind : std::uint8_t { None, Epoll, Poll, Select, IoUring, Manual };

constexpr int MaxFrames = 64;

/// What the runtime knows of one loop thread. Lives in a preallocated
/// table, so the signal handler can reach it without allocating.
struct LoopThread {
  std::atomic<bool> Alive{false};
  pid_t Tid = 0;
  char Name[16] = {};
  WaitKind Kind = WaitKind::None;
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

  // Stall sampling, shared by the watchdog and the signal handler.
  enum CaptureState : int { Idle, Requested, Captured, Skipped };
  std::atomic<int> Capture{Idle};
  /// The busy period the watchdog asked about (its BusySince).
  std::uint64_t TargetEpoch = 0;
  /// The busy period already sampled or suppressed; never sampled twice.
  std::uint64_t SignaledEpoch = 0;
  std::uint64_t StallId = 0;
  std::uint64_t CaptureNs = 0;
  std::uintmax_t CaptureHandlerId = 0;
  const char *CaptureHandlerObject = nullptr;
  const char *CaptureHandlerOperation = nullptr;
  void *Frames[MaxFrames] = {};
  int NumFrames = 0;
  /// How many times the sampling signal hit this thread; a sleep it
  /// interrupted is resumed, so the program never sees our EINTR.
  std::atomic<unsigned> Samples{0};
};

/// Whether start() has run; interposers pass straight through before.
bool running() noexcept;
/// The calling thread's entry, or null when it is not a loop thread.
/// Async-signal-safe.
LoopThread *currentThread() noexcept;
/// Registers the calling thread as a loop thread waiting with \p Kind.
LoopThread *registerThread(WaitKind Kind) noexcept;
/// The loop thread goes idle (entering its wait); ends and records a stall.
void beginIdle(LoopThread &T) noexcept;
/// The loop thread is back from its wait.
void endIdle(LoopThread &T) noexcept;
/// Whether the thread runs user code now (not in its wait).
bool isBusy(const LoopThread &T) noexcept;
/// Whether `open`/`read` of regular files are reported.
bool fileIoEnabled() noexcept;

/// Records one blocking call on a loop thread, from its start to its end.
class BlockingCall {
public:
  /// Starts recording when the calling thread is a busy loop thread;
  /// otherwise costs one thread-local load.
  explicit BlockingCall(const char *Function) noexcept;
  ~BlockingCall();
  bool active() const noexcept { return Thread != nullptr; }
  /// Stops recording: the call turned out not to block.
  void cancel() noexcept;
  BlockingCall(const BlockingCall &) = delete;
  BlockingCall &operator=(const BlockingCall &) = delete;

private:
  LoopThread *Thread = nullptr;
  const char *Function;
  std::uint64_t Start = 0;
  void *Frames[MaxFrames];
  int NumFrames = 0;
  /// How many times the sampling signal hit this thread; a sleep it
  /// interrupted is resumed, so the program never sees our EINTR.
  std::atomic<unsigned> Samples{0};
};

/// Monotonic clock in ns. Async-signal-safe.
std::uint64_t nowNs() noexcept;

} // namespace corolint::rt::detail

#endif
