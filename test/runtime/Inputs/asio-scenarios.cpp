// Real Boost.Asio programs for the runtime's tests: each mode misbehaves
// (or behaves) in one way, and the tests read what libcorolint-rt reports.
// Lines the tests look for are marked with a LINE-... comment; the tests in
// ../ name their numbers, so keep them where they are.

#include <boost/asio.hpp>
#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <netdb.h>
#include <thread> // and <condition_variable>, <mutex>, <sys/epoll.h>: through asio
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

static asio::awaitable<void> pause(std::chrono::milliseconds D) {
  asio::steady_timer T(co_await asio::this_coro::executor, D);
  co_await T.async_wait(asio::use_awaitable);
}

static asio::awaitable<void> sleeper() {
  co_await pause(50ms);
  std::this_thread::sleep_for(300ms); // LINE-SLEEP
  co_await pause(50ms);
}

static volatile unsigned long Sink;

static asio::awaitable<void> cpu_bound() {
  co_await pause(50ms);
  auto End = Clock::now() + 300ms;
  while (Clock::now() < End) // LINE-SPIN
    Sink = Sink + 1;
  co_await pause(50ms);
}

static asio::awaitable<void> ticker(int Id, Clock::time_point Until,
                                    std::atomic<long> &Count) {
  asio::steady_timer T(co_await asio::this_coro::executor);
  while (Clock::now() < Until) {
    T.expires_after(std::chrono::microseconds(200 + Id * 50));
    co_await T.async_wait(asio::use_awaitable);
    for (int I = 0; I < 1000; ++I)
      Sink = Sink + I;
    ++Count;
  }
}

static asio::awaitable<void> resolver() {
  co_await pause(20ms);
  addrinfo *Result = nullptr;
  if (getaddrinfo("localhost", "80", nullptr, &Result) == 0) // LINE-RESOLVE
    freeaddrinfo(Result);
  co_await pause(20ms);
}

static asio::awaitable<void> stall_together(std::atomic<int> &Started) {
  co_await pause(20ms);
  ++Started;
  // Each of the four waits here until all four run at once, so the four
  // stalls are on four threads.
  auto End = Clock::now() + 300ms;
  while (Clock::now() < End || Started.load() < 4) // LINE-THREADS
    Sink = Sink + 1;
}

static asio::awaitable<void> endless() {
  for (;;) {
    co_await pause(20ms);
    std::this_thread::sleep_for(150ms); // LINE-ENDLESS
  }
}

// Run by a thread that waits on the scheduler's condition variable, not in
// the reactor: handlers that arrive by post() wake those threads.
static void stall_posted() {
  auto End = Clock::now() + 150ms;
  while (Clock::now() < End) // LINE-POSTED
    Sink = Sink + 1;
}

// A freeze of 1.6 s: sampled again at 2x, 4x, 8x the threshold.
static asio::awaitable<void> freeze() {
  co_await pause(20ms);
  auto End = Clock::now() + 1600ms;
  while (Clock::now() < End) // LINE-FREEZE
    Sink = Sink + 1;
  co_await pause(20ms);
}

// Blocking work handed to an asio::thread_pool, the right way: the pool's
// threads wait on a condition variable too, but serve no loop.
static asio::awaitable<void> offloader(asio::thread_pool &Pool) {
  auto Loop = co_await asio::this_coro::executor;
  for (int I = 0; I < 4; ++I) {
    co_await asio::post(Pool, asio::use_awaitable);
    std::this_thread::sleep_for(150ms);
    co_await asio::post(Loop, asio::use_awaitable);
  }
}

