//===--- UnboundedFanoutCheck.h - corolint-unbounded-fanout ----*- C++ -*-===//

#ifndef COROLINT_CHECKS_UNBOUNDEDFANOUTCHECK_H
#define COROLINT_CHECKS_UNBOUNDEDFANOUTCHECK_H

#include "CorolintCheck.h"

namespace corolint::checks {

/// Flags a loop whose trip count comes from input that starts one task per
/// iteration, or collects one per iteration for an unbounded combinator,
/// with nothing limiting how many run at once: asyncio's `gather` over ten
/// thousand coroutines.
///
/// For the user-facing documentation see docs/checks/unbounded-fanout.md.
class UnboundedFanoutCheck : public CorolintCheck {
public:
  UnboundedFanoutCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;

private:
  static constexpr llvm::StringLiteral FlagAcceptLoopsKey = "FlagAcceptLoops";
  bool FlagAcceptLoops;
};

} // namespace corolint::checks

#endif
