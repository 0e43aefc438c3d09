// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Work handed to another thread is not on the coroutine's thread.

#include "mock_asio.h"
#include "mock_cppcoro.h"
#include <algorithm>
#include <functional>
#include <future>
#include <thread>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;

// no_warning_*: a lambda posted to a thread pool runs on the pool.
asio::awaitable<void> no_warning_thread_pool(asio::thread_pool &pool) {
  asio::post(pool, [] { sleep(1); });
  asio::post(pool.get_executor(), [] { sleep(1); });
  co_return;
}

// no_warning_*: std::thread and std::jthread run their callable elsewhere.
asio::awaitable<void> no_warning_std_thread() {
  std::thread t([] { sleep(1); });
  t.detach();
  std::jthread j([] { usleep(1); });
  co_return;
}

// no_warning_*: std::async with launch::async (or the default policy).
asio::awaitable<void> no_warning_std_async() {
  auto a = std::async(std::launch::async, [] { sleep(1); return 1; });
  auto b = std::async([] { sleep(1); return 2; });
  co_return;
}

// no_warning_*: a lambda defined in the coroutine but run elsewhere.
asio::awaitable<void> no_warning_lambda_run_elsewhere(asio::thread_pool &pool) {
  auto work = [] { sleep(1); };
  std::thread t(work);
  t.detach();
  asio::post(pool, work);
  std::function<void()> later = [] { sleep(2); };
  std::vector<std::function<void()>> queue;
  queue.push_back([] { sleep(3); });
  co_return;
}

// no_warning_*: a coroutine spawned onto a thread pool runs there.
void spawn_on_pool(asio::thread_pool &pool) {
  asio::co_spawn(pool, []() -> asio::awaitable<void> {
    sleep(1);
    co_return;
  }, asio::detached);
}

// no_warning_*: after `co_await pool.schedule()` the coroutine is on the pool.
cppcoro::task<> no_warning_rescheduled(cppcoro::static_thread_pool &tp) {
  co_await tp.schedule();
  sleep(1);
}

// But posting to the loop's own executor runs on the loop thread.
asio::awaitable<void> posts_to_loop(asio::io_context &io) {
  // CHECK: :[[@LINE+1]]:23: warning: 'sleep' blocks the thread of coroutine 'posts_to_loop'
  asio::post(io, [] { sleep(1); });
  co_return;
}

// A lambda called in place, or by an algorithm, runs inline.
asio::awaitable<void> inline_lambdas(std::vector<int> v) {
  auto f = [] { usleep(1); };
  // CHECK: :[[@LINE+1]]:3: warning: the lambda called here blocks the thread of coroutine 'inline_lambdas' through a call to 'usleep'
  f();
  // CHECK: :[[@LINE+1]]:47: note: 'usleep' is called here too
  std::for_each(v.begin(), v.end(), [](int) { usleep(2); });
  co_return;
}
