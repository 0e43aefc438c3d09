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
template <typename T> struct ResultSlot {
  void return_value(T) {}
};
template <> struct ResultSlot<void> {
  void return_void() {}
};
} // namespace detail
template <typename T = void> class Lazy : public detail::LazyBase<T> {
public:
  struct promise_type : detail::ResultSlot<T> {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  // Rethrows the task's exception, as the real awaiter does.
  T await_resume() const;
  // Hands the outcome back as a value instead.
  struct TryAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    Try<T> await_resume() noexcept { return {}; }
  };
  TryAwaiter coAwaitTry() { return {}; }
  template <typename E> Lazy<T> via(E *) { return {}; }
};
struct Allocator {};
template <typename E, typename A = Allocator>
Lazy<> collectAllWindowed(unsigned, bool, E &&tasks, A alloc = A());
template <typename... Ts> Lazy<> collectAll(Ts &&...tasks);
class SpinLock {
public:
  Lazy<> coLock();
  void unlock();
};
} // namespace coro
} // namespace async_simple
