// RUN: %clang_tidy_plugin --checks='-*,corolint-detached-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A started task whose body can have no failure loses nothing when its
// outcome is ignored: it throws nothing and only synchronises (a lock, a
// yield) or awaits coroutines that do the same.

#include "mock_async_simple.h"
#include <stdexcept>

using async_simple::Try;
using async_simple::coro::Lazy;

Lazy<int> fetch(int key); // Elsewhere: I/O that may fail.
Lazy<> send(int key);     // The same.

// no_warning_*: the task only takes a lock, directly and through a helper
// coroutine of this file, and counts.
void no_warning_only_synchronises(async_simple::coro::SpinLock &spin,
                                  int &counter) {
  auto locked = [&]() -> Lazy<> { co_await spin.coLock(); };
  auto add_one = [&]() -> Lazy<> {
    co_await locked();
    ++counter;
    spin.unlock();
  };
  add_one().start([](Try<void>) {});
  auto no_awaits = [&]() -> Lazy<> {
    ++counter;
    co_return;
  };
  no_awaits().start([](Try<void>) {});
}

// The task awaits an operation that may fail: its failure is lost.
void awaits_io(async_simple::coro::SpinLock &spin) {
  auto job = [&]() -> Lazy<> {
    co_await spin.coLock();
    co_await fetch(1);
  };
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of the spawned lambda
  job().start([](Try<void>) {});
}

// The task throws: its failure is lost.
void throws(int &counter) {
  auto job = [&]() -> Lazy<> {
    if (counter < 0)
      throw std::runtime_error("negative");
    ++counter;
    co_return;
  };
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of the spawned lambda
  job().start([](Try<void>) {});
}

// An awaiter whose await_resume is noexcept hands back a value or nothing:
// resuming from it cannot throw, as with the hand-written awaiters that
// async_simple's tests resume from another thread.
struct ValueAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() noexcept { return 1; }
};
struct FallibleAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume(); // May throw what the operation failed with.
};
// A library's wrapper that only forwards to the user's awaiter, as
// async_simple's ViaAsyncAwaiter does.
template <typename A> struct Forwarding {
  A inner;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  auto await_resume() { return inner.await_resume(); }
};
Lazy<int> plus_one() {
  int v = co_await ValueAwaiter();
  int w = co_await Forwarding<ValueAwaiter>{};
  co_return v + w;
}
void no_warning_noexcept_resume(int &out) {
  auto job = [&]() -> Lazy<> { out = co_await plus_one(); };
  job().start([](Try<void>) {});
}
void resume_may_throw(int &out) {
  auto job = [&]() -> Lazy<> { out = co_await FallibleAwaiter(); };
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of the spawned lambda
  job().start([](Try<void>) {});
}

// A combinator fails only when one of its tasks does: one over tasks that
// cannot fail, named in the call or pushed into a local vector it alone
// consumes, loses nothing.
Lazy<> record(int value, int &out) {
  out = value;
  co_return;
}
template <typename T> struct vector {
  void push_back(T &&);
  unsigned size() const;
};
namespace std {
template <typename T> T &&move(T &t) noexcept;
}
void no_warning_combinator_of_infallible_tasks(int &out) {
  vector<Lazy<>> input;
  input.push_back(record(1, out));
  input.push_back(record(2, out));
  async_simple::coro::collectAllWindowed(1, true, std::move(input))
      .via(&out)
      .start([](auto) {});
  async_simple::coro::collectAll(record(3, out), record(4, out))
      .start([](auto) {});
}
void combinator_with_a_fallible_task(int &out) {
  vector<Lazy<>> input;
  input.push_back(record(1, out));
  input.push_back(send(2));
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of 'collectAllWindowed'
  async_simple::coro::collectAllWindowed(1, true, std::move(input))
      .start([](auto) {});
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of 'collectAll'
  async_simple::coro::collectAll(record(3, out), send(4)).start([](auto) {});
}
void add_elsewhere(vector<Lazy<>> &);
void combinator_over_a_vector_filled_elsewhere(int &out) {
  vector<Lazy<>> input;
  input.push_back(record(1, out));
  add_elsewhere(input);
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of 'collectAllWindowed'
  async_simple::coro::collectAllWindowed(1, true, std::move(input))
      .start([](auto) {});
}
void forwarding_to_a_fallible_awaiter(int &out) {
  auto job = [&]() -> Lazy<> { out = co_await Forwarding<FallibleAwaiter>{}; };
  // CHECK: :[[@LINE+1]]:3: warning: the completion handler of 'start' ignores the outcome of the spawned lambda
  job().start([](Try<void>) {});
}

// An accept loop that takes its failures as values (as_tuple), reads them,
// and otherwise only waits on a pacing timer: nothing is thrown to lose,
// as in Asio's throttling_proxy example.
#include "mock_asio.h"
namespace asio = boost::asio;
void log_error();
asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor &acceptor,
                                  asio::steady_timer &timer) {
  for (;;) {
    auto [e, client] = co_await acceptor.async_accept(asio::as_tuple);
    if (e) {
      log_error();
      co_await timer.async_wait(asio::use_awaitable);
    }
  }
}
void no_warning_accept_errors_as_values(asio::io_context &io,
                                        asio::ip::tcp::acceptor &acceptor,
                                        asio::steady_timer &timer) {
  asio::co_spawn(io, accept_loop(acceptor, timer), asio::detached);
}
// The nearest true positive: the same loop with an accept that throws.
asio::awaitable<void> accept_loop_throwing(asio::ip::tcp::acceptor &acceptor,
                                           asio::steady_timer &timer) {
  for (;;) {
    auto client = co_await acceptor.async_accept(asio::use_awaitable);
    co_await timer.async_wait(asio::use_awaitable);
  }
}
void accept_errors_thrown(asio::io_context &io,
                          asio::ip::tcp::acceptor &acceptor,
                          asio::steady_timer &timer) {
  // CHECK: :[[@LINE+1]]:3: warning: 'accept_loop_throwing' is spawned detached
  asio::co_spawn(io, accept_loop_throwing(acceptor, timer), asio::detached);
}
