//===--- SarifFuzzer.cpp - libFuzzer target: the SARIF reader -------------===//
//
// `corolint confirm --findings` reads SARIF from any tool: findings, or
// errors naming the result, never a crash.

#include "Confirm.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  corolint::tool::SarifFindings S =
      corolint::tool::parseSarifFindings(Text, "fuzz.sarif");
  (void)S;
  return 0;
}
