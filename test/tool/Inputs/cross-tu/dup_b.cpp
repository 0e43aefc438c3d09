#include "project.h"

// ... another program's does not: which one service.cpp calls is unknown.
int twice() { return 1; }
