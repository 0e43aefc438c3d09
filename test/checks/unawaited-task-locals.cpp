// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// A lazy task kept in a local must be consumed before the local dies, on
// every path.

#include "mock_cppcoro.h"
#include "mock_task.h"
#include <utility>
#include <vector>

team::task<int> fetch(int id);
void log(const char *);

cppcoro::task<> never_awaited() {
  // CHECK: :[[@LINE+1]]:8: warning: task 'job' is destroyed without being awaited, so the body of 'fetch' never runs; co_await it, start it or hand it on [corolint-unawaited-task]
  auto job = fetch(1);
  log("started?");
  co_return;
  // CHECK: :[[@LINE-1]]:3: note: 'job' is destroyed here, never awaited
}

void in_ordinary_code() {
  // CHECK: :[[@LINE+1]]:8: warning: task 'job' is destroyed without being awaited
  auto job = fetch(2);
}
// CHECK: :[[@LINE-1]]:1: note: 'job' is destroyed here, never awaited

cppcoro::task<> one_branch(bool ready) {
  // CHECK: :[[@LINE+1]]:8: warning: task 'job' is awaited or handed on along some paths but destroyed unawaited along others, where the body of 'fetch' never runs; consume it on every path
  auto job = fetch(3);
  if (ready)
    co_await job;
}
// CHECK: :[[@LINE-1]]:1: note: 'job' is destroyed here, never awaited

cppcoro::task<> early_return(bool cancel) {
  // CHECK: :[[@LINE+1]]:8: warning: task 'job' is awaited or handed on along some paths but destroyed unawaited along others
  auto job = fetch(4);
  if (cancel)
    co_return;
  // CHECK: :[[@LINE-1]]:5: note: 'job' is destroyed here, never awaited
  co_await job;
}

void in_a_loop(int n) {
  for (int i = 0; i < n; ++i) {
    // CHECK: :[[@LINE+1]]:10: warning: task 'job' is destroyed without being awaited
    auto job = fetch(i);
    if (i % 2)
      continue;
  }
}

cppcoro::task<> only_queried() {
  // CHECK: :[[@LINE+1]]:8: warning: task 'job' is destroyed without being awaited
  auto job = fetch(5);
  if (job.await_ready())
    log("ready");
  co_return;
}

// no_warning_*: consumed on every branch.
cppcoro::task<> no_warning_every_branch(bool fast) {
  auto job = fetch(6);
  if (fast)
    co_await job;
  else
    co_await std::move(job);
}

// no_warning_*: returned to the caller.
team::task<int> no_warning_returned() {
  auto job = fetch(7);
  return job;
}

// no_warning_*: moved into a container that is later awaited.
cppcoro::task<> no_warning_container(int n) {
  std::vector<team::task<int>> jobs;
  for (int i = 0; i < n; ++i) {
    auto job = fetch(i);
    jobs.push_back(std::move(job));
  }
  co_await cppcoro::when_all(std::move(jobs));
}

// no_warning_*: passed to when_all.
cppcoro::task<> no_warning_when_all() {
  auto a = fetch(8);
  auto b = fetch(9);
  co_await cppcoro::when_all(std::move(a), std::move(b));
}

// no_warning_*: stored in a member.
struct session {
  team::task<int> reader;
  void no_warning_member() {
    auto job = fetch(10);
    reader = std::move(job);
  }
};

// no_warning_*: captured by a lambda that takes it over.
void run_later(team::task<int> &&);
void no_warning_captured() {
  auto job = fetch(11);
  auto later = [job = std::move(job)]() mutable { run_later(std::move(job)); };
  later();
}

// no_warning_*: created and consumed inside a macro.
#define AWAIT_LOCAL(name, expr) auto name = (expr); co_await name
cppcoro::task<> no_warning_macro() { AWAIT_LOCAL(job, fetch(12)); }
