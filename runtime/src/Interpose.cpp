//===--- Interpose.cpp - The libc calls libcorolint-rt watches ------------===//
//
// Each wrapper finds the real function with dlsym(RTLD_NEXT) on first use.
// Waits mark a loop thread idle; blocking calls on a busy loop thread are
// recorded with their stack. A thread that is not a loop thread pays one
// thread-local load per call.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utility>

using namespace corolint::rt::detail;

namespace {

template <typename F> F resolve(F &Slot, const char *Name) noexcept {
  F Fn = __atomic_load_n(&Slot, __ATOMIC_ACQUIRE);
  if (!Fn) {
    Fn = reinterpret_cast<F>(dlsym(RTLD_NEXT, Name));
    __atomic_store_n(&Slot, Fn, __ATOMIC_RELEASE);
  }
  return Fn;
}

template <typename F>
F resolveVersion(F &Slot, const char *Name, const char *Version) noexcept {
  F Fn = __atomic_load_n(&Slot, __ATOMIC_ACQUIRE);
  if (!Fn) {
    // pthread_cond_* exist in two versions; plain dlsym may return the old
    // one, whose condition variable layout is different.
    Fn = reinterpret_cast<F>(dlvsym(RTLD_NEXT, Name, Version));
    if (!Fn)
      Fn = reinterpret_cast<F>(dlsym(RTLD_NEXT, Name));
    __atomic_store_n(&Slot, Fn, __ATOMIC_RELEASE);
  }
  return Fn;
}

#define REAL(name)                                                             \
  static decltype(&::name) Real_##name = nullptr;                              \
  auto real_##name = resolve(Real_##name, #name)

/// Whether a wait on the epoll descriptor \p Fd (-1: a wait of another
/// kind) is the loop's own: the first one a thread waits on is. A wait on
/// another one inside a handler is a nested event loop. A thread that has
/// left its loop for another one (no wait on its own descriptor for a
/// second, or out of every handler in precise mode) is bound to the new
/// one; one that closes its loop's descriptor is bound to the next.
bool isLoopDescriptor(LoopThread &T, int Fd) noexcept {
  if (Fd < 0 || T.LoopFd == Fd) {
    T.ForeignWaits = 0;
    return true;
  }
  // Moved on: no loop yet, no handler running (precise mode), or 64 waits
  // in a row on the other descriptor and none on its own.
  bool MovedOn = T.LoopFd < 0 || (T.Precise && T.HandlerDepth == 0) ||
                 ++T.ForeignWaits >= 64;
  if (MovedOn) {
    T.LoopFd = Fd;
    T.ForeignWaits = 0;
  }
  return MovedOn;
}

/// A wait of another kind than the thread's loop, or on a thread not yet
/// known: registers the thread, or records the wait as a blocking call.
/// \p Fn is given the ns already spent waiting, to shorten its timeout by.
template <typename Call>
__attribute__((noinline)) auto waitSlowly(WaitKind Kind, int Fd,
                                          const char *Name, bool MayBlock,
                                          Call &Fn) {
  LoopThread *T = currentThread();
  if (!T && (!running() || !(T = registerThread(Kind))))
    return Fn(std::uint64_t{0});
  if (T->InHook || T->InWait)
    return Fn(std::uint64_t{0});
  if (T->Kind == WaitKind::None) // Registered by the handler hooks.
    T->Kind = Kind;
  if (T->Kind == Kind && isLoopDescriptor(*T, Fd)) {
    if (T->LastUnlocked != T->LoopMutex)
      noteLoopMutex(*T);
    beginIdle(*T);
    auto Result = Fn(std::uint64_t{0});
    endIdle(*T);
    return Result;
  }
  if (!MayBlock)
    return Fn(std::uint64_t{0});
  BlockingCall B(Name);
  return untilNotSampled(B, Fn);
}

/// A wait of the loop: the thread is idle while it lasts. On a loop thread,
/// a wait of another kind than its loop's (Asio's blocking emulation polls
/// one socket), or on another epoll descriptor (\p Fd, -1 for the other
/// kinds), with a timeout, is a blocking call instead. The loop's own
/// wait, every time round, takes the short inline path.
template <typename Call>
auto loopWait(WaitKind Kind, int Fd, const char *Name, bool MayBlock,
              Call &&Fn) {
  LoopThread *T = currentThread();
  if (T && T->Kind == Kind && (Fd < 0 || T->LoopFd == Fd) && !T->InHook &&
      !T->InWait) [[likely]] {
    if (T->LastUnlocked != T->LoopMutex) [[unlikely]]
      noteLoopMutex(*T);
    if (T->ForeignWaits) [[unlikely]]
      T->ForeignWaits = 0;
    beginIdle(*T);
    auto Result = Fn(std::uint64_t{0});
    endIdle(*T);
    return Result;
  }
  return waitSlowly(Kind, Fd, Name, MayBlock, Fn);
}

/// A timeout in ms, less what was already waited (\p Spent ns).
int shortenMs(int Ms, std::uint64_t Spent) noexcept {
  if (Ms <= 0 || !Spent)
    return Ms;
  long Left = Ms - static_cast<long>(Spent / 1000000);
  return Left > 0 ? static_cast<int>(Left) : 0;
}

/// A relative timeout, less what was already waited, in \p Buf.
const timespec *shorten(const timespec *T, std::uint64_t Spent,
                        timespec &Buf) noexcept {
  if (!T || !Spent)
    return T;
  std::uint64_t Total = static_cast<std::uint64_t>(T->tv_sec) * 1000000000 +
                        static_cast<std::uint64_t>(T->tv_nsec);
  std::uint64_t Left = Total > Spent ? Total - Spent : 0;
  Buf = {static_cast<time_t>(Left / 1000000000),
         static_cast<long>(Left % 1000000000)};
  return &Buf;
}

/// A condition-variable wait on a loop thread is idle time: Asio parks the
/// threads that are not running its reactor there.
class Park {
public:
  explicit Park(void *Mutex) noexcept : Mutex(Mutex) {
    LoopThread *T = currentThread();
    // A thread no loop knows may be one of a loop's threads parked between
    // handlers (Asio's scheduler with several threads).
    if (!T && loopMutexKnown()) [[unlikely]]
      T = joinLoopByMutex(Mutex);
    if (T && !T->InHook && !T->InWait) {
      Thread = T;
      beginIdle(*T);
    }
  }
  ~Park() {
    // The program holds its mutex again: nothing here takes the loader's
    // lock (no refresh of the module map, no dladdr).
    if (Thread) {
      endIdle(*Thread, /*MayRefresh=*/false);
      return;
    }
    // The loop may have become known while this thread waited (its first
    // wait often comes before the reactor's): it is about to run a handler.
    if (!currentThread() && loopMutexKnown()) [[unlikely]]
      if (LoopThread *T = joinLoopByMutex(Mutex))
        endIdle(*T, /*MayRefresh=*/false);
  }

private:
  LoopThread *Thread = nullptr;
  void *Mutex;
};
/// Descriptors known never to block a loop thread: non-blocking ones, and
/// regular files while file I/O is not watched. Remembering them spares a
/// loop thread an fcntl (and an fstat) on every call that would wait; Asio
/// reads every socket until EAGAIN. A stale entry can only hide a blocking
/// call, never change one: a remembered descriptor gets the program's own
/// call, unchanged. Entries are forgotten when a descriptor is closed or
/// made anew, and all of them when any descriptor is made blocking (its
/// open file description may be shared by others).
class ExemptDescriptors {
public:
  bool contains(int Fd) const noexcept {
    return inRange(Fd) &&
           Entries[Fd].load(std::memory_order_relaxed) == generation();
  }
  void insert(int Fd) noexcept {
    if (inRange(Fd))
      Entries[Fd].store(generation(), std::memory_order_relaxed);
  }
  void erase(int Fd) noexcept {
    if (inRange(Fd))
      Entries[Fd].store(0, std::memory_order_relaxed);
  }
  void clear() noexcept {
    // Entries hold the generation plus one, so that zero (all of .bss at
    // start) is empty; a generation that wraps to minus one is skipped.
    if (Generation.fetch_add(1, std::memory_order_relaxed) + 2 == 0)
      Generation.fetch_add(1, std::memory_order_relaxed);
  }

private:
  static constexpr int Size = 1 << 16;
  static bool inRange(int Fd) noexcept { return Fd >= 0 && Fd < Size; }
  std::uint32_t generation() const noexcept {
    return Generation.load(std::memory_order_relaxed) + 1;
  }
  // Generation first: next to the wrappers' other data, on the same page.
  std::atomic<std::uint32_t> Generation{0};
  std::atomic<std::uint32_t> Entries[Size];
};

constinit ExemptDescriptors Exempt;

/// A descriptor number handed out anew (the old one may have been closed
/// inside libc, where close is not interposed).
int fresh(int Fd) noexcept {
  Exempt.erase(Fd);
  return Fd;
}

/// A descriptor made non-blocking from birth (SOCK_NONBLOCK, O_NONBLOCK
/// and friends) is known never to block: remembered at once, which spares
/// the first call on it an fcntl (a server's every connection).
int born(int Fd, bool NonBlocking) noexcept {
  if (!NonBlocking)
    return fresh(Fd);
  Exempt.insert(Fd);
  return Fd;
}

/// The same for the two descriptors of a pipe or socket pair, when \p Result
/// says they were made.
int freshPair(int Result, const int Fds[2], bool NonBlocking = false) noexcept {
  if (Result == 0) {
    born(Fds[0], NonBlocking);
    born(Fds[1], NonBlocking);
  }
  return Result;
}

int realFcntl(int Fd, int Cmd, void *Arg) noexcept {
  static decltype(&::fcntl) Real = nullptr;
  return resolve(Real, "fcntl")(Fd, Cmd, Arg);
}

enum class Blocks { No, Yes, File };

/// Whether \p Fd would block a read or write: a blocking socket, pipe or
/// terminal, or (with file I/O on) a regular file.
Blocks blocksOn(int Fd) noexcept {
  if (Exempt.contains(Fd))
    return Blocks::No;
  int Flags = realFcntl(Fd, F_GETFL, nullptr);
  if (Flags < 0)
    return Blocks::No;
  // O_NONBLOCK means nothing to a regular file, which file I/O watches.
  bool NonBlocking = Flags & O_NONBLOCK;
  if (NonBlocking && !fileIoEnabled()) {
    Exempt.insert(Fd);
    return Blocks::No;
  }
  struct stat St;
  if (::fstat(Fd, &St) != 0)
    return Blocks::No;
  if (S_ISREG(St.st_mode) || S_ISDIR(St.st_mode) || S_ISBLK(St.st_mode)) {
    if (fileIoEnabled())
      return Blocks::File;
    Exempt.insert(Fd);
    return Blocks::No;
  }
  if (NonBlocking) {
    Exempt.insert(Fd);
    return Blocks::No;
  }
  return Blocks::Yes;
}

/// Whether a call on \p Fd needs a closer look: it is on a busy loop
/// thread and the descriptor is not known never to block. When not, the
/// wrappers below tail-call libc: after its system call returns, no code
/// or data of the runtime is touched (which matters where a system call
/// costs TLB refills, as in some virtual machines).
inline bool mayBlockLoop(int Fd) noexcept {
  LoopThread *T = currentThread();
  return T && !T->InHook && isBusy(*T) && !Exempt.contains(Fd);
}

/// A call that blocks when \p Fd does, on a busy loop thread: recorded
/// only then. The descriptor is checked before the stack is taken, as
/// loops call these on non-blocking descriptors all the time.
template <typename Call>
__attribute__((noinline)) auto descriptorCallSlowly(const char *Name, int Fd,
                                                    Call &&Fn) {
  Blocks How = blocksOn(Fd);
  if (How == Blocks::No)
    return Fn();
  BlockingCall B(Name, true, How == Blocks::File ? fileIoMinNs() : 0);
  return Fn();
}

/// recv/recvfrom on a busy loop thread, on a descriptor not known never to
/// block: try without waiting first, so data already there costs no extra
/// system call, and only a call that would wait looks at the descriptor.
template <typename Call>
__attribute__((noinline)) ssize_t receiveSlowly(const char *Name, int Fd,
                                                int Flags, Call &&Recv) {
  ssize_t N = Recv(Flags | MSG_DONTWAIT);
  if (N >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
    return N;
  int Error = errno;
  if (blocksOn(Fd) == Blocks::No) {
    errno = Error;
    return N;
  }
  BlockingCall B(Name);
  return Recv(Flags);
}

} // namespace

#define EXPORT extern "C" __attribute__((visibility("default")))

// --- Loop waits -----------------------------------------------------------

EXPORT int epoll_wait(int Epfd, epoll_event *Events, int Max, int Timeout) {
  REAL(epoll_wait);
  return loopWait(WaitKind::Epoll, Epfd, "epoll_wait", Timeout != 0,
                  [&](std::uint64_t Spent) {
                    return real_epoll_wait(Epfd, Events, Max,
                                           shortenMs(Timeout, Spent));
                  });
}

EXPORT int epoll_pwait(int Epfd, epoll_event *Events, int Max, int Timeout,
                       const sigset_t *Mask) {
  REAL(epoll_pwait);
  return loopWait(WaitKind::Epoll, Epfd, "epoll_pwait", Timeout != 0,
                  [&](std::uint64_t Spent) {
                    return real_epoll_pwait(Epfd, Events, Max,
                                            shortenMs(Timeout, Spent), Mask);
                  });
}

EXPORT int epoll_pwait2(int Epfd, epoll_event *Events, int Max,
                        const timespec *Timeout, const sigset_t *Mask) {
  REAL(epoll_pwait2);
  return loopWait(WaitKind::Epoll, Epfd, "epoll_pwait2",
                  !Timeout || Timeout->tv_sec || Timeout->tv_nsec,
                  [&](std::uint64_t Spent) {
                    timespec Left;
                    return real_epoll_pwait2(Epfd, Events, Max,
                                             shorten(Timeout, Spent, Left),
                                             Mask);
                  });
}

EXPORT int poll(pollfd *Fds, nfds_t N, int Timeout) {
  REAL(poll);
  return loopWait(WaitKind::Poll, -1, "poll", Timeout != 0,
                  [&](std::uint64_t Spent) {
                    return real_poll(Fds, N, shortenMs(Timeout, Spent));
                  });
}

EXPORT int ppoll(pollfd *Fds, nfds_t N, const timespec *Timeout,
                 const sigset_t *Mask) {
  REAL(ppoll);
  return loopWait(WaitKind::Poll, -1, "ppoll",
                  !Timeout || Timeout->tv_sec || Timeout->tv_nsec,
                  [&](std::uint64_t Spent) {
                    timespec Left;
                    return real_ppoll(Fds, N, shorten(Timeout, Spent, Left),
                                      Mask);
                  });
}

EXPORT int select(int N, fd_set *R, fd_set *W, fd_set *E, timeval *Timeout) {
  REAL(select);
  // Linux's select writes the time left back into Timeout, which is what
  // a call resumed after the runtime's signal waits for.
  return loopWait(WaitKind::Select, -1, "select",
                  !Timeout || Timeout->tv_sec || Timeout->tv_usec,
                  [&](std::uint64_t) { return real_select(N, R, W, E, Timeout); });
}

EXPORT int pselect(int N, fd_set *R, fd_set *W, fd_set *E,
                   const timespec *Timeout, const sigset_t *Mask) {
  REAL(pselect);
  return loopWait(WaitKind::Select, -1, "pselect",
                  !Timeout || Timeout->tv_sec || Timeout->tv_nsec,
                  [&](std::uint64_t Spent) {
                    timespec Left;
                    return real_pselect(N, R, W, E, shorten(Timeout, Spent, Left),
                                        Mask);
                  });
}

// liburing before 2.2 calls these through its shared library; newer ones
// inline the system call (see corolint/loop.h).
EXPORT int io_uring_enter(unsigned Fd, unsigned Submit, unsigned MinComplete,
                          unsigned Flags, sigset_t *Sig) {
  using Fn = int (*)(unsigned, unsigned, unsigned, unsigned, sigset_t *);
  static Fn Real = nullptr;
  Fn R = resolve(Real, "io_uring_enter");
  if (!R) {
    errno = ENOSYS;
    return -1;
  }
  return loopWait(WaitKind::IoUring, -1, "io_uring_enter", MinComplete != 0,
                  [&](std::uint64_t) {
                    return R(Fd, Submit, MinComplete, Flags, Sig);
                  });
}

// --- Idle parking ---------------------------------------------------------

EXPORT int pthread_cond_wait(pthread_cond_t *C, pthread_mutex_t *M) {
  static decltype(&::pthread_cond_wait) Real = nullptr;
  auto R = resolveVersion(Real, "pthread_cond_wait", "GLIBC_2.3.2");
  Park P(M);
  return R(C, M);
}

EXPORT int pthread_cond_timedwait(pthread_cond_t *C, pthread_mutex_t *M,
                                  const timespec *At) {
  static decltype(&::pthread_cond_timedwait) Real = nullptr;
  auto R = resolveVersion(Real, "pthread_cond_timedwait", "GLIBC_2.3.2");
  Park P(M);
  return R(C, M, At);
}

EXPORT int pthread_cond_clockwait(pthread_cond_t *C, pthread_mutex_t *M,
                                  clockid_t Clock, const timespec *At) {
  REAL(pthread_cond_clockwait);
  Park P(M);
  return real_pthread_cond_clockwait(C, M, Clock, At);
}

/// On a loop thread, the mutex released last before a loop wait is
/// remembered (see joinLoopByMutex); elsewhere this costs one
/// thread-local load.
EXPORT int pthread_mutex_unlock(pthread_mutex_t *M) {
  REAL(pthread_mutex_unlock);
  if (LoopThread *T = currentThread())
    T->LastUnlocked = M;
  return real_pthread_mutex_unlock(M);
}

// --- Sleeps ---------------------------------------------------------------

EXPORT int nanosleep(const timespec *Req, timespec *Rem) {
  REAL(nanosleep);
  BlockingCall B("nanosleep");
  // The program's own arguments go to libc untouched (a null or bad
  // pointer is its EFAULT, not our crash); only a sleep our sample cut
  // short is resumed, from what the kernel wrote back.
  timespec Spare;
  timespec *Out = Rem ? Rem : &Spare;
  bool First = true;
  return untilNotSampled(B, [&](std::uint64_t) {
    if (std::exchange(First, false))
      return real_nanosleep(Req, Out);
    timespec Left = *Out;
    return real_nanosleep(&Left, Out);
  });
}

EXPORT int clock_nanosleep(clockid_t Clock, int Flags, const timespec *Req,
                           timespec *Rem) {
  REAL(clock_nanosleep);
  BlockingCall B("clock_nanosleep");
  // As nanosleep: the program's arguments untouched on the first call.
  timespec Spare;
  timespec *Out = Rem ? Rem : &Spare;
  unsigned Before = samplesSoFar();
  // clock_nanosleep returns the error instead of setting errno.
  int R = real_clock_nanosleep(Clock, Flags, Req, Out);
  while (R == EINTR && samplesSoFar() != Before) {
    // An absolute deadline stays the same; a relative one continues with
    // what is left.
    timespec Left = (Flags & TIMER_ABSTIME) ? *Req : *Out;
    Before = samplesSoFar();
    R = real_clock_nanosleep(Clock, Flags, &Left, Out);
  }
  return R;
}

EXPORT unsigned sleep(unsigned Seconds) {
  REAL(sleep);
  BlockingCall B("sleep");
  for (;;) {
    unsigned Before = samplesSoFar();
    unsigned Left = real_sleep(Seconds);
    if (!Left || samplesSoFar() == Before)
      return Left;
    Seconds = Left;
  }
}

EXPORT int usleep(useconds_t Micros) {
  REAL(nanosleep);
  BlockingCall B("usleep");
  // As glibc does, through nanosleep, so a sample can resume it.
  timespec Left{static_cast<time_t>(Micros / 1000000),
                static_cast<long>(Micros % 1000000) * 1000};
  return untilNotSampled(
      B, [&](std::uint64_t) { return real_nanosleep(&Left, &Left); });
}

// --- Descriptors ----------------------------------------------------------

EXPORT int connect(int Fd, const sockaddr *Addr, socklen_t Len) {
  REAL(connect);
  if (!mayBlockLoop(Fd)) [[likely]]
    return real_connect(Fd, Addr, Len);
  return descriptorCallSlowly("connect", Fd,
                              [&] { return real_connect(Fd, Addr, Len); });
}

EXPORT int accept(int Fd, sockaddr *Addr, socklen_t *Len) {
  REAL(accept);
  if (!mayBlockLoop(Fd)) [[likely]]
    return fresh(real_accept(Fd, Addr, Len));
  return fresh(descriptorCallSlowly(
      "accept", Fd, [&] { return real_accept(Fd, Addr, Len); }));
}

EXPORT int accept4(int Fd, sockaddr *Addr, socklen_t *Len, int Flags) {
  REAL(accept4);
  bool NonBlocking = Flags & SOCK_NONBLOCK;
  if (!mayBlockLoop(Fd)) [[likely]]
    return born(real_accept4(Fd, Addr, Len, Flags), NonBlocking);
  return born(descriptorCallSlowly(
                  "accept4", Fd,
                  [&] { return real_accept4(Fd, Addr, Len, Flags); }),
              NonBlocking);
}

EXPORT ssize_t recv(int Fd, void *Buf, size_t N, int Flags) {
  REAL(recv);
  if ((Flags & MSG_DONTWAIT) || !mayBlockLoop(Fd)) [[likely]]
    return real_recv(Fd, Buf, N, Flags);
  return receiveSlowly("recv", Fd, Flags,
                       [&](int F) { return real_recv(Fd, Buf, N, F); });
}

EXPORT ssize_t recvfrom(int Fd, void *Buf, size_t N, int Flags, sockaddr *Addr,
                        socklen_t *Len) {
  REAL(recvfrom);
  if ((Flags & MSG_DONTWAIT) || !mayBlockLoop(Fd)) [[likely]]
    return real_recvfrom(Fd, Buf, N, Flags, Addr, Len);
  return receiveSlowly("recvfrom", Fd, Flags, [&](int F) {
    return real_recvfrom(Fd, Buf, N, F, Addr, Len);
  });
}

EXPORT ssize_t read(int Fd, void *Buf, size_t N) {
  REAL(read);
  if (!mayBlockLoop(Fd)) [[likely]]
    return real_read(Fd, Buf, N);
  return descriptorCallSlowly("read", Fd,
                              [&] { return real_read(Fd, Buf, N); });
}

// --- Descriptor lifetimes and modes (for the exempt-descriptor cache) -------

EXPORT int close(int Fd) {
  REAL(close);
  Exempt.erase(Fd);
  if (LoopThread *T = currentThread(); T && T->LoopFd == Fd)
    T->LoopFd = -1;
  return real_close(Fd);
}

EXPORT int dup(int Fd) noexcept {
  REAL(dup);
  return fresh(real_dup(Fd));
}

EXPORT int dup2(int Fd, int To) noexcept {
  REAL(dup2);
  return fresh(real_dup2(Fd, To));
}

EXPORT int dup3(int Fd, int To, int Flags) noexcept {
  REAL(dup3);
  // The copy shares the descriptor's file description, and its mode.
  bool NonBlocking = Exempt.contains(Fd);
  return born(real_dup3(Fd, To, Flags), NonBlocking);
}

EXPORT int socket(int Domain, int Type, int Protocol) noexcept {
  REAL(socket);
  return born(real_socket(Domain, Type, Protocol), Type & SOCK_NONBLOCK);
}

EXPORT int socketpair(int Domain, int Type, int Protocol, int Fds[2]) noexcept {
  REAL(socketpair);
  return freshPair(real_socketpair(Domain, Type, Protocol, Fds), Fds,
                   Type & SOCK_NONBLOCK);
}

EXPORT int pipe(int Fds[2]) noexcept {
  REAL(pipe);
  return freshPair(real_pipe(Fds), Fds);
}

EXPORT int pipe2(int Fds[2], int Flags) noexcept {
  REAL(pipe2);
  return freshPair(real_pipe2(Fds, Flags), Fds, Flags & O_NONBLOCK);
}

EXPORT int eventfd(unsigned Count, int Flags) noexcept {
  REAL(eventfd);
  return born(real_eventfd(Count, Flags), Flags & EFD_NONBLOCK);
}

EXPORT int timerfd_create(clockid_t Clock, int Flags) noexcept {
  REAL(timerfd_create);
  return born(real_timerfd_create(Clock, Flags), Flags & TFD_NONBLOCK);
}

EXPORT int signalfd(int Fd, const sigset_t *Mask, int Flags) noexcept {
  REAL(signalfd);
  return born(real_signalfd(Fd, Mask, Flags), Flags & SFD_NONBLOCK);
}

namespace {
/// The descriptor's O_NONBLOCK was set (or cleared) by the program.
void modeChanged(int Fd, bool NonBlocking) noexcept {
  if (NonBlocking)
    Exempt.insert(Fd);
  else
    Exempt.clear();
}

int controlDescriptor(int Fd, int Cmd, void *Arg) noexcept {
  int R = realFcntl(Fd, Cmd, Arg);
  if (R < 0)
    return R;
  if (Cmd == F_SETFL)
    modeChanged(Fd, reinterpret_cast<std::intptr_t>(Arg) & O_NONBLOCK);
  else if (Cmd == F_DUPFD || Cmd == F_DUPFD_CLOEXEC)
    fresh(R);
  return R;
}
} // namespace

// glibc reads the third argument as a pointer for every command, too.
EXPORT int fcntl(int Fd, int Cmd, ...) {
  va_list Args;
  va_start(Args, Cmd);
  void *Arg = va_arg(Args, void *);
  va_end(Args);
  return controlDescriptor(Fd, Cmd, Arg);
}

// glibc's fcntl64 is the same function under another name.
EXPORT int fcntl64(int Fd, int Cmd, ...) __attribute__((alias("fcntl")));

EXPORT int ioctl(int Fd, unsigned long Request, ...) noexcept {
  REAL(ioctl);
  va_list Args;
  va_start(Args, Request);
  void *Arg = va_arg(Args, void *);
  va_end(Args);
  int R = real_ioctl(Fd, Request, Arg);
  if (R == 0 && Request == FIONBIO && Arg)
    modeChanged(Fd, *static_cast<const int *>(Arg) != 0);
  return R;
}

// --- Name lookup, processes, threads ----------------------------------------

EXPORT int getaddrinfo(const char *Node, const char *Service,
                       const addrinfo *Hints, addrinfo **Res) {
  REAL(getaddrinfo);
  BlockingCall B("getaddrinfo");
  return real_getaddrinfo(Node, Service, Hints, Res);
}

EXPORT int system(const char *Command) {
  REAL(system);
  BlockingCall B("system");
  return real_system(Command);
}

EXPORT FILE *popen(const char *Command, const char *Mode) {
  REAL(popen);
  BlockingCall B("popen");
  return real_popen(Command, Mode);
}

EXPORT pid_t waitpid(pid_t Pid, int *Status, int Options) {
  REAL(waitpid);
  BlockingCall B("waitpid");
  if (Options & WNOHANG)
    B.cancel();
  return real_waitpid(Pid, Status, Options);
}

namespace {
/// A semaphore wait on a busy loop thread: a blocking call when it has to
/// wait (one that finds the count up is not), resumed after the runtime's
/// own signal with the same deadline.
template <typename Call>
__attribute__((noinline)) int semaphoreSlowly(const char *Name, sem_t *S,
                                              Call &&Wait) {
  int SavedErrno = errno;
  if (::sem_trywait(S) == 0)
    return 0;
  errno = SavedErrno;
  BlockingCall B(Name);
  return untilNotSampled(B, Wait);
}

inline bool onBusyLoopThread() noexcept {
  LoopThread *T = currentThread();
  return T && !T->InHook && isBusy(*T);
}
} // namespace

EXPORT int sem_wait(sem_t *S) {
  REAL(sem_wait);
  if (!onBusyLoopThread()) [[likely]]
    return real_sem_wait(S);
  return semaphoreSlowly("sem_wait", S,
                         [&](std::uint64_t) { return real_sem_wait(S); });
}

EXPORT int sem_timedwait(sem_t *S, const timespec *At) {
  REAL(sem_timedwait);
  if (!onBusyLoopThread()) [[likely]]
    return real_sem_timedwait(S, At);
  return semaphoreSlowly("sem_timedwait", S, [&](std::uint64_t) {
    return real_sem_timedwait(S, At);
  });
}

EXPORT int sem_clockwait(sem_t *S, clockid_t Clock, const timespec *At) {
  REAL(sem_clockwait);
  if (!onBusyLoopThread()) [[likely]]
    return real_sem_clockwait(S, Clock, At);
  return semaphoreSlowly("sem_clockwait", S, [&](std::uint64_t) {
    return real_sem_clockwait(S, Clock, At);
  });
}

// --- Signal masks: a loop thread that blocks the sampling signal ----------

namespace {
/// A change of the calling thread's mask through \p Change (the real
/// pthread_sigmask or sigprocmask, which succeed with 0): a loop thread
/// that blocks the sampling signal is blind from before the change, and
/// its mask is read again after it.
template <typename Call>
int changeMask(int How, const sigset_t *Set, Call &&Change) noexcept {
  LoopThread *T = Set ? currentThread() : nullptr;
  if (T)
    maskChanging(*T, How, Set);
  int R = Change();
  if (T && R == 0)
    checkSignalMask(*T);
  return R;
}
} // namespace

EXPORT int pthread_sigmask(int How, const sigset_t *Set, sigset_t *Old) {
  REAL(pthread_sigmask);
  return changeMask(How, Set,
                    [&] { return real_pthread_sigmask(How, Set, Old); });
}

EXPORT int sigprocmask(int How, const sigset_t *Set, sigset_t *Old) {
  REAL(sigprocmask);
  return changeMask(How, Set, [&] { return real_sigprocmask(How, Set, Old); });
}

EXPORT int pthread_join(pthread_t Thread, void **Result) {
  REAL(pthread_join);
  BlockingCall B("pthread_join");
  return real_pthread_join(Thread, Result);
}

// --- Files (COROLINT_RT_FILE_IO=1) ------------------------------------------

namespace {
/// Records an open of a regular file when file I/O is watched. The option
/// is read first: with file I/O off an open costs no stack unwind (servers
/// open files on their loop threads all the time).
class FileOpen {
public:
  FileOpen(const char *Name, const char *Path, int Flags = 0) noexcept
      : Allowed(fileIoEnabled() && fileIoAllowed(Path)),
        // O_NONBLOCK: never blocks on what it may name but a regular file,
        // and regular files are left alone unless file I/O is watched.
        NonBlocking((Flags & O_NONBLOCK) && !fileIoEnabled()),
        Blocking(Name, fileIoEnabled() && !Allowed, fileIoMinNs()) {}
  /// The new descriptor: one of an allowed file (/proc, /sys), or opened
  /// non-blocking, is remembered, so that its reads are not looked at.
  int opened(int Fd) noexcept {
    if (Fd >= 0 && (Allowed || NonBlocking)) {
      Exempt.insert(Fd);
      return Fd;
    }
    return fresh(Fd);
  }

private:
  bool Allowed;
  bool NonBlocking;
  BlockingCall Blocking;
};
} // namespace

EXPORT int open(const char *Path, int Flags, ...) {
  REAL(open);
  mode_t Mode = 0;
  if (Flags & (O_CREAT | O_TMPFILE)) {
    va_list Args;
    va_start(Args, Flags);
    Mode = va_arg(Args, mode_t);
    va_end(Args);
  }
  FileOpen B("open", Path, Flags);
  return B.opened(real_open(Path, Flags, Mode));
}

EXPORT int open64(const char *Path, int Flags, ...) {
  REAL(open64);
  mode_t Mode = 0;
  if (Flags & (O_CREAT | O_TMPFILE)) {
    va_list Args;
    va_start(Args, Flags);
    Mode = va_arg(Args, mode_t);
    va_end(Args);
  }
  FileOpen B("open", Path, Flags);
  return B.opened(real_open64(Path, Flags, Mode));
}

EXPORT int openat(int Dir, const char *Path, int Flags, ...) {
  REAL(openat);
  mode_t Mode = 0;
  if (Flags & (O_CREAT | O_TMPFILE)) {
    va_list Args;
    va_start(Args, Flags);
    Mode = va_arg(Args, mode_t);
    va_end(Args);
  }
  FileOpen B("openat", Path, Flags);
  return B.opened(real_openat(Dir, Path, Flags, Mode));
}

EXPORT FILE *fopen(const char *Path, const char *Mode) {
  REAL(fopen);
  FileOpen B("fopen", Path);
  FILE *F = real_fopen(Path, Mode);
  if (F)
    B.opened(fileno(F));
  return F;
}

EXPORT FILE *fopen64(const char *Path, const char *Mode) {
  REAL(fopen64);
  FileOpen B("fopen", Path);
  FILE *F = real_fopen64(Path, Mode);
  if (F)
    B.opened(fileno(F));
  return F;
}
