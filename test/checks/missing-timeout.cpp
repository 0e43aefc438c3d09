// RUN: %clang_tidy_plugin --checks='-*,corolint-missing-timeout' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A co_await on an operation that waits on the other party needs a
// deadline in effect.

#include "mock_asio.h"
#include <chrono>

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

asio::awaitable<void> read_forever(tcp::socket &sock) {
  char data[64];
  // CHECK: :[[@LINE+1]]:12: warning: 'async_read_some' waits on the other party (read) with no deadline, so a peer that never answers holds this coroutine forever; race it against a timer: co_await (op || timer.async_wait(use_awaitable)) with the awaitable operators [corolint-missing-timeout]
  co_await sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable);
  // CHECK: :[[@LINE+1]]:12: warning: 'async_read' waits on the other party (read) with no deadline
  co_await asio::async_read(sock, asio::buffer(data, 64), asio::use_awaitable);
}

asio::awaitable<void> connect_forever(tcp::socket &sock, tcp::endpoint ep) {
  // CHECK: :[[@LINE+1]]:12: warning: 'async_connect' waits on the other party (connect) with no deadline
  co_await sock.async_connect(ep, asio::use_awaitable);
}

// A readiness wait waits for the peer just like a read.
asio::awaitable<void> wait_readable_forever(tcp::socket &sock) {
  // CHECK: :[[@LINE+1]]:12: warning: 'async_wait' waits on the other party (readiness wait) with no deadline
  co_await sock.async_wait(asio::socket_base::wait_read, asio::use_awaitable);
}

// no_warning_*: the same wait raced against a timer, and a timer's own
// async_wait, which is the deadline.
asio::awaitable<void> no_warning_wait_raced(tcp::socket &sock,
                                            asio::steady_timer &t) {
  co_await (sock.async_wait(asio::socket_base::wait_read, asio::use_awaitable) ||
            t.async_wait(asio::use_awaitable));
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> beast_read_without_expiry(beast::tcp_stream &stream) {
  char buf[64];
  beast::http::request req;
  // CHECK: :[[@LINE+1]]:12: warning: 'async_read' waits on the other party (HTTP message) with no deadline, so a peer that never answers holds this coroutine forever; set a deadline first: beast::get_lowest_layer(stream).expires_after(30s)
  co_await beast::http::async_read(stream, buf, req, asio::use_awaitable);
}

// no_warning_*: raced against a timer with ||.
asio::awaitable<void> no_warning_raced(tcp::socket &sock, asio::steady_timer &t) {
  char data[64];
  co_await (sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable) ||
            t.async_wait(asio::use_awaitable));
}

// A parallel group waited on for one: the first to finish cancels the
// other, so a timer in the group bounds the read. Waited on for all, both
// run to the end and nothing cancels the read.
asio::awaitable<void> no_warning_group_race(tcp::socket &sock,
                                            asio::steady_timer &t) {
  char data[64];
  co_await asio::experimental::make_parallel_group(
      sock.async_read_some(asio::buffer(data, 64), asio::deferred),
      t.async_wait(asio::deferred))
      .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
}
asio::awaitable<void> group_waits_for_all(tcp::socket &sock,
                                          asio::steady_timer &t) {
  char data[64];
  co_await asio::experimental::make_parallel_group(
      // CHECK: :[[@LINE+1]]:7: warning: 'async_read_some' waits on the other party (read) with no deadline
      sock.async_read_some(asio::buffer(data, 64), asio::deferred),
      t.async_wait(asio::deferred))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
}

