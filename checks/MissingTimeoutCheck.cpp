//===--- MissingTimeoutCheck.cpp - corolint-missing-timeout ---------------===//

#include "MissingTimeoutCheck.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using corolint::profiles::DeadlineEntry;

namespace corolint::checks {

namespace {

class Deadlines {
public:
  Deadlines(const SourceManager &SM, const profiles::ProfileSet &P,
            const model::UserCode &Code)
      : SM(SM), P(P) {
    for (const FunctionDecl *FD : Code.Functions)
      indexCalls(FD);
  }

  /// The profile's name for a call: the callee, or `ObjectClass::member`.
  bool callIs(const model::CallSite &CS,
              llvm::function_ref<bool(StringRef)> Test) {
    return model::callMatches(CS, Names, Test);
  }

  const DeadlineEntry *needsDeadline(const model::CallSite &CS) {
    const DeadlineEntry *Found = nullptr;
    callIs(CS, [&](StringRef N) { return (Found = P.needsDeadline(N)); });
    return Found;
  }

  /// Whether \p S calls a timer wait, directly or in the body of a
  /// coroutine it calls (a watchdog).
  bool waitsOnTimer(const Stmt *S, unsigned Depth = 0) {
    if (!S || Depth > 2)
      return false;
    if (isa<LambdaExpr>(S))
      return false;
    model::CallSite CS;
    if (isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), CS)) {
      if (callIs(CS, [&](StringRef N) { return P.isTimerWait(N); }))
        return true;
      const FunctionDecl *Def = nullptr;
      if (CS.Callee && CS.Callee->getBody(Def) && Def &&
          model::isCoroutine(Def) &&
          waitsOnTimer(model::writtenBody(Def), Depth + 1))
        return true;
    }
    for (const Stmt *Child : S->children())
      if (waitsOnTimer(Child, Depth))
        return true;
    return false;
  }

  /// A call that bounds its operands: a timeout wrapper, or a race
  /// combinator with a timer wait among its operands.
  bool bounds(const model::CallSite &CS) {
    if (callIs(CS, [&](StringRef N) { return P.isTimeoutWrapper(N); }))
      return true;
    if (!callIs(CS, [&](StringRef N) { return P.isRaceCombinator(N); }))
      return false;
    if (CS.Object && waitsOnTimer(CS.Object))
      return true;
    return llvm::any_of(CS.Args,
                        [&](const Expr *A) { return waitsOnTimer(A); });
  }

  /// Coroutines called as an operand of a bounding call: their waits run
  /// under that deadline (`echo(sock, deadline) && watchdog(deadline)`).
  bool isGuarded(const FunctionDecl *FD) {
    return Guarded.contains(FD->getCanonicalDecl());
  }

  /// Whether a deadline was set on \p Root before \p Before in \p FD, on
  /// an object it was built from, or by every caller that passed it in.
  bool deadlineSet(const ValueDecl *Root, SourceLocation Before,
                   const FunctionDecl *FD, unsigned Depth = 0) {
    if (!Root || Depth > 3)
      return false;
    for (const auto &[Setter, Loc] : Setters.lookup(FD))
      if (Setter == Root && SM.isBeforeInTranslationUnit(Loc, Before))
        return true;
    // ssl_stream{std::move(stream), ctx}: the deadline lives on the layer.
    if (const auto *VD = dyn_cast<VarDecl>(Root);
        VD && VD->hasLocalStorage() && VD->getInit()) {
      llvm::SmallVector<const Stmt *, 16> Work{VD->getInit()};
      while (!Work.empty()) {
        const Stmt *S = Work.pop_back_val();
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
            DRE && DRE->getDecl() != VD)
          if (deadlineSet(DRE->getDecl(), VD->getLocation(), FD, Depth + 1))
            return true;
        for (const Stmt *Child : S->children())
          if (Child)
            Work.push_back(Child);
      }
    }
    // A stream passed in by the caller.
    if (const auto *Parm = dyn_cast<ParmVarDecl>(Root)) {
      unsigned Index = Parm->getFunctionScopeIndex();
      for (const auto &[Call, Caller] :
           CallSites.lookup(FD->getCanonicalDecl())) {
        if (Index >= Call->getNumArgs())
          continue;
        if (deadlineSet(model::rootDecl(Call->getArg(Index)),
                        Call->getBeginLoc(), Caller, Depth + 1))
          return true;
      }
    }
    return false;
  }

