#include "shared.h"

team::task<> other() { co_await from_header(); }
