// The Boost.Asio names corolint's profile uses, shaped like the real ones.
#pragma once
#include <coroutine>
#include <utility>

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
  T await_resume() const noexcept {}
};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable;
struct detached_t {};
inline constexpr detached_t detached;
template <typename Ex, typename F> void post(Ex &&, F &&f) {}
template <typename Ex, typename F, typename T> void co_spawn(Ex &&, F &&, T) {}
} // namespace boost::asio

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
