//===--- MissingTimeoutCheck.h - corolint-missing-timeout ------*- C++ -*-===//

#ifndef COROLINT_CHECKS_MISSINGTIMEOUTCHECK_H
#define COROLINT_CHECKS_MISSINGTIMEOUTCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags a `co_await` on an operation that waits on another party (the
/// profiles' `needs-deadline`) with no deadline in effect: not raced
/// against a timer or wrapped in a timeout, no deadline set earlier on its
/// I/O object (here, or by the caller that passed the object in), and not
/// inside a coroutine that is itself raced against a watchdog.
///
/// For the user-facing documentation see docs/checks/missing-timeout.md.
class MissingTimeoutCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;
};

} // namespace corolint::checks

#endif
