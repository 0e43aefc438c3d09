#include "mock_task.h"
#include <mutex>
#include <unistd.h>

team::task<int> fetch(int id);

void nap() { sleep(1); }

team::task<> careless(std::mutex &m) {
  fetch(1);
  nap();
  std::lock_guard<std::mutex> g(m);
  co_await fetch(2);
}
