/* The runtime on event loops that are not Asio, from Debian's libraries:
 * libuv, libevent and GLib. Each runs a timer that fires every 5 ms; in
 * "stall" mode the third tick spins for 150 ms (one stall), in "healthy"
 * mode no tick does (no stall). libuv also hands a 150 ms blocking job to
 * its thread pool, which is the right place for it and no stall.
 * Usage: other-loops uv|event|glib stall|healthy */
#include <event2/event.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

static int Stall;
static int Ticks;
static volatile unsigned long Sink;

static double nowMs(void) {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return T.tv_sec * 1e3 + T.tv_nsec / 1e6;
}

/* The handler every loop runs: returns nonzero when the loop should stop. */
static int tick(void) {
  ++Ticks;
  if (Stall && Ticks == 3) {
    double End = nowMs() + 150;
    while (nowMs() < End) /* LINE-TICK (30, body 31) */
      Sink = Sink + 1;
  }
  return Ticks >= 40;
}

static void uvTick(uv_timer_t *T) {
  if (tick())
    uv_timer_stop(T);
}
static void uvWork(uv_work_t *W) {
  (void)W;
  usleep(150000); /* Blocking, on libuv's thread pool: fine. */
}
static void uvWorkDone(uv_work_t *W, int Status) {
  (void)W;
  (void)Status;
}

static void eventTick(evutil_socket_t Fd, short What, void *Arg) {
  (void)Fd;
  (void)What;
  if (tick())
    event_del((struct event *)Arg);
}

static gboolean glibTick(gpointer Loop) {
  if (!tick())
    return G_SOURCE_CONTINUE;
  g_main_loop_quit(Loop);
  return G_SOURCE_REMOVE;
}

int main(int Argc, char **Argv) {
  if (Argc < 3)
    return 2;
  Stall = !strcmp(Argv[2], "stall");
  if (!strcmp(Argv[1], "uv")) {
    uv_loop_t *Loop = uv_default_loop();
    uv_timer_t Timer;
    uv_timer_init(Loop, &Timer);
    uv_timer_start(&Timer, uvTick, 5, 5);
    uv_work_t Work;
    uv_queue_work(Loop, &Work, uvWork, uvWorkDone);
    uv_run(Loop, UV_RUN_DEFAULT);
  } else if (!strcmp(Argv[1], "event")) {
    struct event_base *Base = event_base_new();
    struct event *Ev = event_new(Base, -1, EV_PERSIST, eventTick, NULL);
    event_assign(Ev, Base, -1, EV_PERSIST, eventTick, Ev);
    struct timeval Every = {0, 5000};
    event_add(Ev, &Every);
    event_base_dispatch(Base);
    event_free(Ev);
    event_base_free(Base);
  } else if (!strcmp(Argv[1], "glib")) {
    GMainLoop *Loop = g_main_loop_new(NULL, FALSE);
    g_timeout_add(5, glibTick, Loop);
    g_main_loop_run(Loop);
    g_main_loop_unref(Loop);
  } else {
    return 2;
  }
  printf("%s: %d ticks\n", Argv[1], Ticks);
  return 0;
}
