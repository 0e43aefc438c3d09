// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// asyncio.run() inside a running loop, in C++.

#include "mock_asio.h"
#include "mock_cppcoro.h"

cppcoro::task<> work();

cppcoro::task<> nested(boost::asio::io_context &io) {
  // CHECK: :[[@LINE+1]]:3: warning: 'sync_wait' runs a nested event loop on the thread of coroutine 'nested'; co_await the task instead [corolint-blocking-call]
  cppcoro::sync_wait(work());
  // CHECK: :[[@LINE+1]]:3: warning: 'io_context::run' runs a nested event loop on the thread of coroutine 'nested'; co_await the operation instead of running the io_context from inside it
  io.run();
  co_return;
}

// no_warning_*: running the loop from main is what it is for.
int main() {
  boost::asio::io_context io;
  cppcoro::sync_wait(work());
  return io.run();
}

// no_warning_*: a coroutine started beside the work in when_all that only
// runs the io_service is the loop's driver, not a loop nested in another.
int drives_the_loop(cppcoro::io_service &io) {
  cppcoro::sync_wait(cppcoro::when_all(
      work(), [&]() -> cppcoro::task<> {
        io.process_events();
        co_return;
      }()));
  return 0;
}

// The same call in a coroutine beside the work that also suspends is a
// nested loop: it holds the thread the awaits resume on.
int awaits_then_runs_the_loop(cppcoro::io_service &io) {
  cppcoro::sync_wait(cppcoro::when_all(
      work(), [&]() -> cppcoro::task<> {
        co_await work();
        // CHECK: :[[@LINE+1]]:9: warning: 'io_service::process_events' runs a nested event loop on the thread of a coroutine lambda
        io.process_events();
      }()));
  return 0;
}
