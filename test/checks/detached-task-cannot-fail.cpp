// RUN: %clang_tidy_plugin --checks='-*,corolint-detached-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A started task whose body can have no failure loses nothing when its
// outcome is ignored: it throws nothing and only synchronises (a lock, a
// yield) or awaits coroutines that do the same.

#include "mock_async_simple.h"
#include <stdexcept>

using async_simple::Try;
using async_simple::coro::Lazy;

Lazy<int> fetch(int key); // Elsewhere: I/O that may fail.

// no_warning_*: the task only takes a lock, directly and through a helper
// coroutine of this file, and counts.
void no_warning_only_synchronises(async_simple::coro::SpinLock &spin,
                                  int &counter) {
  auto locked = [&]() -> Lazy<> { co_await spin.coLock(); };
  auto add_one = [&]() -> Lazy<> {
    co_await locked();
    ++counter;
    spin.unlock();
  };
  add_one().start([](Try<void>) {});
  auto no_awaits = [&]() -> Lazy<> {
    ++counter;
    co_return;
  };
  no_awaits().start([](Try<void>) {});
}

// The task awaits an operation that may fail: its failure is lost.
void awaits_io(async_simple::coro::SpinLock &spin) {
  auto job = [&]() -> Lazy<> {
    co_await spin.coLock();
    co_await fetch(1);
  };
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of the spawned lambda
  job().start([](Try<void>) {});
}

// The task throws: its failure is lost.
void throws(int &counter) {
  auto job = [&]() -> Lazy<> {
    if (counter < 0)
      throw std::runtime_error("negative");
    ++counter;
    co_return;
  };
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of the spawned lambda
  job().start([](Try<void>) {});
}
