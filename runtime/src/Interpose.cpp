//===--- Interpose.cpp - The libc calls libcorolint-rt watches ------------===//
//
// Each wrapper finds the real function with dlsym(RTLD_NEXT) on first use.
// Waits mark a loop thread idle; blocking calls on a busy loop thread are
// recorded with their stack. A thread that is not a loop thread pays one
// thread-local load per call.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <dlfcn.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/// A wait of the loop: the thread is idle while it lasts. On a loop thread,
/// a wait of another kind than its loop's, with a timeout, is a blocking
/// call instead (Asio's blocking emulation polls one socket).
class Wait {
public:
  Wait(WaitKind Kind, const char *Name, bool MayBlock) noexcept {
    LoopThread *T = currentThread();
    if (!T) {
      if (!running() || !(T = registerThread(Kind)))
        return;
    }
    if (T->InHook || T->InWait)
      return;
    if (T->Kind == WaitKind::None) // Registered by the handler hooks.
      T->Kind = Kind;
    if (T->Kind == Kind) {
      Thread = T;
      beginIdle(*T);
    } else if (MayBlock) {
      Blocking.emplace(Name);
    }
  }
  ~Wait() {
    if (Thread)
      endIdle(*Thread);
  }

private:
  std::optional<BlockingCall> Blocking;
  LoopThread *Thread = nullptr;
};

/// A condition-variable wait on a loop thread is idle time: Asio parks the
/// threads that are not running its reactor there.
class Park {
public:
  Park() noexcept {
    LoopThread *T = currentThread();
    if (T && !T->InHook && !T->InWait) {
      Thread = T;
      beginIdle(*T);
    }
  }
  ~Park() {
    if (Thread)
      endIdle(*Thread);
  }

private:
  LoopThread *Thread = nullptr;
};

/// Whether \p Fd would block a read or write: a blocking socket, pipe or
/// terminal, or (with file I/O on) a regular file.
bool blocksOn(int Fd) noexcept {
  int Flags = ::fcntl(Fd, F_GETFL);
  if (Flags < 0 || (Flags & O_NONBLOCK))
    return false;
  struct stat St;
  if (::fstat(Fd, &St) != 0)
    return false;
  if (S_ISREG(St.st_mode) || S_ISDIR(St.st_mode) || S_ISBLK(St.st_mode))
    return fileIoEnabled();
  return true;
}

/// Records a descriptor call only when the descriptor is blocking.
/// The descriptor is checked before the stack is taken: loops call these
/// on non-blocking descriptors all the time.
class DescriptorCall {
public:
  DescriptorCall(const char *Name, int Fd, bool DontWait = false) noexcept {
    LoopThread *T = currentThread();
    if (!T || T->InHook || !isBusy(*T) || DontWait || !blocksOn(Fd))
      return;
    Blocking.emplace(Name);
  }

private:
  std::optional<BlockingCall> Blocking;
};

/// recv/recvfrom: try without waiting first, so the common case (a
/// non-blocking socket, or data already there) costs no extra system call;
/// only a call that would wait looks at the descriptor.
template <typename Call>
ssize_t receive(const char *Name, int Fd, int Flags, Call &&Recv) noexcept {
  LoopThread *T = currentThread();
  if (!T || T->InHook || !isBusy(*T) || (Flags & MSG_DONTWAIT))
    return Recv(Flags);
  ssize_t N = Recv(Flags | MSG_DONTWAIT);
  if (N >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) || !blocksOn(Fd))
    return N;
  BlockingCall B(Name);
  return Recv(Flags);
}

} // namespace

#define EXPORT extern "C" __attribute__((visibility("default")))

// --- Loop waits -----------------------------------------------------------

EXPORT int epoll_wait(int Epfd, epoll_event *Events, int Max, int Timeout) {
  REAL(epoll_wait);
  Wait W(WaitKind::Epoll, "epoll_wait", Timeout != 0);
  return real_epoll_wait(Epfd, Events, Max, Timeout);
}

