// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Callables run in place: a lambda passed to a standard algorithm, to
// std::invoke/std::apply, or to a function of the translation unit that
// calls its callable parameter runs on the coroutine's thread. One stored
// (std::function) or handed to another thread does not.

#include "mock_task.h"
#include <algorithm>
#include <functional>
#include <ranges>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

template <typename F> void each_fd(const std::vector<int> &fds, F f) {
  for (int fd : fds)
    f(fd);
}

team::task<> flush_all(std::vector<int> fds) {
  // CHECK: :[[@LINE+1]]:54: warning: 'fsync' blocks the thread of coroutine 'flush_all'; flush the file on a worker thread instead
  std::for_each(fds.begin(), fds.end(), [](int fd) { ::fsync(fd); });
  // CHECK: :[[@LINE+1]]:43: note: 'fsync' is called here too
  std::ranges::for_each(fds, [](int fd) { ::fsync(fd); });
  // CHECK: :[[@LINE+1]]:30: note: 'fsync' is called here too
  auto syncer = [](int fd) { ::fsync(fd); };
  std::for_each(fds.begin(), fds.end(), syncer);
  // CHECK: :[[@LINE+2]]:38: note: 'fsync' is called here too
  std::transform(fds.begin(), fds.end(), fds.begin(),
                 [](int fd) { return ::fsync(fd); });
  // CHECK: :[[@LINE+1]]:20: warning: 'sleep' blocks the thread of coroutine 'flush_all'
  std::invoke([] { ::sleep(1); });
  // CHECK: :[[@LINE+1]]:33: warning: 'usleep' blocks the thread of coroutine 'flush_all'
  std::apply([](int a, int b) { ::usleep(a + b); }, std::tuple{1, 2});
  co_return;
}

team::task<> through_a_helper(std::vector<int> fds) {
  // CHECK: :[[@LINE+3]]:3: warning: 'each_fd' blocks the thread of coroutine 'through_a_helper' through a call to 'fdatasync'
  // CHECK: blocking-call-in-place.cpp:20:5: note: 'each_fd' calls 'lambda' here
  // CHECK: :[[@LINE+1]]:29: note: 'fdatasync' blocks here (file-io)
  each_fd(fds, [](int fd) { ::fdatasync(fd); });
  co_return;
}

// Through std::function: a function of the file that calls the parameter
// itself runs the lambda here; one that only keeps it does not.
void each_job(const std::vector<int> &fds, const std::function<void(int)> &f) {
  for (int fd : fds)
    f(fd);
}
void keep_job(std::vector<std::function<void(int)>> &jobs,
              std::function<void(int)> f) {
  jobs.push_back(std::move(f));
}
team::task<> through_std_function(std::vector<int> fds,
                                  std::vector<std::function<void(int)>> &jobs) {
  // CHECK: :[[@LINE+1]]:30: warning: 'fsync' blocks the thread of coroutine 'through_std_function'
  each_job(fds, [](int fd) { ::fsync(fd); });
  keep_job(jobs, [](int fd) { ::sleep(fd); });
  co_return;
}

// no_warning_*: stored for later, or run on another thread.
team::task<> no_warning_stored(std::vector<std::function<void()>> &later) {
  std::function<void()> job = [] { ::sleep(2); };
  later.push_back([] { ::sleep(3); });
  std::thread([] { ::sleep(4); }).detach();
  co_return;
}
