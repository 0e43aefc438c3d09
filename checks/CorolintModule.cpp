//===--- CorolintModule.cpp - Registers corolint's checks -----------------===//

#include "BlockingCallCheck.h"
#include "CheckCatalog.h"
#include "DetachedTaskCheck.h"
#include "UnawaitedTaskCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace corolint::checks {

llvm::ArrayRef<CheckInfo> allChecks() {
  static const CheckInfo Checks[] = {
      {"corolint-blocking-call",
       "A call that blocks the thread a coroutine runs on (sleep, file or "
       "network I/O, database, process, wait, nested event loop)",
       "docs/checks/blocking-call.md"},
      {"corolint-unawaited-task",
       "A lazy task that is created and never awaited, started or handed on, "
       "so its body never runs",
       "docs/checks/unawaited-task.md"},
      {"corolint-detached-task",
       "A task started so that nobody observes its failure: detached spawns, "
       "completion handlers that ignore the outcome, discarded futures",
       "docs/checks/detached-task.md"},
  };
  return Checks;
}

namespace {
class CorolintModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &F) override {
    F.registerCheck<BlockingCallCheck>("corolint-blocking-call");
    F.registerCheck<UnawaitedTaskCheck>("corolint-unawaited-task");
    F.registerCheck<DetachedTaskCheck>("corolint-detached-task");
  }
};
} // namespace

} // namespace corolint::checks

static clang::tidy::ClangTidyModuleRegistry::Add<
    corolint::checks::CorolintModule>
    X("corolint-module", "Checks for async misuse in C++20 coroutines.");
