//===--- SwallowedCancellationCheck.cpp - corolint-swallowed-cancellation -===//

#include "SwallowedCancellationCheck.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

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

/// Whether awaiting \p Suspend never waits on anything that could be
/// cancelled: it awaits a coroutine of this translation unit (or a
/// combinator of such) that, transitively, only computes, throws and
/// returns, or awaits what cannot fail (the coroutine's own context).
/// Cancellation arrives where a coroutine waits; such an await has none to
/// deliver, and a handler around it catches what those coroutines throw
/// (as the tests of exception propagation do).
class WaitReading {
public:
  WaitReading(const profiles::ProfileSet &P, model::NameCache &Names,
              const SourceManager &SM)
      : P(P), Names(Names), SM(SM) {}

  bool neverWaits(const Expr *Suspend, unsigned Depth = 0) {
    const auto *CS = dyn_cast<CoawaitExpr>(Suspend);
    const Expr *Operand = CS ? CS->getOperand() : nullptr;
    if (!Operand || Depth > 3)
      return false;
    if (P.isInfallibleAwait(Names.className(Operand->getType())))
      return true;
    return taskNeverWaits(Operand, Depth);
  }

private:
  bool taskNeverWaits(const Expr *Task, unsigned Depth) {
    const Expr *E = model::stripArgument(Task);
    model::CallSite Call;
    if (!E || !isa<CallExpr>(E) || !model::decodeCall(E, Call))
      return false;
    if (model::callMatches(Call, Names, [&](StringRef N) {
          return P.combinator(N) != nullptr;
        }))
      return llvm::all_of(Call.Args, [&](const Expr *Arg) {
        return taskNeverWaits(Arg, Depth + 1);
      });
    const FunctionDecl *Def = model::readableCoroutine(Call.Callee, SM);
    if (!Def)
      return false;
    bool Waits = false;
    model::forEachSuspensionPoint(model::writtenBody(Def),
                                  [&](const Expr *Inner) {
                                    Waits = Waits || !neverWaits(Inner,
                                                                 Depth + 1);
                                  });
    return !Waits;
  }

  const profiles::ProfileSet &P;
  model::NameCache &Names;
  const SourceManager &SM;
};

bool isLoop(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// Calls \p Fn for each statement of \p Body (lambdas aside) with whether a
/// loop of Body encloses it.
void forEachStmtInLoops(const Stmt *Body,
                        llvm::function_ref<void(const Stmt *, bool)> Fn) {
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work{{Body, false}};
  while (!Work.empty()) {
    auto [S, InLoop] = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    bool ChildInLoop = InLoop || isLoop(S);
    for (const Stmt *Child : S->children())
      Work.push_back({Child, ChildInLoop});
    Fn(S, InLoop);
  }
}

/// An await of a coroutine of the translation unit after which the
/// awaiting coroutine carries on: it suspends again later, or the await
/// sits in a loop.
struct ContinuingAwait {
  const Expr *Await;
  const FunctionDecl *Caller;
};

/// The continuing awaits of each coroutine of \p Code, by the callee's
/// canonical declaration.
llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<ContinuingAwait, 1>>
continuingAwaits(const model::UserCode &Code, const SourceManager &SM) {
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<ContinuingAwait, 1>>
      Out;
  for (const FunctionDecl *Caller : Code.Coroutines) {
    const Stmt *Body = model::writtenBody(Caller);
    std::vector<SourceLocation> Suspensions;
    model::forEachSuspensionPoint(
        Body, [&](const Expr *E) { Suspensions.push_back(E->getEndLoc()); });
    forEachStmtInLoops(Body, [&](const Stmt *S, bool InLoop) {
      const auto *Await = dyn_cast<CoawaitExpr>(S);
      if (!Await || !Await->getOperand())
        return;
      const auto *Call =
          dyn_cast_or_null<CallExpr>(model::stripArgument(Await->getOperand()));
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      if (!Callee)
        return;
      bool CarriesOn =
          InLoop || llvm::any_of(Suspensions, [&](SourceLocation L) {
            return SM.isBeforeInTranslationUnit(Await->getEndLoc(), L);
          });
      if (CarriesOn)
        Out[Callee->getCanonicalDecl()].push_back({Await, Caller});
    });
  }
  return Out;
}

} // namespace

void SwallowedCancellationCheck::analyse(ASTContext &Ctx,
                                         const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  const profiles::ProfileSet &P = profiles();
  model::NameCache Names;
  HandlerReading Reading(P, Names);
  WaitReading Waits(P, Names, SM);
  // Built on first need: most files have no handler that ends a coroutine.
  std::optional<decltype(continuingAwaits(Code, SM))> Continuing;

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
    forEachStmtInLoops(Body, [&](const Stmt *S, bool InLoop) {
      const auto *Try = dyn_cast<CXXTryStmt>(S);
      if (!Try)
        return;
      // A test assertion (`CHECK_THROWS_AS`, `QCORO_VERIFY_EXCEPTION_THROWN`)
      // expands to try/catch: the macro's idiom, not the user's handler.
      if (model::isWrittenByForeignMacro(Try->getTryLoc(), SM))
        return;
      // The first await inside that waits on something: where a
      // cancellation can arrive.
      const Expr *FirstSuspension = nullptr;
      model::forEachSuspensionPoint(Try->getTryBlock(), [&](const Expr *E) {
        if (!FirstSuspension && !Waits.neverWaits(E))
          FirstSuspension = E;
      });
      if (!FirstSuspension)
        return; // Nothing inside waits: nothing to cancel here.
      // Does the coroutine suspend again after the handler?
      bool SuspendsLater =
          InLoop || llvm::any_of(Suspensions, [&](SourceLocation L) {
            return SM.isBeforeInTranslationUnit(Try->getEndLoc(), L);
          });
      // A handler after which the coroutine ends: the cancellation still
      // ends the coroutine, but as a normal return. That is what a
      // top-level task wants (nobody awaits it); a caller that awaits it
      // and carries on takes the cancellation for success.
      const ContinuingAwait *Caller = nullptr;
      if (!SuspendsLater) {
        if (!Continuing)
          Continuing = continuingAwaits(Code, SM);
        auto It = Continuing->find(Coroutine->getCanonicalDecl());
        if (It == Continuing->end())
          return;
        Caller = &It->second.front();
      }
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
        if (Caller)
          diag(Loc, "handler catches %0 around a co_await, including the "
                    "cancellation delivered there, and coroutine %1 then "
                    "returns normally, so a caller that awaits it carries "
                    "on as if nothing was cancelled; rethrow, or check for "
                    "cancellation and rethrow it")
              << What << Coroutine;
        else
          diag(Loc, "handler catches %0 around a co_await, including the "
                    "cancellation delivered there, and the coroutine "
                    "carries on; rethrow, or check for cancellation and "
                    "return")
              << What;
        diag(SM.getExpansionLoc(FirstSuspension->getBeginLoc()),
             "cancellation arrives as an exception at this suspension point",
             DiagnosticIDs::Note);
        if (Caller)
          diag(SM.getExpansionLoc(Caller->Await->getBeginLoc()),
               "%0 awaits %1 here and carries on after it",
               DiagnosticIDs::Note)
              << Caller->Caller << Coroutine;
      }
    });
  }
}

} // namespace corolint::checks
