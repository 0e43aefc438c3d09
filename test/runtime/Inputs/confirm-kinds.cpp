// A coroutine whose helper reads a file, then resolves a name three times
// through a pointer static analysis cannot see through: the file-read
// finding must be confirmed by the fopen, never by the getaddrinfo calls,
// which are listed once as missed, with their count. The tests name the
// lines marked LINE-...; keep them where they are.
#include <boost/asio.hpp>
#include <cstdio>
#include <netdb.h>

namespace asio = boost::asio;

using Lookup = int (*)(const char *, const char *, const addrinfo *,
                       addrinfo **);
static Lookup volatile Resolve = &getaddrinfo;

static int loadSettings(const char *Path) {
  std::FILE *F = std::fopen(Path, "r"); // LINE-FOPEN (17)
  int C = F ? std::fgetc(F) : -1;
  if (F)
    std::fclose(F);
  for (int I = 0; I < 3; ++I) {
    addrinfo *R = nullptr;
    if (Resolve("localhost", "80", nullptr, &R) == 0) // LINE-RESOLVE (23)
      freeaddrinfo(R);
  }
  return C;
}

static asio::awaitable<void> serve(const char *Path) {
  asio::steady_timer T(co_await asio::this_coro::executor,
                       std::chrono::milliseconds(20));
  co_await T.async_wait(asio::use_awaitable);
  int C = loadSettings(Path); // LINE-CALL (33)
  std::printf("read %d\n", C);
}

int main(int Argc, char **Argv) {
  asio::io_context Io;
  asio::co_spawn(Io, serve(Argc > 1 ? Argv[1] : "/etc/hostname"),
                 [](std::exception_ptr E) {
                   if (E)
                     std::rethrow_exception(E);
                 });
  Io.run();
  return 0;
}
