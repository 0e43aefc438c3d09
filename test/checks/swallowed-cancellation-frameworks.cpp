// RUN: %clang_tidy_plugin --checks='-*,corolint-swallowed-cancellation' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// What a handler can swallow depends on how the coroutine's library
// delivers cancellation; a handler a test macro wrote is not the user's;
// an error kept with std::current_exception() is not swallowed.

#include "mock_cppcoro.h"
#include "mock_qcoro.h"
#include "mock_test_macros.h"
#include <exception>
#include <stdexcept>
#include <system_error>

namespace cppcoro {
struct operation_cancelled : std::exception {};
} // namespace cppcoro

cppcoro::task<> step();
QCoro::Task<> qstep();
void log(const char *);

// cppcoro cancels with operation_cancelled, a std::exception: catching
// std::exception swallows it...
cppcoro::task<> cppcoro_catches_std_exception() {
  for (;;) {
    try {
      co_await step();
      // CHECK: :[[@LINE+1]]:7: warning: handler catches 'std::exception' around a co_await
    } catch (const std::exception &) {
      log("step failed");
    }
  }
}

// no_warning_*: ...catching std::runtime_error or std::system_error, which
// operation_cancelled is not, lets cancellation through.
cppcoro::task<> no_warning_cppcoro_catches_runtime_error() {
  for (;;) {
    try {
      co_await step();
    } catch (const std::runtime_error &) {
      log("step failed");
    } catch (const std::system_error &) {
      log("step failed");
    }
  }
}

// no_warning_*: QCoro never delivers cancellation as an exception.
QCoro::Task<> no_warning_qcoro_catch_all() {
  for (;;) {
    try {
      co_await qstep();
    } catch (...) {
      log("step failed");
    }
  }
}

// The same catch-all written by the user is reported...
cppcoro::task<> user_written_catch_all() {
  try {
    co_await step();
    // CHECK: :[[@LINE+1]]:5: warning: handler catches everything around a co_await
  } catch (...) {
  }
  co_await step();
}

// no_warning_*: ...but not when a test assertion macro from a header
// wrote it around the awaited expression.
cppcoro::task<> no_warning_assertion_macro() {
  MOCK_CHECK_THROWS(co_await step());
  co_await step();
}

// no_warning_*: the error is kept and rethrown after cleanup.
cppcoro::task<> no_warning_kept_for_later() {
  std::exception_ptr ex;
  try {
    co_await step();
  } catch (...) {
    ex = std::current_exception();
  }
  co_await step();
  if (ex)
    std::rethrow_exception(ex);
}

// no_warning_*: catching the cancellation by its own name is handling it:
// the accept loop ends and the coroutine cleans up.
cppcoro::task<> no_warning_catches_the_cancellation_by_name() {
  try {
    for (;;)
      co_await step();
  } catch (const cppcoro::operation_cancelled &) {
  }
  co_await step();
}
