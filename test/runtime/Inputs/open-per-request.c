// An open per request on an event-loop thread: each "request" returns from
// epoll_wait (the thread is a busy loop thread) and opens, reads and closes
// a small regular file, as a static file server does. bench/rt-open.sh
// times it with and without the runtime (file I/O not watched, the
// default).
#include <fcntl.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  const char *path = argc > 2 ? argv[2] : "/etc/hostname";
  int ep = epoll_create1(0);
  struct epoll_event ev;
  char buf[256];
  long total = 0;
  for (long i = 0; i < n; ++i) {
    epoll_wait(ep, &ev, 1, 0);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
      return 1;
    total += read(fd, buf, sizeof buf);
    close(fd);
  }
  // Nothing written: a write to a pipe on the loop thread is itself a
  // blocking call, and its stack would count.
  return total < 0;
}
