#pragma once
#include "project.h"

#include <unistd.h>

inline int cached_limit() {
  sleep(2);
  return 3;
}

inline team::task<> from_header() {
  load_config();
  co_return;
}
