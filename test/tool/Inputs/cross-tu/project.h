#pragma once
#include "mock_task.h"
#include <string>

std::string load_config();
int fetch_quota();
int read_quota_file();
void log_line();
int compute();
int ping(int n);
int pong(int n);
int fetch_limit();
int twice();
