// gamma.cpp: the same first include, then a macro before the rest.
#include "lib.h"
#define GAMMA_DELAY 7
#include <mock_asio.h>

team::task<> gamma() {
  std::this_thread::sleep_for(std::chrono::milliseconds(GAMMA_DELAY));
  co_return;
}
