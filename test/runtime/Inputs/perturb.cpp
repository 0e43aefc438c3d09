// Calls that wait, made by a handler on a Boost.Asio loop thread, each for
// longer than the stall threshold the test sets, so that the runtime's
// watchdog looks at the thread in the middle of every one. The program
// prints what each call returned; the test runs it with and without the
// runtime and requires the same lines.

#include <boost/asio.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <semaphore.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <thread>
#include <time.h>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr int WaitMs = 150;

const char *errorName(int E) {
  switch (E) {
  case 0:
    return "0";
  case EINTR:
    return "EINTR";
  case EAGAIN:
    return "EAGAIN";
  case ETIMEDOUT:
    return "ETIMEDOUT";
  default:
    return "other";
  }
}

void print(const char *What, long Result, int Error) {
  std::printf("%s: %ld %s\n", What, Result, errorName(Result < 0 ? Error : 0));
  std::fflush(stdout);
}

/// Writes one byte to \p Fd after the wait, from another thread.
std::thread writeLater(int Fd) {
  return std::thread([Fd] {
    std::this_thread::sleep_for(std::chrono::milliseconds(WaitMs));
    char C = 'x';
    (void)!::write(Fd, &C, 1);
  });
}

int Pipe[2];
int Pair[2];

// One case per busy period of the loop thread: the watchdog samples a busy
// period once, so each call gets its own.
void (*const Cases[])() = {
  [] {
    pollfd P{Pipe[0], POLLIN, 0};
    errno = 0;
    int R = ::poll(&P, 1, WaitMs);
    print("poll timing out", R, errno);
  },
  [] {
    std::thread W = writeLater(Pipe[1]);
    pollfd P{Pipe[0], POLLIN, 0};
    int R = ::poll(&P, 1, 10 * WaitMs);
    print("poll woken by data", R, errno);
    char C;
    (void)!::read(Pipe[0], &C, 1);
    W.join();
  },
  [] {
    fd_set Read;
    FD_ZERO(&Read);
    FD_SET(Pipe[0], &Read);
    timeval Timeout{0, WaitMs * 1000};
    int R = ::select(Pipe[0] + 1, &Read, nullptr, nullptr, &Timeout);
    print("select timing out", R, errno);
    std::printf("select time left: %ld.%06ld\n", static_cast<long>(Timeout.tv_sec),
                static_cast<long>(Timeout.tv_usec));
  },
  [] {
    // A second event loop inside the handler.
    int Ep = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event E{};
    E.events = EPOLLIN;
    ::epoll_ctl(Ep, EPOLL_CTL_ADD, Pipe[0], &E);
    epoll_event Out[4];
    int R = ::epoll_wait(Ep, Out, 4, WaitMs);
    print("epoll_wait timing out", R, errno);
    ::close(Ep);
  },
  [] {
    timespec T{0, WaitMs * 1000000L};
    timespec Left{9, 9};
    int R = ::nanosleep(&T, &Left);
    print("nanosleep", R, errno);
  },
  [] {
    sem_t S;
    ::sem_init(&S, 0, 0);
    timespec At;
    ::clock_gettime(CLOCK_REALTIME, &At);
    At.tv_nsec += WaitMs * 1000000L;
    At.tv_sec += At.tv_nsec / 1000000000;
    At.tv_nsec %= 1000000000;
    int R = ::sem_timedwait(&S, &At);
    print("sem_timedwait", R, errno);
    ::sem_destroy(&S);
  },
  [] {
    timeval Timeout{0, WaitMs * 1000};
    ::setsockopt(Pair[0], SOL_SOCKET, SO_RCVTIMEO, &Timeout, sizeof(Timeout));
    char Buf[8];
    ssize_t R = ::recv(Pair[0], Buf, sizeof(Buf), 0);
    print("recv with SO_RCVTIMEO", R, errno);
    timeval None{0, 0};
    ::setsockopt(Pair[0], SOL_SOCKET, SO_RCVTIMEO, &None, sizeof(None));
  },
  [] {
    std::thread W = writeLater(Pair[1]);
    char Buf[8];
    ssize_t R = ::recv(Pair[0], Buf, sizeof(Buf), 0);
    print("blocking recv", R, errno);
    W.join();
  },
};

asio::awaitable<void> pause(std::chrono::milliseconds D) {
  asio::steady_timer T(co_await asio::this_coro::executor, D);
  co_await T.async_wait(asio::use_awaitable);
}

asio::awaitable<void> cases(asio::local::stream_protocol::socket &A,
                            asio::local::stream_protocol::socket &B) {
  if (::pipe(Pipe) != 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, Pair) != 0)
    std::abort();
  for (auto *Case : Cases) {
    co_await pause(30ms);
    Case();
  }
  co_await pause(30ms);
  // Asio's synchronous read on a socket that asynchronous operations made
  // non-blocking inside: it polls the one socket until data comes.
  co_await A.async_wait(asio::socket_base::wait_write, asio::use_awaitable);
  std::thread W = writeLater(B.native_handle());
  char Buf[8];
  boost::system::error_code Error;
  std::size_t N = A.read_some(asio::buffer(Buf), Error);
  std::printf("asio read_some: %zu %s\n", N, Error.message().c_str());
  W.join();
  co_await pause(30ms);
}

} // namespace

int main() {
  asio::io_context Io;
  asio::local::stream_protocol::socket A(Io), B(Io);
  asio::local::connect_pair(A, B);
  asio::co_spawn(Io, cases(A, B), [](std::exception_ptr E) {
    if (E)
      std::rethrow_exception(E);
  });
  Io.run();
  return 0;
}
