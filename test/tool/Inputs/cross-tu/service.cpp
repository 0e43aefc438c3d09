#include "project.h"
#include "shared.h"
#include <thread>

// A helper of this file, which blocks only through another file.
static void refresh() { compute(); load_config(); }

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
  refresh();
  co_await from_header();
}
