// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A generator is not a task: nobody has to await it, and not iterating it
// loses nothing. A task dropped on purpose says so; a path that a test
// macro's failure branch takes is not the user's.

#include "mock_generator.h"
#include "mock_task.h"
#include "mock_test_macros.h"

team::task<int> fetch(int id);
gen::generator<int> numbers();
bool ready();

// The task next to the generator: still reported.
void lazy_task_discarded() {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'fetch' is discarded without being awaited
  fetch(1);
}

// no_warning_*: a generator created and never iterated, or iterated by
// hand: its iterator shares the generator's promise type.
void no_warning_generator_discarded() { numbers(); }
int no_warning_generator_iterated_by_hand() {
  auto g = numbers();
  int sum = 0;
  for (auto it = g.begin(), end = g.end(); it != end; ++it)
    sum += *it;
  const auto first = g.begin();
  return sum;
}

// A local task dropped on the user's own early return is reported...
team::task<> dropped_on_early_return() {
  // CHECK: :[[@LINE+1]]:8: warning: task 'job' is awaited or handed on along some paths but destroyed unawaited along others
  auto job = fetch(2);
  if (!ready())
    co_return;
  // CHECK: :[[@LINE-1]]:5: note: 'job' is destroyed here, never awaited
  co_await job;
}

// no_warning_*: ...but not on the early return a test macro from a header
// writes for a failed check.
team::task<> no_warning_macro_bail_out() {
  auto job = fetch(3);
  MOCK_CO_VERIFY(ready());
  co_await job;
}

// no_warning_*: dropped on purpose, and said so.
void no_warning_maybe_unused() {
  [[maybe_unused]] auto job = fetch(4);
}
void no_warning_cast_to_void() {
  auto job = fetch(5);
  (void)job;
}

// A coroutine with no work to lose (it only co_returns a parameter or a
// constant), as tests of a task's parameter and result lifetimes create
// and destroy unstarted: nothing is lost by never running it.
struct counted {
  counted();
  counted(const counted &);
  counted(counted &&);
  ~counted();
};
void no_warning_body_without_work() {
  auto f = [](counted c) -> team::task<counted> { co_return c; };
  auto g = [](counted) -> team::task<> { co_return; };
  auto h = []() -> team::task<int> { co_return 42; };
  {
    auto t = f(counted{});
  }
  counted c;
  auto u = g(c);
  h();
}

// The nearest true positive: a body that does work, even a little.
void log_line(const char *);
int fetch_count();
void body_with_work() {
  auto f = [](counted c) -> team::task<counted> {
    log_line("copied");
    co_return c;
  };
  // CHECK: :[[@LINE+1]]:8: warning: task 't' is destroyed without being awaited, so the body of the lambda never runs
  auto t = f(counted{});
  auto g = []() -> team::task<int> { co_return fetch_count(); };
  // CHECK: :[[@LINE+1]]:3: warning: task returned by the lambda is discarded without being awaited
  g();
}
