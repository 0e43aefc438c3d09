//===--- ReportFuzzer.cpp - libFuzzer target: the runtime report reader ---===//
//
// `corolint confirm` and `run` read reports that may be cut short, copied
// badly or written by someone else: every line is a record or an error.

#include "RuntimeReport.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  corolint::tool::RuntimeReport R =
      corolint::tool::parseRuntimeReport(Text, "fuzz.jsonl");
  (void)R;
  return 0;
}
