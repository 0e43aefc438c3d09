//===--- Runtime.cpp - Loop threads, the watchdog and the signal path -----===//
//
// A loop thread is busy from the return of its wait to the next wait. The
// watchdog sleeps until the earliest moment a busy thread could cross the
// threshold, so it wakes about ten times a second under the default
// threshold however busy the loop is, and it catches a crossing within the
// timer's slack. It then samples the stalled thread's stack with a
// real-time signal and writes an "ongoing" stall record; the loop thread
// writes the final record, with the full duration, when it waits again.
//
//===----------------------------------------------------------------------===//

#include "corolint/runtime.h"
#include "Internal.h"
#include "Sink.h"
#include "Syscall.h"
#include "corolint/report.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <mutex>
#include <new>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

namespace corolint::rt {
namespace detail {

constinit thread_local LoopThread *Current
    __attribute__((tls_model("initial-exec"))) = nullptr;
constinit bool HistogramEnabled = false;

namespace {

constexpr int MaxThreads = 512;

/// The records of one call site (a blocking call's function and the top
/// of its stack, or a stall's top frames), counted in one-second windows:
/// past the limit they are suppressed, and counted here. A frequent
/// harmless site then never takes the records of a rare one.
struct Site {
  std::atomic<std::uint64_t> Key{0};
  std::atomic<std::uint64_t> Window{0};
  std::atomic<unsigned> Count{0};
  /// Suppressed since the site's last record was written.
  std::atomic<std::uint64_t> Pending{0};
  std::atomic<std::uint64_t> Suppressed{0};
  std::atomic<std::uint64_t> Written{0};
  std::atomic<bool> IsStall{false};

  bool admit(std::uint64_t Now, unsigned Max) noexcept {
    std::uint64_t W = Now / 1000000000;
    std::uint64_t Old = Window.load(std::memory_order_relaxed);
    if (Old != W && Window.compare_exchange_strong(Old, W))
      Count.store(0, std::memory_order_relaxed);
    if (Count.fetch_add(1, std::memory_order_relaxed) < Max)
      return true;
    Pending.fetch_add(1, std::memory_order_relaxed);
    Suppressed.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
};

/// Sites[0] takes every site the table has no room for. Async-signal-safe
/// (atomics only), as the stall's site is found in the signal handler.
constexpr unsigned MaxSites = 1024;
constinit Site Sites[MaxSites];
const char StallSiteTag[] = "stall";

std::uint64_t siteKey(const void *Tag, void *const *Frames, int N) noexcept {
  std::uint64_t H =
      0x9e3779b97f4a7c15ull ^ reinterpret_cast<std::uintptr_t>(Tag);
  for (int I = 0; I < N && I < 3; ++I) {
    H ^= reinterpret_cast<std::uintptr_t>(Frames[I]);
    H *= 0xff51afd7ed558ccdull;
    H ^= H >> 33;
  }
  return H | 1;
}

unsigned siteFor(const void *Tag, void *const *Frames, int N,
                 bool IsStall) noexcept {
  std::uint64_t Key = siteKey(Tag, Frames, N);
  unsigned Start = static_cast<unsigned>(Key % (MaxSites - 1));
  for (unsigned Probe = 0; Probe < 32; ++Probe) {
    unsigned I = 1 + (Start + Probe) % (MaxSites - 1);
    std::uint64_t K = Sites[I].Key.load(std::memory_order_acquire);
    if (K == 0) {
      if (Sites[I].Key.compare_exchange_strong(K, Key)) {
        Sites[I].IsStall.store(IsStall, std::memory_order_relaxed);
        return I;
      }
    }
    if (K == Key)
      return I;
  }
  return 0;
}

// The runtime's global state: what the signal path needs is preallocated
// here, and nothing else is global.
struct Runtime {
  Options Opts;
  std::uint64_t ThresholdNs = 100000000;
  std::uint64_t StartNs = 0;
  /// The report, as the program's threads write it, and the watchdog's
  /// copy (it has its own table of descriptors).
  ReportSink Sink;
  ReportSink WatchdogSink;
  int Signal = 0;
  pid_t Pid = 0;
  std::atomic<bool> Started{false};
  std::atomic<bool> Running{false};
  std::atomic<bool> Stopping{false};
  std::atomic<bool> NeedWatchdog{false};
  std::atomic<bool> SummaryWritten{false};
  pthread_key_t ExitKey = 0;
  std::uintptr_t SelfBegin = 0, SelfEnd = 0;

  std::atomic<int> NumThreads{0};
  std::atomic<std::uint64_t> Unwatched{0};
  std::atomic<std::uint64_t> NextStallId{0};
  std::atomic<std::uint64_t> Stalls{0};
  std::atomic<std::uint64_t> BlockingCalls{0};
  /// Stacks the blocking-call wrappers unwound: the runtime's main cost on
  /// a busy loop thread, in the summary so that a test can see it.
  std::atomic<std::uint64_t> StacksTaken{0};
  std::atomic<std::uint64_t> SuppressedStalls{0}, SuppressedCalls{0};

  // Records are built in buffers taken without a lock (RecordLease); the
  // watchdog and the summary have their own.
  RecordBuffer WatchdogRecord;
  RecordBuffer SummaryRecord;
  char *WatchdogStack = nullptr;

