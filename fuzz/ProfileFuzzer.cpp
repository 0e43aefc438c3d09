//===--- ProfileFuzzer.cpp - libFuzzer target: the profile loader ---------===//
//
// A profile is YAML a user writes; any bytes must give a profile or an
// error naming a position, never a crash, a hang or unbounded memory.

#include "profiles/Profile.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto P = corolint::profiles::parseProfile(Text, "fuzz.yaml");
  if (!P)
    llvm::consumeError(P.takeError());
  return 0;
}
