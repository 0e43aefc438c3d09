//===--- LockAcrossAwaitCheck.cpp - corolint-lock-across-await ------------===//

#include "LockAcrossAwaitCheck.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/Uses.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint::checks {

namespace {

/// A lock taken and not yet released.
struct Held {
  /// The guard variable, or the mutex locked by hand.
  const ValueDecl *Key;
  bool IsGuard;
  /// Where it was taken, for the warning.
  SourceLocation Taken;
  std::string MutexName;
  bool Reported = false;
};

/// Walks a coroutine body in source order, keeping the locks held and the
/// scopes that release guards.
class LockWalker {
public:
  LockWalker(const profiles::ProfileSet &P, model::NameCache &Names,
             llvm::function_ref<void(const Held &, const Expr *)> Report)
      : P(P), Names(Names), Report(Report) {}

  void run(const Stmt *Body) { walk(Body); }

private:
  void walk(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (isa<CoroutineSuspendExpr, DependentCoawaitExpr>(S)) {
      // The operand runs before the suspension.
      for (const Stmt *Child : S->children())
        walk(Child);
      suspend(cast<Expr>(S));
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          walk(VD->getInit());
          declare(VD);
        }
      return;
    }
    bool Scope = isa<CompoundStmt, IfStmt, ForStmt, WhileStmt, CXXForRangeStmt,
                     SwitchStmt, CXXCatchStmt>(S);
    Depth += Scope;
    for (const Stmt *Child : S->children())
      walk(Child);
    if (const auto *Call = dyn_cast<CallExpr>(S))
      call(Call);
    if (Scope) {
      // Guards declared in this scope are destroyed at its end.
      llvm::erase_if(Locks, [&](const Held &H) {
        return H.IsGuard && ScopeDepthOf.lookup(H.Key) >= Depth;
      });
      --Depth;
    }
  }

  /// The mutex class a guard type locks, from its template arguments or
  /// its constructor's first argument.
  std::optional<std::string> guardedMutex(const VarDecl *VD) {
    QualType T = VD->getType();
    const auto *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return std::nullopt;
    StringRef Class = Names.className(T);
    bool Guard = P.isLockGuard(Class) || RD->hasAttr<ScopedLockableAttr>();
    if (!Guard)
      return std::nullopt;
    std::string Mutex;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
        if (A.getKind() == TemplateArgument::Type) {
          Mutex = Names.className(A.getAsType()).str();
          break;
        }
        if (A.getKind() == TemplateArgument::Pack && A.pack_size())
          if (A.pack_begin()->getKind() == TemplateArgument::Type) {
            Mutex = Names.className(A.pack_begin()->getAsType()).str();
            break;
          }
      }
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
            model::stripArgument(VD->getInit()))) {
      if (Mutex.empty() && CE->getNumArgs() > 0)
        Mutex = Names.className(CE->getArg(0)->getType()).str();
      // std::defer_lock: constructed unlocked.
      for (const Expr *A : CE->arguments())
        if (Names.className(A->getType()) == "std::defer_lock_t")
          return std::nullopt;
    }
    if (!Mutex.empty() && P.isAsyncMutex(Mutex))
      return std::nullopt;
    return Mutex;
  }

  void declare(const VarDecl *VD) {
    if (!VD->hasLocalStorage())
      return;
    std::optional<std::string> Mutex = guardedMutex(VD);
    if (!Mutex)
      return;
    ScopeDepthOf[VD] = Depth;
    Locks.push_back({VD, true, VD->getLocation(),
                     Mutex->empty() ? std::string("a mutex") : *Mutex});
  }

  void call(const CallExpr *Call) {
    model::CallSite CS;
    if (!model::decodeCall(Call, CS) || !CS.Callee ||
        !CS.Callee->getIdentifier())
      return;
    StringRef Name = CS.Callee->getName();
    bool Lock = P.isLockFunction(Name), Unlock = P.isUnlockFunction(Name);
    if (!Lock && !Unlock)
      return;
    const Expr *Target =
        CS.Object ? CS.Object : (CS.Args.empty() ? nullptr : CS.Args[0]);
    const ValueDecl *Key = model::rootDecl(Target);
    if (!Key)
      return;
    // A guard unlocked (or relocked) by hand.
    auto Existing =
        llvm::find_if(Locks, [&](const Held &H) { return H.Key == Key; });
    bool IsGuardVar = ScopeDepthOf.count(Key);
    if (Unlock) {
      if (Existing != Locks.end())
        Locks.erase(Existing);
      else if (IsGuardVar)
        Released.insert(Key);
      return;
    }
    if (IsGuardVar) {
      if (Existing == Locks.end() && Released.erase(Key))
        Locks.push_back({Key, true, Call->getBeginLoc(), "a mutex"});
      return;
    }
    StringRef Class = Names.className(model::stripArgument(Target)->getType());
    if (!P.isMutex(Class) || P.isAsyncMutex(Class))
      return;
    if (Existing == Locks.end())
      Locks.push_back({Key, false, Call->getBeginLoc(), Class.str()});
  }

  void suspend(const Expr *Suspension) {
    for (Held &H : Locks)
      if (!H.Reported) {
        H.Reported = true;
        Report(H, Suspension);
      }
  }

  const profiles::ProfileSet &P;
  model::NameCache &Names;
  llvm::function_ref<void(const Held &, const Expr *)> Report;
  std::vector<Held> Locks;
  llvm::DenseMap<const ValueDecl *, unsigned> ScopeDepthOf;
  llvm::DenseSet<const ValueDecl *> Released;
  unsigned Depth = 0;
};

} // namespace

void LockAcrossAwaitCheck::analyse(ASTContext &Ctx,
                                   const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  model::NameCache Names;
  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    auto Report = [&](const Held &H, const Expr *Suspension) {
      SourceLocation Loc = SM.getExpansionLoc(H.Taken);
      if (!firstReportAt(Loc))
        return;
      if (H.IsGuard)
        diag(Loc, "%0 holds %1 across a suspension point; a coroutine on "
                  "this thread that takes it meanwhile blocks the thread for "
                  "good, and resuming on another thread unlocks it from the "
                  "wrong one; release it before the co_await or use an "
                  "asynchronous mutex")
            << H.Key << ("'" + H.MutexName + "'");
      else
        diag(Loc, "%0 is locked across a suspension point; a coroutine on "
                  "this thread that takes it meanwhile blocks the thread for "
                  "good, and resuming on another thread unlocks it from the "
                  "wrong one; unlock it before the co_await or use an "
                  "asynchronous mutex")
            << H.Key;
      diag(SM.getExpansionLoc(Suspension->getBeginLoc()),
           "the coroutine suspends here with the lock held",
           DiagnosticIDs::Note);
    };
    LockWalker W(profiles(), Names, Report);
    W.run(model::writtenBody(Coroutine));
  }
}

} // namespace corolint::checks
