// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -config="{CheckOptions: {corolint-blocking-call.MaxCallDepth: 1}}" \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEPTH1 -implicit-check-not="{{warning|error}}:"

// Blocking reached through ordinary functions of the translation unit.

#include "mock_task.h"
#include <cstdio>
#include <string>
#include <unistd.h>

std::string read_all(const char *path) {
  char buf[256];
  // CHECK-DAG: :[[@LINE+1]]:13: note: 'fopen' blocks here (file-io)
  FILE *f = fopen(path, "r");
  fread(buf, 1, sizeof buf, f);
  return buf;
}

std::string load_config() {
  // CHECK-DAG: :[[@LINE+1]]:10: note: 'load_config' calls 'read_all' here
  return read_all("/etc/app.conf");
}

void nap() { usleep(100); }

struct cache {
  cache() { nap(); }
};

team::task<> serve() {
  // CHECK-DAG: :[[@LINE+2]]:21: warning: 'load_config' blocks the thread of coroutine 'serve' through a call to 'fopen'; open the file on a worker thread or with asynchronous file I/O instead [corolint-blocking-call]
  // DEPTH1-NOT: :[[@LINE+1]]:{{.*}}warning
  std::string cfg = load_config();
  // CHECK-DAG: :[[@LINE+2]]:3: warning: 'nap' blocks the thread of coroutine 'serve' through a call to 'usleep'
  // DEPTH1: :[[@LINE+1]]:3: warning: 'nap' blocks the thread of coroutine 'serve' through a call to 'usleep'
  nap();
  // CHECK-DAG: :[[@LINE+2]]:9: note: 'cache::cache' reaches 'usleep' here too
  // DEPTH1-NOT: :[[@LINE+1]]:{{.*}}warning
  cache c;
  co_return;
}

// Recursion terminates, and the shortest chain is reported.
void ping(int n);
void pong(int n) { if (n) ping(n - 1); else sleep(1); }
void ping(int n) { pong(n); }

team::task<> recursive() {
  // CHECK-DAG: :[[@LINE+1]]:3: warning: 'ping' blocks the thread of coroutine 'recursive' through a call to 'sleep'
  ping(3);
  co_return;
}

// A coroutine called from a coroutine is checked on its own, not through
// the caller.
team::task<> child() {
  // CHECK-DAG: :[[@LINE+2]]:3: warning: 'sleep' blocks the thread of coroutine 'child'
  // DEPTH1: :[[@LINE+1]]:3: warning: 'sleep' blocks the thread of coroutine 'child'
  sleep(1);
  co_return;
}
team::task<> no_warning_parent() { co_await child(); }
