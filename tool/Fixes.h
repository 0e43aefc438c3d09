//===--- Fixes.h - --fix and --export-fixes ---------------------*- C++ -*-===//
//
// What clang-tidy's --fix and --export-fixes do, for the findings one
// corolint run reports (after --diff, --line-filter and --baseline): the
// checks' fixes are applied to the files, or written as clang-tidy's YAML
// for clang-apply-replacements.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_FIXES_H
#define COROLINT_TOOL_FIXES_H

#include "Report.h"

#include "llvm/Support/Error.h"

namespace corolint::tool {

/// What applying the fixes did.
struct FixOutcome {
  /// Fixes applied, whole.
  unsigned Applied = 0;
  /// Fixes left out because they overlap one applied before them.
  unsigned Conflicting = 0;
  /// Files written.
  unsigned Files = 0;
  /// Files that could not be read or written, with why.
  std::vector<std::string> Failures;
};

/// Applies the fixes of \p Findings to their files. The same fix reached
/// from several translation units (a header's) is applied once; a fix
/// that overlaps another is left out whole, never half applied.
FixOutcome applyFixes(const std::vector<Finding> &Findings);

/// Writes \p Findings with their fixes to \p Path in clang-tidy's
/// --export-fixes format (clang::tooling::TranslationUnitDiagnostics).
llvm::Error exportFixes(const std::vector<Finding> &Findings,
                        llvm::StringRef MainFile, llvm::StringRef Path);

} // namespace corolint::tool

#endif
