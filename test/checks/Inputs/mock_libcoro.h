// The libcoro names corolint's profile uses, shaped like the real ones.
#pragma once
#include <chrono>
#include <coroutine>

namespace coro {
template <typename T = void> class task {
public:
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
  std::coroutine_handle<> handle() { return {}; }
};
class thread_pool {
public:
  struct operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  operation schedule();
  bool spawn(task<void> &&t) noexcept;
  bool spawn_detached(task<void> &&t) noexcept;
  task<void> spawn_joinable(task<void> &&t) noexcept;
  bool resume(std::coroutine_handle<> handle) noexcept;
};
namespace net {
enum class connect_status { connected, timeout };
struct socket_address {
  socket_address();
  socket_address(const char *host, unsigned short port);
};
namespace tcp {
class client {
public:
  client();
  client(thread_pool &, const socket_address &);
  task<connect_status>
  connect(std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
  task<int> poll(int op, std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
  template <typename B>
  task<int> read_some(B &buffer, std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
  template <typename B>
  task<int> read_exact(B &buffer, std::chrono::milliseconds timeout = std::chrono::milliseconds{0});
};
} // namespace tcp
namespace dns {
class resolver {
public:
  explicit resolver(thread_pool &, std::chrono::milliseconds timeout);
  resolver();
  task<int> host_by_name(const char *);
};
} // namespace dns
} // namespace net
} // namespace coro