EXPORT int epoll_pwait(int Epfd, epoll_event *Events, int Max, int Timeout,
                       const sigset_t *Mask) {
  REAL(epoll_pwait);
  Wait W(WaitKind::Epoll, "epoll_pwait", Timeout != 0);
  return real_epoll_pwait(Epfd, Events, Max, Timeout, Mask);
}

EXPORT int epoll_pwait2(int Epfd, epoll_event *Events, int Max,
                        const timespec *Timeout, const sigset_t *Mask) {
  REAL(epoll_pwait2);
  Wait W(WaitKind::Epoll, "epoll_pwait2",
         !Timeout || Timeout->tv_sec || Timeout->tv_nsec);
  return real_epoll_pwait2(Epfd, Events, Max, Timeout, Mask);
}

EXPORT int poll(pollfd *Fds, nfds_t N, int Timeout) {
  REAL(poll);
  Wait W(WaitKind::Poll, "poll", Timeout != 0);
  return real_poll(Fds, N, Timeout);
}

EXPORT int ppoll(pollfd *Fds, nfds_t N, const timespec *Timeout,
                 const sigset_t *Mask) {
  REAL(ppoll);
  Wait W(WaitKind::Poll, "ppoll",
         !Timeout || Timeout->tv_sec || Timeout->tv_nsec);
  return real_ppoll(Fds, N, Timeout, Mask);
}

EXPORT int select(int N, fd_set *R, fd_set *W, fd_set *E, timeval *Timeout) {
  REAL(select);
  Wait Wt(WaitKind::Select, "select",
          !Timeout || Timeout->tv_sec || Timeout->tv_usec);
  return real_select(N, R, W, E, Timeout);
}

EXPORT int pselect(int N, fd_set *R, fd_set *W, fd_set *E,
                   const timespec *Timeout, const sigset_t *Mask) {
  REAL(pselect);
  Wait Wt(WaitKind::Select, "pselect",
          !Timeout || Timeout->tv_sec || Timeout->tv_nsec);
  return real_pselect(N, R, W, E, Timeout, Mask);
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
  Wait W(WaitKind::IoUring, "io_uring_enter", MinComplete != 0);
  return R(Fd, Submit, MinComplete, Flags, Sig);
}

// --- Idle parking ---------------------------------------------------------

EXPORT int pthread_cond_wait(pthread_cond_t *C, pthread_mutex_t *M) {
  static decltype(&::pthread_cond_wait) Real = nullptr;
  auto R = resolveVersion(Real, "pthread_cond_wait", "GLIBC_2.3.2");
  Park P;
  return R(C, M);
}

EXPORT int pthread_cond_timedwait(pthread_cond_t *C, pthread_mutex_t *M,
                                  const timespec *At) {
  static decltype(&::pthread_cond_timedwait) Real = nullptr;
  auto R = resolveVersion(Real, "pthread_cond_timedwait", "GLIBC_2.3.2");
  Park P;
  return R(C, M, At);
}

EXPORT int pthread_cond_clockwait(pthread_cond_t *C, pthread_mutex_t *M,
                                  clockid_t Clock, const timespec *At) {
  REAL(pthread_cond_clockwait);
  Park P;
  return real_pthread_cond_clockwait(C, M, Clock, At);
}

// --- Sleeps ---------------------------------------------------------------

namespace {
unsigned samplesSoFar() noexcept {
  LoopThread *T = currentThread();
  return T ? T->Samples.load(std::memory_order_relaxed) : 0;
}

/// Whether a sleep returned early only because the runtime sampled the
/// thread; it is then resumed, as if the signal had never come.
bool interruptedBySample(int Result, unsigned Before) noexcept {
  return Result != 0 && errno == EINTR && samplesSoFar() != Before;
}
} // namespace

