#include "mock_cppcoro.h"
#include "mock_task.h"

team::task<int> fetch(int id);
cppcoro::task<> flush();
team::task<> other_family();

team::task<> a_coroutine(int n) {
  fetch(1);
  flush();
  for (int i = 0; i < n; flush(), ++i) {
  }
  try {
    co_await fetch(2);
  } catch (...) {
    fetch(3);
  }
  (fetch(4));
  co_return;
}

void ordinary_code() { fetch(5); }
