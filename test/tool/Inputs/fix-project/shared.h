#pragma once
#include "mock_task.h"

team::task<int> fetch(int id);

inline team::task<> shared_step() {
  fetch(1);
  co_return;
}