  /// The file I/O allow-list, split at ':' into Allow.
  char AllowText[1024] = {};
  struct Prefix {
    const char *Text;
    std::size_t Length;
  } Allow[16] = {};
  int NumAllow = 0;
};

// Constant-initialized: interposers and the automatic start may run before
// any dynamic initializer of this library.
constinit Runtime RT;
// Apart from RT, whose defaults put it in .data: all zeros, this table goes
// to .bss and costs memory only for the entries used.
constinit LoopThread Threads[MaxThreads];

thread_local bool Unregistrable __attribute__((tls_model("initial-exec"))) =
    false;

// What is known of the loops' code and mutexes, for joinLoopByMutex.
constexpr int MaxLoopCode = 256;
constexpr unsigned MaxLoopMutexes = 16;
/// Return addresses seen on loop threads' stacks at their loop wait,
/// outside libc and the C++ runtime; zero is an empty slot.
constinit std::atomic<std::uintptr_t> LoopCode[MaxLoopCode] = {};
constinit std::atomic<int> NumLoopCode{0};
/// Bumped when LoopCode grows: a parked thread is looked at again.
constinit std::atomic<unsigned> LoopCodeGeneration{0};
struct LoopMutex {
  std::atomic<void *> Mutex{nullptr};
  std::atomic<WaitKind> Kind{WaitKind::None};
  std::atomic<int> Fd{-1};
};
constinit LoopMutex LoopMutexes[MaxLoopMutexes];
constinit std::atomic<unsigned> NextLoopMutex{0};
/// The generation of LoopCode this thread's stack was last compared with,
/// plus one.
thread_local unsigned JoinChecked __attribute__((tls_model("initial-exec"))) =
    0;

pid_t currentTid() noexcept {
  return static_cast<pid_t>(::syscall(SYS_gettid));
}

void sleepNs(std::uint64_t Ns) noexcept {
  timespec T{static_cast<time_t>(Ns / 1000000000),
             static_cast<long>(Ns % 1000000000)};
  // The raw system call: our own nanosleep wrapper is not for us, and the
  // watchdog must leave errno alone.
  rawSyscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0,
             reinterpret_cast<long>(&T), 0);
}

/// Drops the runtime's own frames (and, under a signal, the kernel's
/// trampoline) from the top of a stack.
int trimFrames(void **Frames, int N, std::uintptr_t ExactPC) noexcept {
  int First = 0;
  if (ExactPC) {
    for (int I = 0; I < N && I < 6; ++I)
      if (reinterpret_cast<std::uintptr_t>(Frames[I]) == ExactPC) {
        First = I;
        break;
      }
  } else {
    while (First < N &&
           reinterpret_cast<std::uintptr_t>(Frames[First]) >= RT.SelfBegin &&
           reinterpret_cast<std::uintptr_t>(Frames[First]) < RT.SelfEnd)
      ++First;
  }
  for (int I = First; I < N; ++I)
    Frames[I - First] = Frames[I];
  return N - First;
}

void beginRecord(RecordBuffer &R, const char *Kind, const LoopThread *T) {
  R.reset(RT.Sink.maxRecord());
  R.field("v", ReportVersion);
  R.field("kind", Kind);
  R.field("pid", static_cast<std::int64_t>(RT.Pid));
  if (T) {
    R.field("tid", static_cast<std::int64_t>(T->Tid));
    R.field("thread", T->Name);
  }
  R.fieldMillis("at_ms", nowNs() - RT.StartNs);
  // Wall-clock time, to line records up with the program's own logs.
  timespec Wall;
  ::clock_gettime(CLOCK_REALTIME, &Wall);
  R.fieldMillis("time_ms", static_cast<std::uint64_t>(Wall.tv_sec) * 1000000000 +
                               static_cast<std::uint64_t>(Wall.tv_nsec));
}

void writeHandler(RecordBuffer &R, std::uintmax_t Id, const char *Object,
                  const char *Operation) {
  if (!Object && !Operation)
    return;
  R.beginObject("handler");
  R.field("id", static_cast<std::uint64_t>(Id));
  R.field("object", Object ? Object : "");
  R.field("operation", Operation ? Operation : "");
  R.endObject();
}

void buildStall(RecordBuffer &R, LoopThread &T, bool Ended,
                std::uint64_t DurationNs, int Frames, bool FromWatchdog) {
  beginRecord(R, "stall", &T);
  R.field("id", T.StallId);
  R.fieldBool("ended", Ended);
  R.fieldMillis("duration_ms", DurationNs);
  R.field("threshold_ms", RT.Opts.ThresholdMs);
  R.fieldMillis("detected_after_ms", T.CaptureNs - T.TargetEpoch);
  unsigned Taken = T.SampleIndex.load(std::memory_order_relaxed);
  if (Ended)
    R.field("samples", Taken);
  else
    R.field("sample", Taken ? Taken - 1 : 0);
  R.field("site", T.StallSite);
  R.field("suppressed", Sites[T.StallSite].Pending.exchange(0));
  R.fieldBool("pc0_exact", T.CaptureSource == StackSource::Sampled);
  if (T.CaptureSource == StackSource::None)
    R.field("no_stack", "the thread blocks the sampling signal");
  writeHandler(R, T.CaptureHandlerId, T.CaptureHandlerObject,
               T.CaptureHandlerOperation);
  if (FromWatchdog)
    appendStackFromSnapshot(R, T.Frames, Frames);
  else
    appendStack(R, T.Frames, Frames);
}

/// Writes a stall record, with fewer frames when it does not fit. The
/// final record comes from the loop thread; the ongoing one from the
/// watchdog, with its own buffer and no lock (see startWatchdog).
void writeStall(LoopThread &T, bool Ended, std::uint64_t DurationNs,
                bool FromWatchdog) {
  // The watchdog has a buffer of its own and takes none from the pool.
  RecordLease Lease(/*Take=*/!FromWatchdog);
  if (!FromWatchdog && !Lease)
    return; // Every buffer in use: dropped, and counted.
  RecordBuffer &R = FromWatchdog ? RT.WatchdogRecord : *Lease;
  ReportSink &Sink = FromWatchdog ? RT.WatchdogSink : RT.Sink;
  for (int Frames = T.NumFrames; Frames >= 0; Frames = Frames / 2 - 1) {
    buildStall(R, T, Ended, DurationNs, Frames < 0 ? 0 : Frames, FromWatchdog);
    if (R.finish()) {
      Sink.write(R);
      return;
    }
  }
}

/// Finds the site of the stall just captured on \p T and admits it under
/// the site's rate limit; a suppressed stall writes no record, ongoing or
/// final. Async-signal-safe.
bool admitStall(LoopThread &T) noexcept {
  // An interrupted instruction changes with every sample of a busy loop:
  // the site is the return addresses above it.
  int Skip = T.CaptureSource == StackSource::Sampled && T.NumFrames > 1;
  T.StallSite = siteFor(StallSiteTag, T.Frames + Skip, T.NumFrames - Skip,
                        /*IsStall=*/true);
  if (Sites[T.StallSite].admit(nowNs(), RT.Opts.MaxReportsPerSecond))
    return true;
  RT.SuppressedStalls.fetch_add(1, std::memory_order_relaxed);
  return false;
}

/// Waits, briefly, for a sample the watchdog has asked for on this thread
/// to be taken or given up, before the thread enters a wait: the signal
/// then never lands in the wait. The bound covers a thread that blocks
/// the signal without the runtime having seen it.
void settleSample(LoopThread &T) noexcept {
  if (T.Capture.load(std::memory_order_seq_cst) != LoopThread::Requested)
    return;
  std::uint64_t Until = nowNs() + 2000000;
  while (T.Capture.load(std::memory_order_seq_cst) == LoopThread::Requested &&
         nowNs() < Until)
    rawSyscall(SYS_sched_yield);
}

/// Copies the stack the wrapper of the call \p T sits in took (see
/// BlockingCall); false when the thread is in no timed call.
bool copyCallStack(LoopThread &T) noexcept {
  for (int Try = 0; Try < 8; ++Try) {
    unsigned Seq = T.CallSeq.load(std::memory_order_acquire);
    if (Seq & 1) {
      sleepNs(10000);
      continue;
    }
    if (!T.InCall.load(std::memory_order_seq_cst))
      return false;
    int N = T.CallNumFrames.load(std::memory_order_relaxed);
    for (int I = 0; I < N; ++I)
      T.Frames[I] = __atomic_load_n(&T.CallFrames[I], __ATOMIC_RELAXED);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (T.CallSeq.load(std::memory_order_relaxed) == Seq) {
      T.NumFrames = N;
      return true;
    }
  }
  return false;
}

/// Samples the interrupted loop thread's stack into its preallocated slot.
/// Async-signal-safe.
void onSample(int, siginfo_t *, void *Context) noexcept {
  int SavedErrno = errno;
  LoopThread *T = Current;
  if (T && T->InCall.load(std::memory_order_relaxed))
    T->Samples.fetch_add(1, std::memory_order_relaxed);
  if (T &&
      T->Capture.load(std::memory_order_acquire) == LoopThread::Requested) {
    if (T->BusySince.load(std::memory_order_acquire) == T->TargetEpoch) {
      std::uintptr_t PC = 0;
#if defined(__x86_64__)
      PC = static_cast<std::uintptr_t>(
          static_cast<ucontext_t *>(Context)->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
      PC = static_cast<std::uintptr_t>(
          static_cast<ucontext_t *>(Context)->uc_mcontext.pc);
#endif
      // backtrace was called once at start, so libgcc's unwinder is
      // loaded and this call neither allocates nor takes the loader lock.
      int N = ::backtrace(T->Frames, MaxFrames);
      // Interrupted inside the runtime (a wrapper about to wait for this
      // very sample): its own frames are dropped, and the first left is a
      // return address.
      bool InSelf = PC >= RT.SelfBegin && PC < RT.SelfEnd;
      T->NumFrames = trimFrames(T->Frames, N, InSelf ? 0 : PC);
      T->CaptureSource = InSelf ? StackSource::Call : StackSource::Sampled;
      T->CaptureNs = nowNs();
      T->CaptureHandlerId = T->HandlerId;
      T->CaptureHandlerObject = T->HandlerDepth ? T->HandlerObject : nullptr;
      T->CaptureHandlerOperation =
          T->HandlerDepth ? T->HandlerOperation : nullptr;
      T->Captures.fetch_add(1, std::memory_order_relaxed);
      T->Capture.store(T->Resample || admitStall(*T) ? LoopThread::Captured
                                                     : LoopThread::Skipped,
                       std::memory_order_release);
    } else {
      // The period ended: a later sample keeps the stall's earlier one.
      T->Capture.store(T->Resample ? LoopThread::Captured : LoopThread::Skipped,
                       std::memory_order_release);
    }
  }
  errno = SavedErrno;
}

/// Whether the sampling signal still runs onSample: a program may install
/// its own handler for it later (sigaction is not interposed), and then
/// must never get our signals. Raw system call: the watchdog asks.
bool signalStillOurs() noexcept {
  struct KernelAction {
    void *Handler;
    unsigned long Flags;
    void *Restorer;
    unsigned long Mask;
  } Old{};
  if (rawSyscall(SYS_rt_sigaction, RT.Signal, 0, reinterpret_cast<long>(&Old),
                 8) != 0)
    return false;
  return Old.Handler == reinterpret_cast<void *>(&onSample);
}

/// Takes the stalled thread's stack without a signal: from the wrapper of
/// the call it sits in, or none when it blocks the signal.
bool captureWithoutSignal(LoopThread &T) noexcept {
  if (copyCallStack(T)) {
    T.CaptureSource = StackSource::Call;
  } else if (T.Blind.load(std::memory_order_seq_cst) || !signalStillOurs()) {
    T.NumFrames = 0;
    T.CaptureSource = StackSource::None;
  } else {
    return false;
  }
  T.CaptureNs = nowNs();
  T.CaptureHandlerId = T.HandlerId;
  T.CaptureHandlerObject = T.HandlerDepth ? T.HandlerObject : nullptr;
  T.CaptureHandlerOperation = T.HandlerDepth ? T.HandlerOperation : nullptr;
  T.Captures.fetch_add(1, std::memory_order_relaxed);
  T.Capture.store(T.Resample || admitStall(T) ? LoopThread::Captured
                                              : LoopThread::Skipped,
                  std::memory_order_release);
  return true;
}

/// Samples taken of one stall at most: the last at 2^15 times the
/// threshold (an hour under the default).
constexpr unsigned MaxSamples = 16;

void sample(LoopThread &T, std::uint64_t Since) {
  bool First = T.SignaledEpoch != Since;
  if (First) {
    T.SignaledEpoch = Since;
    T.SampleIndex.store(0, std::memory_order_relaxed);
    T.TargetEpoch = Since;
    T.StallId = RT.NextStallId.fetch_add(1) + 1;
    T.Resample = false;
  } else if (T.Capture.load(std::memory_order_acquire) !=
             LoopThread::Captured) {
    // Suppressed, or never captured: not sampled again.
    T.SampleIndex.store(MaxSamples, std::memory_order_relaxed);
    return;
  } else {
    T.Resample = true;
  }
  // Due again at the next power of two, whether or not this one lands.
  T.Attempts = (First ? 0 : T.Attempts) + 1;
  unsigned CapturesBefore = T.Captures.load(std::memory_order_relaxed);
  // What the thread is left with when this sample does not happen.
  const int Unsampled = First ? LoopThread::Idle : LoopThread::Captured;
  // Announce the request, then look again (both sequentially consistent):
  // a thread that went idle meanwhile or entered a timed call either is
  // seen here, or sees the request and waits for it (settleSample), so the
  // signal never lands in a wait.
  T.Capture.store(LoopThread::Requested, std::memory_order_seq_cst);
  if (T.BusySince.load(std::memory_order_seq_cst) != Since) {
    T.Capture.store(Unsampled, std::memory_order_seq_cst);
    return;
  }
  if (!captureWithoutSignal(T) &&
      rawSyscall(SYS_tgkill, RT.Pid, T.Tid, RT.Signal) != 0) {
    T.Capture.store(Unsampled, std::memory_order_release);
    return;
  }
  for (int Waited = 0;
       Waited < 500 &&
       T.Capture.load(std::memory_order_acquire) == LoopThread::Requested;
       ++Waited)
    sleepNs(100000);
  // A sample that never landed (the thread blocks the signal without the
  // runtime knowing) is given up: a later one keeps the earlier sample, a
  // first one is skipped, and the handler, should it still run, finds
  // nothing asked of it.
  int Requested = LoopThread::Requested;
  T.Capture.compare_exchange_strong(
      Requested, First ? LoopThread::Skipped : LoopThread::Captured);
  if (T.Capture.load(std::memory_order_acquire) != LoopThread::Captured ||
      T.Captures.load(std::memory_order_relaxed) == CapturesBefore)
    return;
  if (First)
    RT.Stalls.fetch_add(1);
  T.SampleIndex.fetch_add(1, std::memory_order_relaxed);
  writeStall(T, /*Ended=*/false, T.CaptureNs - Since, /*FromWatchdog=*/true);
}

/// The watchdog has its own table of descriptors (see startWatchdog), a
/// copy of the program's: it keeps only the report, so that it never
/// holds the program's sockets or files open.
void dropDescriptors() noexcept {
  unsigned Fd = static_cast<unsigned>(RT.WatchdogSink.fd());
  bool Done = (Fd == 0 || rawSyscall(SYS_close_range, 0, Fd - 1, 0) == 0) &&
              rawSyscall(SYS_close_range, Fd + 1, ~0u, 0) == 0;
  if (Done)
    return;
  // Before Linux 5.9: one by one, as far as the limit reaches.
  rlimit Limit{};
  rawSyscall(SYS_getrlimit, RLIMIT_NOFILE, reinterpret_cast<long>(&Limit));
  unsigned Max = Limit.rlim_cur > 1048576 ? 1048576 : Limit.rlim_cur;
  for (unsigned I = 0; I < Max; ++I)
    if (I != Fd)
      rawSyscall(SYS_close, I);
}

int watchdog(void *) {
  rawSyscall(SYS_prctl, PR_SET_NAME, reinterpret_cast<long>("corolint-rt"));
  dropDescriptors();
  while (!RT.Stopping.load()) {
    std::uint64_t Now = nowNs();
    std::uint64_t Next = Now + RT.ThresholdNs;
    int N = RT.NumThreads.load(std::memory_order_acquire);
    for (int I = 0; I < N && I < MaxThreads; ++I) {
      LoopThread &T = Threads[I];
      if (!T.Alive.load(std::memory_order_acquire))
        continue;
      std::uint64_t Since = T.BusySince.load(std::memory_order_acquire);
      if (!Since)
        continue;
      // First at the threshold, then at 2x, 4x, ... of it.
      unsigned Taken = Since == T.SignaledEpoch ? T.Attempts : 0;
      if (Since == T.SignaledEpoch &&
          T.SampleIndex.load(std::memory_order_relaxed) >= MaxSamples)
        continue;
      if (Taken >= MaxSamples)
        continue;
      std::uint64_t Due = Since + (RT.ThresholdNs << Taken);
      if (Due <= Now)
        sample(T, Since);
      else if (Due < Next)
        Next = Due;
    }
    std::uint64_t After = nowNs();
    if (Next > After)
      sleepNs(Next - After);
  }
  rawSyscall(SYS_exit, 0);
  return 0;
}

/// Starts the watchdog as a bare thread: clone(2) without glibc's
/// pthread_create. A process with a second pthread pays for it on every
/// system call (glibc's cancellation points and single-thread fast paths
/// switch off), which costs a single-threaded event loop a few percent.
/// The bare thread is invisible to glibc, so the watchdog keeps to what
/// needs no thread of its own: atomics, the vDSO clock, raw system calls
/// (Syscall.h), its own record buffer, and the map of modules as last
/// refreshed. It blocks every signal, so none meant for the program can
/// land on it, and it dies with the process.
std::error_code startWatchdog() noexcept {
  constexpr std::size_t StackSize = 256 * 1024;
  if (!RT.WatchdogStack) {
    void *Stack = ::mmap(nullptr, StackSize, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (Stack == MAP_FAILED)
      return {errno, std::system_category()};
    RT.WatchdogStack = static_cast<char *>(Stack);
  }
  // The watchdog's table of descriptors is a copy of this one, made now.
  RT.WatchdogSink.adopt(RT.Sink);
  sigset_t All, Old;
  sigfillset(&All);
  pthread_sigmask(SIG_SETMASK, &All, &Old);
  int Tid = ::clone(watchdog, RT.WatchdogStack + StackSize,
                    CLONE_VM | CLONE_FS | CLONE_SIGHAND | CLONE_THREAD |
                        CLONE_SYSVSEM,
                    nullptr);
  int Error = errno;
  pthread_sigmask(SIG_SETMASK, &Old, nullptr);
  if (Tid < 0)
    return {Error, std::system_category()};
  return {};
}

void onThreadExit(void *P) {
  // A loop thread that leaves run() and exits never waits again: its
  // last stall ends here.
  auto *T = static_cast<LoopThread *>(P);
  T->InHook = true;
  endBusy(*T, T->BusySince.exchange(0, std::memory_order_acq_rel));
  T->Alive.store(false, std::memory_order_release);
}

void onForkChild() {
  // Only the forking thread lives on, and the watchdog is gone: forget the
  // table and start a new watchdog at the next loop wait. The entries are
  // reused from the start, so they are reset whole.
  int N = std::min(RT.NumThreads.load(), MaxThreads);
  for (int I = 0; I < N; ++I)
    new (&Threads[I]) LoopThread();
  RT.NumThreads.store(0);
  // The child's counts start at zero: the parent's summary has the rest.
  for (Site &S : Sites)
    new (&S) Site();
  RT.Stalls.store(0);
  RT.BlockingCalls.store(0);
  RT.StacksTaken.store(0);
  RT.SuppressedStalls.store(0);
  RT.SuppressedCalls.store(0);
  Current = nullptr;
  RT.Pid = ::getpid();
  RT.SummaryWritten.store(false);
  RecordLease::releaseAllAfterFork();
  ReportSink::reopenAfterFork();
  resetModulesAfterFork();
  RT.NeedWatchdog.store(true);
}

void findSelf() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&findSelf), &Info))
    return;
  dl_iterate_phdr(
      [](dl_phdr_info *I, size_t, void *Base) {
        if (reinterpret_cast<void *>(I->dlpi_addr) != Base &&
            !(I->dlpi_addr == 0 && Base == nullptr))
          return 0;
        for (int S = 0; S < I->dlpi_phnum; ++S) {
          const ElfW(Phdr) &P = I->dlpi_phdr[S];
          if (P.p_type != PT_LOAD || !(P.p_flags & PF_X))
            continue;
          RT.SelfBegin = I->dlpi_addr + P.p_vaddr;
          RT.SelfEnd = RT.SelfBegin + P.p_memsz;
        }
        return 1;
      },
      Info.dli_fbase);
}

bool parseUnsigned(const char *Var, unsigned &Out, std::error_code &EC) {
  const char *S = std::getenv(Var);
  if (!S || !*S)
    return false;
  char *End = nullptr;
  errno = 0;
  unsigned long V = std::strtoul(S, &End, 10);
  if (*End || errno || V > UINT_MAX || *S == '-') {
    std::fprintf(stderr,
                 "corolint-rt: ignoring %s='%s': expected a whole number\n",
                 Var, S);
    EC = std::make_error_code(std::errc::invalid_argument);
    return false;
  }
  Out = static_cast<unsigned>(V);
  return true;
}

void writeStart() {
  RecordLease Lease;
  if (!Lease)
    return;
  RecordBuffer &R = *Lease;
  beginRecord(R, "start", nullptr);
  R.field("threshold_ms", RT.Opts.ThresholdMs);
  R.fieldBool("file_io", RT.Opts.FileIo);
  R.field("file_io_min_us", RT.Opts.FileIoMinUs);
  R.field("file_io_allow", RT.AllowText);
  R.field("signal", RT.Signal);
  char Exe[PATH_MAX];
  ssize_t N = ::readlink("/proc/self/exe", Exe, sizeof(Exe) - 1);
  Exe[N > 0 ? N : 0] = '\0';
  R.field("exe", Exe);
  if (R.finish())
    RT.Sink.write(R, /*Final=*/true);
}

} // namespace

