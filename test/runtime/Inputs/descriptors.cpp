// Scenarios for the runtime's descriptor cache and its bare watchdog
// thread, on a hand-written poll loop (the first poll makes this thread a
// loop thread; after it returns the thread is busy).
//   single-threaded  the watchdog is not a thread in glibc's eyes
//   watchdog-fds     the watchdog holds none of the program's descriptors
//                    (only the report), not even those it was started with
//   fcntl-blocking   a socket cached as non-blocking, made blocking again
//                    with fcntl: its blocking recv is still seen
//   ioctl-blocking   the same with ioctl(FIONBIO)
//   reused           a non-blocking socket closed, its number reused by a
//                    blocking one: the blocking recv is still seen
//   sites            a harmless blocking call 3000 times a second and nine
//                    planted ones among them: the rate limit is per site
//   files            opens of /proc, of a file elsewhere, and reads of both
//   killed           the harmless site for 1.5 s, then death by SIGTERM
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/single_threaded.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <thread>
#include <time.h>
#include <unistd.h>

static void loopTurn() {
  pollfd None{};
  poll(&None, 0, 1); // Waits, returns: the thread is a busy loop thread.
}

static void setNonBlocking(int Fd, bool On, bool Ioctl) {
  if (Ioctl) {
    int Value = On;
    ioctl(Fd, FIONBIO, &Value);
  } else {
    int Flags = fcntl(Fd, F_GETFL);
    fcntl(Fd, F_SETFL, On ? Flags | O_NONBLOCK : Flags & ~O_NONBLOCK);
  }
}

// A pause that is no blocking call of the runtime's: the raw system call.
static void pause(long Millis) {
  timespec T{0, Millis * 1000000};
  syscall(SYS_nanosleep, &T, nullptr);
}

// recv on a blocking socket whose data comes 50 ms later (the writer is
// detached: joining it would be a blocking call of its own).
static long recvLate(int Fd, int Peer) {
  std::thread([Peer] {
    usleep(50000);
    (void)!write(Peer, "x", 1);
  }).detach();
  char Byte;
  return recv(Fd, &Byte, 1, 0);
}

// The frequent, harmless site and the rare planted one.
static void yieldOften() { usleep(0); }
static void plantedSleep() { usleep(1000); }

int main(int Argc, char **Argv) {
  const char *What = Argc > 1 ? Argv[1] : "";
  int S[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, S);
  loopTurn();
  pause(20); // The watchdog starts at the first loop wait.
  if (!std::strcmp(What, "single-threaded")) {
    std::printf("single-threaded: %d\n", __libc_single_threaded ? 1 : 0);
  } else if (!std::strcmp(What, "watchdog-fds")) {
    // The watchdog has a table of its own; list it for every other task.
    DIR *Tasks = opendir("/proc/self/task");
    while (dirent *Task = readdir(Tasks)) {
      if (Task->d_name[0] == '.' || atoi(Task->d_name) == gettid())
        continue;
      std::string Dir = std::string("/proc/self/task/") + Task->d_name + "/fd";
      int Count = 0;
      DIR *Fds = opendir(Dir.c_str());
      while (dirent *Fd = readdir(Fds))
        Count += Fd->d_name[0] != '.';
      closedir(Fds);
      std::printf("task %s: %d descriptors\n",
                  Task->d_name == std::to_string(getpid()) ? "main" : "other",
                  Count);
    }
    closedir(Tasks);
  } else if (!std::strcmp(What, "fcntl-blocking") ||
             !std::strcmp(What, "ioctl-blocking")) {
    bool Ioctl = What[0] == 'i';
    setNonBlocking(S[0], true, Ioctl);
    char Byte;
    loopTurn();
    std::printf("non-blocking recv: %ld\n", (long)recv(S[0], &Byte, 1, 0));
    setNonBlocking(S[0], false, Ioctl);
    std::printf("blocking recv: %ld\n", recvLate(S[0], S[1]));
  } else if (!std::strcmp(What, "reused")) {
    int Fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    char Byte;
    loopTurn();
    recv(Fd, &Byte, 1, 0); // Cached as non-blocking.
    close(Fd);
    int Pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, Pair); // Takes the number again.
    std::printf("reused: %d\n", Pair[0] == Fd || Pair[1] == Fd);
    int Reused = Pair[0] == Fd ? Pair[0] : Pair[1];
    int Peer = Pair[0] == Fd ? Pair[1] : Pair[0];
    std::printf("blocking recv: %ld\n", recvLate(Reused, Peer));
  } else if (!std::strcmp(What, "sites")) {
    for (int I = 0; I < 9; ++I) {
      for (int J = 0; J < 300; ++J)
        yieldOften();
      plantedSleep();
      loopTurn();
    }
  } else if (!std::strcmp(What, "killed")) {
    timespec Start, Now;
    clock_gettime(CLOCK_MONOTONIC, &Start);
    do {
      yieldOften();
      clock_gettime(CLOCK_MONOTONIC, &Now);
    } while (Now.tv_sec - Start.tv_sec < 2 &&
             (Now.tv_sec - Start.tv_sec) * 1000 +
                     (Now.tv_nsec - Start.tv_nsec) / 1000000 <
                 1500);
    std::fflush(stdout);
    raise(SIGTERM);
  } else if (!std::strcmp(What, "files")) {
    char Buf[64];
    int Proc = open("/proc/self/stat", O_RDONLY);
    std::printf("proc read: %d\n", read(Proc, Buf, sizeof(Buf)) > 0);
    close(Proc);
    int Elsewhere = open(Argv[2], O_RDONLY | O_NONBLOCK); // As lighttpd.
    std::printf("file read: %ld\n", (long)read(Elsewhere, Buf, sizeof(Buf)));
    close(Elsewhere);
  }
  return 0;
}
