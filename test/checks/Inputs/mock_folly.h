// The folly::coro names corolint's profile uses, shaped like the real ones.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace folly {
struct Executor {};
template <typename T> struct Try {
  bool hasException() const { return false; }
  bool hasValue() const { return true; }
};
template <typename T> struct SemiFuture {
  SemiFuture via(Executor *) &&;
  T get() &&;
};
template <typename T> struct Future {};
namespace coro {
template <typename T = void> class TaskWithExecutor {
public:
  SemiFuture<T> start() &&;
  template <typename F> void start(F &&callback) && {}
};
template <typename T = void> class Task {
public:
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  TaskWithExecutor<T> scheduleOn(Executor *) &&;
  SemiFuture<T> semi() &&;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
class AsyncScope {
public:
  template <typename T> void add(TaskWithExecutor<T> &&);
};
template <typename... T> Task<> collectAll(T &&...);
template <typename Range> Task<> collectAllRange(Range &&);
template <typename Range> Task<> collectAllWindowed(Range &&, unsigned);
// As in folly: a customisation-point object, not a function.
struct BlockingWaitFn {
  template <typename T> T operator()(Task<T> &&) const;
  void operator()(Task<void> &&) const;
};
inline constexpr BlockingWaitFn blockingWait{};
} // namespace coro
} // namespace folly
