#pragma once
#include "mock_task.h"
#include <chrono>
#include <thread>

// A framework's own implementation in the project's tree (a run over
// libcoro: namespace coro under coro/): not reported. Its templates are
// instantiated from the files and from lib.h, in the preamble; Sema hands
// each instantiation to the consumer as if it were a top-level
// declaration, and the checks must not take them for the file's own.
namespace coro {
template <typename T> team::task<> pause(T) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}
} // namespace coro
