#pragma once
#include "mock_task.h"
#include <thread>
#include <chrono>
#include "coro/impl.h"

// A coroutine of the project's own header: in the preamble of the files
// that include it first, and still walked.
inline team::task<> warm_up() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}

inline team::task<> short_pause() { co_await coro::pause(2.0); }