bool running() noexcept { return RT.Running.load(std::memory_order_relaxed); }

bool fileIoEnabled() noexcept { return RT.Opts.FileIo; }

std::uint64_t fileIoMinNs() noexcept {
  return static_cast<std::uint64_t>(RT.Opts.FileIoMinUs) * 1000;
}

bool fileIoAllowed(const char *Path) noexcept {
  if (!Path || Path[0] != '/')
    return false;
  for (int I = 0; I < RT.NumAllow; ++I) {
    const Runtime::Prefix &P = RT.Allow[I];
    if (std::strncmp(Path, P.Text, P.Length) == 0 &&
        (Path[P.Length] == '/' || Path[P.Length] == '\0' ||
         P.Text[P.Length - 1] == '/'))
      return true;
  }
  return false;
}

void checkSignalMask(LoopThread &T) noexcept {
  if (!RT.Signal)
    return;
  // The raw call: the program's pthread_sigmask is interposed to call this.
  sigset_t Mask;
  if (rawSyscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, reinterpret_cast<long>(&Mask),
                 _NSIG / 8) != 0)
    return;
  bool Blind = sigismember(&Mask, RT.Signal) == 1;
  T.Blind.store(Blind, std::memory_order_relaxed);
  if (!Blind || T.BlindWarned)
    return;
  T.BlindWarned = true;
  int SavedErrno = errno;
  bool SavedHook = T.InHook;
  T.InHook = true;
  std::fprintf(stderr,
               "corolint-rt: loop thread %d '%s' blocks signal %d: its stalls "
               "are timed, but where it was stuck cannot be seen\n",
               static_cast<int>(T.Tid), T.Name, RT.Signal);
  RecordLease Lease;
  if (Lease) {
    RecordBuffer &R = *Lease;
    beginRecord(R, "warning", &T);
    R.field("warning", "blind-thread");
    R.field("message", "the loop thread blocks the sampling signal: its "
                       "stalls are timed, but no stack can be taken");
    R.field("signal", RT.Signal);
    if (R.finish())
      RT.Sink.write(R);
  }
  T.InHook = SavedHook;
  errno = SavedErrno;
}

