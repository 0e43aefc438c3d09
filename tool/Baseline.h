//===--- Baseline.h - Fingerprints and the findings a team accepted -*- C++ -*-===//
//
// A finding's fingerprint names it without its line number, so that it
// survives unrelated edits: the check, the file (relative to the source
// root), the enclosing function, the reported line's text without
// whitespace, and which occurrence of that combination it is. A baseline
// is a file of fingerprints; with it, only findings not in it are reported.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_BASELINE_H
#define COROLINT_TOOL_BASELINE_H

#include "Report.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <string>

namespace corolint::tool {

/// The name of the outermost function definition around \p Offset in the
/// C++ source \p Text, read lexically (comments, literals and preprocessor
/// lines skipped); for a function-like macro's block (`TEST_CASE("x")`),
/// its whole head. Empty at namespace or class scope.
std::string enclosingFunction(llvm::StringRef Text, size_t Offset);

/// Sets every finding's Fingerprint. Paths under \p SourceRoot count
/// relative to it, so that a baseline is the same in every checkout.
void fingerprint(Report &R, llvm::StringRef SourceRoot);

/// Fingerprints and how many findings carry each.
using Baseline = llvm::StringMap<unsigned>;

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path);
llvm::Error writeBaseline(const Report &R, llvm::StringRef Path,
                          llvm::StringRef SourceRoot);

/// What applying a baseline did.
struct BaselineOutcome {
  /// Findings dropped because the baseline has them.
  unsigned Known = 0;
  /// Baseline entries no finding matched: fixed, or their code is gone.
  unsigned Gone = 0;
};

/// Removes from \p R the findings the baseline holds (each entry matches
/// as many findings as it counts).
BaselineOutcome applyBaseline(Report &R, const Baseline &B);

} // namespace corolint::tool

#endif
