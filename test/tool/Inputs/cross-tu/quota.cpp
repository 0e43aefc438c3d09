#include "project.h"
#include "shared.h"

int fetch_quota() { return read_quota_file() + 1; }

int fetch_limit() { return cached_limit(); }
