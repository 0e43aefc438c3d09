//===--- CorolintModule.cpp - Registers corolint's checks -----------------===//

#include "BlockingCallCheck.h"
#include "CheckCatalog.h"
#include "DetachedTaskCheck.h"
#include "LockAcrossAwaitCheck.h"
#include "MissingTimeoutCheck.h"
#include "SequentialAwaitsCheck.h"
#include "StaleReadAcrossAwaitCheck.h"
#include "SwallowedCancellationCheck.h"
#include "UnawaitedTaskCheck.h"
#include "UnboundedFanoutCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace corolint::checks {

llvm::ArrayRef<CheckInfo> allChecks() {
  static const CheckInfo Checks[] = {
      {"corolint-blocking-call",
       "A call that blocks the thread a coroutine runs on (sleep, file or "
       "network I/O, database, process, wait, nested event loop)",
       "docs/checks/blocking-call.md", "performance", "very-high"},
      {"corolint-unawaited-task",
       "A lazy task that is created and never awaited, started or handed on, "
       "so its body never runs",
       "docs/checks/unawaited-task.md", "correctness", "medium"},
      {"corolint-detached-task",
       "A task started so that nobody observes its failure: detached spawns, "
       "completion handlers that ignore the outcome, discarded futures",
       "docs/checks/detached-task.md", "correctness", "high"},
      {"corolint-sequential-awaits",
       "Independent operations awaited one after another, or one await per "
       "element of a range, where they could run together",
       "docs/checks/sequential-awaits.md", "performance", "medium"},
      {"corolint-unbounded-fanout",
       "A loop over input that starts or collects one task per element with "
       "nothing limiting how many run at once",
       "docs/checks/unbounded-fanout.md", "performance", "medium"},
      {"corolint-missing-timeout",
       "A co_await on an operation that waits on another party (read, "
       "connect, handshake, HTTP) with no deadline in effect",
       "docs/checks/missing-timeout.md", "correctness", "very-high"},
      {"corolint-lock-across-await",
       "A thread mutex (RAII guard or manual lock) held across a suspension "
       "point",
       "docs/checks/lock-across-await.md", "correctness", "medium"},
      {"corolint-stale-read-across-await",
       "Shared state read before a co_await and written back from that read "
       "after it: a lost update",
       "docs/checks/stale-read-across-await.md", "correctness", "medium"},
      {"corolint-swallowed-cancellation",
       "A catch-all handler around a co_await that swallows cancellation "
       "while the coroutine carries on",
       "docs/checks/swallowed-cancellation.md", "correctness", "low"},
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
    F.registerCheck<LockAcrossAwaitCheck>("corolint-lock-across-await");
    F.registerCheck<MissingTimeoutCheck>("corolint-missing-timeout");
    F.registerCheck<SequentialAwaitsCheck>("corolint-sequential-awaits");
    F.registerCheck<UnboundedFanoutCheck>("corolint-unbounded-fanout");
    F.registerCheck<StaleReadAcrossAwaitCheck>(
        "corolint-stale-read-across-await");
    F.registerCheck<SwallowedCancellationCheck>(
        "corolint-swallowed-cancellation");
  }
};
} // namespace

} // namespace corolint::checks

static clang::tidy::ClangTidyModuleRegistry::Add<
    corolint::checks::CorolintModule>
    X("corolint-module", "Checks for async misuse in C++20 coroutines.");
