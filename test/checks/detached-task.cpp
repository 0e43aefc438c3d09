// RUN: %clang_tidy_plugin --checks='-*,corolint-detached-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Boost.Asio: co_spawn with `detached`, or with a handler that ignores the
// exception_ptr, loses the coroutine's failure.

#include "mock_asio.h"
#include <cstdio>
#include <exception>
#include <stdexcept>

namespace asio = boost::asio;

// Defined elsewhere: it may fail.
asio::awaitable<void> listener();

asio::awaitable<void> guarded_session() {
  try {
    co_await listener();
  } catch (const std::exception &e) {
    std::printf("session: %s\n", e.what());
  }
}

void spawn_detached(asio::io_context &io) {
  // CHECK: :[[@LINE+2]]:3: warning: 'listener' is spawned detached, so an exception it throws is lost and nobody learns that it stopped; pass a completion handler that rethrows or logs the std::exception_ptr, or catch the coroutine's failures around its whole body [corolint-detached-task]
  // CHECK: :[[@LINE+1]]:34: note: the completion token drops the outcome here
  asio::co_spawn(io, listener(), asio::detached);
}

void spawn_lambda_detached(asio::io_context &io) {
  // CHECK: :[[@LINE+1]]:3: warning: the spawned lambda is spawned detached
  asio::co_spawn(io, []() -> asio::awaitable<void> { co_await listener(); }, asio::detached);
  // CHECK: :[[@LINE-1]]:78: note: the completion token drops the outcome here
}

void handler_ignores_exception(asio::io_context &io) {
  // CHECK: :[[@LINE+2]]:3: warning: the completion handler of 'co_spawn' ignores the outcome of 'listener', so its failure is lost; pass a completion handler
  // CHECK: :[[@LINE+1]]:37: note: the outcome 'std::exception_ptr' is never read
  asio::co_spawn(io, listener(), [](std::exception_ptr) {});
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'co_spawn' ignores the outcome of 'listener'
  asio::co_spawn(io, listener(), [](std::exception_ptr e) { std::puts("done"); });
}

// no_warning_*: a handler that checks, rethrows or stores the exception.
std::exception_ptr last_error;
void no_warning_handler_checks(asio::io_context &io) {
  asio::co_spawn(io, listener(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  asio::co_spawn(io, listener(), [](std::exception_ptr e) { last_error = e; });
  asio::co_spawn(io, listener(), [](auto e) {
    if (e)
      std::puts("failed");
  });
}

// no_warning_*: the spawned coroutine catches its failures around its whole
// body, as Asio's and Beast's example sessions do.
void no_warning_session_handles_failures(asio::io_context &io) {
  asio::co_spawn(io, guarded_session(), asio::detached);
  asio::co_spawn(io, [] { return guarded_session(); }, asio::detached);
  asio::co_spawn(io, []() -> asio::awaitable<void> {
    try {
      co_await listener();
    } catch (...) {
      std::puts("failed");
    }
  }, asio::detached);
}

// no_warning_*: a completion token that delivers the outcome.
void no_warning_use_awaitable(asio::io_context &io) {
  asio::co_spawn(io, listener(), asio::use_awaitable);
}

// A catch for one specific type does not cover the body.
asio::awaitable<void> narrow_session() {
  try {
    co_await listener();
  } catch (int) {
  }
}
void spawn_narrow(asio::io_context &io) {
  // CHECK: :[[@LINE+1]]:3: warning: 'narrow_session' is spawned detached
  asio::co_spawn(io, narrow_session(), asio::detached);
  // CHECK: :[[@LINE-1]]:40: note: the completion token drops the outcome here
}
