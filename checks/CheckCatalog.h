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
};

/// Every check corolint registers, in documentation order.
llvm::ArrayRef<CheckInfo> allChecks();

} // namespace corolint::checks

#endif
