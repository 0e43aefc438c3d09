// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A lazy task thrown away at the end of its statement never runs, in a
// coroutine or in ordinary code alike.

#include "mock_cppcoro.h"
#include "mock_task.h"
#include <utility>
#include <vector>

team::task<int> fetch(int id);
cppcoro::task<> flush();

void from_ordinary_code() {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'fetch' is discarded without being awaited, so its body never runs; co_await it or start it [corolint-unawaited-task]
  fetch(1);
}

cppcoro::task<> from_a_coroutine() {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'flush' is discarded without being awaited
  flush();
  co_await flush();
}

void cast_to_void() {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'fetch' is cast to void without being awaited, so its body never runs; co_await it or start it (AllowCastToVoid accepts the cast)
  (void)fetch(2);
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'fetch' is cast to void
  static_cast<void>(fetch(3));
}

void lambda_coroutine_called_and_dropped() {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by the lambda is discarded
  [](int x) -> team::task<> { co_await fetch(x); }(4);
}

void comma_and_loop_increment(int n) {
  // CHECK: :[[@LINE+1]]:26: warning: task returned by 'flush' is discarded
  for (int i = 0; i < n; flush(), ++i) {
  }
}

// no_warning_*: a task returned to the caller.
team::task<int> no_warning_returned() { return fetch(5); }

// no_warning_*: awaited, directly and through co_return.
cppcoro::task<> no_warning_awaited() {
  co_await fetch(6);
  co_await cppcoro::when_all(fetch(7), flush());
}

// no_warning_*: a task passed to when_all.
cppcoro::task<> no_warning_when_all() {
  co_await cppcoro::when_all(fetch(8), fetch(9));
}

// no_warning_*: a task stored in a member.
struct worker {
  team::task<int> pending;
  void no_warning_member() { pending = fetch(10); }
};

// no_warning_*: a task moved into a container that is later awaited.
cppcoro::task<> no_warning_container() {
  std::vector<team::task<int>> jobs;
  jobs.push_back(fetch(11));
  jobs.emplace_back(fetch(12));
  for (auto &j : jobs)
    co_await j;
}

// no_warning_*: a task created inside a macro that awaits it.
#define CO_TRY(expr) co_await (expr)
cppcoro::task<> no_warning_macro() { CO_TRY(fetch(13)); }

// no_warning_*: a reference to a task is not a new task.
team::task<int> &current();
void no_warning_reference() { current(); }

// no_warning_*: ordinary calls that return no task.
int compute();
void no_warning_plain() { compute(); }

// Templates report once, at the written location.
template <typename T> void dropper(T id) {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'fetch' is discarded
  fetch(static_cast<int>(id));
}
void instantiate() {
  dropper(1);
  dropper(2L);
  dropper('c');
}
