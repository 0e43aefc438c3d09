#include "project.h"
#include "shared.h"
#include <thread>

team::task<> serve() {
  load_config();
  fetch_quota();
  log_line();
  compute();
  ping(3);
  std::thread([] { load_config(); }).detach();
  load_config(); // NOLINT(corolint-blocking-call)
  fetch_limit();
  twice();
  co_await from_header();
}