// A pacing timer is not a watchdog: `&&` runs both to the end, and nothing
// cancels the transfer (Asio's throttling_proxy example).
asio::awaitable<void> pace(asio::steady_timer &t) {
  for (;;)
    co_await t.async_wait(asio::use_awaitable);
}
asio::awaitable<void> paced_transfer(tcp::socket &sock) {
  char data[64];
  for (;;)
    // CHECK: :[[@LINE+1]]:14: warning: 'async_read_some' waits on the other party (read) with no deadline
    co_await sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable);
}
asio::awaitable<void> throttled(tcp::socket &sock, asio::steady_timer &t) {
  co_await (paced_transfer(sock) && pace(t));
}
asio::awaitable<void> paced_in_place(tcp::socket &sock, asio::steady_timer &t) {
  char data[64];
  // CHECK: :[[@LINE+1]]:13: warning: 'async_read_some' waits on the other party (read) with no deadline
  co_await (sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable) &&
            t.async_wait(asio::use_awaitable));
}

// no_warning_*: run next to a watchdog coroutine, as Asio's timeout example.
asio::awaitable<void> watchdog(asio::steady_timer &t) {
  co_await t.async_wait(asio::use_awaitable);
  throw 1;
}
asio::awaitable<void> guarded_echo(tcp::socket &sock) {
  char data[64];
  for (;;)
    co_await sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable);
}
asio::awaitable<void> no_warning_handle_connection(tcp::socket &sock,
                                                   asio::steady_timer &t) {
  co_await (guarded_echo(sock) && watchdog(t));
}
// no_warning_*: a watchdog that closes the socket when its timer fires
// ends the read as surely as one that throws.
asio::awaitable<void> closing_watchdog(asio::steady_timer &t,
                                       tcp::socket &sock) {
  co_await t.async_wait(asio::use_awaitable);
  sock.close();
}
asio::awaitable<void> echo_closed_on_time(tcp::socket &sock) {
  char data[64];
  for (;;)
    co_await sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable);
}
asio::awaitable<void> no_warning_closed_on_time(tcp::socket &sock,
                                                asio::steady_timer &t) {
  co_await (echo_closed_on_time(sock) && closing_watchdog(t, sock));
}
// A coroutine that waits on a timer and touches the socket otherwise is
// no watchdog: the read beside it still needs a deadline.
asio::awaitable<void> idle_then_wait(asio::steady_timer &t,
                                     tcp::socket &sock) {
  co_await t.async_wait(asio::use_awaitable);
  char ping[1] = {0};
  co_await sock.async_write_some(asio::buffer(ping, 1), asio::use_awaitable);
}
asio::awaitable<void> echo_beside_pacer(tcp::socket &sock) {
  char data[64];
  for (;;)
    // CHECK: :[[@LINE+1]]:14: warning: 'async_read_some' waits on the other party (read) with no deadline
    co_await sock.async_read_some(asio::buffer(data, 64), asio::use_awaitable);
}
asio::awaitable<void> not_closed(tcp::socket &sock, asio::steady_timer &t) {
  co_await (echo_beside_pacer(sock) && idle_then_wait(t, sock));
}

// no_warning_*: Beast's stream with a deadline set earlier, also through
// get_lowest_layer, and by the caller that passes the stream in.
asio::awaitable<void> no_warning_beast_expires(beast::tcp_stream &stream) {
  char buf[64];
  beast::http::request req;
  stream.expires_after(30s);
  co_await beast::http::async_read(stream, buf, req, asio::use_awaitable);
  beast::get_lowest_layer(stream).expires_after(30s);
  co_await stream.async_read_some(asio::buffer(buf, 64), asio::use_awaitable);
}
asio::awaitable<void> session_body(beast::tcp_stream &stream) {
  char buf[64];
  beast::http::request req;
  co_await beast::http::async_read(stream, buf, req, asio::use_awaitable);
}
asio::awaitable<void> no_warning_caller_sets_deadline(beast::tcp_stream &stream) {
  stream.expires_after(30s);
  co_await session_body(stream);
}

// no_warning_*: writes, timer waits and accepting are not listed.
asio::awaitable<void> no_warning_unlisted(tcp::socket &sock, asio::steady_timer &t) {
  char data[64];
  co_await sock.async_write_some(asio::buffer(data, 64), asio::use_awaitable);
  co_await t.async_wait(asio::use_awaitable);
}
