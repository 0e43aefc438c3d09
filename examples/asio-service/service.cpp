// A small Boost.Asio echo service with a heartbeat and a config reload.
// corolint's demo: misuses are planted (marked PLANTED), and the correct
// patterns around them must stay quiet.

#include <boost/asio.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

struct config {
  int port = 0; // Any free port.
  std::string banner = "hello";
};

static config parse_config(const std::string &path) {
  config c;
  std::ifstream in(path); // Blocking file I/O, fine off the loop.
  std::string key;
  while (in >> key)
    if (key == "port")
      in >> c.port;
  return c;
}

static config reload_config() { return parse_config("/etc/echo.conf"); }

asio::awaitable<void> send_banner(tcp::socket &socket, const config &cfg) {
  co_await asio::async_write(socket, asio::buffer(cfg.banner + "\n"),
                             asio::use_awaitable);
}

asio::awaitable<void> echo(tcp::socket socket, const config &cfg) {
  try {
    send_banner(socket, cfg); // PLANTED: never awaited, so never sent.
    char data[1024];
    for (;;) {
      // PLANTED: no deadline; a silent client holds the session forever.
      std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                      asio::use_awaitable);
      co_await asio::async_write(socket, asio::buffer(data, n),
                                 asio::use_awaitable);
    }
  } catch (const std::exception &e) {
    std::cerr << "echo: " << e.what() << "\n";
  }
}

asio::awaitable<void> heartbeat() {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  for (;;) {
    std::cerr << "alive\n";
    std::this_thread::sleep_for(300ms); // PLANTED: stalls every connection.
    tick.expires_after(1s);
    co_await tick.async_wait(asio::use_awaitable);
  }
}

asio::awaitable<void> on_sighup(config &cfg, asio::thread_pool &pool) {
  cfg = reload_config(); // PLANTED: reads a file on the loop thread.
  // Correct: the same work on the thread pool.
  asio::post(pool, [&cfg] { cfg = reload_config(); });
  co_return;
}

asio::awaitable<void> listener(config &cfg) {
  auto executor = co_await asio::this_coro::executor;
  tcp::acceptor acceptor(executor, {tcp::v4(), static_cast<unsigned short>(cfg.port)});
  tcp::resolver resolver(executor);
  auto self = resolver.resolve("localhost", "7"); // PLANTED: blocking DNS.
  (void)self;
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(executor, echo(std::move(socket), cfg), asio::detached);
  }
}

// Top-level coroutines report how they ended; the sessions above catch
// their own failures, so they may be spawned detached.
static auto log_failure(const char *what) {
  return [what](std::exception_ptr e) {
    if (!e)
      return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception &ex) {
      std::cerr << what << " failed: " << ex.what() << "\n";
    }
  };
}

// `service --seconds N` stops after N seconds (corolint's demo runs it
// under `corolint run`); without it the service runs until killed.
int main(int argc, char **argv) {
  config cfg;
  asio::io_context io;
  asio::steady_timer stop(io);
  if (argc == 3 && std::string(argv[1]) == "--seconds") {
    stop.expires_after(std::chrono::seconds(std::stoi(argv[2])));
    stop.async_wait([&io](boost::system::error_code) { io.stop(); });
  }
  asio::thread_pool pool(2);
  asio::co_spawn(io, listener(cfg), log_failure("listener"));
  asio::co_spawn(io, heartbeat(), log_failure("heartbeat"));
  asio::co_spawn(io, on_sighup(cfg, pool), log_failure("reload"));
  io.run();
}