namespace {
bool isLoopCode(std::uintptr_t A) noexcept {
  int N = std::min(NumLoopCode.load(std::memory_order_acquire), MaxLoopCode);
  for (int I = 0; I < N; ++I)
    if (LoopCode[I].load(std::memory_order_relaxed) == A)
      return true;
  return false;
}

/// Code every thread runs through (thread start, std::thread, the
/// unwinder), which says nothing about what loop a thread serves.
bool isSystemCode(std::uintptr_t A) noexcept {
  if (A >= RT.SelfBegin && A < RT.SelfEnd)
    return true;
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(A), &Info) || !Info.dli_fname)
    return true;
  const char *Base = std::strrchr(Info.dli_fname, '/');
  Base = Base ? Base + 1 : Info.dli_fname;
  for (const char *Prefix : {"libc.so", "libstdc++.so", "libc++.so",
                             "libc++abi.so", "libgcc_s.so", "ld-linux",
                             "libpthread.so", "libunwind.so", "libm.so"})
    if (std::strncmp(Base, Prefix, std::strlen(Prefix)) == 0)
      return true;
  return false;
}

/// Adds the calling loop thread's stack to what is known of loop code.
void learnLoopCode() noexcept {
  void *Frames[MaxFrames];
  int N = ::backtrace(Frames, MaxFrames);
  bool Added = false;
  for (int I = 0; I < N; ++I) {
    auto A = reinterpret_cast<std::uintptr_t>(Frames[I]);
    if (!A || isLoopCode(A) || isSystemCode(A))
      continue;
    int Slot = NumLoopCode.fetch_add(1, std::memory_order_acq_rel);
    if (Slot >= MaxLoopCode) {
      NumLoopCode.store(MaxLoopCode);
      break;
    }
    LoopCode[Slot].store(A, std::memory_order_release);
    Added = true;
  }
  if (Added)
    LoopCodeGeneration.fetch_add(1, std::memory_order_acq_rel);
}

