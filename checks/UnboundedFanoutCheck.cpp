//===--- UnboundedFanoutCheck.cpp - corolint-unbounded-fanout -------------===//

#include "UnboundedFanoutCheck.h"
#include "model/Coroutines.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint::checks {

UnboundedFanoutCheck::UnboundedFanoutCheck(StringRef Name,
                                           tidy::ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      FlagAcceptLoops(Options.get(FlagAcceptLoopsKey, false)) {}

void UnboundedFanoutCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  CorolintCheck::storeOptions(Opts);
  Options.store(Opts, FlagAcceptLoopsKey, FlagAcceptLoops);
}

namespace {

/// Calls in \p S (not in nested lambdas), in any order.
template <typename Fn> void forEachCall(const Stmt *S, Fn F) {
  if (!S || isa<LambdaExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    forEachCall(Child, F);
  model::CallSite CS;
  if (isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), CS))
    F(CS);
}

/// Variables counted up or down somewhere in \p S, lambdas included: the
/// in-flight counters a loop may check.
void counters(const Stmt *S, llvm::SmallPtrSetImpl<const Decl *> &Out) {
  if (!S)
    return;
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->isIncrementDecrementOp())
    if (const ValueDecl *Root = model::rootDecl(UO->getSubExpr()))
      Out.insert(Root);
  if (const auto *CA = dyn_cast<CompoundAssignOperator>(S))
    if (const ValueDecl *Root = model::rootDecl(CA->getLHS()))
      Out.insert(Root);
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    counters(L->getBody(), Out);
    return;
  }
  for (const Stmt *Child : S->children())
    counters(Child, Out);
}

/// Whether \p S compares one of \p Counters: `if (in_flight >= max)`.
bool checksCounter(const Stmt *S,
                   const llvm::SmallPtrSetImpl<const Decl *> &Counters) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  auto Mentions = [&](const Expr *E) {
    const ValueDecl *Root = model::rootDecl(E);
    return Root && Counters.contains(Root);
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && (BO->isRelationalOp() || BO->isEqualityOp()) &&
      (Mentions(BO->getLHS()) || Mentions(BO->getRHS())))
    return true;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
      OC && OC->getNumArgs() == 2 && (OC->isComparisonOp()) &&
      (Mentions(OC->getArg(0)) || Mentions(OC->getArg(1))))
    return true;
  for (const Stmt *Child : S->children())
    if (checksCounter(Child, Counters))
      return true;
  return false;
}

/// Whether an expression is a count fixed by the program, not by its
/// input: an integer constant, the machine's core count (the profiles'
/// `fixed-counts`: `std::thread::hardware_concurrency`), a const local
/// initialised with one, or a parameter every caller in the translation
/// unit passes a constant (`many_clients(20)`). The call sites are indexed
/// once per translation unit, on the first parameter-bounded loop.
class FixedCounts {
public:
  FixedCounts(const model::UserCode &Code, const profiles::ProfileSet &P,
              model::NameCache &Names, ASTContext &Ctx)
      : Code(Code), P(P), Names(Names), Ctx(Ctx) {}

  bool isFixed(const Expr *E, const FunctionDecl *FD, unsigned Depth = 0) {
    if (!E || Depth > 2)
      return false;
    E = E->IgnoreParenImpCasts();
    if (!E->isValueDependent() && E->isIntegerConstantExpr(Ctx))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      return Call->getDirectCallee() &&
             P.isFixedCount(Names.qualifiedName(Call->getDirectCallee()));
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    if (!DRE)
      return false;
    if (const auto *Parm = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      if (Parm->getDeclContext() != FD)
        return false;
      unsigned Index = Parm->getFunctionScopeIndex();
      const auto &Calls = callsTo(FD);
      return !Calls.empty() && llvm::all_of(Calls, [&](const auto &Site) {
        return Index < Site.first.Args.size() &&
               isFixed(Site.first.Args[Index], Site.second, Depth + 1);
      });
    }
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasLocalStorage() && VD->getType().isConstQualified() &&
        VD->getInit())
      return isFixed(VD->getInit(), FD, Depth + 1);
    return false;
  }

