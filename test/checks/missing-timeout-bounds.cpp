// RUN: %clang_tidy_plugin --checks='-*,corolint-missing-timeout' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Deadlines carried by the operation's own arguments or by the object it
// is called on, and peers on the local machine.

#include "mock_asio.h"
#include "mock_libcoro.h"
#include <chrono>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

// The operation without one: reported.
asio::awaitable<void> plain_read(tcp::socket &s, asio::mutable_buffer b) {
  // CHECK: :[[@LINE+1]]:12: warning: 'async_read_some' waits on the other party (read) with no deadline
  co_await s.async_read_some(b, asio::use_awaitable);
}

// no_warning_*: cancel_after as the completion token bounds the read.
asio::awaitable<void> no_warning_cancel_after(tcp::socket &s,
                                              asio::mutable_buffer b) {
  co_await s.async_read_some(b, asio::cancel_after(10s));
}

// no_warning_*: ...and a loopback peer is the same program or host.
asio::awaitable<void> no_warning_loopback(tcp::socket &s,
                                          asio::mutable_buffer b) {
  const char *host = "127.0.0.1";
  (void)host;
  co_await s.async_read_some(b, asio::use_awaitable);
}

// A lambda of a test that talks to its own server on the loopback address:
// the enclosing function names the peer.
void no_warning_test_with_its_own_server(tcp::socket &s,
                                         asio::mutable_buffer b) {
  const char *server = "localhost";
  (void)server;
  auto client = [&]() -> asio::awaitable<void> {
    co_await s.async_read_some(b, asio::use_awaitable);
  };
  (void)client;
}

// libcoro: connect() takes its timeout; the default 0 means none.
coro::task<> libcoro_connect(coro::net::tcp::client &c) {
  // CHECK: :[[@LINE+1]]:12: warning: 'connect' waits on the other party (connect) with no deadline
  co_await c.connect();
  // CHECK: :[[@LINE+1]]:12: warning: 'connect' waits on the other party (connect) with no deadline
  co_await c.connect(std::chrono::milliseconds{0});
}
// no_warning_*: a timeout passed to the operation.
coro::task<> no_warning_libcoro_connect_timeout(coro::net::tcp::client &c) {
  co_await c.connect(std::chrono::seconds{1});
}
// libcoro's reads and poll take their timeout the same way.
coro::task<> libcoro_reads(coro::net::tcp::client &c) {
  char buf[64];
  // CHECK: :[[@LINE+1]]:12: warning: 'poll' waits on the other party (read) with no deadline
  co_await c.poll(1);
  // CHECK: :[[@LINE+1]]:12: warning: 'read_some' waits on the other party (read) with no deadline
  co_await c.read_some(buf);
  // CHECK: :[[@LINE+1]]:12: warning: 'read_exact' waits on the other party (read) with no deadline
  co_await c.read_exact(buf);
}
coro::task<> no_warning_libcoro_reads_timeout(coro::net::tcp::client &c) {
  char buf[64];
  co_await c.poll(1, std::chrono::seconds{1});
  co_await c.read_some(buf, std::chrono::seconds{1});
  co_await c.read_exact(buf, std::chrono::milliseconds{250});
}

// no_warning_*: a resolver built with a timeout, here or by the caller.
coro::task<> no_warning_resolver_built_with_timeout(coro::thread_pool &tp) {
  coro::net::dns::resolver dns{tp, std::chrono::milliseconds{5000}};
  co_await dns.host_by_name("example.org");
}
coro::task<> resolve_with(coro::net::dns::resolver &dns) {
  co_await dns.host_by_name("example.org");
}
void no_warning_caller_built_it(coro::thread_pool &tp) {
  coro::net::dns::resolver dns{tp, std::chrono::milliseconds{5000}};
  auto t = resolve_with(dns);
  (void)t;
}
// A resolver built without one is reported.
coro::task<> resolver_without_timeout() {
  coro::net::dns::resolver dns;
  // CHECK: :[[@LINE+1]]:12: warning: 'host_by_name' waits on the other party (name resolution) with no deadline
  co_await dns.host_by_name("example.org");
}

// A coroutine defined outside the function that names the loopback
// address is not exempt: a server's listener may resolve "localhost" for
// itself while its sessions read from remote clients.
asio::awaitable<void> session_read(tcp::socket &s, asio::mutable_buffer b) {
  // CHECK: :[[@LINE+1]]:12: warning: 'async_read_some' waits on the other party (read) with no deadline
  co_await s.async_read_some(b, asio::use_awaitable);
}
void listener_resolving_localhost(tcp::socket &s, asio::mutable_buffer b) {
  const char *self = "localhost";
  (void)self;
  auto c = session_read(s, b);
  (void)c;
}

// no_warning_*: a helper coroutine whose client is built for an address
// that every caller in the file gives as a loopback one: a test's client
// talking to its own in-process server.
coro::task<> no_warning_client_of_loopback_callers(
    coro::thread_pool &sched, const coro::net::socket_address &endpoint) {
  coro::net::tcp::client client{sched, endpoint};
  co_await client.connect();
  co_await client.connect();
}
void loopback_test_one(coro::thread_pool &sched) {
  const auto endpoint = coro::net::socket_address{"127.0.0.1", 8080};
  auto t = no_warning_client_of_loopback_callers(sched, endpoint);
}
void loopback_test_two(coro::thread_pool &sched) {
  auto t = no_warning_client_of_loopback_callers(sched, {"::1", 8080});
}
// The address computed in place by a lambda, as Catch2's GENERATE does.
void loopback_test_generated(coro::thread_pool &sched) {
  const auto endpoint = [&] {
    return coro::net::socket_address{"127.0.0.1", 8080};
  }();
  auto t = no_warning_client_of_loopback_callers(sched, endpoint);
}

// The nearest true positive: one caller gives a remote address, so the
// helper's peer may be anywhere.
coro::task<> client_of_mixed_callers(coro::thread_pool &sched,
                                     coro::net::socket_address endpoint) {
  coro::net::tcp::client client{sched, endpoint};
  // CHECK: :[[@LINE+1]]:12: warning: 'connect' waits on the other party (connect) with no deadline
  co_await client.connect();
}
void mixed_test_local(coro::thread_pool &sched) {
  auto t = client_of_mixed_callers(sched, {"127.0.0.1", 8080});
}
void mixed_test_remote(coro::thread_pool &sched, const char *host) {
  auto t = client_of_mixed_callers(sched, {host, 443});
}
