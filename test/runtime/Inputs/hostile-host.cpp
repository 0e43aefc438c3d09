// Programs that are hard on a runtime living inside them: each mode does
// one thing a real daemon or server does, and prints what it saw, so that
// the driver (hostile-host.py) can compare it with and without the runtime.
//
// A loop thread is made the way the runtime recognises one (it waits in
// epoll_wait), then makes blocking calls that the runtime records.

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <pthread.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

/// Waits once in epoll_wait (the runtime registers the thread), then is
/// busy: every usleep after this is a blocking call on a loop thread.
void becomeLoopThread() {
  int Ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_event E;
  epoll_wait(Ep, &E, 1, 0);
  close(Ep);
}

void blockingCalls(int N, useconds_t Each = 200) {
  for (int I = 0; I < N; ++I)
    usleep(Each);
}

/// Calls that return at once: the runtime spends most of the thread's
/// time writing their records.
void recordStorm() { blockingCalls(1, 0); }

int closeAllThenWrite() {
  // A daemon: close every descriptor past stderr, then open the data file
  // (it gets the lowest free number) and write to it while blocking calls
  // are recorded.
  becomeLoopThread();
  rlimit L{};
  getrlimit(RLIMIT_NOFILE, &L);
  for (int Fd = 3; Fd < static_cast<int>(L.rlim_cur) && Fd < 65536; ++Fd)
    close(Fd);
  const char *Path = std::getenv("HOSTILE_DATA");
  int Data = open(Path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  for (int I = 0; I < 50; ++I) {
    blockingCalls(2);
    dprintf(Data, "host line %d\n", I);
  }
  // Take the runtime's number too, if it can be found, and write there.
  for (int Fd = 3; Fd < 1024; ++Fd)
    if (Fd != Data && fcntl(Fd, F_GETFD) != -1) {
      dup2(Data, Fd);
      blockingCalls(5);
      dprintf(Fd, "host line via %d\n", 0);
      break;
    }
  close(Data);
  std::printf("done\n");
  return 0;
}

int sleepsWithBadArguments() {
  becomeLoopThread();
  errno = 0;
  int A = nanosleep(nullptr, nullptr);
  int ErrA = errno;
  int B = clock_nanosleep(CLOCK_MONOTONIC, 0, nullptr, nullptr);
  timespec Bad{0, 2000000000L};
  int C = nanosleep(&Bad, nullptr);
  int ErrC = errno;
  std::printf("nanosleep(NULL) = %d errno %d; clock_nanosleep(NULL) = %d; "
              "nanosleep(bad) = %d errno %d\n",
              A, ErrA, B, C, ErrC);
  return 0;
}

volatile sig_atomic_t Stop = 0;

int exitFromSignalHandler() {
  // Worker loop threads write records as fast as they can; the main thread
  // is killed by a signal whose handler calls exit() (not async-signal-
  // safe, but common), which runs the runtime's destructor.
  std::signal(SIGUSR1, [](int) { std::exit(3); });
  std::vector<std::thread> Workers;
  for (int I = 0; I < 4; ++I)
    Workers.emplace_back([] {
      becomeLoopThread();
      for (;;)
        recordStorm();
    });
  // The handler runs on a worker, most likely in the middle of the
  // runtime's record.
  usleep(20000);
  pthread_kill(Workers[1].native_handle(), SIGUSR1);
  for (;;)
    pause();
}

int forkWhileWriting() {
  std::vector<std::thread> Workers;
  for (int I = 0; I < 4; ++I)
    Workers.emplace_back([] {
      becomeLoopThread();
      while (!Stop)
        recordStorm();
    });
  int Ok = 0;
  for (int I = 0; I < 40; ++I) {
    pid_t P = fork();
    if (P == 0) {
      // The child exits through the runtime's destructor (the summary),
      // and becomes a loop thread of its own first.
      becomeLoopThread();
      blockingCalls(2);
      std::exit(0);
    }
    int Status = 0;
    waitpid(P, &Status, 0);
    Ok += WIFEXITED(Status) && WEXITSTATUS(Status) == 0;
  }
  Stop = 1;
  for (std::thread &T : Workers)
    T.join();
  std::printf("children ok: %d\n", Ok);
  return 0;
}

int vforkExec() {
  becomeLoopThread();
  int Ok = 0;
  for (int I = 0; I < 40; ++I) {
    pid_t P = vfork();
    if (P == 0) {
      execl("/bin/true", "true", static_cast<char *>(nullptr));
      _exit(127);
    }
    int Status = 0;
    waitpid(P, &Status, 0);
    Ok += WIFEXITED(Status) && WEXITSTATUS(Status) == 0;
  }
  std::printf("exec ok: %d\n", Ok);
  return 0;
}

/// A blocking call under \p Depth frames of this program: long records.
__attribute__((noinline)) void deepCall(int Depth) {
  if (Depth > 0) {
    deepCall(Depth - 1);
    asm volatile("" ::: "memory"); // Not a tail call.
    return;
  }
  blockingCalls(5);
}

int manyThreads() {
  // 64 loop threads, named with multi-byte characters that the kernel cuts
  // at 15 bytes, writing records at once (to a pipe, when the report is
  // one: records must not interleave).
  std::vector<std::thread> Workers;
  for (int I = 0; I < 64; ++I)
    Workers.emplace_back([] {
      pthread_setname_np(pthread_self(), "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
                                         "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4");
      becomeLoopThread();
      deepCall(80);
    });
  for (std::thread &T : Workers)
    T.join();
  std::printf("threads done\n");
  return 0;
}

int untilKilled() {
  std::vector<std::thread> Workers;
  for (int I = 0; I < 4; ++I)
    Workers.emplace_back([] {
      becomeLoopThread();
      for (;;)
        blockingCalls(1);
    });
  std::printf("running\n");
  std::fflush(stdout);
  for (;;)
    pause();
}

} // namespace

int main(int Argc, char **Argv) {
  std::string Mode = Argc > 1 ? Argv[1] : "";
  if (Mode == "close-all")
    return closeAllThenWrite();
  if (Mode == "bad-sleep")
    return sleepsWithBadArguments();
  if (Mode == "exit-in-handler")
    return exitFromSignalHandler();
  if (Mode == "fork")
    return forkWhileWriting();
  if (Mode == "vfork")
    return vforkExec();
  if (Mode == "threads")
    return manyThreads();
  if (Mode == "until-killed")
    return untilKilled();
  if (Mode == "plain") {
    becomeLoopThread();
    blockingCalls(10);
    std::printf("plain\n");
    return 0;
  }
  std::fprintf(stderr, "unknown mode '%s'\n", Mode.c_str());
  return 2;
}
