#include "project.h"
#include <unistd.h>

static void flush_slowly() { usleep(5); }

void log_line() { flush_slowly(); }
