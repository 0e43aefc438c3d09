//===--- SequentialAwaitsCheck.h - corolint-sequential-awaits --*- C++ -*-===//

#ifndef COROLINT_CHECKS_SEQUENTIALAWAITSCHECK_H
#define COROLINT_CHECKS_SEQUENTIALAWAITSCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags awaits that wait one after another for operations that do not
/// depend on each other: two adjacent await statements, or one await per
/// element of a range-for whose operations need nothing from the previous
/// iteration. `co_await` does not mean "run in parallel".
///
/// For the user-facing documentation see docs/checks/sequential-awaits.md.
class SequentialAwaitsCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;
};

} // namespace corolint::checks

#endif
