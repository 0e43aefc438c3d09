#include "project.h"
#include <unistd.h>

// One program's twice() blocks ...
int twice() {
  sleep(1);
  return 0;
}
