// A coroutine file as an editor opens it: a task thrown away, a blocking
// call, a lock taken (reported only with FlagMutexLocks), and a coroutine
// that does everything right.
#include "mock_task.h"
#include <mutex>
#include <unistd.h>

team::task<int> fetch(int id);

team::task<> careless(std::mutex &m) {
  fetch(1);
  sleep(1);
  std::lock_guard<std::mutex> g(m);
  co_return;
}

team::task<int> careful() {
  int v = co_await fetch(2);
  co_return v;
}
