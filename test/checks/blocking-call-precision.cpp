// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// What blocks is the library's function doing I/O: not a coroutine of the
// same name, not a stream's state query, not a socket the code made
// non-blocking elsewhere. One cause in one coroutine is one finding.

#include "mock_task.h"
#include <cerrno>
#include <fstream>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

// A test's own timer coroutine, declared like ::sleep's name.
team::task<> sleep(int milliseconds);

// no_warning_*: awaiting the coroutine named `sleep` starts a timer.
team::task<> no_warning_own_sleep_coroutine() { co_await sleep(10); }

// ::sleep itself still blocks.
team::task<> posix_sleep() {
  // CHECK: :[[@LINE+1]]:3: warning: 'sleep' blocks the thread of coroutine 'posix_sleep'
  ::sleep(1u);
  co_return;
}

// One stream opened and read: one finding, the reads as notes; its state
// queries do no I/O.
team::task<> read_config(const char *path) {
  // CHECK: :[[@LINE+1]]:17: warning: 'std::ifstream' blocks the thread of coroutine 'read_config'
  std::ifstream in(path);
  if (!in.is_open() || in.eof() || !in.good())
    co_return;
  std::string line;
  // CHECK: :[[@LINE+1]]:3: note: 'getline' is called here too
  std::getline(in, line);
  // CHECK: :[[@LINE+1]]:3: note: 'basic_ifstream::read' is called here too
  in.read(&line[0], 1);
}

enum class blocking_t { yes, no };
int make_socket(blocking_t);
struct socket_handle {
  explicit socket_handle(int fd) : fd(fd) {}
  int native_handle() const { return fd; }
  int fd;
};
int make_socket_nonblocking(int);

// no_warning_*: the member socket is made non-blocking in the constructor
// (the profile's descriptor setter with SOCK_NONBLOCK), so ::connect returns
// at once.
struct client {
  client() : sock(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) {}
  team::task<> no_warning_connect(const sockaddr *a, socklen_t n) {
    ::connect(sock.native_handle(), a, n);
    co_return;
  }
  socket_handle sock;
};

// A member socket made blocking still blocks.
struct blocking_client {
  blocking_client() : sock(::socket(AF_INET, SOCK_STREAM, 0)) {}
  team::task<> connect(const sockaddr *a, socklen_t n) {
    // CHECK: :[[@LINE+1]]:5: warning: 'connect' blocks the thread of coroutine 'blocking_client::connect'
    ::connect(sock.native_handle(), a, n);
    co_return;
  }
  socket_handle sock;
};

// no_warning_*: code that waits for EINPROGRESS expects a non-blocking
// socket, whatever made it so.
team::task<> no_warning_checks_einprogress(int fd, const sockaddr *a,
                                           socklen_t n) {
  if (::connect(fd, a, n) == -1 && errno == EINPROGRESS)
    co_return;
}
