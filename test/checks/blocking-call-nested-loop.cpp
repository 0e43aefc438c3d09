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

// Nested loops in the other frameworks' spellings: a customisation-point
// object (folly's blockingWait is an object whose call operator runs the
// loop), QCoro's waitFor, Qt Test's waits.
#include "mock_folly.h"
#include "mock_qcoro.h"

folly::coro::Task<int> count();
folly::coro::Task<> folly_nested(folly::SemiFuture<int> fut) {
  // CHECK: :[[@LINE+1]]:11: warning: 'blockingWait' runs a nested event loop on the thread of coroutine 'folly_nested'; co_await the task instead
  int n = folly::coro::blockingWait(count());
  // CHECK: :[[@LINE+1]]:3: warning: 'SemiFuture::get' blocks the thread of coroutine 'folly_nested'; co_await the future instead
  std::move(fut).get();
  (void)n;
  co_return;
}

QCoro::Task<int> fetch();
QCoro::Task<> qt_nested() {
  // CHECK: :[[@LINE+1]]:11: warning: 'waitFor' runs a nested event loop on the thread of coroutine 'qt_nested'; co_await the task instead
  int v = QCoro::waitFor(fetch());
  // CHECK: :[[@LINE+1]]:3: warning: 'qWait' runs a nested event loop on the thread of coroutine 'qt_nested'; co_await QCoro::sleepFor instead of spinning a nested event loop
  QTest::qWait(100);
  // CHECK: :[[@LINE+1]]:3: warning: 'qWaitFor' runs a nested event loop on the thread of coroutine 'qt_nested'; co_await the signal or the operation instead of spinning a nested event loop
  QTest::qWaitFor([] { return true; });
  (void)v;
  co_return;
}

// no_warning_*: the same object's other uses, and a test body (not a
// coroutine) waiting for its coroutine, are what the waits are for.
void test_body() {
  folly::coro::blockingWait(count());
  QCoro::waitFor(fetch());
  QTest::qWait(10);
}
