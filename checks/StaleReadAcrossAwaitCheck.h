//===--- StaleReadAcrossAwaitCheck.h - corolint-stale-read-across-await ---===//

#ifndef COROLINT_CHECKS_STALEREADACROSSAWAITCHECK_H
#define COROLINT_CHECKS_STALEREADACROSSAWAITCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags the lost update across a suspension point: non-local state (a
/// member through `this`, a global or static, an object reached through a
/// reference or pointer parameter) copied into a local before a `co_await`,
/// then written back from that local after it with no re-read in between.
///
/// For the user-facing documentation see
/// docs/checks/stale-read-across-await.md.
class StaleReadAcrossAwaitCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;
};

} // namespace corolint::checks

#endif
