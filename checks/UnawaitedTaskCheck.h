//===--- UnawaitedTaskCheck.h - corolint-unawaited-task --------*- C++ -*-===//

#ifndef COROLINT_CHECKS_UNAWAITEDTASKCHECK_H
#define COROLINT_CHECKS_UNAWAITEDTASKCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags a lazy task that is created and never consumed: discarded at the
/// end of a statement (also through a cast to void), or left in a local
/// that is destroyed, on some path, before it is awaited, started or handed
/// on. A lazy task's body only runs when someone awaits or starts it.
///
/// For the user-facing documentation see docs/checks/unawaited-task.md.
class UnawaitedTaskCheck : public CorolintCheck {
public:
  UnawaitedTaskCheck(llvm::StringRef Name,
                     clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;

private:
  static constexpr llvm::StringLiteral AllowCastToVoidKey = "AllowCastToVoid";
  bool AllowCastToVoid;
};

} // namespace corolint::checks

#endif