// A hand-written epoll loop that hands work to its own worker thread, the
// queue's mutex being the last one it releases before it waits (as in
// nginx's thread pools): the worker serves no loop.
static int workerQueue() {
  std::mutex M;
  std::condition_variable Ready;
  std::vector<int> Queue;
  bool Done = false;
  std::thread Worker([&] {
    std::unique_lock<std::mutex> Lock(M);
    for (;;) {
      Ready.wait(Lock, [&] { return Done || !Queue.empty(); });
      if (Queue.empty())
        return;
      Queue.pop_back();
      Lock.unlock();
      auto End = Clock::now() + 150ms;
      while (Clock::now() < End)
        Sink = Sink + 1;
      Lock.lock();
    }
  });
  int Ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_event Events[4];
  for (int I = 0; I < 4; ++I) {
    {
      std::lock_guard<std::mutex> Lock(M);
      Queue.push_back(I);
    }
    Ready.notify_one();
    epoll_wait(Ep, Events, 4, 200);
  }
  {
    std::lock_guard<std::mutex> Lock(M);
    Done = true;
  }
  Ready.notify_one();
  Worker.join();
  close(Ep);
  return 0;
}

int main(int Argc, char **Argv) {
  const char *Mode = Argc > 1 ? Argv[1] : "sleep";
  asio::io_context Io;
  auto Check = [](std::exception_ptr E) {
    if (E)
      std::rethrow_exception(E);
  };
  if (!std::strcmp(Mode, "sleep")) {
    asio::co_spawn(Io, sleeper(), Check);
  } else if (!std::strcmp(Mode, "spin")) {
    asio::co_spawn(Io, cpu_bound(), Check);
  } else if (!std::strcmp(Mode, "healthy")) {
    static std::atomic<long> Count{0};
    auto Until = Clock::now() + 2s;
    for (int I = 0; I < 8; ++I)
      asio::co_spawn(Io, ticker(I, Until, Count), Check);
    Io.run();
    std::cout << "handlers: " << Count.load() << "\n";
    return 0;
  } else if (!std::strcmp(Mode, "resolve")) {
    asio::co_spawn(Io, resolver(), Check);
  } else if (!std::strcmp(Mode, "threads")) {
    static std::atomic<int> Started{0};
    static std::atomic<long> Count{0};
    // Short handlers first, so every thread takes its turn at the reactor.
    auto Until = Clock::now() + 300ms;
    for (int I = 0; I < 8; ++I)
      asio::co_spawn(Io, ticker(I, Until, Count), Check);
    asio::steady_timer Later(Io, 400ms);
    Later.async_wait([&](boost::system::error_code) {
      for (int I = 0; I < 4; ++I)
        asio::co_spawn(Io, stall_together(Started), Check);
    });
    std::vector<std::thread> Threads;
    for (int I = 0; I < 4; ++I)
      Threads.emplace_back([&Io] { Io.run(); });
    for (auto &T : Threads)
      T.join();
    return 0;
  } else if (!std::strcmp(Mode, "posted")) {
    // Four threads run the loop; one sits in the reactor (a timer an hour
    // away keeps it there), and eight stalls arrive by post() from main.
    auto Guard = asio::make_work_guard(Io);
    asio::steady_timer Far(Io, std::chrono::hours(1));
    Far.async_wait([](boost::system::error_code) {});
    std::vector<std::thread> Threads;
    for (int I = 0; I < 4; ++I)
      Threads.emplace_back([&Io] { Io.run(); });
    for (int I = 0; I < 8; ++I) {
      std::this_thread::sleep_for(250ms);
      asio::post(Io, stall_posted);
    }
    std::this_thread::sleep_for(250ms);
    Far.cancel();
    Guard.reset();
    for (auto &T : Threads)
      T.join();
    return 0;
  } else if (!std::strcmp(Mode, "freeze")) {
    asio::co_spawn(Io, freeze(), Check);
  } else if (!std::strcmp(Mode, "offload")) {
    asio::thread_pool Pool(2);
    asio::co_spawn(Io, offloader(Pool), Check);
    Io.run();
    Pool.join();
    return 0;
  } else if (!std::strcmp(Mode, "worker-queue")) {
    return workerQueue();
  } else if (!std::strcmp(Mode, "endless")) {
    asio::co_spawn(Io, endless(), Check);
  } else {
    std::cerr << "unknown mode " << Mode << "\n";
    return 2;
  }
  Io.run();
  return 0;
}
