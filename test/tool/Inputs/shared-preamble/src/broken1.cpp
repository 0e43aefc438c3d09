// Two files whose shared includes do not compile: each is parsed as
// usual, and says so.
#include <mock_asio.h>
#include "missing.h"

team::task<> broken1() { co_return; }
