// The Boost.Asio names corolint's profile uses, shaped like the real ones.
#pragma once
#include <coroutine>
#include <tuple>
#include <utility>

namespace boost::system {
struct error_code {
  explicit operator bool() const { return false; }
};
} // namespace boost::system

namespace boost::asio {
struct any_io_executor {};
class io_context {
public:
  struct executor_type {};
  executor_type get_executor() { return {}; }
  int run() { return 0; }
  int poll() { return 0; }
};
class thread_pool {
public:
  explicit thread_pool(int = 1) {}
  template <typename A, unsigned B> struct basic_executor_type {};
  using executor_type = basic_executor_type<void, 0>;
  executor_type get_executor() { return {}; }
  void join() {}
};
template <typename T = void> struct awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  // Rethrows what the awaited operation failed with, as the real one does.
  T await_resume() const {}
};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable;
template <typename Duration> use_awaitable_t cancel_after(Duration);
struct deferred_t {};
inline constexpr deferred_t deferred;
struct as_tuple_t {};
inline constexpr as_tuple_t as_tuple;
struct detached_t {};
inline constexpr detached_t detached;
template <typename Ex, typename F> void post(Ex &&, F &&f) {}

// I/O objects, timers and the awaitable operators, for missing-timeout.
struct mutable_buffer {};
inline mutable_buffer buffer(void *, unsigned long) { return {}; }
struct socket_base {
  enum wait_type { wait_read, wait_write, wait_error };
};
template <typename Protocol> class basic_socket : public socket_base {
public:
  template <typename Endpoint, typename Token>
  awaitable<void> async_connect(const Endpoint &, Token) { return {}; }
  template <typename Token>
  awaitable<void> async_wait(wait_type, Token) { return {}; }
  void cancel() {}
  void close() {}
};
template <typename Protocol>
class basic_stream_socket : public basic_socket<Protocol> {
public:
  template <typename Token>
  awaitable<unsigned long> async_read_some(mutable_buffer, Token) { return {}; }
  template <typename Token>
  awaitable<unsigned long> async_write_some(mutable_buffer, Token) { return {}; }
};
template <typename Stream, typename Token>
awaitable<unsigned long> async_read(Stream &, mutable_buffer, Token) { return {}; }
template <typename Clock> class basic_waitable_timer {
public:
  template <typename Token> awaitable<void> async_wait(Token) { return {}; }
  template <typename D> void expires_after(D) {}
};
using steady_timer = basic_waitable_timer<int>;
template <typename Protocol> class basic_socket_acceptor {
public:
  template <typename Token>
  awaitable<basic_stream_socket<Protocol>> async_accept(Token) { return {}; }
  // as_tuple: the failure comes back as a value.
  awaitable<std::tuple<system::error_code, basic_stream_socket<Protocol>>>
  async_accept(as_tuple_t) {
    return {};
  }
};
namespace ip {
struct tcp {
  using socket = basic_stream_socket<tcp>;
  using acceptor = basic_socket_acceptor<tcp>;
  struct endpoint {};
};
} // namespace ip
namespace experimental {
template <typename Executor, typename Signature> class basic_channel {
public:
  template <typename Token> awaitable<void> async_send(int, Token) { return {}; }
  template <typename Token> awaitable<int> async_receive(Token) { return {}; }
};
template <typename Range> auto make_parallel_group(Range &&r) { return 0; }
struct wait_for_all {};
struct wait_for_one {};
template <typename... Ops> struct parallel_group {
  template <typename Condition, typename Token>
  awaitable<int> async_wait(Condition, Token) { return {}; }
};
template <typename A, typename B, typename... Rest>
parallel_group<A, B, Rest...> make_parallel_group(A, B, Rest...) { return {}; }
} // namespace experimental
namespace experimental::awaitable_operators {
template <typename A, typename B>
awaitable<void> operator||(awaitable<A>, awaitable<B>) { return {}; }
template <typename A, typename B>
awaitable<void> operator&&(awaitable<A>, awaitable<B>) { return {}; }
} // namespace experimental::awaitable_operators
template <typename Ex, typename F, typename T> void co_spawn(Ex &&, F &&, T) {}
} // namespace boost::asio

// Boost.Beast's stream with its own deadline, and its HTTP read.
namespace boost::beast {
template <typename Protocol> class basic_stream {
public:
  template <typename D> void expires_after(D) {}
  template <typename Token>
  asio::awaitable<unsigned long> async_read_some(asio::mutable_buffer, Token) {
    return {};
  }
};
using tcp_stream = basic_stream<asio::ip::tcp>;
template <typename Stream> Stream &get_lowest_layer(Stream &s) { return s; }
namespace http {
struct request {};
template <typename Stream, typename Buffer, typename Token>
asio::awaitable<unsigned long> async_read(Stream &, Buffer &, request &, Token) {
  return {};
}
} // namespace http
} // namespace boost::beast

template <typename T, typename... Args>
struct std::coroutine_traits<boost::asio::awaitable<T>, Args...> {
  struct promise_type {
    boost::asio::awaitable<T> get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
