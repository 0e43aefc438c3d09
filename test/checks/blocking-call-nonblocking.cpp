// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Calls whose arguments say they cannot block.

#include "mock_task.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

// no_warning_*: MSG_DONTWAIT on the call itself.
team::task<> no_warning_dontwait(int fd) {
  char buf[16];
  recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  send(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_NOSIGNAL);
  co_return;
}

// no_warning_*: a socket created non-blocking in the same function.
team::task<> no_warning_sock_nonblock(const sockaddr *addr, socklen_t len) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  connect(fd, addr, len);
  co_return;
}

// no_warning_*: a descriptor switched to O_NONBLOCK in the same function.
team::task<> no_warning_fcntl(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  char buf[16];
  recv(fd, buf, sizeof buf, 0);
  co_return;
}

// no_warning_*: FIONBIO does the same through ioctl, on a later assignment.
team::task<> no_warning_ioctl() {
  int fd = -1;
  fd = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  ioctl(fd, FIONBIO, &on);
  accept(fd, nullptr, nullptr);
  co_return;
}

// A blocking socket, and a different descriptor made non-blocking.
team::task<> blocking_socket(int other) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  fcntl(other, F_SETFL, O_NONBLOCK);
  char buf[16];
  // CHECK: :[[@LINE+1]]:3: warning: 'recv' blocks the thread of coroutine 'blocking_socket'
  recv(fd, buf, sizeof buf, 0);
  co_return;
}
