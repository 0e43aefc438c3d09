#pragma once
#include "project.h"

inline team::task<> from_header() {
  load_config();
  co_return;
}
