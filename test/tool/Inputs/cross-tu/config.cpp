#include "project.h"
#include <fstream>

std::string load_config() {
  std::ifstream in("service.conf");
  std::string line;
  std::getline(in, line);
  return line;
}
