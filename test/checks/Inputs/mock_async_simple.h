// The async_simple names corolint's profile uses, shaped like the real ones:
// start() is inherited from a base class, as in Lazy.h.
#pragma once
#include <coroutine>
#include <exception>

namespace async_simple {
template <typename T> struct Try {
  bool hasError() const { return false; }
  std::exception_ptr getException() const { return {}; }
};
namespace coro {
namespace detail {
template <typename T> struct LazyBase {
  template <typename F> void start(F &&callback) {}
};
} // namespace detail
template <typename T = void> class Lazy : public detail::LazyBase<T> {
public:
  struct promise_type {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
class SpinLock {
public:
  Lazy<> coLock();
  void unlock();
};
} // namespace coro
} // namespace async_simple
