// RUN: %clang_tidy_plugin --checks='-*,corolint-*' --quiet %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A team's own task types, written here and named by no profile: the model
// finds them through promise_type, lazy or eager from initial_suspend.

#include <coroutine>
#include <exception>
#include <utility>

namespace acme {
// Lazy through a custom awaiter whose await_ready is constant false.
struct park {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <typename T> class job {
public:
  struct promise_type {
    job get_return_object() {
      return job{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    park initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit job(std::coroutine_handle<promise_type> h) : h(h) {}
  job(job &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~job() {
    if (h)
      h.destroy();
  }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T{}; }

private:
  std::coroutine_handle<promise_type> h;
};

// Eager: starts at the call.
struct fire {
  struct promise_type {
    fire get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
} // namespace acme

acme::job<int> compute(int x) { co_return x * 2; }
acme::fire notify() { co_return; }

acme::job<int> caller() {
  // CHECK: :[[@LINE+1]]:3: warning: task returned by 'compute' is discarded without being awaited, so its body never runs; co_await it or start it [corolint-unawaited-task]
  compute(1);
  // CHECK: :[[@LINE+1]]:3: warning: the task returned by 'notify' is already running and is discarded, so a failure is observed by no one
  notify();
  int v = co_await compute(2);
  co_return v;
}