LoopThread *registerThread(WaitKind Kind, bool Learn) noexcept;
} // namespace

bool loopMutexKnown() noexcept {
  return NextLoopMutex.load(std::memory_order_relaxed) != 0;
}

void noteLoopMutex(LoopThread &T) noexcept {
  void *M = T.LastUnlocked;
  T.LoopMutex = M;
  if (!M)
    return;
  for (LoopMutex &E : LoopMutexes)
    if (E.Mutex.load(std::memory_order_relaxed) == M)
      return;
  LoopMutex &E = LoopMutexes[NextLoopMutex.fetch_add(1) % MaxLoopMutexes];
  E.Kind.store(T.Kind, std::memory_order_relaxed);
  E.Fd.store(T.LoopFd, std::memory_order_relaxed);
  E.Mutex.store(M, std::memory_order_release);
}

LoopThread *joinLoopByMutex(void *Mutex) noexcept {
  if (Unregistrable || !running() || !Mutex)
    return nullptr;
  const LoopMutex *Found = nullptr;
  for (const LoopMutex &E : LoopMutexes)
    if (E.Mutex.load(std::memory_order_acquire) == Mutex)
      Found = &E;
  if (!Found)
    return nullptr;
  unsigned Generation =
      LoopCodeGeneration.load(std::memory_order_acquire) + 1;
  if (JoinChecked == Generation)
    return nullptr;
  JoinChecked = Generation;
  int SavedErrno = errno;
  void *Frames[MaxFrames];
  int N = ::backtrace(Frames, MaxFrames);
  bool Shared = false;
  for (int I = 0; I < N && !Shared; ++I) {
    auto A = reinterpret_cast<std::uintptr_t>(Frames[I]);
    Shared = !(A >= RT.SelfBegin && A < RT.SelfEnd) && isLoopCode(A);
  }
  errno = SavedErrno;
  if (!Shared)
    return nullptr;
  LoopThread *T = registerThread(Found->Kind.load(std::memory_order_relaxed),
                                 /*Learn=*/false);
  if (T) {
    T->LoopFd = Found->Fd.load(std::memory_order_relaxed);
    T->LoopMutex = Mutex;
  }
  return T;
}

