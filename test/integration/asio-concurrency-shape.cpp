// RUN: %clang_tidy_plugin --checks='-*,corolint-sequential-awaits,corolint-unbounded-fanout' \
// RUN:   --quiet %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// sequential-awaits and unbounded-fanout against the real Boost.Asio 1.81
// headers.

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <string>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

asio::awaitable<std::size_t> fetch_size(std::string host) { co_return host.size(); }

asio::awaitable<void> two_lookups() {
  auto a = co_await fetch_size("a.example");
  // CHECK: :[[@LINE+1]]:12: warning: 'fetch_size' is awaited only after the 'fetch_size' on line [[@LINE-1]] completes, though neither needs the other; run them together with the awaitable operators, co_await (a && b), or experimental::make_parallel_group
  auto b = co_await fetch_size("b.example");
  (void)(a + b);
}

// no_warning_*: an echo server reads and then writes one socket.
asio::awaitable<void> no_warning_echo(tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
  }
}

// One await per element, in any loop shape: the result pushed, summed, an
// index loop, and a coroutine of the team's own class on one object.
asio::awaitable<void> per_item(std::vector<std::string> hosts) {
  std::vector<std::size_t> sizes;
  for (const auto &h : hosts)
    // CHECK: :[[@LINE+1]]:21: warning: each iteration awaits 'fetch_size' for one element of 'hosts' before starting the next
    sizes.push_back(co_await fetch_size(h));
  std::size_t total = 0;
  for (std::size_t i = 0; i < hosts.size(); ++i)
    // CHECK: :[[@LINE+1]]:14: warning: each iteration awaits 'fetch_size' for one element of 'hosts' before starting the next
    total += co_await fetch_size(hosts[i]);
  (void)total;
}
struct registry {
  asio::awaitable<void> stop(int id);
};
asio::awaitable<void> stop_all(registry *mgr, std::vector<int> ids) {
  for (int id : ids)
    // CHECK: :[[@LINE+1]]:5: warning: each iteration awaits 'stop' for one element of 'ids' before starting the next
    co_await mgr->stop(id);
}
// no_warning_*: one socket's writes, one per element, keep their order.
asio::awaitable<void> no_warning_writes(tcp::socket &socket,
                                        std::vector<std::string> lines) {
  for (const auto &l : lines)
    co_await socket.async_write_some(asio::buffer(l), asio::use_awaitable);
}

// no_warning_*: already together.
asio::awaitable<void> no_warning_together() {
  co_await (fetch_size("a") && fetch_size("b"));
}

asio::awaitable<void> check(std::string host) { co_return; }
void probe_all(asio::io_context &io, const std::vector<std::string> &hosts) {
  for (const auto &h : hosts)
    // CHECK: :[[@LINE+1]]:5: warning: 'co_spawn' starts one task per element of 'hosts' with no limit on how many run at once
    asio::co_spawn(io, check(h), asio::detached);
}

// no_warning_*: an accept loop, one session per connection.
asio::awaitable<void> session(tcp::socket s) { co_return; }
asio::awaitable<void> no_warning_listener(tcp::acceptor acceptor) {
  for (;;) {
    tcp::socket s = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), session(std::move(s)), asio::detached);
  }
}
