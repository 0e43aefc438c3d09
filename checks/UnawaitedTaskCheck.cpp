//===--- UnawaitedTaskCheck.cpp - corolint-unawaited-task -----------------===//

#include "UnawaitedTaskCheck.h"
#include "model/Coroutines.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint::checks {

UnawaitedTaskCheck::UnawaitedTaskCheck(StringRef Name,
                                       tidy::ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      AllowCastToVoid(Options.get(AllowCastToVoidKey, false)) {}

void UnawaitedTaskCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  CorolintCheck::storeOptions(Opts);
  Options.store(Opts, AllowCastToVoidKey, AllowCastToVoid);
}

namespace {

/// `'fetch'`, or for a lambda `the lambda`.
std::string describeProducer(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return "the called coroutine";
  std::string Name = model::displayName(FD);
  return Name == "lambda" ? "the lambda" : "'" + Name + "'";
}

/// Whether \p E only copies a parameter or a constant: `c`, `42`,
/// `std::move(arg)`.
bool isInert(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *FE = dyn_cast<FullExpr>(E))
    return isInert(FE->getSubExpr());
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return isInert(MT->getSubExpr());
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    return isInert(BT->getSubExpr());
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    return Ctor && (Ctor->isCopyOrMoveConstructor() || Ctor->isTrivial()) &&
           llvm::all_of(CE->arguments(), isInert);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = Call->getDirectCallee();
        FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        (FD->getName() == "move" || FD->getName() == "forward") &&
        Call->getNumArgs() == 1)
      return isInert(Call->getArg(0));
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return isa<ParmVarDecl, EnumConstantDecl>(Ref->getDecl());
  return isa<IntegerLiteral, FloatingLiteral, CXXBoolLiteralExpr,
             CharacterLiteral, StringLiteral, CXXNullPtrLiteralExpr>(E);
}

/// Whether the coroutine a call creates has no work to lose: its body
/// does nothing but `co_return` a parameter or a constant, as the
/// coroutines of tests of a task's parameter and result lifetimes do.
bool hasNoWork(const CallExpr *Call) {
  const FunctionDecl *Def = nullptr;
  if (!Call->getDirectCallee() || !Call->getDirectCallee()->getBody(Def) ||
      !Def || !model::isCoroutine(Def))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(model::writtenBody(Def));
  if (!Body)
    return false;
  return llvm::all_of(Body->body(), [](const Stmt *S) {
    if (isa<NullStmt>(S))
      return true;
    const auto *Ret = dyn_cast<CoreturnStmt>(S);
    return Ret && (!Ret->getOperand() || isInert(Ret->getOperand()));
  });
}

/// A local that holds a lazy task produced by a call.
struct TrackedTask {
  const VarDecl *Var;
  const CallExpr *Origin;
  bool EverConsumed = false;
  /// Where it dies unconsumed, on the first such path found.
  const Stmt *DroppedAt = nullptr;
  SourceLocation DroppedLoc = {};
};

/// Where the scope that a CFGLifetimeEnds closes ends, for the note.
SourceLocation endOfScope(const Stmt *Trigger) {
  if (!Trigger)
    return {};
  if (const auto *CS = dyn_cast<CompoundStmt>(Trigger))
    return CS->getRBracLoc();
  return Trigger->getBeginLoc();
}

/// Finds, for each tracked local, a path on which it is destroyed without
/// being consumed: a forward "may still be unconsumed" analysis over the
/// CFG, closed by the lifetime-end elements the CFG places at every exit
/// of a scope (end of block, return, break, continue, goto).
class LocalTaskFlow {
public:
  LocalTaskFlow(ASTContext &Ctx, const FunctionDecl *FD, const Stmt *Body,
                std::vector<TrackedTask> &Tasks)
      : Ctx(Ctx), FD(FD), Body(Body), Tasks(Tasks), Parents(Body) {}

  void run() {
    for (unsigned I = 0; I < Tasks.size(); ++I)
      Index[Tasks[I].Var] = I;
    collectUses();
    CFG::BuildOptions Opts;
    Opts.AddLifetime = true;
    Opts.AddImplicitDtors = false;
    std::unique_ptr<CFG> G =
        CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, Opts);
    if (!G || !flow(*G))
      fallback();
  }