namespace {

LoopThread *registerThread(WaitKind Kind, bool Learn) noexcept {
  if (Current)
    return Current;
  if (Unregistrable || !running())
    return nullptr;
  if (RT.NeedWatchdog.exchange(false))
    startWatchdog();
  int I = RT.NumThreads.fetch_add(1);
  if (I >= MaxThreads) {
    RT.NumThreads.store(MaxThreads);
    RT.Unwatched.fetch_add(1);
    Unregistrable = true;
    return nullptr;
  }
  LoopThread &T = Threads[I];
  T.Tid = currentTid();
  ::prctl(PR_GET_NAME, T.Name);
  cutAtCharacter(T.Name);
  T.Kind = Kind;
  pthread_setspecific(RT.ExitKey, &T);
  Current = &T;
  T.Alive.store(true, std::memory_order_release);
  checkSignalMask(T);
  if (Learn) {
    T.InHook = true;
    learnLoopCode();
    T.InHook = false;
  }
  return &T;
}

} // namespace

LoopThread *registerThread(WaitKind Kind) noexcept {
  return registerThread(Kind, /*Learn=*/true);
}

void maskChanging(LoopThread &T, int How, const sigset_t *Set) noexcept {
  if (!RT.Signal || !Set || How == SIG_UNBLOCK ||
      sigismember(Set, RT.Signal) != 1)
    return;
  T.Blind.store(true, std::memory_order_seq_cst);
  settleSample(T);
}

void endBusySlow(LoopThread &T, std::uint64_t Since) noexcept {
  // A sample asked for is let land now, not in the wait that follows.
  settleSample(T);
  int State = T.Capture.load(std::memory_order_acquire);
  if (State == LoopThread::Requested) {
    // It did not land: a later sample keeps the stall's earlier one (its
    // final record is still written), a first one is given up. The
    // handler cannot touch the frames now: the period is over.
    int Expected = LoopThread::Requested;
    int Into = T.Resample ? LoopThread::Captured : LoopThread::Idle;
    State = T.Capture.compare_exchange_strong(Expected, Into) ? Into
                                                              : Expected;
  }
  if (State == LoopThread::Captured && Since && T.TargetEpoch == Since) {
    bool SavedHook = T.InHook;
    T.InHook = true;
    writeStall(T, /*Ended=*/true, nowNs() - Since, /*FromWatchdog=*/false);
    T.InHook = SavedHook;
  }
  // A request still in flight is left to the signal handler, which sees
  // the period has ended and skips it.
  if (State != LoopThread::Requested)
    T.Capture.store(LoopThread::Idle, std::memory_order_release);
}

void refreshModulesFrom(LoopThread &T) noexcept {
  // Keep the watchdog's map of modules fresh, for what was loaded since
  // (it cannot look itself).
  int SavedErrno = errno;
  bool SavedHook = T.InHook;
  T.InHook = true;
  refreshModules();
  // And what is known of its loop's code: a wait reached another way.
  learnLoopCode();
  T.InHook = SavedHook;
  errno = SavedErrno;
}

BlockingCall::BlockingCall(const char *Function, bool Enabled,
                           std::uint64_t MinNs) noexcept
    : Function(Function), MinNs(MinNs) {
  if (!Enabled)
    return;
  LoopThread *T = Current;
  if (!T || T->InHook || !isBusy(*T))
    return;
  T->InHook = true;
  Thread = T;
  // The stack goes where the watchdog can copy it while the call lasts
  // (a sequence lock: odd while written).
  unsigned Seq = T->CallSeq.load(std::memory_order_relaxed);
  T->CallSeq.store(Seq + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  void *Frames[MaxFrames];
  int N = trimFrames(Frames, ::backtrace(Frames, MaxFrames), 0);
  for (int I = 0; I < N; ++I)
    __atomic_store_n(&T->CallFrames[I], Frames[I], __ATOMIC_RELAXED);
  T->CallNumFrames.store(N, std::memory_order_relaxed);
  T->CallSeq.store(Seq + 2, std::memory_order_release);
  RT.StacksTaken.fetch_add(1, std::memory_order_relaxed);
  Start = nowNs();
  // From here the watchdog takes this stack instead of interrupting the
  // call; a sample it asked for before is let land first.
  T->InCall.store(true, std::memory_order_seq_cst);
  settleSample(*T);
}

void BlockingCall::cancel() noexcept {
  if (Thread) {
    Thread->InCall.store(false, std::memory_order_seq_cst);
    Thread->InHook = false;
  }
  Thread = nullptr;
}

BlockingCall::~BlockingCall() {
  if (!Thread)
    return;
  std::uint64_t End = nowNs();
  Thread->InCall.store(false, std::memory_order_seq_cst);
  void *const *Frames = Thread->CallFrames;
  int NumFrames = Thread->CallNumFrames.load(std::memory_order_relaxed);
  if (End - Start < MinNs) {
    // Shorter than the minimum its kind is reported at (--file-io-min-us).
    Thread->InHook = false;
    return;
  }
  RT.BlockingCalls.fetch_add(1);
  unsigned SiteIndex = siteFor(Function, Frames, NumFrames, /*IsStall=*/false);
  Site &S = Sites[SiteIndex];
  bool Admitted = S.admit(End, RT.Opts.MaxReportsPerSecond);
  if (!Admitted)
    RT.SuppressedCalls.fetch_add(1, std::memory_order_relaxed);
  RecordLease Lease(Admitted);
  if (Lease) {
    S.Written.fetch_add(1, std::memory_order_relaxed);
    for (int N = NumFrames; N >= 0; N = N / 2 - 1) {
      RecordBuffer &R = *Lease;
      beginRecord(R, "blocking-call", Thread);
      R.field("function", Function);
      R.fieldMillis("duration_ms", End - Start);
      R.field("site", SiteIndex);
      R.field("suppressed", S.Pending.exchange(0));
      R.fieldBool("pc0_exact", false);
      if (Thread->HandlerDepth)
        writeHandler(R, Thread->HandlerId, Thread->HandlerObject,
                     Thread->HandlerOperation);
      appendStack(R, Frames, N < 0 ? 0 : N);
      if (R.finish()) {
        RT.Sink.write(R);
        break;
      }
    }
  }
  Thread->InHook = false;
}

} // namespace detail

