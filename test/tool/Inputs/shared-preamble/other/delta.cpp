// delta.cpp: the same include lines as alpha.cpp, in another directory.
#include "lib.h"
#include <mock_asio.h>
#include <thread> // a trailing comment

team::task<> delta() {
  co_await warm_up();
  sleep(1);
}
