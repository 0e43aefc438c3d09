// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Direct blocking calls in coroutine bodies, one per category, and the
// ordinary code around them that must stay quiet.

#include "mock_task.h"
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fcntl.h>
#include <cstdlib>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <sys/socket.h>
#include <netdb.h>
#include <thread>
#include <sched.h>
#include <unistd.h>

team::task<> heartbeat() {
  // CHECK: :[[@LINE+1]]:3: warning: 'sleep_for' blocks the thread of coroutine 'heartbeat'; await an asynchronous timer instead [corolint-blocking-call]
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // CHECK: :[[@LINE+1]]:3: warning: 'usleep' blocks the thread of coroutine 'heartbeat'
  usleep(10);
  co_return;
}

team::task<> load(const char *path) {
  // CHECK: :[[@LINE+1]]:17: warning: 'std::ifstream' blocks the thread of coroutine 'load'; read the file
  std::ifstream in(path);
  std::string line;
  // The same stream again: one finding per coroutine and cause.
  // CHECK: :[[@LINE+1]]:3: note: 'getline' is called here too
  std::getline(in, line);
  // CHECK: :[[@LINE+1]]:13: warning: 'fopen' blocks the thread of coroutine 'load'
  FILE *f = fopen(path, "r");
  char buf[64];
  // CHECK: :[[@LINE+1]]:3: warning: 'fread' blocks the thread of coroutine 'load'
  fread(buf, 1, sizeof buf, f);
  co_return;
}

team::task<> network(int fd, const char *host) {
  char buf[64];
  // CHECK: :[[@LINE+1]]:3: warning: 'recv' blocks the thread of coroutine 'network'; await an asynchronous read instead
  recv(fd, buf, sizeof buf, 0);
  addrinfo *res = nullptr;
  // CHECK: :[[@LINE+1]]:3: warning: 'getaddrinfo' blocks the thread of coroutine 'network'; await an asynchronous resolver instead
  getaddrinfo(host, "80", nullptr, &res);
  co_return;
}

team::task<> flushes_and_lookups(int fd, const char *host) {
  // CHECK: :[[@LINE+1]]:3: warning: 'fsync' blocks the thread of coroutine 'flushes_and_lookups'; flush the file on a worker thread instead
  fsync(fd);
  // CHECK: :[[@LINE+1]]:3: warning: 'fdatasync' blocks the thread of coroutine 'flushes_and_lookups'; flush the file on a worker thread instead
  fdatasync(fd);
  // CHECK: :[[@LINE+1]]:3: warning: 'sync_file_range' blocks the thread of coroutine 'flushes_and_lookups'; flush the file on a worker thread instead
  sync_file_range(fd, 0, 0, 0);
  // CHECK: :[[@LINE+1]]:3: warning: 'syncfs' blocks the thread of coroutine 'flushes_and_lookups'; flush the file system on a worker thread instead
  syncfs(fd);
  // CHECK: :[[@LINE+1]]:3: warning: 'gethostbyname2' blocks the thread of coroutine 'flushes_and_lookups'; await an asynchronous resolver instead
  gethostbyname2(host, AF_INET6);
  // CHECK: :[[@LINE+1]]:3: warning: 'getservbyname' blocks the thread of coroutine 'flushes_and_lookups'; resolve the service once at start-up instead
  getservbyname("http", "tcp");
  // CHECK: :[[@LINE+1]]:3: warning: 'getservbyport' blocks the thread of coroutine 'flushes_and_lookups'; resolve the service once at start-up instead
  getservbyport(80, "tcp");
  co_return;
}

team::task<> processes() {
  // CHECK: :[[@LINE+1]]:3: warning: 'system' blocks the thread of coroutine 'processes'
  std::system("ls");
  // CHECK: :[[@LINE+1]]:3: note: 'system' is called here too
  ::system("ls");
  // CHECK: :[[@LINE+1]]:3: note: 'system' is called here too
  system("ls");
  co_return;
}

