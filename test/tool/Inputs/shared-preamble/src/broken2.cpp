#include <mock_asio.h>
#include "missing.h"

team::task<> broken2() { co_return; }
