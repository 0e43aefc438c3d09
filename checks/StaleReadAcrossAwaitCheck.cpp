//===--- StaleReadAcrossAwaitCheck.cpp - corolint-stale-read-across-await -===//

#include "StaleReadAcrossAwaitCheck.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint::checks {

namespace {

/// Identifies a piece of non-local state: its root (`this`, a global, a
/// reference or pointer parameter) and the fields below it.
struct StateKey {
  const void *Root = nullptr;
  llvm::SmallVector<const FieldDecl *, 2> Fields;
  const NamedDecl *Named = nullptr; ///< For messages.
  bool operator==(const StateKey &O) const {
    return Root == O.Root && Fields == O.Fields;
  }
};

/// The key of \p E if it denotes non-local state.
std::optional<StateKey> stateKey(const Expr *E, const void *ThisTag) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return std::nullopt;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    std::optional<StateKey> K;
    if (isa<CXXThisExpr>(Base)) {
      K = StateKey{ThisTag, {}, nullptr};
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Base)) {
      // p->field, r.field: an object reached through a parameter.
      const auto *Parm = dyn_cast<ParmVarDecl>(DRE->getDecl());
      if (Parm && (Parm->getType()->isReferenceType() ||
                   Parm->getType()->isPointerType()))
        K = StateKey{Parm, {}, nullptr};
      else if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
               VD && VD->hasGlobalStorage())
        K = StateKey{VD, {}, nullptr};
    } else {
      K = stateKey(Base, ThisTag);
    }
    if (!K)
      return std::nullopt;
    K->Fields.push_back(Field);
    K->Named = Field;
    return K;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    if (VD->hasGlobalStorage())
      return StateKey{VD, {}, VD};
    if (isa<ParmVarDecl>(VD) && VD->getType()->isReferenceType())
      return StateKey{VD, {}, VD};
    return std::nullopt;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
      if (const auto *Parm = dyn_cast<ParmVarDecl>(DRE->getDecl());
          Parm && Parm->getType()->isPointerType())
        return StateKey{Parm, {}, Parm};
  return std::nullopt;
}

struct Event {
  enum Kind { ReadInto, Suspend, Write, Mention } K;
  StateKey Key;
  const VarDecl *Local = nullptr;             ///< ReadInto: the local filled.
  llvm::SmallVector<const VarDecl *, 2> From; ///< Write: locals in the value.
  const Expr *Where = nullptr;
};

/// Lists the events of a coroutine body in evaluation order (operands
/// before the operation that uses them).
class EventWalker {
public:
  explicit EventWalker(const void *ThisTag) : ThisTag(ThisTag) {}
  std::vector<Event> Events;

  void walk(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          walk(VD->getInit());
          if (VD->getInit() && isPlainLocal(VD))
            if (std::optional<StateKey> K = stateKey(VD->getInit(), ThisTag))
              Events.push_back({Event::ReadInto, *K, VD, {}, VD->getInit()});
        }
      return;
    }
    const Expr *LHS = nullptr, *RHS = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->getOpcode() == BO_Assign) {
      LHS = BO->getLHS();
      RHS = BO->getRHS();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
               OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
      LHS = OC->getArg(0);
      RHS = OC->getArg(1);
    }
    if (LHS) {
      walk(RHS);
      std::optional<StateKey> Target = stateKey(LHS, ThisTag);
      if (!Target) {
        walk(LHS);
        // local = state: the local now holds a copy of that state.
        if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
              VD && isPlainLocal(VD)) {
            std::optional<StateKey> K = stateKey(RHS, ThisTag);
            Events.push_back(
                {Event::ReadInto, K.value_or(StateKey{}), VD, {}, RHS});
          }
        return;
      }
      Event W{Event::Write, *Target, nullptr, {}, cast<Expr>(S)};
      collectLocals(RHS, W.From);
      Events.push_back(std::move(W));
      return;
    }
    if (isa<CoroutineSuspendExpr, DependentCoawaitExpr>(S)) {
      for (const Stmt *Child : S->children())
        walk(Child);
      Events.push_back({Event::Suspend, {}, nullptr, {}, cast<Expr>(S)});
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      if (std::optional<StateKey> K = stateKey(E, ThisTag)) {
        Events.push_back({Event::Mention, *K, nullptr, {}, E});
        return;
      }
    for (const Stmt *Child : S->children())
      walk(Child);
  }

private:
  static bool isPlainLocal(const VarDecl *VD) {
    return VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
           !VD->getType()->isReferenceType();
  }
  void collectLocals(const Stmt *S,
                     llvm::SmallVectorImpl<const VarDecl *> &Out) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && isPlainLocal(VD))
        Out.push_back(VD);
    if (const auto *E = dyn_cast<Expr>(S))
      if (std::optional<StateKey> K = stateKey(E, ThisTag))
        Events.push_back({Event::Mention, *K, nullptr, {}, E});
    for (const Stmt *Child : S->children())
      collectLocals(Child, Out);
  }

  const void *ThisTag;
};

std::string describe(const StateKey &K) {
  return K.Named ? "'" + K.Named->getNameAsString() + "'" : "the state";
}

} // namespace

void StaleReadAcrossAwaitCheck::analyse(ASTContext &Ctx,
                                        const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  static const char ThisTag = 0;
  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    EventWalker W(&ThisTag);
    W.walk(model::writtenBody(Coroutine));
    const std::vector<Event> &Ev = W.Events;
    // The last read into each local: (event index).
    llvm::DenseMap<const VarDecl *, size_t> LastRead;
    for (size_t I = 0; I < Ev.size(); ++I) {
      const Event &E = Ev[I];
      if (E.K == Event::ReadInto) {
        if (E.Key.Root)
          LastRead[E.Local] = I;
        else
          LastRead.erase(E.Local);
        continue;
      }
      if (E.K != Event::Write)
        continue;
      for (const VarDecl *Local : E.From) {
        auto It = LastRead.find(Local);
        if (It == LastRead.end() || !(Ev[It->second].Key == E.Key))
          continue;
        // A suspension after the read, and no re-read of the state after it.
        size_t Suspension = 0;
        bool Stale = false;
        for (size_t J = It->second + 1; J < I; ++J) {
          if (Ev[J].K == Event::Suspend && !Suspension) {
            Suspension = J;
            Stale = true;
          } else if (Suspension && Ev[J].K != Event::Suspend &&
                     Ev[J].Key == E.Key && Ev[J].K != Event::Write) {
            Stale = false;
          }
        }
        if (!Stale)
          continue;
        SourceLocation Loc = SM.getExpansionLoc(E.Where->getBeginLoc());
        if (!firstReportAt(Loc))
          break;
        diag(Loc, "%0 is written from %1, which was read before a co_await; "
                  "another coroutine may have changed %0 meanwhile, and its "
                  "update is lost; re-read %0 after the await, or update it "
                  "in place (+=)")
            << describe(E.Key) << Local;
        diag(SM.getExpansionLoc(Ev[It->second].Where->getBeginLoc()),
             "%0 is read into %1 here", DiagnosticIDs::Note)
            << describe(E.Key) << Local;
        diag(SM.getExpansionLoc(Ev[Suspension].Where->getBeginLoc()),
             "the coroutine suspends here; others may run",
             DiagnosticIDs::Note);
        break;
      }
    }
  }
}

} // namespace corolint::checks
