//===--- SwallowedCancellationCheck.cpp - corolint-swallowed-cancellation -===//

#include "SwallowedCancellationCheck.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint::checks {

namespace {

/// Whether the handler's body rethrows, examines the error for
/// cancellation, or leaves the coroutine or the loop it is in.
class HandlerReading {
public:
  HandlerReading(const profiles::ProfileSet &P, model::NameCache &Names)
      : P(P), Names(Names) {}

  bool letsCancellationThrough(const Stmt *S, unsigned LoopDepth = 0) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (isa<CXXThrowExpr, ReturnStmt, CoreturnStmt>(S))
      return true;
    if (isa<BreakStmt>(S) && LoopDepth == 0)
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = Call->getDirectCallee()) {
        if (FD->isNoReturn())
          return true;
        StringRef Q = Names.qualifiedName(FD);
        // Rethrown, or kept to be rethrown or reported after cleanup
        // (`ex = std::current_exception();` ... `std::rethrow_exception`).
        if (Q == "std::rethrow_exception" || Q == "std::current_exception")
          return true;
      }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (isMarker(DRE->getDecl()))
        return true;
    if (const auto *E = dyn_cast<Expr>(S))
      if (const auto *RD = E->getType()->getAsCXXRecordDecl();
          RD && isMarker(RD))
        return true;
    unsigned Inner =
        LoopDepth +
        (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S) ? 1
                                                                         : 0);
    for (const Stmt *Child : S->children())
      if (letsCancellationThrough(Child, Inner))
        return true;
    return false;
  }

private:
  bool isMarker(const NamedDecl *D) {
    if (D->getIdentifier() && P.isCancellationMarker(D->getName()))
      return true;
    StringRef Q = Names.qualifiedName(D);
    return !Q.empty() && P.isCancellationMarker(Q);
  }

  const profiles::ProfileSet &P;
  model::NameCache &Names;
};

bool isLoop(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

} // namespace

void SwallowedCancellationCheck::analyse(ASTContext &Ctx,
                                         const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  const profiles::ProfileSet &P = profiles();
  model::NameCache Names;
  HandlerReading Reading(P, Names);

  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    // The library the coroutine belongs to says what its cancellation
    // throws; one that never throws on cancellation has nothing to swallow.
    const profiles::Profile *Framework =
        P.profileForTaskType(Names.className(Coroutine->getReturnType()));
    if (Framework && Framework->CancellationErrors.empty())
      continue;
    const Stmt *Body = model::writtenBody(Coroutine);
    std::vector<SourceLocation> Suspensions;
    model::forEachSuspensionPoint(
        Body, [&](const Expr *E) { Suspensions.push_back(E->getBeginLoc()); });
    if (Suspensions.empty())
      continue;

    // Walk with the loops enclosing each statement.
    struct Item {
      const Stmt *S;
      bool InLoop;
    };
    llvm::SmallVector<Item, 64> Work{{Body, false}};
    while (!Work.empty()) {
      auto [S, InLoop] = Work.pop_back_val();
      if (!S || isa<LambdaExpr>(S))
        continue;
      bool ChildInLoop = InLoop || isLoop(S);
      for (const Stmt *Child : S->children())
        Work.push_back({Child, ChildInLoop});
      const auto *Try = dyn_cast<CXXTryStmt>(S);
      if (!Try)
        continue;
      // A test assertion (`CHECK_THROWS_AS`, `QCORO_VERIFY_EXCEPTION_THROWN`)
      // expands to try/catch: the macro's idiom, not the user's handler.
      if (model::isWrittenByForeignMacro(Try->getTryLoc(), SM))
        continue;
      const Expr *FirstSuspension = nullptr;
      model::forEachSuspensionPoint(Try->getTryBlock(), [&](const Expr *E) {
        if (!FirstSuspension)
          FirstSuspension = E;
      });
      if (!FirstSuspension)
        continue; // No await inside: nothing to cancel here.
      // Does the coroutine suspend again after the handler?
      bool SuspendsLater =
          InLoop || llvm::any_of(Suspensions, [&](SourceLocation L) {
            return SM.isBeforeInTranslationUnit(Try->getEndLoc(), L);
          });
      if (!SuspendsLater)
        continue;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
        const CXXCatchStmt *H = Try->getHandler(I);
        QualType Caught = H->getCaughtType();
        std::string What;
        if (Caught.isNull()) {
          What = "everything";
        } else {
          StringRef Class = Names.className(Caught);
          // Catching the cancellation itself by name is handling it (an
          // accept loop stopped by its cancellation token).
          if (Class.empty() || P.isCancellationMarker(Class))
            continue;
          // A specific exception type, which the cancellation is not.
          if (Framework ? !llvm::is_contained(Framework->CancellationErrors,
                                              Class)
                        : !P.isBroadError(Class))
            continue;
          What = "'" + Class.str() + "'";
        }
        if (Reading.letsCancellationThrough(H->getHandlerBlock()))
          continue;
        SourceLocation Loc = SM.getExpansionLoc(H->getBeginLoc());
        if (!firstReportAt(Loc))
          continue;
        diag(Loc, "handler catches %0 around a co_await, including the "
                  "cancellation delivered there, and the coroutine carries "
                  "on; rethrow, or check for cancellation and return")
            << What;
        diag(SM.getExpansionLoc(FirstSuspension->getBeginLoc()),
             "cancellation arrives as an exception at this suspension point",
             DiagnosticIDs::Note);
      }
    }
  }
}

} // namespace corolint::checks