private:
  void collectUses() {
    llvm::SmallVector<const Stmt *, 64> Work{Body};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (const auto *L = dyn_cast<LambdaExpr>(S)) {
        // Capturing the task hands it to the lambda.
        for (const LambdaCapture &C : L->captures())
          if (C.capturesVariable())
            if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
              if (auto It = Index.find(VD); It != Index.end())
                Kills.push_back({L, It->second});
        for (const Expr *Init : L->capture_inits())
          if (Init)
            Work.push_back(Init);
        continue;
      }
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
          if (auto It = Index.find(VD);
              It != Index.end() &&
              model::classifyUse(Ref, Parents) == model::UseKind::Consumes) {
            Kills.push_back({Ref, It->second});
            Tasks[It->second].EverConsumed = true;
          }
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }

  /// Returns false when the CFG does not place every use.
  bool flow(const CFG &G) {
    // Which CFG element evaluates each statement.
    llvm::DenseMap<const Stmt *, std::pair<unsigned, unsigned>> ElementOf;
    for (const CFGBlock *B : G)
      for (unsigned I = 0; I < B->size(); ++I)
        if (auto CS = (*B)[I].getAs<CFGStmt>())
          ElementOf.try_emplace(CS->getStmt(), B->getBlockID(), I);
    // Kills[block][element] = tasks consumed there.
    llvm::DenseMap<std::pair<unsigned, unsigned>,
                   llvm::SmallVector<unsigned, 2>>
        KillAt;
    for (auto [Use, Task] : Kills) {
      const Stmt *S = Use;
      while (S && !ElementOf.count(S))
        S = Parents.parent(S);
      if (!S)
        return false;
      KillAt[ElementOf[S]].push_back(Task);
    }

    unsigned N = Tasks.size();
    std::vector<llvm::BitVector> In(G.getNumBlockIDs(), llvm::BitVector(N));
    std::vector<bool> Visited(G.getNumBlockIDs(), false);
    llvm::SmallVector<const CFGBlock *, 32> Work{&G.getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      llvm::BitVector State = In[B->getBlockID()];
      for (unsigned I = 0; I < B->size(); ++I) {
        CFGElement E = (*B)[I];
        if (auto CS = E.getAs<CFGStmt>()) {
          if (const auto *DS = dyn_cast<DeclStmt>(CS->getStmt()))
            for (const Decl *D : DS->decls())
              if (auto It = Index.find(dyn_cast<VarDecl>(D)); It != Index.end())
                State.set(It->second);
          if (auto It = KillAt.find({B->getBlockID(), I}); It != KillAt.end())
            for (unsigned T : It->second)
              State.reset(T);
        } else if (auto LE = E.getAs<CFGLifetimeEnds>()) {
          auto It = Index.find(LE->getVarDecl());
          if (It == Index.end() || !State.test(It->second))
            continue;
          TrackedTask &T = Tasks[It->second];
          // An early return that a test macro wrote (QCORO_VERIFY's
          // `co_return` when the check already failed) is the macro's
          // bail-out path, not a path the user's code takes.
          if (const Stmt *Trigger = LE->getTriggerStmt();
              isa_and_nonnull<ReturnStmt, CoreturnStmt>(Trigger) &&
              model::isWrittenByForeignMacro(Trigger->getBeginLoc(),
                                             Ctx.getSourceManager())) {
            State.reset(It->second);
            continue;
          }
          if (!T.DroppedAt) {
            T.DroppedAt = LE->getTriggerStmt();
            T.DroppedLoc = endOfScope(LE->getTriggerStmt());
          }
          State.reset(It->second);
        }
      }
      for (const CFGBlock *Succ : B->succs()) {
        if (!Succ)
          continue;
        llvm::BitVector &SuccIn = In[Succ->getBlockID()];
        llvm::BitVector Merged = SuccIn;
        Merged |= State;
        if (Visited[Succ->getBlockID()] && Merged == SuccIn)
          continue;
        Visited[Succ->getBlockID()] = true;
        SuccIn = std::move(Merged);
        Work.push_back(Succ);
      }
    }
    return true;
  }

  /// Without a CFG: a task that is never consumed anywhere dies at the end
  /// of its block.
  void fallback() {
    for (TrackedTask &T : Tasks) {
      if (T.EverConsumed || T.DroppedAt)
        continue;
      const Stmt *S = nullptr;
      for (const Stmt *P = Parents.parent(T.Origin); P; P = Parents.parent(P))
        if (isa<CompoundStmt>(P)) {
          S = P;
          break;
        }
      T.DroppedAt = S ? S : Body;
      T.DroppedLoc = endOfScope(T.DroppedAt);
    }
  }

  ASTContext &Ctx;
  const FunctionDecl *FD;
  const Stmt *Body;
  std::vector<TrackedTask> &Tasks;
  model::LocalParents Parents;
  llvm::DenseMap<const VarDecl *, unsigned> Index;
  std::vector<std::pair<const Stmt *, unsigned>> Kills;
};

} // namespace

