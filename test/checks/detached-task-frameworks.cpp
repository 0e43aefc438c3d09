// RUN: %clang_tidy_plugin --checks='-*,corolint-detached-task' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// folly, async_simple, Seastar, libcoro and QCoro: each framework's way of
// starting work that nobody observes, and its way of observing it.

#include "mock_async_simple.h"
#include "mock_folly.h"
#include "mock_libcoro.h"
#include "mock_qcoro.h"
#include "mock_seastar.h"
#include "mock_task.h"
#include <chrono>
#include <cstdio>
#include <utility>
#include <exception>

folly::coro::Task<> fold(int);
async_simple::coro::Lazy<> lazy_job();
coro::task<> libcoro_job();
QCoro::Task<> qcoro_job();

// folly: the SemiFuture returned by start()/semi() is the only observer.
void folly_start(folly::Executor *ex) {
  // CHECK: :[[@LINE+1]]:3: warning: the future returned by 'start' is discarded while its work runs on, so a failure is observed by no one; keep and await it, or own the work in a task scope [corolint-detached-task]
  fold(1).scheduleOn(ex).start();
  // CHECK: :[[@LINE+1]]:3: warning: the future returned by 'semi' is discarded
  fold(2).semi();
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of 'fold'
  fold(3).scheduleOn(ex).start([](folly::Try<void> &&) {});
}

// no_warning_*: folly work observed through its future, a callback that
// reads the Try, or an AsyncScope.
void no_warning_folly(folly::Executor *ex, folly::coro::AsyncScope &scope) {
  auto f = fold(4).scheduleOn(ex).start();
  fold(5).scheduleOn(ex).start([](folly::Try<void> &&t) {
    if (t.hasException())
      std::puts("fold failed");
  });
  scope.add(fold(6).scheduleOn(ex));
}

// async_simple: start() with a callback that ignores its Try.
void async_simple_start() {
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of 'lazy_job'
  lazy_job().start([](async_simple::Try<void>) {});
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of 'lazy_job'
  lazy_job().start([](auto &&) {});
}

// no_warning_*: the callback examines the Try.
void no_warning_async_simple() {
  lazy_job().start([](async_simple::Try<void> t) {
    if (t.hasError())
      std::puts("lazy_job failed");
  });
}

// Seastar: a discarded future, also through (void).
void seastar_discard() {
  using namespace std::chrono_literals;
  // CHECK: :[[@LINE+1]]:3: warning: the future returned by 'sleep' is discarded
  (void)seastar::sleep(10ms);
  // CHECK: :[[@LINE+1]]:3: warning: the future returned by 'sleep' is discarded
  seastar::sleep(20ms);
}

// no_warning_*: a Seastar future that is kept.
seastar::future<> no_warning_seastar() {
  using namespace std::chrono_literals;
  co_await seastar::sleep(30ms);
  auto f = seastar::sleep(40ms);
  co_await std::move(f);
}

// libcoro: spawn() is fire-and-forget.
coro::task<> guarded() {
  try {
    co_await libcoro_job();
  } catch (...) {
    std::puts("libcoro_job failed");
  }
}
void libcoro_spawn(coro::thread_pool &tp) {
  // CHECK: :[[@LINE+1]]:3: warning: 'spawn' runs 'libcoro_job' fire-and-forget, so an exception it throws is lost; co_await tp.schedule(task) instead, or catch the task's failures around its whole body
  tp.spawn(libcoro_job());
  tp.spawn(guarded()); // Catches its own failures: fine.
}

// An eager task type no profile accepts as fire-and-forget.
namespace team {
template <typename T = void> struct eager {
  struct promise_type {
    eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
} // namespace team
team::eager<> kick_off();
void eager_discard() {
  // CHECK: :[[@LINE+1]]:3: warning: the task returned by 'kick_off' is already running and is discarded, so a failure is observed by no one
  kick_off();
}

// no_warning_*: an eager task whose promise rethrows or terminates on an
// unhandled exception keeps no failure to lose: it leaves through the call
// that runs the body, or ends the program (a tutorial's toy promise).
namespace team {
struct rethrowing {
  struct promise_type {
    rethrowing get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
};
struct terminate_base {
  void unhandled_exception() { std::terminate(); }
};
struct terminating {
  struct promise_type : terminate_base {
    terminating get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
  };
};
} // namespace team
team::rethrowing rethrows();
team::terminating terminates();
void no_warning_failure_escapes() {
  rethrows();
  terminates();
}

// no_warning_*: QCoro documents discarding its eager Task as fire-and-forget.
void no_warning_qcoro() { qcoro_job(); }

// no_warning_*: a lazy task is unawaited-task's concern, not this check's.
team::task<> lazy();
void no_warning_lazy() { lazy(); }
