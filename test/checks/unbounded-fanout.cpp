// RUN: %clang_tidy_plugin --checks='-*,corolint-unbounded-fanout' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-unbounded-fanout' --quiet %s \
// RUN:   -config="{CheckOptions: {corolint-unbounded-fanout.FlagAcceptLoops: true}}" \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,ACCEPT -implicit-check-not="{{warning|error}}:"

// One task per element of input, with nothing bounding how many run.

#include "mock_asio.h"
#include "mock_cppcoro.h"
#include "mock_folly.h"
#include "mock_test_macros.h"
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> probe(std::string host) { co_return; }
cppcoro::task<int> fetch(std::string url);
folly::coro::Task<int> crawl(std::string url);

void spawn_per_host(asio::io_context &io, const std::vector<std::string> &hosts) {
  for (const std::string &h : hosts)
    // CHECK: :[[@LINE+1]]:5: warning: 'co_spawn' starts one task per element of 'hosts' with no limit on how many run at once; spawn a fixed pool of workers that take elements from a shared queue, or take a slot from a bounded experimental::channel per element [corolint-unbounded-fanout]
    asio::co_spawn(io, probe(h), asio::detached);
}

void spawn_while_draining(asio::io_context &io, std::vector<std::string> &queue) {
  while (!queue.empty()) {
    // CHECK: :[[@LINE+1]]:5: warning: 'co_spawn' starts one task per iteration of the loop with no limit
    asio::co_spawn(io, probe(queue.back()), asio::detached);
    queue.pop_back();
  }
}

cppcoro::task<> gather_all(std::vector<std::string> urls) {
  std::vector<cppcoro::task<int>> tasks;
  for (auto &u : urls)
    // CHECK: :[[@LINE+2]]:5: warning: one task per element of 'urls' is collected for 'when_all', which runs them all at once with no limit; await a cppcoro::async_semaphore-style limit per element, or split the range into fixed-size batches for cppcoro::when_all
    // CHECK: :[[@LINE+2]]:12: note: all of them are started here
    tasks.push_back(fetch(u));
  co_await cppcoro::when_all(std::move(tasks));
}

folly::coro::Task<> folly_gather(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (auto &u : urls)
    // CHECK: :[[@LINE+1]]:5: warning: one task per element of 'urls' is collected for 'collectAllRange', which runs them all at once with no limit; use folly::coro::collectAllWindowed(tasks, maxConcurrency)
    tasks.push_back(crawl(u));
  co_await folly::coro::collectAllRange(std::move(tasks));
}

// no_warning_*: a bounded combinator.
folly::coro::Task<> no_warning_windowed(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (auto &u : urls)
    tasks.push_back(crawl(u));
  co_await folly::coro::collectAllWindowed(std::move(tasks), 8);
}

// no_warning_*: a constant trip count (a fixed pool of workers).
asio::awaitable<void> worker(int id) { co_return; }
void no_warning_fixed_pool(asio::io_context &io) {
  for (int i = 0; i < 4; ++i)
    asio::co_spawn(io, worker(i), asio::detached);
  std::array<int, 3> ids{1, 2, 3};
  for (int id : ids)
    asio::co_spawn(io, worker(id), asio::detached);
}

// no_warning_*: a bounded channel taken per iteration.
using slots_t = asio::experimental::basic_channel<asio::any_io_executor, void()>;
asio::awaitable<void> no_warning_bounded_channel(asio::io_context &io, slots_t &slots,
                                                 std::vector<std::string> hosts) {
  for (auto &h : hosts) {
    co_await slots.async_send(0, asio::use_awaitable);
    asio::co_spawn(io, probe(h), asio::detached);
  }
}

// no_warning_*: an in-flight counter checked in the loop.
int in_flight = 0;
asio::awaitable<void> no_warning_counter(asio::io_context &io, asio::steady_timer &t,
                                         std::vector<std::string> hosts) {
  for (auto &h : hosts) {
    while (in_flight >= 16)
      co_await t.async_wait(asio::use_awaitable);
    ++in_flight;
    asio::co_spawn(io, probe(h), [](std::exception_ptr) { --in_flight; });
  }
}

// An accept loop spawns one session per connection: flagged only with
// FlagAcceptLoops.
asio::awaitable<void> session(tcp::socket s) { co_return; }
asio::awaitable<void> accept_loop(asio::io_context &io, tcp::acceptor &acceptor) {
  for (;;) {
    auto s = co_await acceptor.async_accept(asio::use_awaitable);
    // ACCEPT: :[[@LINE+1]]:5: warning: 'co_spawn' starts one task per iteration of the loop with no limit
    asio::co_spawn(io, session(std::move(s)), asio::detached);
  }
}

// no_warning_*: one listener per command-line port.
int main(int argc, char **argv) {
  asio::io_context io;
  for (int i = 1; i < argc; ++i)
    asio::co_spawn(io, probe(argv[i]), asio::detached);
}

// One task per core, or a count every caller fixes: bounded by the program.
#include <thread>
cppcoro::task<> no_warning_one_per_core() {
  std::vector<cppcoro::task<int>> tasks;
  const unsigned cores = std::thread::hardware_concurrency();
  for (unsigned i = 0; i < cores; ++i)
    tasks.push_back(fetch("shard"));
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    tasks.push_back(fetch("shard"));
  co_await cppcoro::when_all(std::move(tasks));
}
cppcoro::task<> clients(int count) {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < count; ++i)
    tasks.push_back(fetch("client"));
  co_await cppcoro::when_all(std::move(tasks));
}
cppcoro::task<> no_warning_every_caller_fixes_the_count() {
  co_await clients(20);
  co_await clients(4);
}
// A count that comes from input is not fixed.
cppcoro::task<> from_input(int count) {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < count; ++i)
    // CHECK: :[[@LINE+2]]:5: warning: one task per iteration of the loop is collected for 'when_all'
    // CHECK: :[[@LINE+2]]:12: note: all of them are started here
    tasks.push_back(fetch("client"));
  co_await cppcoro::when_all(std::move(tasks));
}
cppcoro::task<> caller_with_input(int n) { co_await from_input(n); }

// no_warning_*: the run-once loops of an assertion macro and of
// `do { } while (false)` start one task, not one per element.
bool started(int);
void no_warning_run_once_loops(asio::io_context &io) {
  MOCK_REQUIRE((asio::co_spawn(io, probe("a"), asio::detached), true));
  do {
    asio::co_spawn(io, probe("b"), asio::detached);
  } while (false);
}
