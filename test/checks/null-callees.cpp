// RUN: %clang_tidy_plugin --checks='-*,corolint-*' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not="{{warning|error}}:"

// Calls with no direct callee, in loops and coroutines, for every check:
// through a pointer to member function, a function pointer, a pseudo
// destructor, a dependent call, and inside unevaluated operands. Each once
// crashed or could crash a check that assumed a callee.

#include "mock_task.h"
#include <vector>

struct S {
  void f();
};
void g(S &s, void (S::*p)(), const std::vector<int> &v) {
  for (int x : v) {
    (void)x;
    (s.*p)();
  }
}

using fn = team::task<> (*)(int);
template <typename T> void destroy(T *t) { t->~T(); }

team::task<> coroutine_calls(fn f, S &s, void (S::*p)(),
                             const std::vector<int> &v) {
  for (int x : v) {
    co_await f(x);
    (s.*p)();
    destroy(&x);
  }
  int i = 0;
  destroy(&i);
  using I = int;
  (&i)->~I();
  (void)sizeof((s.*p)(), 0);
  co_return;
}

template <typename T> team::task<> dependent(T t, const std::vector<int> &v) {
  for (int x : v)
    co_await t.run(x);
}
