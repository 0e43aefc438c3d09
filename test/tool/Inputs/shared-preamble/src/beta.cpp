/* beta.cpp: a block comment,
   over two lines. */
#include "lib.h"

/* between the includes */
#include <mock_asio.h>
#include <thread>
#include <fstream>

team::task<> beta() {
  std::ifstream in("beta.conf");
  co_await warm_up();
}
