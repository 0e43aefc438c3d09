// QCoro's Task starts eagerly, like the real one.
#pragma once
#include <coroutine>

namespace QCoro {
template <typename T = void> class Task {
public:
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <typename T> T waitFor(Task<T> &&);
inline void waitFor(Task<void> &&) {}
} // namespace QCoro

namespace QTest {
void qWait(int ms);
template <typename F> bool qWaitFor(F &&predicate, int timeout = 5000) {
  return true;
}
} // namespace QTest
