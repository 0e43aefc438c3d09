//===--- CheckCatalog.h - What each corolint check is ----------*- C++ -*-===//

#ifndef COROLINT_CHECKS_CHECKCATALOG_H
#define COROLINT_CHECKS_CHECKCATALOG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace corolint::checks {

/// Rule metadata for reports (SARIF's `rules`, `--list-checks`).
struct CheckInfo {
  llvm::StringRef Name;
  llvm::StringRef Summary;
  /// Path of the check's page, relative to the repository root.
  llvm::StringRef DocPath;
  /// `correctness` or `performance`: with `concurrency` and `coroutines`,
  /// the rule's tags in SARIF.
  llvm::StringRef Kind;
  /// SARIF's `precision` (`very-high`, `high`, `medium`, `low`), from the
  /// development set's measured precision (docs/precision.md): very-high
  /// at 0.95 or more over at least 10 judged findings, high at 0.8, medium
  /// when fewer were judged, low when they were all wrong.
  llvm::StringRef Precision;
};

/// Every check corolint registers, in documentation order.
llvm::ArrayRef<CheckInfo> allChecks();

} // namespace corolint::checks

#endif
