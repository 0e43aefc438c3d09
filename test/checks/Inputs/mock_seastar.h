// The Seastar names corolint's profile uses: future<> is an eager coroutine
// return type.
#pragma once
#include <chrono>
#include <coroutine>

namespace seastar {
template <typename T = void> class future {
public:
  struct promise_type {
    future get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
future<> sleep(std::chrono::milliseconds);
class gate {};
} // namespace seastar
