#include <boost/asio.hpp>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> session(tcp::socket &s) {
  char b = 0;
  co_await asio::async_write(s, asio::buffer(&b, 1), asio::use_awaitable);
}

asio::awaitable<int> value(tcp::socket &s) {
  co_await session(s);
  co_return 1;
}

void start(asio::io_context &io, tcp::socket &s) {
  asio::co_spawn(io, session(s), asio::detached);
  asio::co_spawn(io, [&s]() -> asio::awaitable<void> { co_await session(s); }, asio::detached);
  asio::co_spawn(io, session(s), [](std::exception_ptr e) {});
  asio::co_spawn(io, value(s), asio::detached);
  asio::co_spawn(io, session(s), [](std::exception_ptr) {});
}
