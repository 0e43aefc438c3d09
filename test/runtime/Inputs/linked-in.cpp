// A hand-written poll loop with libcorolint-rt linked in (no LD_PRELOAD):
// one tick sleeps, which the runtime must see as a blocking call and a
// stall. Line numbers are referenced by ../linked-in.test.
#include "corolint/runtime.h"
#include <poll.h>
#include <system_error>
#include <unistd.h>

static void tick(int I) {
  if (I == 3)
    usleep(250 * 1000); // LINE-TICK
}

int main() {
  // Started from the environment already: a second start says so, in the
  // host's own error category (the runtime carries a private copy).
  if (corolint::rt::start({}) != std::errc::already_connected)
    return 3;
  for (int I = 0; I < 6; ++I) {
    poll(nullptr, 0, 20); // The loop's wait.
    tick(I);
  }
  // Linked in, the API is at hand too.
  corolint::rt::writeSummary();
  return 0;
}
