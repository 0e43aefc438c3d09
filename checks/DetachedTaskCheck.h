//===--- DetachedTaskCheck.h - corolint-detached-task ----------*- C++ -*-===//

#ifndef COROLINT_CHECKS_DETACHEDTASKCHECK_H
#define COROLINT_CHECKS_DETACHEDTASKCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags a task started so that nobody observes its failure: spawned with a
/// detach token or a completion handler that ignores the outcome, handed to
/// a fire-and-forget spawner, or kept only in a future-like value that is
/// then discarded (including eager tasks the profiles do not accept as
/// fire-and-forget). A spawned coroutine that catches its own failures
/// around its whole body is fine.
///
/// For the user-facing documentation see docs/checks/detached-task.md.
class DetachedTaskCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;
};

} // namespace corolint::checks

#endif
