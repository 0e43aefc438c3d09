#include "project.h"

int fetch_quota() { return read_quota_file() + 1; }
