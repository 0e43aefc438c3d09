// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Templates instantiated many times report once, at the written location;
// macros report at their use, and only where they expand in a coroutine.

#include "mock_task.h"
#include <unistd.h>

template <typename T> team::task<> poll_every(T interval) {
  // CHECK: :[[@LINE+1]]:3: warning: 'sleep' blocks the thread of coroutine 'poll_every'
  sleep(static_cast<unsigned>(interval));
  co_return;
}

template <typename T> void helper(T t) { usleep(static_cast<unsigned>(t)); }

template <typename T> team::task<> generic(T t) {
  // CHECK: :[[@LINE+1]]:3: warning: 'helper' blocks the thread of coroutine 'generic' through a call to 'usleep'
  helper(t);
  co_return;
}

void instantiate() {
  poll_every(1);
  poll_every(2u);
  poll_every(3.0);
  poll_every('x');
  generic(1);
  generic(2.0);
  generic(3L);
}

#define NAP() usleep(10)
#define RETRY(expr) do { expr; } while (0)

team::task<> uses_macros() {
  // CHECK: :[[@LINE+1]]:3: warning: 'usleep' blocks the thread of coroutine 'uses_macros'
  NAP();
  // CHECK: :[[@LINE+1]]:3: warning: 'sleep' blocks the thread of coroutine 'uses_macros'
  RETRY(sleep(1));
  co_return;
}

// no_warning_*: the same macros in ordinary code.
void no_warning_macro_outside_coroutine() {
  NAP();
  RETRY(sleep(1));
}

// no_warning_*: a macro that makes the call non-blocking.
#include <sys/socket.h>
#define TRY_RECV(fd, buf) recv(fd, buf, sizeof buf, MSG_DONTWAIT)
team::task<> no_warning_nonblocking_macro(int fd) {
  char buf[16];
  TRY_RECV(fd, buf);
  co_return;
}
