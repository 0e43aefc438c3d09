//===--- BlockingCallCheck.h - corolint-blocking-call ----------*- C++ -*-===//

#ifndef COROLINT_CHECKS_BLOCKINGCALLCHECK_H
#define COROLINT_CHECKS_BLOCKINGCALLCHECK_H

#include "CorolintCheck.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>

namespace corolint::checks {

/// Flags calls that block the thread a coroutine runs on: sleeps, file and
/// network I/O, database and process calls, waits, nested event loops and,
/// optionally, plain mutex locks; directly or through ordinary functions of
/// the same translation unit.
///
/// For the user-facing documentation see docs/checks/blocking-call.md.
class BlockingCallCheck : public CorolintCheck {
public:
  BlockingCallCheck(llvm::StringRef Name,
                    clang::tidy::ClangTidyContext *Context);

  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  /// One step of a call chain from a coroutine down to a blocking call.
  struct Step {
    const clang::Expr *Call;
    const clang::FunctionDecl *Callee;
  };
  /// How a function blocks: the calls leading to the blocking one, and the
  /// profile entry that describes it.
  struct Chain {
    /// Calls from the first callee down to the function that blocks.
    llvm::SmallVector<Step, 4> Steps;
    const clang::Expr *BlockingCall = nullptr;
    const profiles::BlockingEntry *Entry = nullptr;
    std::string BlockingName;
  };
  /// Per translation unit state, dropped when its analysis ends.
  struct TUState;
  ~BlockingCallCheck() override;

protected:
  void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) override;

private:
  static constexpr llvm::StringLiteral MaxCallDepthKey = "MaxCallDepth";
  static constexpr llvm::StringLiteral FlagMutexLocksKey = "FlagMutexLocks";
  /// Where to write this file's summary for the other files
  /// (support/Summary.h); the corolint command sets it, a user need not.
  static constexpr llvm::StringLiteral SummaryFileKey = "SummaryFile";

  unsigned MaxCallDepth;
  bool FlagMutexLocks;
  std::string SummaryFile;
};

} // namespace corolint::checks

#endif
