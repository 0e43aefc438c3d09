// RUN: %clang_tidy_plugin --checks='-*,corolint-swallowed-cancellation' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A handler as the coroutine's last statement ends it normally: the
// cancellation still ends this coroutine, but as a return. A caller that
// awaits it and carries on takes the cancellation for success. A
// coroutine only spawned as a top-level task is what a catch-all around
// the whole body is for (detached-task asks for it).

#include "mock_asio.h"
#include <exception>
#include <stdexcept>

namespace asio = boost::asio;
void log(const char *);

asio::awaitable<void> wait_a_bit(asio::steady_timer &t) {
  try {
    co_await t.async_wait(asio::use_awaitable);
    // CHECK: :[[@LINE+2]]:5: warning: handler catches 'std::exception' around a co_await, including the cancellation delivered there, and coroutine 'wait_a_bit' then returns normally, so a caller that awaits it carries on as if nothing was cancelled; rethrow, or check for cancellation and rethrow it [corolint-swallowed-cancellation]
    // CHECK: :[[@LINE-2]]:5: note: cancellation arrives as an exception at this suspension point
  } catch (const std::exception &e) {
    log(e.what());
  }
}

asio::awaitable<void> next_step();

asio::awaitable<void> retry(asio::steady_timer &t) {
  // CHECK: :[[@LINE+1]]:3: note: 'retry' awaits 'wait_a_bit' here and carries on after it
  co_await wait_a_bit(t);
  co_await next_step();
}

// In a loop, the caller carries on with the next iteration.
asio::awaitable<void> poll_forever(asio::steady_timer &t) {
  try {
    co_await t.async_wait(asio::use_awaitable);
    // CHECK: :[[@LINE+2]]:5: warning: handler catches everything around a co_await, including the cancellation delivered there, and coroutine 'poll_forever' then returns normally
    // CHECK: :[[@LINE-2]]:5: note: cancellation arrives as an exception at this suspension point
  } catch (...) {
  }
}
asio::awaitable<void> ticker(asio::steady_timer &t) {
  for (;;)
    // CHECK: :[[@LINE+1]]:5: note: 'ticker' awaits 'poll_forever' here and carries on after it
    co_await poll_forever(t);
}

// no_warning_*: a top-level task, only spawned: nobody awaits it.
asio::awaitable<void> session(asio::steady_timer &t) {
  try {
    co_await t.async_wait(asio::use_awaitable);
  } catch (const std::exception &e) {
    log(e.what());
  }
}
void start(asio::io_context &io, asio::steady_timer &t) {
  asio::co_spawn(io, session(t), asio::use_awaitable);
}

// no_warning_*: the caller's await is its last: it ends too.
asio::awaitable<void> tail_wait(asio::steady_timer &t) {
  try {
    co_await t.async_wait(asio::use_awaitable);
  } catch (const std::exception &e) {
    log(e.what());
  }
}
asio::awaitable<void> finish(asio::steady_timer &t) {
  log("finishing");
  co_await tail_wait(t);
}

// no_warning_*: the handler rethrows; the caller sees the cancellation.
asio::awaitable<void> wait_and_rethrow(asio::steady_timer &t) {
  try {
    co_await t.async_wait(asio::use_awaitable);
  } catch (const std::exception &e) {
    log(e.what());
    throw;
  }
}
asio::awaitable<void> careful(asio::steady_timer &t) {
  co_await wait_and_rethrow(t);
  co_await next_step();
}
