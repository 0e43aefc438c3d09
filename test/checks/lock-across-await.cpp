// RUN: %clang_tidy_plugin --checks='-*,corolint-lock-across-await' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A thread mutex held across a suspension point: RAII guards and manual
// locks, with the await anywhere in the held region.

#include "mock_coro_mutex.h"
#include "mock_task.h"
#include <mutex>
#include <shared_mutex>

team::task<int> fetch();
struct value_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 1; }
};
value_awaiter fetch_value();
std::mutex mu;
std::shared_mutex rw;
int shared_value;

team::task<> guard_then_await() {
  // CHECK: :[[@LINE+1]]:31: warning: 'lock' holds 'std::mutex' across a suspension point; a coroutine on this thread that takes it meanwhile blocks the thread for good, and resuming on another thread unlocks it from the wrong one; release it before the co_await or use an asynchronous mutex [corolint-lock-across-await]
  std::lock_guard<std::mutex> lock(mu);
  co_await fetch();
  // CHECK: :[[@LINE-1]]:3: note: the coroutine suspends here with the lock held
}

team::task<> await_in_initializer() {
  // clang-tidy's misc-coroutine-hostile-raii misses this one (llvm #72793).
  // CHECK: :[[@LINE+1]]:20: warning: 'lock' holds 'std::mutex' across a suspension point
  std::scoped_lock lock(mu);
  int v = co_await fetch_value();
  // CHECK: :[[@LINE-1]]:11: note: the coroutine suspends here with the lock held
  shared_value = v;
}

team::task<> await_in_condition_and_return() {
  // CHECK: :[[@LINE+1]]:39: warning: 'lock' holds 'std::shared_mutex' across a suspension point
  std::shared_lock<std::shared_mutex> lock(rw);
  if (co_await fetch_value())
    co_return;
}

team::task<int> await_in_co_return() {
  // CHECK: :[[@LINE+1]]:32: warning: 'lock' holds 'std::mutex' across a suspension point
  std::unique_lock<std::mutex> lock(mu);
  co_return co_await fetch();
}

team::task<> manual_lock() {
  // CHECK: :[[@LINE+1]]:3: warning: 'mu' is locked across a suspension point; a coroutine on this thread that takes it meanwhile blocks the thread for good, and resuming on another thread unlocks it from the wrong one; unlock it before the co_await or use an asynchronous mutex
  mu.lock();
  co_await fetch();
  mu.unlock();
}

struct account {
  std::mutex m;
  int balance = 0;
  team::task<> member_mutex() {
    // CHECK: :[[@LINE+1]]:33: warning: 'g' holds 'std::mutex' across a suspension point
    std::lock_guard<std::mutex> g(m);
    balance += co_await fetch_value();
  }
};

// no_warning_*: the lock is released before the await.
team::task<> no_warning_unlocked_first() {
  std::unique_lock<std::mutex> lock(mu);
  ++shared_value;
  lock.unlock();
  co_await fetch();
}

// no_warning_*: an inner scope ends the guard before the await.
team::task<> no_warning_inner_scope() {
  {
    std::lock_guard<std::mutex> lock(mu);
    ++shared_value;
  }
  co_await fetch();
}

// no_warning_*: manual unlock before the await.
team::task<> no_warning_manual_unlock() {
  mu.lock();
  ++shared_value;
  mu.unlock();
  co_await fetch();
}

// no_warning_*: a deferred lock is not held.
team::task<> no_warning_defer_lock() {
  std::unique_lock<std::mutex> lock(mu, std::defer_lock);
  co_await fetch();
}

// no_warning_*: asynchronous mutexes are made for this.
cppcoro::async_mutex amu;
folly::coro::Mutex fmu;
team::task<> no_warning_async_mutex() {
  auto held = co_await amu.scoped_lock_async();
  co_await fetch();
  std::unique_lock<folly::coro::Mutex> lock(fmu);
  co_await fetch();
}

// no_warning_*: a lock in ordinary code, or in a lambda defined here.
void no_warning_plain_function() {
  std::lock_guard<std::mutex> lock(mu);
  ++shared_value;
}
team::task<> no_warning_lambda() {
  auto bump = [] {
    std::lock_guard<std::mutex> lock(mu);
    ++shared_value;
  };
  bump();
  co_await fetch();
}