private:
  void indexCalls(const FunctionDecl *FD) {
    model::forEachStmt(model::writtenBody(FD), [&](const Stmt *S) {
      model::CallSite CS;
      if (!isa<CallExpr>(S) || !model::decodeCall(cast<Expr>(S), CS))
        return;
      if (CS.Callee)
        CallSites[CS.Callee->getCanonicalDecl()].push_back(
            {cast<CallExpr>(S), FD});
      if (callIs(CS, [&](StringRef N) { return P.isDeadlineSetter(N); }))
        if (const ValueDecl *Root = model::rootDecl(CS.Object))
          Setters[FD].push_back({Root, S->getBeginLoc()});
      if (bounds(CS)) {
        auto Guard = [&](const Expr *A) {
          if (const auto *Call =
                  dyn_cast_or_null<CallExpr>(model::stripArgument(A)))
            if (const FunctionDecl *Callee = Call->getDirectCallee())
              Guarded.insert(Callee->getCanonicalDecl());
        };
        if (CS.Object)
          Guard(CS.Object);
        for (const Expr *A : CS.Args)
          Guard(A);
      }
    });
  }

  const SourceManager &SM;
  const profiles::ProfileSet &P;
  model::NameCache Names;
  llvm::DenseMap<const FunctionDecl *,
                 std::vector<std::pair<const ValueDecl *, SourceLocation>>>
      Setters;
  llvm::DenseMap<const FunctionDecl *,
                 std::vector<std::pair<const CallExpr *, const FunctionDecl *>>>
      CallSites;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Guarded;
};

} // namespace

void MissingTimeoutCheck::analyse(ASTContext &Ctx,
                                  const model::UserCode &Code) {
  if (Code.Coroutines.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  Deadlines D(SM, profiles(), Code);

  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    if (D.isGuarded(Coroutine))
      continue;
    model::forEachSuspensionPoint(
        model::writtenBody(Coroutine), [&](const Expr *Suspension) {
          const auto *CS = dyn_cast<CoroutineSuspendExpr>(Suspension);
          if (!CS || !CS->getOperand())
            return;
          // Walk the awaited expression, noting when a bounding call
          // encloses the operation.
          llvm::SmallVector<std::pair<const Stmt *, bool>, 16> Work{
              {CS->getOperand(), false}};
          while (!Work.empty()) {
            auto [S, Bounded] = Work.pop_back_val();
            if (!S || isa<LambdaExpr>(S))
              continue;
            model::CallSite Call;
            bool IsCall =
                isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), Call);
            bool ChildBounded = Bounded || (IsCall && D.bounds(Call));
            for (const Stmt *Child : S->children())
              Work.push_back({Child, ChildBounded});
            if (!IsCall || Bounded)
              continue;
            const DeadlineEntry *Entry = D.needsDeadline(Call);
            if (!Entry)
              continue;
            const Expr *Stream =
                Call.Object
                    ? Call.Object
                    : (Entry->StreamArg && *Entry->StreamArg < Call.Args.size()
                           ? Call.Args[*Entry->StreamArg]
                           : nullptr);
            if (D.deadlineSet(model::rootDecl(Stream), Call.Call->getBeginLoc(),
                              Coroutine))
              continue;
            SourceLocation Loc = SM.getExpansionLoc(Call.Call->getBeginLoc());
            if (!firstReportAt(Loc))
              continue;
            diag(Loc, "'%0' waits on the other party (%1) with no deadline, "
                      "so a peer that never answers holds this coroutine "
                      "forever; %2")
                << Call.Callee->getNameAsString() << Entry->What
                << Entry->Instead;
          }
        });
  }
}

} // namespace corolint::checks