using namespace detail;

namespace {
/// The runtime carries its own copy of the C++ runtime pieces it uses
/// (runtime/CMakeLists.txt), so its error categories are not the host's:
/// a code it returns is re-expressed in the host's std::system_category or
/// std::generic_category when the host has a libstdc++, so that the host's
/// `EC == std::errc::...` holds. A C program has none and gets ours.
std::error_code forHost(std::error_code EC) noexcept {
  if (!EC)
    return EC;
  const char *Getter = &EC.category() == &std::system_category()
                           ? "_ZNSt3_V215system_categoryEv"
                       : &EC.category() == &std::generic_category()
                           ? "_ZNSt3_V216generic_categoryEv"
                           : nullptr;
  using CategoryFn = const std::error_category &(*)() noexcept;
  if (Getter)
    if (auto Host = reinterpret_cast<CategoryFn>(dlsym(RTLD_DEFAULT, Getter)))
      return {EC.value(), Host()};
  return EC;
}

std::error_code readOptions(Options &Opts) noexcept;
std::error_code startRuntime(const Options &Opts) noexcept;
} // namespace

std::error_code optionsFromEnvironment(Options &Opts) noexcept {
  return forHost(readOptions(Opts));
}

std::error_code start(const Options &Opts) noexcept {
  return forHost(startRuntime(Opts));
}

namespace {
std::error_code readOptions(Options &Opts) noexcept {
  std::error_code EC;
  parseUnsigned("COROLINT_RT_THRESHOLD_MS", Opts.ThresholdMs, EC);
  if (Opts.ThresholdMs == 0) {
    std::fprintf(stderr, "corolint-rt: COROLINT_RT_THRESHOLD_MS must be "
                         "positive; using 100\n");
    Opts.ThresholdMs = 100;
    EC = std::make_error_code(std::errc::invalid_argument);
  }
  parseUnsigned("COROLINT_RT_MAX_REPORTS", Opts.MaxReportsPerSecond, EC);
  unsigned FileIo = 0;
  if (parseUnsigned("COROLINT_RT_FILE_IO", FileIo, EC))
    Opts.FileIo = FileIo != 0;
  parseUnsigned("COROLINT_RT_FILE_IO_MIN_US", Opts.FileIoMinUs, EC);
  unsigned Histogram = 0;
  if (parseUnsigned("COROLINT_RT_HISTOGRAM", Histogram, EC))
    Opts.Histogram = Histogram != 0;
  if (const char *Allow = std::getenv("COROLINT_RT_FILE_IO_ALLOW"))
    Opts.FileIoAllow = Allow;
  unsigned Offset = 0;
  if (parseUnsigned("COROLINT_RT_SIGNAL", Offset, EC))
    Opts.SignalOffset = static_cast<int>(Offset);
  if (const char *Path = std::getenv("COROLINT_RT_REPORT"); Path && *Path)
    Opts.ReportPath = Path;
  return EC;
}

std::error_code startRuntime(const Options &Opts) noexcept {
  bool Expected = false;
  if (!RT.Started.compare_exchange_strong(Expected, true))
    return std::make_error_code(std::errc::already_connected);
  RT.Opts = Opts;
  HistogramEnabled = Opts.Histogram;
  // The allow-list is copied: the caller's string need not outlive start().
  std::snprintf(RT.AllowText, sizeof(RT.AllowText), "%s",
                Opts.FileIoAllow ? Opts.FileIoAllow : "/proc:/sys");
  RT.Opts.FileIoAllow = RT.AllowText;
  RT.NumAllow = 0;
  for (char *P = RT.AllowText; *P && RT.NumAllow < 16;) {
    char *End = std::strchr(P, ':');
    std::size_t Length = End ? static_cast<std::size_t>(End - P) : std::strlen(P);
    if (Length)
      RT.Allow[RT.NumAllow++] = {P, Length};
    if (!End)
      break;
    P = End + 1;
  }
  RT.ThresholdNs = static_cast<std::uint64_t>(Opts.ThresholdMs) * 1000000;
  RT.Pid = ::getpid();
  RT.StartNs = nowNs();

  char Default[64];
  const char *Path = Opts.ReportPath;
  if (!Path || !*Path) {
    std::snprintf(Default, sizeof(Default), "corolint-rt.%d.jsonl",
                  static_cast<int>(RT.Pid));
    Path = Default;
  }
  // Never blocks: a FIFO with no reader is an error, and the program runs
  // unwatched.
  if (std::error_code EC = RT.Sink.open(Path)) {
    RT.Started.store(false);
    return EC;
  }

  // Load the unwinder now: the first backtrace() dlopens libgcc_s, which
  // must never happen inside the signal handler.
  void *Warm[4];
  ::backtrace(Warm, 4);
  findSelf();
  refreshModules();
  pthread_key_create(&RT.ExitKey, onThreadExit);

  // Take the first free real-time signal from the requested one on.
  struct sigaction Action = {};
  Action.sa_sigaction = onSample;
  Action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&Action.sa_mask);
  RT.Signal = 0;
  for (int S = SIGRTMIN + Opts.SignalOffset; S <= SIGRTMAX; ++S) {
    struct sigaction Old;
    if (sigaction(S, nullptr, &Old) == 0 && Old.sa_handler == SIG_DFL &&
        sigaction(S, &Action, nullptr) == 0) {
      RT.Signal = S;
      break;
    }
  }
  if (!RT.Signal) {
    RT.Sink.close();
    RT.Started.store(false);
    return std::make_error_code(std::errc::device_or_resource_busy);
  }
  pthread_atfork(nullptr, nullptr, onForkChild);
  writeStart();
  RT.Running.store(true);
  if (std::error_code EC = startWatchdog()) {
    RT.Running.store(false);
    return EC;
  }
  return {};
}
} // namespace

