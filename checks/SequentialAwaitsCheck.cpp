//===--- SequentialAwaitsCheck.cpp - corolint-sequential-awaits -----------===//

#include "SequentialAwaitsCheck.h"
#include "model/Execution.h"
#include "model/Coroutines.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint::checks {

namespace {

using DeclSet = llvm::SmallPtrSet<const Decl *, 8>;

/// A statement whose work is one await on one operation.
struct AwaitStmt {
  const CoroutineSuspendExpr *Await = nullptr;
  model::CallSite Op;
  /// The local the result goes into, if any.
  const VarDecl *Produces = nullptr;
};

const Expr *unwrap(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && C->getNumArgs() == 1)
      E = C->getArg(0);
    else
      return E;
  }
  return E;
}

/// Every declaration an expression mentions (locals, parameters, members).
void mentions(const Stmt *S, DeclSet &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    Out.insert(DRE->getDecl());
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    Out.insert(ME->getMemberDecl());
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable())
        Out.insert(C.getCapturedVar());
    return;
  }
  for (const Stmt *Child : S->children())
    mentions(Child, Out);
}

bool isThis(const Expr *E) {
  return E && isa<CXXThisExpr>(E->IgnoreParenImpCasts());
}

/// What an operation may change: its object, and arguments it takes by
/// non-const reference or pointer.
void changed(const model::CallSite &CS, DeclSet &Out) {
  if (const ValueDecl *Root = model::rootDecl(CS.Object))
    Out.insert(Root);
  for (unsigned I = 0; I < CS.Args.size(); ++I) {
    QualType P;
    if (CS.Callee && I < CS.Callee->getNumParams())
      P = CS.Callee->getParamDecl(I)->getType();
    bool Mutable =
        P.isNull() ||
        (P->isReferenceType() && !P.getNonReferenceType().isConstQualified()) ||
        (P->isPointerType() && !P->getPointeeType().isConstQualified());
    if (Mutable)
      if (const ValueDecl *Root = model::rootDecl(CS.Args[I]))
        Out.insert(Root);
  }
}

bool intersects(const DeclSet &A, const DeclSet &B) {
  for (const Decl *D : A)
    if (B.contains(D))
      return true;
  return false;
}

class Sequential {
public:
  Sequential(const profiles::ProfileSet &P) : P(P) {}

  /// \p AnyExpression: in a loop body, the await may sit anywhere in an
  /// expression statement (`pages.push_back(co_await fetch(url))`,
  /// `total += co_await size_of(f)`).
  std::optional<AwaitStmt> awaitStatement(const Stmt *S,
                                          bool AnyExpression = false) {
    if (AnyExpression && isa<Expr>(S))
      if (const CoawaitExpr *Inner = onlyAwaitIn(S);
          Inner && Inner != unwrap(cast<Expr>(S)))
        return awaitOf(Inner, /*Produces=*/nullptr);
    AwaitStmt A;
    const Expr *E = nullptr;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      if (!DS->isSingleDecl())
        return std::nullopt;
      const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
      if (!VD || !VD->getInit())
        return std::nullopt;
      A.Produces = VD;
      E = VD->getInit();
    } else if (const auto *X = dyn_cast<Expr>(S)) {
      E = unwrap(X);
      if (const auto *BO = dyn_cast<BinaryOperator>(E);
          BO && BO->isAssignmentOp()) {
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          A.Produces = dyn_cast<VarDecl>(DRE->getDecl());
        if (!A.Produces)
          return std::nullopt;
        E = BO->getRHS();
      }
    } else {
      return std::nullopt;
    }
    return awaitOf(dyn_cast_or_null<CoawaitExpr>(unwrap(E)), A.Produces);
  }

  /// The one co_await in \p S (lambdas aside), if it is the only
  /// suspension point there.
  static const CoawaitExpr *onlyAwaitIn(const Stmt *S) {
    const Expr *Found = nullptr;
    unsigned Count = 0;
    model::forEachSuspensionPoint(S, [&](const Expr *E) {
      Found = E;
      ++Count;
    });
    return Count == 1 ? dyn_cast<CoawaitExpr>(Found) : nullptr;
  }

  std::optional<AwaitStmt> awaitOf(const CoawaitExpr *Await,
                                   const VarDecl *Produces) {
    AwaitStmt A;
    A.Await = Await;
    A.Produces = Produces;
    if (!A.Await || !A.Await->getOperand())
      return std::nullopt;
    const Expr *Operand = model::stripArgument(A.Await->getOperand());
    if (!isa<CallExpr>(Operand) || !model::decodeCall(Operand, A.Op) ||
        !A.Op.Callee)
      return std::nullopt;
    // Pacing, thread hops and limits order the coroutine on purpose; an
    // await of a combinator (`co_await (a() && b())`, `when_all`) already
    // runs its operands together.
    if (model::callMatches(A.Op, Names, [&](StringRef N) {
          return P.isPacingAwait(N) || P.isLimiter(N) || P.isTimerWait(N) ||
                 P.combinator(N) || P.isRaceCombinator(N);
        }))
      return std::nullopt;
    if (P.isInfallibleAwait(Names.className(A.Await->getOperand()->getType())))
      return std::nullopt;
    return A;
  }

  /// Whether B may run alongside A, which the code awaits first.
  bool independent(const AwaitStmt &A, const AwaitStmt &B) {
    // Both on one object: ordering on a socket or stream is the point.
    const ValueDecl *RA = model::rootDecl(A.Op.Object);
    const ValueDecl *RB = model::rootDecl(B.Op.Object);
    if (RA && RA == RB)
      return false;
    bool ThisA =
        A.Op.Object ? isThis(A.Op.Object) : isa<CXXMethodDecl>(A.Op.Callee);
    bool ThisB =
        B.Op.Object ? isThis(B.Op.Object) : isa<CXXMethodDecl>(B.Op.Callee);
    if (ThisA && ThisB)
      return false;
    DeclSet ChangedA, ChangedB, UsedA, UsedB;
    changed(A.Op, ChangedA);
    changed(B.Op, ChangedB);
    mentions(A.Op.Call, UsedA);
    mentions(B.Op.Call, UsedB);
    if (A.Produces)
      ChangedA.insert(A.Produces);
    return !intersects(ChangedA, UsedB) && !intersects(ChangedB, UsedA) &&
           !intersects(ChangedA, ChangedB);
  }

  std::string operationName(const AwaitStmt &A) {
    return A.Op.Callee->getNameAsString();
  }

  /// The framework's idiom for the coroutine at hand.
  std::string idiom(const FunctionDecl *Coroutine, const AwaitStmt &A,
                    bool Bounded) {
    const profiles::Profile *Prof =
        P.profileForTaskType(Names.className(Coroutine->getReturnType()));
    if (!Prof)
      Prof = P.profileForTaskType(Names.className(A.Op.Call->getType()));
    if (Prof && !(Bounded ? Prof->RunBounded : Prof->RunTogether).empty())
      return Bounded ? Prof->RunBounded : Prof->RunTogether;
    return Bounded ? "run them with a combinator that bounds how many run at "
                     "once"
                   : "start both first and await them together with a "
                     "when_all-style combinator";
  }

  model::NameCache Names;