private:
  using Sites = std::vector<std::pair<model::CallSite, const FunctionDecl *>>;

  /// The calls to \p FD in the translation unit's user code, with the
  /// function each is in. Decoded, so that `lambda(20)`'s arguments line up
  /// with the call operator's parameters.
  const Sites &callsTo(const FunctionDecl *FD) {
    if (!Indexed) {
      Indexed = true;
      for (const FunctionDecl *Caller : Code.Functions)
        model::forEachStmt(model::writtenBody(Caller), [&](const Stmt *S) {
          model::CallSite CS;
          if (isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), CS) &&
              CS.Callee)
            Calls[CS.Callee->getCanonicalDecl()].push_back({CS, Caller});
        });
    }
    return Calls[FD->getCanonicalDecl()];
  }

  const model::UserCode &Code;
  const profiles::ProfileSet &P;
  model::NameCache &Names;
  ASTContext &Ctx;
  bool Indexed = false;
  llvm::DenseMap<const Decl *, Sites> Calls;
};

bool isConstantRange(QualType T, model::NameCache &Names) {
  T = T.getNonReferenceType();
  if (T->isConstantArrayType())
    return true;
  return Names.className(T) == "std::array";
}

} // namespace

void UnboundedFanoutCheck::analyse(ASTContext &Ctx,
                                   const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  const profiles::ProfileSet &P = profiles();
  model::NameCache Names;
  model::TaskTypes Tasks(Ctx);
  FixedCounts Fixed(Code, P, Names, Ctx);

  auto IsSpawn = [&](const model::CallSite &CS) {
    return model::callMatches(CS, Names, [&](StringRef N) {
      return P.spawn(N) || P.startsConcurrently(N);
    });
  };
  auto BoundedIdiom = [&](QualType T, const FunctionDecl *FD) -> std::string {
    const profiles::Profile *Prof = P.profileForTaskType(Names.className(T));
    if (!Prof)
      Prof = P.profileForTaskType(Names.className(FD->getReturnType()));
    if (Prof && !Prof->RunBounded.empty())
      return Prof->RunBounded;
    return "limit how many run at once: a semaphore taken per element, a "
           "fixed pool of workers, or a bounded combinator";
  };

  // The range itself, or a view of it (`std::span<task<int>>(ts)`), not
  // one element of it (`ts[0]`) or its size.
  auto passesRange = [](const Expr *A, const ValueDecl *Range) {
    const Expr *X = model::stripArgument(A);
    for (unsigned Guard = 0; Guard < 4; ++Guard) {
      const auto *Ctor = dyn_cast<CXXConstructExpr>(X);
      if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(X))
        Ctor = dyn_cast<CXXConstructExpr>(Cast->getSubExpr());
      if (!Ctor || Ctor->getNumArgs() != 1)
        break;
      X = model::stripArgument(Ctor->getArg(0));
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(X);
    return Ref && Ref->getDecl() == Range;
  };
  // A team's own when_all, named by no profile: an ordinary function or
  // coroutine that takes the range of tasks and returns an awaitable.
  auto isWhenAllShaped = [&](const model::CallSite &G, const ValueDecl *Range) {
    if (!G.Callee || G.Callee->isOverloadedOperator() ||
        isa<CXXConstructExpr>(G.Call))
      return false;
    StringRef Name = Names.qualifiedName(G.Callee);
    if (P.isShapeExempt(Name) || P.spawn(Name) || P.offload(Name) ||
        P.startsConcurrently(Name) || P.isTimeoutWrapper(Name))
      return false;
    QualType Result = G.Call->getType();
    bool Awaitable = false;
    model::awaitResultType(Result, Ctx, &Awaitable);
    if (!Awaitable && !model::isTask(Tasks.kindOf(Result)))
      return false;
    return llvm::any_of(G.Args, [&](const Expr *A) {
      return passesRange(A, Range);
    });
  };
  // A parameter besides the range that is a count: a concurrency limit
  // (`when_all_windowed(tasks, 8)`).
  auto takesALimit = [](const FunctionDecl *F) {
    return llvm::any_of(F->parameters(), [](const ParmVarDecl *PD) {
      QualType T = PD->getType().getNonReferenceType();
      return T->isIntegerType() && !T->isBooleanType();
    });
  };

  for (const FunctionDecl *FD : Code.Functions) {
    const Stmt *Body = model::writtenBody(FD);
    if (!Body)
      continue;
    llvm::SmallPtrSet<const Decl *, 8> Counters;
    bool CountersRead = false;

    // Per-element combinators (seastar::parallel_for_each) are the loop.
    forEachCall(Body, [&](const model::CallSite &CS) {
      const profiles::CombinatorEntry *C = nullptr;
      model::callMatches(CS, Names,
                         [&](StringRef N) { return (C = P.combinator(N)); });
      if (!C || !C->PerElement || C->Bounded || CS.Args.empty() ||
          isConstantRange(CS.Args[0]->getType(), Names))
        return;
      SourceLocation Loc = SM.getExpansionLoc(CS.Call->getBeginLoc());
      if (!firstReportAt(Loc))
        return;
      diag(Loc, "'%0' starts one task per element of its range at once, "
                "with no limit; %1")
          << CS.Callee->getNameAsString()
          << BoundedIdiom(CS.Call->getType(), FD);
    });

    model::forEachStmt(Body, [&](const Stmt *S) {
      // A loop a header's macro wrote (Catch2's `REQUIRE` is a
      // `do { ... } while (false)`) is the macro's, not the user's.
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S) &&
          model::isWrittenByForeignMacro(S->getBeginLoc(), SM))
        return;
      // Loops whose trip count comes from input.
      const Stmt *LoopBody = nullptr;
      const Expr *Cond = nullptr, *Induction = nullptr;
      std::string PerWhat;
      if (const auto *R = dyn_cast<CXXForRangeStmt>(S)) {
        if (R->getCoawaitLoc().isValid() ||
            isConstantRange(R->getRangeInit()->getType(), Names))
          return; // A fixed pool of workers, or a generator.
        LoopBody = R->getBody();
        PerWhat = "element of the range";
        if (const auto *VD =
                dyn_cast_or_null<VarDecl>(model::rootDecl(R->getRangeInit())))
          PerWhat = "element of '" + VD->getNameAsString() + "'";
      } else if (const auto *F = dyn_cast<ForStmt>(S)) {
        Cond = F->getCond();
        // `i < 4`, `i < hardware_concurrency()`: a fixed trip count.
        if (const auto *BO = dyn_cast_or_null<BinaryOperator>(
                Cond ? Cond->IgnoreParenImpCasts() : nullptr);
            BO && BO->isRelationalOp() &&
            (Fixed.isFixed(BO->getRHS(), FD) ||
             Fixed.isFixed(BO->getLHS(), FD)))
          return;
        // `i < argc`: one per command-line argument, which the operator
        // controls; not input that can grow without bound.
        if (FD->isMain() && Cond) {
          llvm::SmallVector<const Stmt *, 8> Parts{Cond};
          bool ByArgc = false;
          while (!Parts.empty()) {
            const Stmt *X = Parts.pop_back_val();
            if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
              ByArgc |=
                  isa<ParmVarDecl>(DRE->getDecl()) &&
                  cast<ParmVarDecl>(DRE->getDecl())->getFunctionScopeIndex() ==
                      0;
            for (const Stmt *Child : X->children())
              Parts.push_back(Child);
          }
          if (ByArgc)
            return;
        }
        LoopBody = F->getBody();
        PerWhat = "iteration of the loop";
        Induction = F->getInc();
      } else if (const auto *W = dyn_cast<WhileStmt>(S)) {
        Cond = W->getCond();
        LoopBody = W->getBody();
        PerWhat = "iteration of the loop";
      } else if (const auto *D = dyn_cast<DoStmt>(S)) {
        // `do { ... } while (false)` runs once.
        bool Again = true;
        if (!D->getCond()->isValueDependent() &&
            D->getCond()->EvaluateAsBooleanCondition(Again, Ctx) && !Again)
          return;
        Cond = D->getCond();
        LoopBody = D->getBody();
        PerWhat = "iteration of the loop";
      } else {
        return;
      }

      // What bounds it: a limiter awaited per iteration, an accept per
      // iteration (one session per connection), a counter checked.
      bool Limited = false, Accepts = false;
      forEachCall(LoopBody, [&](const model::CallSite &CS) {
        model::callMatches(CS, Names, [&](StringRef N) {
          Limited |= P.isLimiter(N);
          Accepts |= P.isAcceptOperation(N);
          return false;
        });
      });
      if (Limited || (Accepts && !FlagAcceptLoops))
        return;
      if (!CountersRead) {
        counters(Body, Counters);
        CountersRead = true;
      }
      // The loop's own induction variable is not an in-flight counter.
      llvm::SmallPtrSet<const Decl *, 8> Caps = Counters;
      if (Induction) {
        llvm::SmallPtrSet<const Decl *, 2> Own;
        counters(Induction, Own);
        for (const Decl *D : Own)
          Caps.erase(D);
      }
      if (!Caps.empty() &&
          (checksCounter(Cond, Caps) || checksCounter(LoopBody, Caps)))
        return;

      forEachCall(LoopBody, [&](const model::CallSite &CS) {
        SourceLocation Loc = SM.getExpansionLoc(CS.Call->getBeginLoc());
        if (IsSpawn(CS)) {
          if (!firstReportAt(Loc))
            return;
          QualType T =
              CS.Args.size() > 1 ? CS.Args[1]->getType() : CS.Call->getType();
          if (CS.Object &&
              model::isTask(Tasks.kindOf(CS.Object->getType())))
            T = CS.Object->getType();
          diag(Loc, "'%0' starts one task per %1 with no limit on how many "
                    "run at once; %2")
              << CS.Callee->getNameAsString() << PerWhat << BoundedIdiom(T, FD);
          return;
        }
        // tasks.push_back(fetch(x)), later handed to an unbounded combinator.
        if (!CS.Object || !CS.Callee || !CS.Callee->getIdentifier() ||
            CS.Args.empty())
          return;
        StringRef Member = CS.Callee->getName();
        if (Member != "push_back" && Member != "emplace_back" &&
            Member != "push" && Member != "insert" && Member != "emplace")
          return;
        const Expr *Item = CS.Args.back();
        model::CallSite ItemCall;
        bool Task = model::isTask(
                        Tasks.kindOf(model::stripArgument(Item)->getType())) ||
                    (isa<CallExpr>(model::stripArgument(Item)) &&
                     model::decodeCall(model::stripArgument(Item), ItemCall) &&
                     IsSpawn(ItemCall));
        const ValueDecl *Container = model::rootDecl(CS.Object);
        if (!Task || !Container)
          return;
        const CallExpr *Gather = nullptr;
        bool Bounded = false, ByShape = false;
        forEachCall(Body, [&](const model::CallSite &G) {
          if (Gather || !SM.isBeforeInTranslationUnit(LoopBody->getEndLoc(),
                                                      G.Call->getBeginLoc()) ||
              !llvm::any_of(G.Args, [&](const Expr *A) {
                return model::rootDecl(A) == Container ||
                       passesRange(A, Container);
              }))
            return;
          const profiles::CombinatorEntry *C = nullptr;
          model::callMatches(
              G, Names, [&](StringRef N) { return (C = P.combinator(N)); });
          if (C) {
            Gather = cast<CallExpr>(G.Call);
            Bounded = C->Bounded;
          } else if (isWhenAllShaped(G, Container)) {
            Gather = cast<CallExpr>(G.Call);
            Bounded = takesALimit(G.Callee);
            ByShape = true;
          }
        });
        if (!Gather || Bounded || !firstReportAt(Loc))
          return;
        diag(Loc, "one task per %0 is collected for '%1', which runs them "
                  "all at once with no limit; %2%3")
            << PerWhat << Gather->getDirectCallee()->getNameAsString()
            << BoundedIdiom(model::stripArgument(Item)->getType(), FD)
            << (ByShape ? " (recognised by its shape: a function that takes "
                          "a range of tasks and returns an awaitable awaits "
                          "them together; name it in a profile's "
                          "'combinators' with 'bounded: true' if it limits "
                          "them, or in 'shape-exempt')"
                        : "");
        diag(SM.getExpansionLoc(Gather->getBeginLoc()),
             "all of them are started here", DiagnosticIDs::Note);
      });
    });
  }
}

} // namespace corolint::checks
