// epsilon.cpp
#include "lib.h"
#include <mock_asio.h>

team::task<> epsilon() {
  usleep(2);
  co_return;
}