private:
  const profiles::ProfileSet &P;
};

bool exitsEarly(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<BreakStmt, ReturnStmt, CoreturnStmt, GotoStmt, CXXThrowExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (exitsEarly(Child))
      return true;
  return false;
}

/// Declarations written by the statements of a loop body.
void writtenIn(const Stmt *S, DeclSet &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    if (const ValueDecl *Root = model::rootDecl(BO->getLHS()))
      Out.insert(Root);
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->isIncrementDecrementOp())
    if (const ValueDecl *Root = model::rootDecl(UO->getSubExpr()))
      Out.insert(Root);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
      OC && OC->getNumArgs() &&
      (OC->isAssignmentOp() || OC->getOperator() == OO_PlusPlus ||
       OC->getOperator() == OO_MinusMinus))
    if (const ValueDecl *Root = model::rootDecl(OC->getArg(0)))
      Out.insert(Root);
  for (const Stmt *Child : S->children())
    writtenIn(Child, Out);
}

} // namespace

void SequentialAwaitsCheck::analyse(ASTContext &Ctx,
                                    const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  Sequential Seq(profiles());
  model::TaskTypes Tasks(Ctx);

  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    model::forEachStmt(model::writtenBody(Coroutine), [&](const Stmt *S) {
      // Adjacent await statements in one block.
      if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
        std::optional<AwaitStmt> Prev;
        for (const Stmt *Item : CS->body()) {
          std::optional<AwaitStmt> Cur = Seq.awaitStatement(Item);
          if (Prev && Cur && Seq.independent(*Prev, *Cur)) {
            SourceLocation Loc = SM.getExpansionLoc(Cur->Await->getBeginLoc());
            if (firstReportAt(Loc)) {
              // `'fetch' ... after 'fetch'` would not say which: name the
              // first one's line.
              std::string First = "'" + Seq.operationName(*Prev) + "'";
              if (Seq.operationName(*Prev) == Seq.operationName(*Cur))
                First = "the " + First + " on line " +
                        std::to_string(SM.getExpansionLineNumber(
                            Prev->Await->getBeginLoc()));
              diag(Loc, "'%0' is awaited only after %1 completes, though "
                        "neither needs the other; %2")
                  << Seq.operationName(*Cur) << First
                  << Seq.idiom(Coroutine, *Cur, /*Bounded=*/false);
              diag(SM.getExpansionLoc(Prev->Await->getBeginLoc()),
                   "'%0' is awaited here first", DiagnosticIDs::Note)
                  << Seq.operationName(*Prev);
            }
            Cur.reset(); // Report a run of awaits once per pair.
          }
          Prev = Cur;
        }
        return;
      }

      // One await per element: of a range, or of an index or iterator
      // loop (`for (i = 0; i < n; ++i)`, `for (it = b; it != e; ++it)`).
      const Stmt *Body = nullptr;
      const VarDecl *Element = nullptr;
      const Expr *RangeInit = nullptr;
      SourceLocation LoopLoc;
      if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
        if (For->getCoawaitLoc().isValid() || !For->getLoopVariable())
          return;
        Body = For->getBody();
        Element = For->getLoopVariable();
        RangeInit = For->getRangeInit();
        LoopLoc = For->getBeginLoc();
      } else if (const auto *For = dyn_cast<ForStmt>(S)) {
        if (!For->getCond() || !For->getInc())
          return;
        // `for (int i = 0; ...)`, or `for (i = 0; ...)` on a variable
        // declared before the loop.
        if (const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
            Init && Init->isSingleDecl())
          Element = dyn_cast<VarDecl>(Init->getSingleDecl());
        else if (const auto *Assign =
                     dyn_cast_or_null<BinaryOperator>(For->getInit());
                 Assign && Assign->getOpcode() == BO_Assign)
          if (const auto *Ref = dyn_cast<DeclRefExpr>(
                  Assign->getLHS()->IgnoreParenImpCasts()))
            Element = dyn_cast<VarDecl>(Ref->getDecl());
        // The induction variable steps in the increment, not in the body.
        DeclSet Stepped;
        writtenIn(For->getInc(), Stepped);
        if (!Element || !Stepped.contains(Element))
          return;
        Body = For->getBody();
        LoopLoc = For->getBeginLoc();
        // The bound names what the loop walks: `i < pages.size()`.
        if (const auto *Cond = dyn_cast<BinaryOperator>(
                For->getCond()->IgnoreParenImpCasts()))
          RangeInit = Cond->getRHS();
      } else {
        return;
      }
      if (!Body)
        return;
      unsigned Suspensions = 0;
      model::forEachSuspensionPoint(Body, [&](const Expr *) { ++Suspensions; });
      if (Suspensions != 1 || exitsEarly(Body))
        return;
      std::optional<AwaitStmt> A;
      if (const auto *CS = dyn_cast<CompoundStmt>(Body)) {
        for (const Stmt *Item : CS->body())
          if (!A)
            A = Seq.awaitStatement(Item, /*AnyExpression=*/true);
      } else {
        A = Seq.awaitStatement(Body, /*AnyExpression=*/true);
      }
      if (!A)
        return;
      DeclSet Used, Written, Changed;
      mentions(A->Op.Call, Used);
      if (!Used.contains(Element))
        return; // Not one element's work.
      writtenIn(Body, Written);
      changed(A->Op, Changed);
      // Outer state written in the body and read by the operation, or the
      // same outer object each time: a loop-carried dependency or an order.
      auto Outer = [&](const Decl *D) {
        if (D == Element)
          return false;
        SourceLocation L = D->getLocation();
        return !(SM.isBeforeInTranslationUnit(Body->getBeginLoc(), L) &&
                 SM.isBeforeInTranslationUnit(L, Body->getEndLoc()));
      };
      bool Carried = llvm::any_of(
          Written, [&](const Decl *D) { return Outer(D) && Used.contains(D); });
      // One outer object each time keeps an order: the reads or writes of
      // one stream, a library's primitive. Not a coroutine of the team's
      // own class called once per element (`co_await mgr->stop(id)`),
      // unless its name says its order is its meaning (`send`, `write`).
      const ValueDecl *Object = model::rootDecl(A->Op.Object);
      bool PerItemCoroutine =
          Object && model::isTask(Tasks.kindOf(A->Op.Call->getType())) &&
          !model::isLibraryDecl(A->Op.Callee, SM) &&
          !profiles().needsDeadline(Seq.Names.qualifiedName(A->Op.Callee)) &&
          !profiles().namesOrderedOperation(A->Op.Callee->getNameAsString());
      bool SameObject = llvm::any_of(Changed, [&](const Decl *D) {
        return Outer(D) && !(PerItemCoroutine && D == Object);
      });
      if (Carried || SameObject)
        return;
      SourceLocation Loc = SM.getExpansionLoc(A->Await->getBeginLoc());
      if (!firstReportAt(Loc))
        return;
      std::string Range = "the range";
      if (const auto *VD =
              dyn_cast_or_null<VarDecl>(model::rootDecl(RangeInit)))
        Range = "'" + VD->getNameAsString() + "'";
      diag(Loc, "each iteration awaits '%0' for one element of %1 before "
                "starting the next, though no iteration needs another's "
                "result; %2")
          << Seq.operationName(*A) << Range
          << Seq.idiom(Coroutine, *A, /*Bounded=*/true);
      diag(SM.getExpansionLoc(LoopLoc), "the loop runs one await at a time",
           DiagnosticIDs::Note);
    });
  }
}

} // namespace corolint::checks
