// RUN: %clang_tidy_plugin --quiet %s \
// RUN:   --checks='-*,corolint-missing-timeout,corolint-lock-across-await,corolint-stale-read-across-await,corolint-swallowed-cancellation' \
// RUN:   -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// The deadline and shared-state checks against the real Boost.Asio 1.81
// headers.

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

asio::awaitable<void> read_without_deadline(tcp::socket &sock) {
  char data[128];
  // CHECK: :[[@LINE+1]]:12: warning: 'async_read_some' waits on the other party (read) with no deadline
  co_await sock.async_read_some(asio::buffer(data), asio::use_awaitable);
}

asio::awaitable<void> no_warning_raced_with_timer(tcp::socket &sock) {
  char data[128];
  asio::steady_timer timer(sock.get_executor());
  timer.expires_after(5s);
  co_await (sock.async_read_some(asio::buffer(data), asio::use_awaitable) ||
            timer.async_wait(asio::use_awaitable));
}

// A readiness wait is I/O too; raced against a timer it is bounded.
asio::awaitable<void> wait_readable_without_deadline(tcp::socket &sock) {
  // CHECK: :[[@LINE+1]]:12: warning: 'async_wait' waits on the other party (readiness wait) with no deadline
  co_await sock.async_wait(tcp::socket::wait_read, asio::use_awaitable);
}
asio::awaitable<void> no_warning_wait_raced(tcp::socket &sock) {
  asio::steady_timer timer(sock.get_executor());
  timer.expires_after(5s);
  co_await (sock.async_wait(tcp::socket::wait_read, asio::use_awaitable) ||
            timer.async_wait(asio::use_awaitable));
}

// A pacing timer beside the transfer (`&&` runs both to the end) does not
// bound it; throttling_proxy's shape.
asio::awaitable<void> produce_tokens(asio::steady_timer &timer) {
  for (;;) {
    timer.expires_after(100ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
}
asio::awaitable<void> transfer(tcp::socket &from) {
  char data[128];
  for (;;)
    // CHECK: :[[@LINE+1]]:14: warning: 'async_read_some' waits on the other party (read) with no deadline
    co_await from.async_read_some(asio::buffer(data), asio::use_awaitable);
}
asio::awaitable<void> throttled(tcp::socket &from, asio::steady_timer &timer) {
  co_await (produce_tokens(timer) && transfer(from));
}

// Asio's own timeout example: the session runs next to a watchdog.
using time_point = std::chrono::steady_clock::time_point;
asio::awaitable<void> echo(tcp::socket &sock, time_point &deadline) {
  char data[128];
  for (;;) {
    deadline = std::chrono::steady_clock::now() + 10s;
    auto n = co_await sock.async_read_some(asio::buffer(data), asio::use_awaitable);
    co_await asio::async_write(sock, asio::buffer(data, n), asio::use_awaitable);
  }
}
asio::awaitable<void> watchdog(time_point &deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto now = std::chrono::steady_clock::now();
  while (deadline > now) {
    timer.expires_at(deadline);
    co_await timer.async_wait(asio::use_awaitable);
    now = std::chrono::steady_clock::now();
  }
  throw boost::system::system_error(asio::error::timed_out);
}
asio::awaitable<void> no_warning_handle_connection(tcp::socket sock) {
  time_point deadline{};
  co_await (echo(sock, deadline) && watchdog(deadline));
}

// A parallel group waited on for one: the timer's completion cancels the
// read. Waited on for all, nothing cancels it.
asio::awaitable<void> no_warning_group_race(tcp::socket &sock,
                                            asio::steady_timer &timer) {
  char data[64];
  timer.expires_after(5s);
  co_await asio::experimental::make_parallel_group(
      sock.async_read_some(asio::buffer(data), asio::deferred),
      timer.async_wait(asio::deferred))
      .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
}
asio::awaitable<void> group_for_all(tcp::socket &sock,
                                    asio::steady_timer &timer) {
  char data[64];
  co_await asio::experimental::make_parallel_group(
      // CHECK: :[[@LINE+1]]:7: warning: 'async_read_some' waits on the other party (read) with no deadline
      sock.async_read_some(asio::buffer(data), asio::deferred),
      timer.async_wait(asio::deferred))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
}

std::mutex mu;
int served;
asio::awaitable<void> lock_and_state(tcp::socket &sock) {
  // CHECK: :[[@LINE+1]]:31: warning: 'lock' holds 'std::mutex' across a suspension point
  std::lock_guard<std::mutex> lock(mu);
  int n = served;
  co_await asio::async_write(sock, asio::buffer("x", 1), asio::use_awaitable);
  // CHECK: :[[@LINE-1]]:3: note: the coroutine suspends here with the lock held
  // CHECK: :[[@LINE+1]]:3: warning: 'served' is written from 'n', which was read before a co_await
  served = n + 1;
}

asio::awaitable<void> retry_loop(tcp::socket &sock) {
  char data[16];
  for (;;) {
    try {
      co_await asio::async_read(sock, asio::buffer(data), asio::use_awaitable);
      // CHECK: :[[@LINE-1]]:16: warning: 'async_read' waits on the other party (read) with no deadline
      // CHECK: :[[@LINE+1]]:7: warning: handler catches 'boost::system::system_error' around a co_await, including the cancellation delivered there, and the coroutine carries on
    } catch (const boost::system::system_error &e) {
      std::printf("retrying: %s\n", e.what());
    }
  }
}

asio::awaitable<void> no_warning_checks_operation_aborted(tcp::socket &sock,
                                                          asio::steady_timer &t) {
  for (;;) {
    try {
      co_await t.async_wait(asio::use_awaitable);
    } catch (const boost::system::system_error &e) {
      if (e.code() == asio::error::operation_aborted)
        co_return;
    }
  }
}
