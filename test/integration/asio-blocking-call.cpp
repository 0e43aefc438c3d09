// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// corolint-blocking-call against the real Boost.Asio 1.81 headers.

#include <boost/asio.hpp>
#include <chrono>
#include <fstream>
#include <thread>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> session(tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                    asio::use_awaitable);
    // CHECK: :[[@LINE+1]]:5: warning: 'sleep_for' blocks the thread of coroutine 'session'
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // CHECK: :[[@LINE+1]]:5: warning: 'write' blocks the thread of coroutine 'session'; await async_write instead
    asio::write(socket, asio::buffer(data, n));
    co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
  }
}

asio::awaitable<void> resolve_and_connect(tcp::socket &socket) {
  tcp::resolver resolver(socket.get_executor());
  // CHECK: :[[@LINE+1]]:16: warning: 'basic_resolver::resolve' blocks the thread of coroutine 'resolve_and_connect'; await async_resolve instead
  auto hosts = resolver.resolve("localhost", "80");
  // CHECK: :[[@LINE+1]]:3: warning: 'basic_stream_socket::connect' blocks the thread of coroutine 'resolve_and_connect'; await async_connect instead
  socket.connect(*hosts.begin());
  co_await socket.async_connect(*hosts.begin(), asio::use_awaitable);
}

asio::awaitable<void> nested(asio::io_context &io) {
  asio::steady_timer timer(io);
  // CHECK: :[[@LINE+1]]:3: warning: 'basic_waitable_timer::wait' blocks the thread of coroutine 'nested'; await async_wait instead
  timer.wait();
  // CHECK: :[[@LINE+1]]:3: warning: 'io_context::run' runs a nested event loop on the thread of coroutine 'nested'
  io.run();
  co_await timer.async_wait(asio::use_awaitable);
}

// no_warning_*: blocking work handed to a thread pool, and awaited back.
asio::awaitable<void> no_warning_pool(asio::thread_pool &pool) {
  asio::post(pool, [] { std::ifstream in("/etc/hostname"); });
  co_await asio::co_spawn(pool.get_executor(),
                          []() -> asio::awaitable<int> {
                            std::this_thread::sleep_for(std::chrono::seconds(1));
                            co_return 1;
                          },
                          asio::use_awaitable);
  co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
}

int main() {
  asio::io_context io;
  asio::thread_pool pool(2);
  asio::co_spawn(io, no_warning_pool(pool), asio::detached);
  io.run();
}
