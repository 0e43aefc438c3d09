#pragma once
#include "mock_task.h"
#include <unistd.h>

// Same name, other directory, other content: a file here must not take the
// preamble of src/, whose "lib.h" is another header.
inline team::task<> warm_up() {
  usleep(1000);
  co_return;
}
