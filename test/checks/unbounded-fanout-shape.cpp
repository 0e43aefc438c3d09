// RUN: %clang_tidy_plugin --checks='-*,corolint-unbounded-fanout,corolint-unawaited-task' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-unbounded-fanout' --quiet %s \
// RUN:   -config="{CheckOptions: {Profiles: '%inputs/shape-exempt-profile.yaml'}}" \
// RUN:   -- -std=c++20 -isystem %inputs -DEXEMPT 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXEMPT -implicit-check-not="{{warning|error}}:"

// A team's own when_all, named by no profile, recognised by its shape: a
// function that takes a range of tasks and returns an awaitable awaits them
// together. It consumes the tasks (no unawaited-task), and is unbounded
// unless one of its parameters is a count.

#include "mock_task.h"
#include <span>
#include <string>
#include <vector>

namespace team {
template <typename T> task<std::vector<T>> when_all(std::vector<task<T>> ts);
template <typename T>
task<std::vector<T>> when_all_windowed(std::vector<task<T>> ts, std::size_t n);
template <typename T> task<> run_all(std::span<task<T>> ts);
// Not awaitable: a helper that only counts them.
template <typename T> std::size_t count(const std::vector<task<T>> &ts);
template <typename T> task<> gather_later(std::vector<task<T>> ts);
} // namespace team

team::task<int> probe(std::string host);

team::task<> probe_all(std::vector<std::string> hosts) {
  std::vector<team::task<int>> ts;
  for (auto &h : hosts)
    // CHECK: :[[@LINE+3]]:5: warning: one task per element of 'hosts' is collected for 'when_all', which runs them all at once with no limit; limit how many run at once: a semaphore taken per element, a fixed pool of workers, or a bounded combinator (recognised by its shape: a function that takes a range of tasks and returns an awaitable awaits them together; name it in a profile's 'combinators' with 'bounded: true' if it limits them, or in 'shape-exempt') [corolint-unbounded-fanout]
    // CHECK: :[[@LINE+3]]:12: note: all of them are started here
    // EXEMPT: :[[@LINE+1]]:5: warning: one task per element of 'hosts' is collected for 'when_all'
    ts.push_back(probe(h));
  co_await team::when_all(std::move(ts));
}

team::task<> probe_span(std::vector<std::string> hosts) {
  std::vector<team::task<int>> ts;
  for (auto &h : hosts)
    // CHECK: :[[@LINE+2]]:5: warning: one task per element of 'hosts' is collected for 'run_all'
    // EXEMPT: :[[@LINE+1]]:5: warning: one task per element of 'hosts' is collected for 'run_all'
    ts.push_back(probe(h));
  co_await team::run_all(std::span<team::task<int>>(ts));
}

// no_warning_*: a count among the parameters is the limit; a function that
// does not return an awaitable is no combinator.
team::task<> no_warning_windowed(std::vector<std::string> hosts) {
  std::vector<team::task<int>> ts;
  for (auto &h : hosts)
    ts.push_back(probe(h));
  co_await team::when_all_windowed(std::move(ts), 8);
}
team::task<> no_warning_not_awaitable(std::vector<std::string> hosts) {
  std::vector<team::task<int>> ts;
  for (auto &h : hosts)
    ts.push_back(probe(h));
  std::size_t n = team::count(ts);
  for (auto &t : ts)
    co_await std::move(t);
  co_return;
}

// no_warning_*: a task kept in a local and handed to the combinator is
// consumed, not dropped.
team::task<> no_warning_handed_on() {
  team::task<int> first = probe("a");
  std::vector<team::task<int>> ts;
  ts.push_back(std::move(first));
  co_await team::when_all(std::move(ts));
}

// A name in a profile's shape-exempt is left alone (the EXEMPT run).
namespace team {
template <typename T> task<> store(std::vector<task<T>> ts);
}
team::task<> exempt(std::vector<std::string> hosts) {
  std::vector<team::task<int>> ts;
  for (auto &h : hosts)
    // CHECK: :[[@LINE+1]]:5: warning: one task per element of 'hosts' is collected for 'store'
    ts.push_back(probe(h));
  co_await team::store(std::move(ts));
}