team::task<> reentrant_lookups(const char *host) {
  hostent h, *r;
  servent s, *sr;
  char buf[256];
  int err;
  // CHECK: :[[@LINE+1]]:3: warning: 'gethostbyname2_r' blocks the thread of coroutine 'reentrant_lookups'; await an asynchronous resolver instead
  gethostbyname2_r(host, AF_INET, &h, buf, sizeof buf, &r, &err);
  // CHECK: :[[@LINE+1]]:3: warning: 'getservbyname_r' blocks the thread of coroutine 'reentrant_lookups'; resolve the service once at start-up instead
  getservbyname_r("http", "tcp", &s, buf, sizeof buf, &sr);
  co_return;
}

// A yield in a loop that never suspends spins on a flag that only work on
// this same thread could set.
bool ready;
team::task<> ping();
team::task<> spins() {
  while (!ready)
    // CHECK: :[[@LINE+1]]:5: warning: 'yield' blocks the thread of coroutine 'spins'; await what the loop waits for (an event, a channel, a timer) instead of spinning
    std::this_thread::yield();
  for (int i = 0; i < 10 && !ready; ++i)
    // CHECK: :[[@LINE+1]]:5: warning: 'sched_yield' blocks the thread of coroutine 'spins'; await what
    sched_yield();
  co_return;
}
// no_warning_*: a spin lock in a function the coroutine calls waits for
// another thread, briefly.
struct spin_lock {
  bool try_lock();
  void lock() {
    while (!try_lock())
      std::this_thread::yield();
  }
};
team::task<> no_warning_spin_lock(spin_lock &l) {
  l.lock();
  co_return;
}
// no_warning_*: one yield alone, and a loop that suspends as well.
team::task<> no_warning_yields() {
  std::this_thread::yield();
  while (!ready) {
    std::this_thread::yield();
    co_await ping();
  }
}

team::task<> waits(std::future<int> fut, std::condition_variable &cv,
                   std::mutex &m) {
  // CHECK: :[[@LINE+1]]:3: warning: 'future::get' blocks the thread of coroutine 'waits'; await an awaitable result instead
  fut.get();
  std::unique_lock<std::mutex> lock(m);
  // CHECK: :[[@LINE+1]]:3: warning: 'condition_variable::wait' blocks the thread of coroutine 'waits'
  cv.wait(lock);
  co_return;
}

struct session {
  team::task<> run();
  int fd = 0;
};

team::task<> session::run() {
  // CHECK: :[[@LINE+1]]:3: warning: 'sleep' blocks the thread of coroutine 'session::run'
  sleep(1);
  co_return;
}

auto lambda_coroutine = []() -> team::task<> {
  // CHECK: :[[@LINE+1]]:3: warning: 'sleep' blocks the thread of a coroutine lambda
  sleep(1);
  co_return;
};

// no_warning_*: the same calls outside any coroutine.
void no_warning_ordinary_function() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::ifstream in("x");
}

// no_warning_*: a blocking call in a function no coroutine reaches.
void no_warning_unreached_helper() { sleep(1); }

// no_warning_*: logging to the standard streams is not file I/O.
team::task<> no_warning_standard_streams() {
  fputs("starting\n", stderr);
  fwrite("x", 1, 1, stdout);
  co_return;
}

// no_warning_*: plain locks are off by default (option FlagMutexLocks).
team::task<> no_warning_mutex_by_default(std::mutex &m) {
  std::lock_guard<std::mutex> g(m);
  m.unlock();
  co_return;
}

// no_warning_*: the file_status overload does not touch the disk.
#include <filesystem>
team::task<> no_warning_file_status(std::filesystem::file_status s) {
  (void)std::filesystem::is_directory(s);
  co_return;
}

// no_warning_*: unevaluated operands run nothing.
team::task<> no_warning_unevaluated() {
  using T = decltype(sleep(1));
  (void)sizeof(usleep(1));
  co_return;
}