void writeSummary() noexcept {
  // No lock: this runs from exit(), which a signal handler may call while
  // the same thread is inside the runtime.
  if (!RT.Running.load() || RT.SummaryWritten.exchange(true))
    return;
  RecordBuffer &R = RT.SummaryRecord;
  beginRecord(R, "summary", nullptr);
  R.field("stalls", RT.Stalls.load());
  R.field("blocking_calls", RT.BlockingCalls.load());
  R.field("suppressed_stalls", RT.SuppressedStalls.load());
  R.field("suppressed_blocking_calls", RT.SuppressedCalls.load());
  int N = RT.NumThreads.load();
  R.field("loop_threads", N < MaxThreads ? N : MaxThreads);
  R.field("unwatched_threads", RT.Unwatched.load());
  R.field("stacks_taken", RT.StacksTaken.load());
  if (HistogramEnabled) {
    // Busy periods of every loop thread by length: [2^I, 2^(I+1)) us.
    std::uint64_t Sum[32] = {};
    for (int I = 0; I < N && I < MaxThreads; ++I)
      for (int B = 0; B < 32; ++B)
        Sum[B] += Threads[I].BusyHistogram[B].load(std::memory_order_relaxed);
    int Last = 31;
    while (Last > 0 && !Sum[Last])
      --Last;
    R.beginArray("busy_us_log2");
    for (int B = 0; B <= Last; ++B) {
      R.beginObject(nullptr);
      R.field("from_us", B ? std::uint64_t{1} << B : 0);
      R.field("count", Sum[B]);
      R.endObject();
    }
    R.endArray();
  }
  // Loop threads that block the sampling signal: watched without stacks.
  R.beginArray("blind_threads");
  for (int I = 0; I < N && I < MaxThreads; ++I)
    if (Threads[I].BlindWarned) {
      R.beginObject(nullptr);
      R.field("tid", static_cast<std::int64_t>(Threads[I].Tid));
      R.field("thread", Threads[I].Name);
      R.fieldBool("blind_now", Threads[I].Blind.load());
      R.endObject();
    }
  R.endArray();
  // Each site over its rate limit, with what it suppressed (records carry
  // their site); as many as fit in half a record.
  R.beginArray("suppressed_sites");
  bool Truncated = false;
  for (unsigned I = 0; I < MaxSites; ++I) {
    std::uint64_t Suppressed = Sites[I].Suppressed.load();
    if (!Suppressed)
      continue;
    if (R.size() > RT.Sink.maxRecord() / 2) {
      Truncated = true;
      break;
    }
    R.beginObject(nullptr);
    R.field("site", I);
    R.field("kind", Sites[I].IsStall.load() ? "stall" : "blocking-call");
    R.field("suppressed", Suppressed);
    R.endObject();
  }
  R.endArray();
  R.fieldBool("suppressed_sites_truncated", Truncated);
  // Records the runtime could not write: every buffer busy, a full pipe,
  // a report taken away.
  R.field("lost_records", RecordLease::dropped() + RT.Sink.lost() +
                              RT.WatchdogSink.lost());
  if (R.finish())
    RT.Sink.write(R, /*Final=*/true);
}

namespace {

__attribute__((constructor)) void startFromEnvironment() {
  if (const char *D = std::getenv("COROLINT_RT_DISABLE"); D && *D == '1')
    return;
  Options Opts;
  optionsFromEnvironment(Opts);
  if (std::error_code EC = start(Opts))
    std::fprintf(stderr, "corolint-rt: not watching this process: %s\n",
                 EC.message().c_str());
}

__attribute__((destructor)) void stopAtExit() {
  // Other threads keep running until exit_group() kills them, which cuts
  // a record being written to a file at a page boundary: let the writes
  // under way end (they take microseconds), refuse new ones, and write the
  // summary last.
  if (RT.Running.load())
    ReportSink::closeForExit(/*MaxWaitNs=*/100000000);
  writeSummary();
  RT.Stopping.store(true);
}

} // namespace

} // namespace corolint::rt

// The handler hooks of precise mode (corolint/asio_handler_tracking.hpp).

extern "C" __attribute__((visibility("default"))) void
corolint_rt_handler_begin(std::uintmax_t Id, const char *Object,
                          const char *Operation) noexcept {
  using namespace corolint::rt::detail;
  // Only loop threads (those that wait in the reactor) are watched: an
  // asio::thread_pool worker runs handlers too, and blocking there is the
  // point of the pool.
  LoopThread *T = currentThread();
  if (!T)
    return;
  if (!T->Precise) {
    T->Precise = true;
    T->BusySince.store(0, std::memory_order_release);
  }
  if (T->HandlerDepth++ == 0) {
    T->HandlerId = Id;
    T->HandlerObject = Object;
    T->HandlerOperation = Operation;
    T->BusySince.store(nowNs(), std::memory_order_release);
  }
}

extern "C" __attribute__((visibility("default"))) void
corolint_rt_handler_end() noexcept {
  using namespace corolint::rt::detail;
  LoopThread *T = currentThread();
  if (!T || T->HandlerDepth == 0)
    return;
  if (--T->HandlerDepth == 0) {
    std::uint64_t Since = T->BusySince.exchange(0, std::memory_order_seq_cst);
    if (HistogramEnabled) [[unlikely]]
      countBusy(*T, Since);
    endBusy(*T, Since);
  }
}

extern "C" __attribute__((visibility("default"))) void
corolint_rt_loop_wait_begin() noexcept {
  using namespace corolint::rt::detail;
  if (LoopThread *T = registerThread(WaitKind::Manual))
    beginIdle(*T);
}

extern "C" __attribute__((visibility("default"))) void
corolint_rt_loop_wait_end() noexcept {
  using namespace corolint::rt::detail;
  if (LoopThread *T = currentThread())
    endIdle(*T);
}
