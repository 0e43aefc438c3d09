#include <boost/asio.hpp>
#include <chrono>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

int load() {
  sleep(1);
  return 1;
}

asio::awaitable<void> with_pool(asio::thread_pool &pool) {
  std::this_thread::sleep_for(1s);
  int n = 0;
  n = load();
  co_return;
}

asio::awaitable<void> without_pool() {
  std::this_thread::sleep_for(1s);
  co_return;
}

asio::awaitable<void> in_a_handler(asio::thread_pool &pool) {
  try {
    co_await without_pool();
  } catch (...) {
    usleep(5);
  }
}

asio::awaitable<void> two_pools(asio::thread_pool &a, asio::thread_pool &b) {
  usleep(5);
  co_return;
}

struct service {
  asio::thread_pool workers{2};
  asio::awaitable<void> run() {
    usleep(5);
    co_return;
  }
};
