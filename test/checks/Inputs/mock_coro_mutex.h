// Asynchronous mutexes as the frameworks spell them: holding one across a
// co_await is what they are for.
#pragma once
#include <coroutine>
#include <mutex>

namespace cppcoro {
class async_mutex_lock {
public:
  ~async_mutex_lock() {}
};
class async_mutex {
public:
  struct scoped_lock_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    async_mutex_lock await_resume() const noexcept { return {}; }
  };
  scoped_lock_operation scoped_lock_async() { return {}; }
  void lock() {}
  void unlock() {}
};
} // namespace cppcoro

namespace folly::coro {
class Mutex {
public:
  void lock() {}
  void unlock() {}
  bool try_lock() { return true; }
};
} // namespace folly::coro
