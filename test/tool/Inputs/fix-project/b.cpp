#include "shared.h"

team::task<> b() { co_await shared_step(); }
