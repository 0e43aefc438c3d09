// RUN: %clang_tidy_plugin --checks='-*,corolint-swallowed-cancellation' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A catch-all around a co_await that neither rethrows nor checks for
// cancellation, in a coroutine that carries on afterwards.

#include "mock_task.h"
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <system_error>

team::task<int> read_frame();
void log(const char *);
bool is_cancelled(const std::system_error &);

team::task<> loop_catch_all() {
  for (;;) {
    try {
      co_await read_frame();
      // CHECK: :[[@LINE+2]]:7: warning: handler catches everything around a co_await, including the cancellation delivered there, and the coroutine carries on; rethrow, or check for cancellation and return [corolint-swallowed-cancellation]
      // CHECK: :[[@LINE-2]]:7: note: cancellation arrives as an exception at this suspension point
    } catch (...) {
      log("read failed");
    }
  }
}

team::task<> loop_std_exception() {
  while (true) {
    try {
      co_await read_frame();
      // CHECK: :[[@LINE+1]]:7: warning: handler catches 'std::exception' around a co_await
    } catch (const std::exception &e) {
      log(e.what());
    }
  }
}

team::task<> more_awaits_after() {
  try {
    co_await read_frame();
    // CHECK: :[[@LINE+1]]:5: warning: handler catches 'std::system_error' around a co_await
  } catch (const std::system_error &e) {
    log("ignored");
  }
  co_await read_frame();
}

// no_warning_*: the handler rethrows.
team::task<> no_warning_rethrows() {
  for (;;) {
    try {
      co_await read_frame();
    } catch (...) {
      log("read failed");
      throw;
    }
  }
}

// no_warning_*: the handler checks for cancellation.
team::task<> no_warning_checks_cancellation() {
  for (;;) {
    try {
      co_await read_frame();
    } catch (const std::system_error &e) {
      if (e.code() == std::errc::operation_canceled)
        throw;
      log("retrying");
    }
  }
}

// no_warning_*: the handler leaves the coroutine or the loop.
team::task<> no_warning_handler_exits() {
  for (;;) {
    try {
      co_await read_frame();
    } catch (...) {
      co_return;
    }
  }
}
team::task<> no_warning_handler_breaks() {
  for (;;) {
    try {
      co_await read_frame();
    } catch (const std::exception &) {
      break;
    }
  }
}

// no_warning_*: a specific, non-cancellation exception type.
team::task<> no_warning_specific_type() {
  for (;;) {
    try {
      co_await read_frame();
    } catch (const std::out_of_range &) {
      log("bad frame");
    }
  }
}

// no_warning_*: no suspension inside the try.
team::task<> no_warning_no_await_in_try() {
  for (;;) {
    try {
      log("sync work");
    } catch (...) {
    }
    co_await read_frame();
  }
}

// no_warning_*: the handler ends the coroutine, as Asio's echo sessions do.
team::task<> no_warning_whole_body() {
  try {
    for (;;)
      co_await read_frame();
  } catch (const std::exception &e) {
    std::printf("session: %s\n", e.what());
  }
}

// Cancellation arrives where a coroutine waits. A try block that awaits
// only coroutines of this file which never wait (they compute, throw or
// return) has none to deliver: its handler catches what they throw, as the
// tests of exception propagation do.
team::task<> fails_at_once() {
  throw std::runtime_error("bad input");
  co_return;
}
team::task<int> parse_now(int v) {
  if (v < 0)
    throw std::invalid_argument("negative");
  co_return v;
}
team::task<int> parse_twice(int v) {
  int a = co_await parse_now(v);
  co_return a + co_await parse_now(v);
}
team::task<> no_warning_awaited_coroutines_never_wait(int v) {
  for (;;) {
    try {
      co_await fails_at_once();
    } catch (...) {
    }
    try {
      co_await parse_twice(v);
    } catch (const std::exception &) {
      log("rejected");
    }
    auto local = []() -> team::task<> { co_return; };
    try {
      co_await local();
    } catch (...) {
    }
    co_await read_frame();
  }
}

// The nearest true positive: a coroutine of this file that waits, however
// deep, can be cancelled while it waits.
team::task<int> read_then_parse() {
  co_await read_frame();
  co_return co_await parse_now(1);
}
team::task<> helper_waits() {
  for (;;) {
    try {
      co_await fails_at_once();
      co_await parse_twice(co_await read_then_parse());
      // CHECK: :[[@LINE+2]]:7: warning: handler catches everything around a co_await
      // CHECK: :[[@LINE-2]]:28: note: cancellation arrives as an exception at this suspension point
    } catch (...) {
    }
  }
}
