//===--- LockAcrossAwaitCheck.h - corolint-lock-across-await ---*- C++ -*-===//

#ifndef COROLINT_CHECKS_LOCKACROSSAWAITCHECK_H
#define COROLINT_CHECKS_LOCKACROSSAWAITCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags a thread lock held across a suspension point: an RAII guard
/// (`std::lock_guard`, `unique_lock`, ..., or any `scoped_lockable` class)
/// alive at a `co_await`, or a mutex locked by hand and not yet unlocked.
///
/// For the user-facing documentation see docs/checks/lock-across-await.md.
class LockAcrossAwaitCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;
};

} // namespace corolint::checks

#endif