EXPORT int nanosleep(const timespec *Req, timespec *Rem) {
  REAL(nanosleep);
  BlockingCall B("nanosleep");
  timespec Left = *Req, Spare;
  timespec *Out = Rem ? Rem : &Spare;
  for (;;) {
    unsigned Before = samplesSoFar();
    int R = real_nanosleep(&Left, Out);
    if (!interruptedBySample(R, Before))
      return R;
    Left = *Out;
  }
}

EXPORT int clock_nanosleep(clockid_t Clock, int Flags, const timespec *Req,
                           timespec *Rem) {
  REAL(clock_nanosleep);
  BlockingCall B("clock_nanosleep");
  timespec Left = *Req, Spare;
  timespec *Out = Rem ? Rem : &Spare;
  for (;;) {
    unsigned Before = samplesSoFar();
    // clock_nanosleep returns the error instead of setting errno.
    int R = real_clock_nanosleep(Clock, Flags, &Left, Out);
    if (R != EINTR || samplesSoFar() == Before)
      return R;
    if (!(Flags & TIMER_ABSTIME))
      Left = *Out;
  }
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
  for (;;) {
    unsigned Before = samplesSoFar();
    int R = real_nanosleep(&Left, &Left);
    if (!interruptedBySample(R, Before))
      return R;
  }
}

// --- Descriptors ----------------------------------------------------------

EXPORT int connect(int Fd, const sockaddr *Addr, socklen_t Len) {
  REAL(connect);
  DescriptorCall B("connect", Fd);
  return real_connect(Fd, Addr, Len);
}

EXPORT int accept(int Fd, sockaddr *Addr, socklen_t *Len) {
  REAL(accept);
  DescriptorCall B("accept", Fd);
  return real_accept(Fd, Addr, Len);
}

EXPORT int accept4(int Fd, sockaddr *Addr, socklen_t *Len, int Flags) {
  REAL(accept4);
  DescriptorCall B("accept4", Fd);
  return real_accept4(Fd, Addr, Len, Flags);
}

EXPORT ssize_t recv(int Fd, void *Buf, size_t N, int Flags) {
  REAL(recv);
  return receive("recv", Fd, Flags,
                 [&](int F) { return real_recv(Fd, Buf, N, F); });
}

EXPORT ssize_t recvfrom(int Fd, void *Buf, size_t N, int Flags,
                        sockaddr *Addr, socklen_t *Len) {
  REAL(recvfrom);
  return receive("recvfrom", Fd, Flags, [&](int F) {
    return real_recvfrom(Fd, Buf, N, F, Addr, Len);
  });
}

EXPORT ssize_t read(int Fd, void *Buf, size_t N) {
  REAL(read);
  DescriptorCall B("read", Fd);
  return real_read(Fd, Buf, N);
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

EXPORT int pthread_join(pthread_t Thread, void **Result) {
  REAL(pthread_join);
  BlockingCall B("pthread_join");
  return real_pthread_join(Thread, Result);
}

// --- Files (COROLINT_RT_FILE_IO=1) ------------------------------------------

namespace {
/// Records an open of a regular file when file I/O is watched.
class FileOpen {
public:
  explicit FileOpen(const char *Name) noexcept : Blocking(Name) {
    if (Blocking.active() && !fileIoEnabled())
      Blocking.cancel();
  }

private:
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
  FileOpen B("open");
  return real_open(Path, Flags, Mode);
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
  FileOpen B("open");
  return real_open64(Path, Flags, Mode);
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
  FileOpen B("openat");
  return real_openat(Dir, Path, Flags, Mode);
}

EXPORT FILE *fopen(const char *Path, const char *Mode) {
  REAL(fopen);
  FileOpen B("fopen");
  return real_fopen(Path, Mode);
}

EXPORT FILE *fopen64(const char *Path, const char *Mode) {
  REAL(fopen64);
  FileOpen B("fopen");
  return real_fopen64(Path, Mode);
}
