// RUN: %clang_tidy_plugin --checks='-*,corolint-missing-timeout' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A team's own coroutine that wraps a callback operation (the adapters of
// async_simple's asio demos): it awaits an awaiter whose callable starts a
// read with a completion handler. Awaiting the wrapper waits on the peer
// just the same; the finding is at the await, with the wrapped call as a
// note.

#include "mock_asio.h"
#include "mock_task.h"
#include <coroutine>
#include <utility>

namespace asio = boost::asio;
using asio::ip::tcp;

template <typename F> struct callback_awaiter {
  F start;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { start(h); }
  unsigned long await_resume() const noexcept { return 0; }
};
template <typename F> callback_awaiter<F> on_callback(F f) { return {f}; }

template <typename Socket>
team::task<unsigned long> read_some(Socket &socket, asio::mutable_buffer b) {
  co_return co_await on_callback([&](std::coroutine_handle<> h) {
    // CHECK-DAG: :[[@LINE+1]]:5: note: 'read_some' starts 'async_read_some' here, with no deadline of its own
    socket.async_read_some(b, [h](auto...) { h.resume(); });
  });
}

// A wrapper whose awaiter races the operation against a timer is bounded.
template <typename Socket>
team::task<unsigned long> read_some_bounded(Socket &socket,
                                            asio::steady_timer &t,
                                            asio::mutable_buffer b) {
  co_return co_await on_callback([&](std::coroutine_handle<> h) {
    t.async_wait([&](auto...) {});
    socket.async_read_some(b, [h](auto...) { h.resume(); });
  });
}

team::task<> session(tcp::socket &s) {
  asio::mutable_buffer b;
  for (;;)
    // CHECK-DAG: :[[@LINE+1]]:14: warning: 'read_some' waits on the other party (read) with no deadline, so a peer that never answers holds this coroutine forever; give it a deadline: race it against a timer, or set one on the I/O object it is given [corolint-missing-timeout]
    co_await read_some(s, b);
}

// no_warning_*: the bounded wrapper, and a function that only computes.
team::task<> no_warning_bounded(tcp::socket &s, asio::steady_timer &t) {
  asio::mutable_buffer b;
  co_await read_some_bounded(s, t, b);
}
