// Handler-heavy asio program for the runtime's benchmark: two coroutines
// bounce a message over a socket pair for a fixed time and print the round
// trips per second and the peak RSS. `pingpong stalls N` instead stalls N
// times for 300 ms, for the threshold-to-report delay.
#include <boost/asio.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>
#include <thread>

namespace asio = boost::asio;
using asio::local::stream_protocol;
using Clock = std::chrono::steady_clock;

static long RoundTrips = 0;

static asio::awaitable<void> bounce(stream_protocol::socket &S, bool Start,
                                    Clock::time_point Until) {
  char Byte = 'x';
  if (Start)
    co_await asio::async_write(S, asio::buffer(&Byte, 1), asio::use_awaitable);
  while (Clock::now() < Until) {
    co_await asio::async_read(S, asio::buffer(&Byte, 1), asio::use_awaitable);
    if (Start)
      ++RoundTrips;
    co_await asio::async_write(S, asio::buffer(&Byte, 1), asio::use_awaitable);
  }
  S.close();
}

static asio::awaitable<void> stalls(int N) {
  asio::steady_timer T(co_await asio::this_coro::executor);
  for (int I = 0; I < N; ++I) {
    T.expires_after(std::chrono::milliseconds(20));
    co_await T.async_wait(asio::use_awaitable);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
}

int main(int Argc, char **Argv) {
  asio::io_context Io(1);
  if (Argc > 2 && !std::strcmp(Argv[1], "stalls")) {
    asio::co_spawn(Io, stalls(std::atoi(Argv[2])), asio::detached);
    Io.run();
    return 0;
  }
  double Seconds = Argc > 1 ? std::atof(Argv[1]) : 3.0;
  stream_protocol::socket A(Io), B(Io);
  asio::local::connect_pair(A, B);
  auto Until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(Seconds));
  // The side that stops first closes its socket; the other side's next
  // operation then fails, which ends the run.
  auto Fail = [](std::exception_ptr) {};
  asio::co_spawn(Io, bounce(A, true, Until), Fail);
  asio::co_spawn(Io, bounce(B, false, Until), Fail);
  auto Start = Clock::now();
  Io.run();
  double Elapsed = std::chrono::duration<double>(Clock::now() - Start).count();
  rusage U;
  getrusage(RUSAGE_SELF, &U);
  std::printf("round_trips_per_s %.0f max_rss_kb %ld\n", RoundTrips / Elapsed,
              U.ru_maxrss);
  return 0;
}
