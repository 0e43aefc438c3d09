// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Work handed off through the translation unit's own functions, and
// coroutines that only ever run on a pool, are not on the loop's thread.

#include "mock_libcoro.h"
#include <chrono>
#include <thread>
#include <unistd.h>

// A helper that runs its callback on a thread of its own...
template <typename Callback> void on_a_thread(int x, Callback &&callback) {
  std::thread([callback = static_cast<Callback &&>(callback), x]() mutable {
    callback(x);
  }).detach();
}
// ...and one that passes it on to that helper.
template <typename Callback> void via_helper(Callback &&callback) {
  on_a_thread(1, static_cast<Callback &&>(callback));
}
// A helper that calls its callback in place.
template <typename Callback> void in_place(Callback &&callback) {
  callback(2);
}

// no_warning_*: the callback runs on the helper's thread, directly or
// through a second helper.
coro::task<> no_warning_helper_starts_a_thread() {
  on_a_thread(1, [](int) { usleep(10); });
  via_helper([](int) { usleep(10); });
  co_return;
}

// The same callback given to a helper that calls it in place blocks.
coro::task<> helper_calls_in_place() {
  // CHECK: :[[@LINE+1]]:3: warning: 'in_place' blocks the thread of coroutine 'helper_calls_in_place' through a call to 'usleep'
  in_place([](int) { usleep(10); });
  co_return;
}

// no_warning_*: coroutines started on the pool, or called only after the
// caller moved onto it, run on pool threads.
void no_warning_pool_tasks(coro::thread_pool &tp) {
  auto long_task = []() -> coro::task<> {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    co_return;
  };
  auto t = long_task();
  tp.resume(t.handle());
  auto joined = []() -> coro::task<> {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    co_return;
  };
  tp.spawn_joinable(joined());
  auto sleeper = []() -> coro::task<> {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    co_return;
  };
  auto on_pool = [&]() -> coro::task<> {
    co_await tp.schedule();
    co_await sleeper();
  };
}

// A coroutine awaited before the hop still runs on the caller's thread.
void awaited_before_the_hop(coro::thread_pool &tp) {
  auto sleeper = []() -> coro::task<> {
    // CHECK: :[[@LINE+1]]:5: warning: 'sleep_for' blocks the thread of a coroutine lambda
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    co_return;
  };
  auto caller = [&]() -> coro::task<> {
    co_await sleeper();
    co_await tp.schedule();
  };
}
