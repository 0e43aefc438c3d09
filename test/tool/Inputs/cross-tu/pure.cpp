#include "project.h"

int compute() { return 42; }
int ping(int n) { return n > 0 ? pong(n - 1) : 0; }
int pong(int n) { return ping(n); }
