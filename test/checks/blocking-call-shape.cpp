// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -config="{CheckOptions: {Profiles: '%inputs/shape-exempt-profile.yaml'}}" -- -std=c++20 -isystem %inputs -DEXEMPT 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXEMPT -implicit-check-not="{{warning|error}}:"

// A team's own sync_wait, named by no profile, recognised by its shape: an
// ordinary function that takes a task (or an awaitable) and returns what
// awaiting it produces runs it to completion on the calling thread.

#include "mock_task.h"
#include <string>

namespace mini {
template <typename T> T sync_wait(team::task<T> t);  // Only declared.
template <typename A> auto run_now(A &&awaitable) -> decltype(awaitable.await_resume());
template <typename T> void spawn(team::task<T> t);   // Starts it, returns nothing.
template <typename T> bool is_ready(const team::task<T> &t); // A query.
template <typename T> team::task<T> retry(team::task<T> t);  // Still a task.
template <typename T> T unwrap_or(const team::task<T> &t, T fallback);
} // namespace mini

namespace team {
int peek_result(task<int> &t);

// A plain awaitable (no promise): its await_resume says what it produces.
struct read_op {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::size_t await_resume() const;
};
read_op async_read();
} // namespace team

team::task<int> fetch_count(std::string key);
team::task<> ping();

team::task<int> report(std::string key) {
  // CHECK: :[[@LINE+1]]:11: warning: 'sync_wait' runs a nested event loop on the thread of coroutine 'report'; co_await the task instead (recognised by its shape: an ordinary function that takes a task and returns its result runs it to completion on the calling thread; name it in a profile's 'shape-exempt' if it does not) [corolint-blocking-call]
  int n = mini::sync_wait(fetch_count(key));
  // CHECK: :[[@LINE+1]]:23: note: 'run_now' is called here too
  std::size_t bytes = mini::run_now(team::async_read());
  // no_warning_*: void (it may start the task and let it run), a const
  // reference (a query), a task back, an exempt name.
  mini::spawn(ping());
  bool ready = mini::is_ready(fetch_count(key));
  co_await mini::retry(fetch_count(key));
  int fallback = mini::unwrap_or(fetch_count(key), 0);
  co_return n + static_cast<int>(bytes) + ready + fallback;
}

#ifdef EXEMPT
team::task<int> peeks(team::task<int> t) {
  int v = team::peek_result(t);
  co_return v;
}
#else
team::task<int> peeks(team::task<int> t) {
  // CHECK: :[[@LINE+1]]:11: warning: 'peek_result' runs a nested event loop on the thread of coroutine 'peeks'; co_await the task instead (recognised by its shape
  int v = team::peek_result(t);
  co_return v;
}
#endif

// Through an ordinary helper, as for any blocking call.
int count_now(std::string key) { return mini::sync_wait(fetch_count(key)); }
team::task<int> via_helper() {
  // CHECK: :[[@LINE+1]]:13: warning: 'count_now' runs a nested event loop on the thread of coroutine 'via_helper' through a call to 'sync_wait'; co_await the task instead (recognised by its shape
  co_return count_now("x");
  // CHECK: :[[@LINE-4]]:41: note: 'sync_wait' runs a nested event loop here (nested-loop)
}

// no_warning_*: from main, a sync_wait is what starts the program.
int main() { return mini::sync_wait(fetch_count("main")); }

// EXEMPT-NOT: peek_result
// EXEMPT: :{{[0-9]+}}:11: warning: 'sync_wait' runs a nested event loop
// EXEMPT: note: 'run_now' is called here too
// EXEMPT: warning: 'count_now' runs a nested event loop
// EXEMPT: note: 'sync_wait' runs a nested event loop here
