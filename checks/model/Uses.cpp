//===--- Uses.cpp - Where a value goes ------------------------------------===//

#include "model/Uses.h"
#include "model/Execution.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint::model {

const Stmt *writtenBody(const FunctionDecl *FD) {
  if (const CoroutineBodyStmt *CB = coroutineBody(FD))
    return CB->getBody();
  return FD->getBody();
}

const FunctionDecl *readableCoroutine(const FunctionDecl *FD,
                                      const SourceManager &SM) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->getBody(Def) || !Def || !isCoroutine(Def) ||
      SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
    return nullptr;
  return Def;
}

/// Strips what wraps a discarded value; notes a written cast to void.
static Discarded unwrapDiscarded(const Expr *E) {
  Discarded D{nullptr, nullptr};
  while (E) {
    E = E->IgnoreParens();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E)) {
      E = EWC->getSubExpr();
    } else if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
               Cast && Cast->getType()->isVoidType()) {
      D.VoidCast = Cast;
      E = Cast->getSubExpr();
    } else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      E = ICE->getSubExpr();
    } else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
    } else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = B->getSubExpr();
    } else {
      break;
    }
  }
  D.Value = E;
  return D;
}

namespace {
class DiscardedFinder {
public:
  explicit DiscardedFinder(llvm::function_ref<void(const Discarded &)> Fn)
      : Fn(Fn) {}

  void visit(const Stmt *S, bool ValueUnused) {
    if (!S)
      return;
    if (isa<LambdaExpr>(S)) {
      for (const Expr *Init : cast<LambdaExpr>(S)->capture_inits())
        visit(Init, false);
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S); E && ValueUnused) {
      Discarded D = unwrapDiscarded(E);
      if (D.Value)
        Fn(D);
      // The left side of a comma is discarded too; look inside casts.
      if (const auto *BO = dyn_cast_or_null<BinaryOperator>(D.Value);
          BO && BO->getOpcode() == BO_Comma) {
        visit(BO->getLHS(), true);
        visit(BO->getRHS(), true);
        return;
      }
    }
    // Which children are statements whose value is unused.
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : CS->body())
        visit(Child, true);
      return;
    }
    if (const auto *F = dyn_cast<ForStmt>(S)) {
      visit(F->getInit(), true);
      visit(F->getCond(), false);
      visit(F->getInc(), true);
      visit(F->getBody(), true);
      return;
    }
    if (const auto *I = dyn_cast<IfStmt>(S)) {
      visit(I->getInit(), true);
      visit(I->getConditionVariableDeclStmt(), false);
      visit(I->getCond(), false);
      visit(I->getThen(), true);
      visit(I->getElse(), true);
      return;
    }
    if (const auto *W = dyn_cast<WhileStmt>(S)) {
      visit(W->getConditionVariableDeclStmt(), false);
      visit(W->getCond(), false);
      visit(W->getBody(), true);
      return;
    }
    if (const auto *D = dyn_cast<DoStmt>(S)) {
      visit(D->getBody(), true);
      visit(D->getCond(), false);
      return;
    }
    if (const auto *R = dyn_cast<CXXForRangeStmt>(S)) {
      visit(R->getInit(), true);
      visit(R->getRangeInit(), false);
      visit(R->getBody(), true);
      return;
    }
    if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
      visit(Sw->getInit(), true);
      visit(Sw->getCond(), false);
      visit(Sw->getBody(), true);
      return;
    }
    if (const auto *SC = dyn_cast<SwitchCase>(S)) {
      visit(SC->getSubStmt(), true);
      return;
    }
    if (const auto *L = dyn_cast<LabelStmt>(S)) {
      visit(L->getSubStmt(), true);
      return;
    }
    if (const auto *T = dyn_cast<CXXTryStmt>(S)) {
      visit(T->getTryBlock(), true);
      for (unsigned I = 0; I < T->getNumHandlers(); ++I)
        visit(T->getHandler(I)->getHandlerBlock(), true);
      return;
    }
    for (const Stmt *Child : S->children())
      visit(Child, false);
  }

private:
  llvm::function_ref<void(const Discarded &)> Fn;
};
} // namespace

void forEachDiscarded(const Stmt *Body,
                      llvm::function_ref<void(const Discarded &)> Fn) {
  DiscardedFinder(Fn).visit(Body, true);
}

void forEachStmt(const Stmt *Root, llvm::function_ref<void(const Stmt *)> Fn) {
  llvm::SmallVector<const Stmt *, 64> Work{Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    Fn(S);
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : L->capture_inits())
        Work.push_back(Init);
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
}

LocalParents::LocalParents(const Stmt *Body) {
  llvm::SmallVector<const Stmt *, 64> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : L->capture_inits())
        if (Init) {
          Parents.try_emplace(Init, S);
          Work.push_back(Init);
        }
      continue;
    }
    for (const Stmt *Child : S->children())
      if (Child && Parents.try_emplace(Child, S).second)
        Work.push_back(Child);
  }
}

UseKind classifyUse(const DeclRefExpr *Ref, const LocalParents &Parents) {
  const Stmt *Cur = Ref;
  for (const Stmt *P = Parents.parent(Cur); P;
       Cur = P, P = Parents.parent(Cur)) {
    // Wrappers that pass the object through unchanged.
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups>(P))
      continue;
    if (const auto *Call = dyn_cast<CallExpr>(P);
        Call && Call->isCallToStdMove())
      continue;
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(P)) {
      if (Cast->getType()->isVoidType())
        return UseKind::Inspects;
      continue; // static_cast<task&&>(t)
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (ME->getBase() != Cur)
        return UseKind::Inspects;
      const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      // A data member read, or a query: the object is untouched.
      if (!MD || MD->isConst())
        return UseKind::Inspects;
      return UseKind::Consumes;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P))
      return UO->getOpcode() == UO_AddrOf ? UseKind::Consumes
                                          : UseKind::Inspects;
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp())
        return BO->getLHS() == Cur ? UseKind::Reassigns : UseKind::Consumes;
      return UseKind::Inspects;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        return OC->getArg(0) == Cur ? UseKind::Reassigns : UseKind::Consumes;
      if (OC->getOperator() == OO_Coawait)
        return UseKind::Consumes;
      if (const auto *MD =
              dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
          MD && OC->getNumArgs() > 0 && OC->getArg(0) == Cur)
        return MD->isConst() ? UseKind::Inspects : UseKind::Consumes;
      return UseKind::Consumes;
    }
    if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr>(P))
      return UseKind::Inspects;
    // Awaited, returned, passed on, stored, captured, bound.
    return UseKind::Consumes;
  }
  return UseKind::Inspects;
}

const ValueDecl *rootDecl(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 16; ++Guard) {
    E = stripArgument(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      // A data member of this object is its own root; of another, that one's.
      if (isa<FieldDecl>(ME->getMemberDecl()) &&
          isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return ME->getMemberDecl();
      E = ME->getBase();
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      // `get_lowest_layer`-style accessors: the object they are called on.
      E = MC->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() > 0) {
      // `beast::get_lowest_layer(stream)`: the layer of the first argument.
      E = Call->getArg(0);
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)) {
      E = UO->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

TaskKind TaskTypes::kindOf(QualType T) {
  if (T.isNull())
    return TaskKind::NotATask;
  const Type *Key = T.getCanonicalType().getUnqualifiedType().getTypePtr();
  auto [It, Inserted] = Cache.try_emplace(Key, TaskKind::NotATask);
  if (Inserted)
    It->second = classifyTaskType(T, Ctx).Kind;
  return It->second;
}

} // namespace corolint::model
