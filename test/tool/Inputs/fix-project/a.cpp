#include "shared.h"

team::task<> a() {
  fetch(2);
  co_return;
}
