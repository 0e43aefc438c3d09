// A team's own task types, named by no profile: found structurally.
#pragma once
#include <coroutine>

namespace team {
namespace detail {
template <typename T> struct result_slot {
  void return_value(T) {}
};
template <> struct result_slot<void> {
  void return_void() {}
};
} // namespace detail
template <typename T = void> struct task {
  struct promise_type : detail::result_slot<T> {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  // Rethrows the task's exception, as real task awaiters do.
  T await_resume() const;
};
} // namespace team
