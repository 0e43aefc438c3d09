// The cppcoro names corolint's profile uses, shaped like the real ones.
#pragma once
#include <coroutine>

namespace cppcoro {
template <typename T = void> struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <typename A> void sync_wait(A &&) {}
template <typename... A> task<> when_all(A &&...);
template <typename R> task<> when_all(R range);
class static_thread_pool {
public:
  struct schedule_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  schedule_operation schedule() { return {}; }
};
class io_service {
public:
  struct timed_schedule_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  timed_schedule_operation schedule_after(int milliseconds) { return {}; }
  void process_events() {}
  void stop() {}
};
} // namespace cppcoro