namespace {
/// Whether writing `co_await ` before the discarded \p Call is certainly
/// right: it is a statement of its own in a coroutine's body (not part of
/// a larger expression, not in a catch handler, where co_await is
/// ill-formed), written outside any macro, and the coroutine can await
/// that task type.
bool awaitFixApplies(const FunctionDecl *FD, const Stmt *Body,
                     const CallExpr *Call, ASTContext &Ctx) {
  // An instantiation's answer need not hold for the template's others,
  // and the edit goes to the template's text.
  if (!model::isCoroutine(FD) || FD->isTemplateInstantiation() ||
      FD->isDependentContext() || Call->getBeginLoc().isMacroID() ||
      Call->getEndLoc().isMacroID())
    return false;
  model::LocalParents Parents(Body);
  const Stmt *S = Call;
  const Stmt *P = Parents.parent(S);
  while (P && isa<ExprWithCleanups, CXXBindTemporaryExpr,
                  MaterializeTemporaryExpr, ImplicitCastExpr>(P)) {
    S = P;
    P = Parents.parent(S);
  }
  if (!P || !isa<CompoundStmt>(P))
    return false;
  for (; P; P = Parents.parent(P))
    if (isa<CXXCatchStmt>(P))
      return false;
  return model::isCertainlyAwaitableIn(FD, Call->getType(), Ctx);
}
} // namespace

void UnawaitedTaskCheck::analyse(ASTContext &Ctx, const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  model::TaskTypes Tasks(Ctx);
  auto IsLazyCall = [&](const Expr *E) -> const CallExpr * {
    // A prvalue: a new task, not a reference to one (`operator=`).
    const auto *Call = dyn_cast_or_null<CallExpr>(E);
    if (Call && Call->isPRValue() &&
        Tasks.kindOf(Call->getType()) == model::TaskKind::Lazy)
      return Call;
    return nullptr;
  };

  for (const FunctionDecl *FD : Code.Functions) {
    const Stmt *Body = model::writtenBody(FD);
    if (!Body)
      continue;

    // A task thrown away at the end of its statement.
    model::forEachDiscarded(Body, [&](const model::Discarded &D) {
      const CallExpr *Call = IsLazyCall(D.Value);
      if (!Call || (D.VoidCast && AllowCastToVoid) || hasNoWork(Call))
        return;
      SourceLocation Loc =
          SM.getExpansionLoc((D.VoidCast ? D.VoidCast : Call)->getBeginLoc());
      if (!firstReportAt(Loc))
        return;
      if (D.VoidCast)
        diag(Loc, "task returned by %0 is cast to void without being "
                  "awaited, so its body never runs; co_await it or start it "
                  "(AllowCastToVoid accepts the cast)")
            << describeProducer(Call);
      else if (awaitFixApplies(FD, Body, Call, Ctx))
        diag(Loc, "task returned by %0 is discarded without being awaited, "
                  "so its body never runs; co_await it or start it")
            << describeProducer(Call)
            << FixItHint::CreateInsertion(Loc, "co_await ");
      else
        diag(Loc, "task returned by %0 is discarded without being awaited, "
                  "so its body never runs; co_await it or start it")
            << describeProducer(Call);
    });

    // A task kept in a local that dies, on some path, unconsumed. A local
    // marked [[maybe_unused]] or cast to void is dropped on purpose (a
    // test that a never-started task is destroyed cleanly).
    llvm::SmallPtrSet<const VarDecl *, 4> VoidCast;
    model::forEachDiscarded(Body, [&](const model::Discarded &D) {
      if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(D.Value);
          Ref && D.VoidCast)
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
          VoidCast.insert(VD);
    });
    std::vector<TrackedTask> Locals;
    model::forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D);
              VD && VD->hasLocalStorage() &&
              !VD->getType()->isReferenceType() && VD->getInit() &&
              !isa<ParmVarDecl>(VD) && !VD->hasAttr<UnusedAttr>() &&
              !VoidCast.contains(VD))
            if (const CallExpr *Call =
                    IsLazyCall(model::stripArgument(VD->getInit()));
                Call && !hasNoWork(Call))
              Locals.push_back({VD, Call});
    });
    if (Locals.empty())
      continue;
    LocalTaskFlow(Ctx, FD, Body, Locals).run();
    for (const TrackedTask &T : Locals) {
      if (!T.DroppedAt)
        continue;
      SourceLocation Loc = SM.getExpansionLoc(T.Var->getLocation());
      if (!firstReportAt(Loc))
        continue;
      if (T.EverConsumed)
        diag(Loc, "task %0 is awaited or handed on along some paths but "
                  "destroyed unawaited along others, where the body of %1 "
                  "never runs; consume it on every path")
            << T.Var << describeProducer(T.Origin);
      else
        diag(Loc, "task %0 is destroyed without being awaited, so the body "
                  "of %1 never runs; co_await it, start it or hand it on")
            << T.Var << describeProducer(T.Origin);
      if (T.DroppedLoc.isValid())
        diag(SM.getExpansionLoc(T.DroppedLoc),
             "%0 is destroyed here, never awaited", DiagnosticIDs::Note)
            << T.Var;
    }
  }
}

} // namespace corolint::checks
