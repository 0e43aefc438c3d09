//===--- SwallowedCancellationCheck.h - corolint-swallowed-cancellation ---===//

#ifndef COROLINT_CHECKS_SWALLOWEDCANCELLATIONCHECK_H
#define COROLINT_CHECKS_SWALLOWEDCANCELLATIONCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags a catch-everything handler around a suspension point in a
/// coroutine that neither rethrows nor checks for cancellation, when the
/// coroutine then carries on suspending: cancellation is delivered as an
/// exception at the suspension point, and swallowing it keeps a cancelled
/// coroutine running.
///
/// For the user-facing documentation see docs/checks/swallowed-cancellation.md.
class SwallowedCancellationCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;
};

} // namespace corolint::checks

#endif
