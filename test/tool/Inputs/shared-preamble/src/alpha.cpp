// alpha.cpp - the first of three files that begin alike.
//
// Its comments differ from the others'; its includes do not.
#include "lib.h"
#include <mock_asio.h>
#include <thread> // a trailing comment

team::task<> alpha() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_await coro::pause(1);
}
