// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task,corolint-detached-task' \
// RUN:   --quiet %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// corolint-unawaited-task and corolint-detached-task against the real
// Boost.Asio 1.81 headers: awaitable<> is lazy, its promise comes from a
// std::coroutine_traits specialization, and co_spawn's token is a class.

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <cstdio>
#include <exception>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

asio::awaitable<void> ping(tcp::socket &socket) {
  char byte = 0;
  co_await asio::async_write(socket, asio::buffer(&byte, 1), asio::use_awaitable);
}

asio::awaitable<void> forgets_to_await(tcp::socket &socket) {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'ping' is discarded without being awaited, so its body never runs; co_await it or start it [corolint-unawaited-task]
  ping(socket);
  // CHECK: :[[@LINE+1]]:8: warning: task 'later' is destroyed without being awaited, so the body of 'ping' never runs
  auto later = ping(socket);
  co_return;
  // CHECK: :[[@LINE-1]]:3: note: 'later' is destroyed here, never awaited
}

asio::awaitable<void> listener(tcp::acceptor acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    co_await ping(socket);
  }
}

asio::awaitable<void> session(tcp::socket socket) {
  try {
    for (;;)
      co_await ping(socket);
  } catch (const std::exception &e) {
    std::printf("session: %s\n", e.what());
  }
}

void start(asio::io_context &io) {
  // CHECK: :[[@LINE+1]]:3: warning: 'listener' is spawned detached, so an exception it throws is lost and nobody learns that it stopped
  asio::co_spawn(io, listener(tcp::acceptor(io, {tcp::v4(), 5555})), asio::detached);
  // CHECK: :[[@LINE-1]]:70: note: the completion token drops the outcome here
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'co_spawn' ignores the outcome of 'listener'
  asio::co_spawn(io, listener(tcp::acceptor(io, {tcp::v4(), 5556})),
                 [](std::exception_ptr) {});
  // CHECK: :[[@LINE-1]]:21: note: the outcome 'std::exception_ptr' is never read
}

// no_warning_*: awaited, combined with &&, returned, handled.
asio::awaitable<void> no_warning_consumed(tcp::socket &a, tcp::socket &b) {
  co_await ping(a);
  co_await (ping(a) && ping(b));
  auto both = ping(a) && ping(b);
  co_await std::move(both);
}
asio::awaitable<void> no_warning_returned(tcp::socket &s) { return ping(s); }
void no_warning_spawns(asio::io_context &io, tcp::socket s) {
  asio::co_spawn(io, session(std::move(s)), asio::detached);
  asio::co_spawn(io, listener(tcp::acceptor(io, {tcp::v4(), 5557})),
                 [](std::exception_ptr e) {
                   if (e)
                     std::rethrow_exception(e);
                 });
}
