/* The signalfd server shape: a loop thread that blocks every signal, from
 * the start ("early") or once it runs ("late"), and stalls three times. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>

static double nowMs(void) {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return T.tv_sec * 1e3 + T.tv_nsec / 1e6;
}

static volatile unsigned long Sink;

int main(int Argc, char **Argv) {
  int Late = Argc > 1 && !strcmp(Argv[1], "late");
  sigset_t All;
  sigfillset(&All);
  if (!Late)
    sigprocmask(SIG_BLOCK, &All, NULL);
  int Sfd = signalfd(-1, &All, SFD_CLOEXEC);
  int Ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event E = {.events = EPOLLIN};
  epoll_ctl(Ep, EPOLL_CTL_ADD, Sfd, &E);
  for (int I = 0; I < 3; ++I) {
    epoll_wait(Ep, &E, 1, 20);
    if (Late && I == 0)
      pthread_sigmask(SIG_BLOCK, &All, NULL);
    double End = nowMs() + 150;
    while (nowMs() < End)
      Sink = Sink + 1;
  }
  epoll_wait(Ep, &E, 1, 20);
  printf("stalled 3 times\n");
  return 0;
}
