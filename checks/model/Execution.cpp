//===--- Execution.cpp - Which code runs on which thread ------------------===//

#include "model/Execution.h"
#include "model/Coroutines.h"
#include "model/Uses.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;
using corolint::profiles::OffloadCondition;
using corolint::profiles::OffloadEntry;

namespace corolint::model {

bool decodeCall(const Expr *E, CallSite &Out) {
  Out = CallSite();
  Out.Call = E;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    Out.Callee = CE->getConstructor();
    for (const Expr *A : CE->arguments())
      Out.Args.push_back(A);
    return true;
  }
  const auto *CE = dyn_cast<CallExpr>(E);
  if (!CE)
    return false;
  Out.Callee = CE->getDirectCallee();
  unsigned First = 0;
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
    Out.Object = MCE->getImplicitObjectArgument();
  } else if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(CE)) {
    // `a >> b` with a member operator: argument 0 is the object.
    if (isa_and_nonnull<CXXMethodDecl>(Out.Callee) &&
        !cast<CXXMethodDecl>(Out.Callee)->isStatic() && OCE->getNumArgs()) {
      Out.Object = OCE->getArg(0);
      First = 1;
    }
  }
  for (unsigned I = First, N = CE->getNumArgs(); I < N; ++I)
    Out.Args.push_back(CE->getArg(I));
  return true;
}

bool callMatches(const CallSite &CS, NameCache &Names,
                 llvm::function_ref<bool(llvm::StringRef)> Test) {
  if (!CS.Callee)
    return false;
  llvm::StringRef Q = Names.qualifiedName(CS.Callee);
  if (!Q.empty() && Test(Q))
    return true;
  if (CS.Object && CS.Callee->getIdentifier()) {
    llvm::StringRef Class =
        Names.className(stripArgument(CS.Object)->getType());
    if (!Class.empty() && Test((Class + "::" + CS.Callee->getName()).str()))
      return true;
  }
  if (const VarDecl *Object = callableObject(CS))
    return Test(Names.qualifiedName(Object));
  return false;
}

const VarDecl *callableObject(const CallSite &CS) {
  if (!CS.Object || !CS.Callee ||
      CS.Callee->getOverloadedOperator() != OO_Call)
    return nullptr;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(stripArgument(CS.Object)->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

const Expr *stripArgument(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && C->getNumArgs() == 1 && C->getConstructor() &&
             C->getConstructor()->isCopyOrMoveConstructor())
      E = C->getArg(0);
    else if (const auto *Call = dyn_cast<CallExpr>(E);
             Call && Call->isCallToStdMove())
      E = Call->getArg(0);
    else
      return E;
  }
  return E;
}

const LambdaExpr *lambdaOf(const Expr *Arg) {
  Arg = stripArgument(Arg);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(Arg))
    return L;
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Arg))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->hasLocalStorage() && VD->getInit())
        return dyn_cast<LambdaExpr>(stripArgument(VD->getInit()));
  return nullptr;
}

bool ExecutionModel::isPoolExecutor(QualType T, unsigned Depth) {
  if (T.isNull() || Depth > 3)
    return false;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  // The pool itself, or a type nested in it (thread_pool::executor_type).
  for (const DeclContext *DC = RD; DC; DC = DC->getParent()) {
    const auto *Ctx = dyn_cast<CXXRecordDecl>(DC);
    if (!Ctx)
      break;
    if (Profiles.isPoolExecutor(Names.qualifiedName(Ctx)))
      return true;
  }
  // A strand or other adaptor over a pool executor.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
      if (A.getKind() == TemplateArgument::Type &&
          isPoolExecutor(A.getAsType(), Depth + 1))
        return true;
  return false;
}

const OffloadEntry *ExecutionModel::offloadFor(const CallSite &CS) {
  if (!CS.Callee)
    return nullptr;
  const OffloadEntry *E = Profiles.offload(Names.qualifiedName(CS.Callee));
  if (!E)
    return nullptr;
  switch (E->When) {
  case OffloadCondition::Always:
    return E;
  case OffloadCondition::PoolExecutorArg:
    if (!CS.Args.empty() && isPoolExecutor(CS.Args[0]->getType()))
      return E;
    return nullptr;
  case OffloadCondition::NotDeferred:
    if (!CS.Args.empty())
      if (const auto *DRE = dyn_cast<DeclRefExpr>(stripArgument(CS.Args[0])))
        if (isa<EnumConstantDecl>(DRE->getDecl()) &&
            DRE->getDecl()->getName() == "deferred")
          return nullptr;
    return E;
  }
  return nullptr;
}

/// The arguments of an offload call that carry the work (everything but the
/// executor or launch policy it is given first).
static llvm::ArrayRef<const Expr *> workArgs(const CallSite &CS,
                                             const OffloadEntry &E) {
  llvm::ArrayRef<const Expr *> Args(CS.Args);
  if (E.When != OffloadCondition::Always && !Args.empty())
    return Args.drop_front();
  return Args;
}

/// The declaration a function's facts are kept under: a template's
/// instantiations share their pattern's.
static const Decl *functionKey(const FunctionDecl *FD) {
  if (const FunctionTemplateDecl *T = FD->getPrimaryTemplate())
    return T->getTemplatedDecl()->getCanonicalDecl();
  return FD->getCanonicalDecl();
}

bool ExecutionModel::forwardsToOffload(const FunctionDecl *Callee,
                                       unsigned ArgIndex) const {
  return Callee && !Forwarding.empty() &&
         Forwarding.contains({functionKey(Callee), ArgIndex});
}

/// The coroutine whose frame an argument carries: `task.handle()` or
/// `task` for a local initialised by a coroutine call.
static const Decl *coroutineHeldBy(const Expr *Arg) {
  const auto *VD = dyn_cast_or_null<VarDecl>(rootDecl(Arg));
  if (!VD || !VD->hasLocalStorage() || !VD->getInit())
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(stripArgument(VD->getInit()));
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !isCoroutine(FD->getDefinition()))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && MD->getParent()->isLambda())
    return MD->getParent();
  return FD->getCanonicalDecl();
}

void ExecutionModel::handedOffArgs(const CallSite &CS,
                                   llvm::SmallVectorImpl<const Expr *> &Out) {
  if (const OffloadEntry *E = offloadFor(CS)) {
    llvm::ArrayRef<const Expr *> W = workArgs(CS, *E);
    Out.append(W.begin(), W.end());
    return;
  }
  for (unsigned I = 0; I < CS.Args.size(); ++I)
    if (forwardsToOffload(CS.Callee, I))
      Out.push_back(CS.Args[I]);
}

void ExecutionModel::collectHandedOff(
    const CallSite &CS, llvm::SmallVectorImpl<const Decl *> &Out) {
  llvm::SmallVector<const Expr *, 4> Work;
  handedOffArgs(CS, Work);
  for (const Expr *Arg : Work) {
    // tp->resume(task.handle()): the frame of the coroutine in `task`.
    if (const Decl *Held = coroutineHeldBy(Arg))
      Out.push_back(Held);
    if (const LambdaExpr *L = lambdaOf(Arg)) {
      Out.push_back(L->getLambdaClass());
      continue;
    }
    const Expr *S = stripArgument(Arg);
    if (const auto *UO = dyn_cast<UnaryOperator>(S);
        UO && UO->getOpcode() == UO_AddrOf)
      S = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
        Out.push_back(FD->getCanonicalDecl());
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // co_spawn(pool, session(sock), ...): session's body runs on the pool.
      if (const FunctionDecl *FD = Call->getDirectCallee()) {
        if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
            MD && MD->getParent()->isLambda())
          Out.push_back(MD->getParent());
        else
          Out.push_back(FD->getCanonicalDecl());
      }
    }
  }
}

bool ExecutionModel::isHandedOff(const FunctionDecl *FD) const {
  if (HandedOff.empty())
    return false;
  if (HandedOff.contains(FD->getCanonicalDecl()))
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda() && HandedOff.contains(MD->getParent()))
      return true;
  if (const FunctionTemplateDecl *T = FD->getPrimaryTemplate())
    return isHandedOff(T->getTemplatedDecl());
  return false;
}

namespace {

/// Walks one function body in evaluation order, reporting inline calls.
class InlineWalker {
public:
  /// \p AfterMove, if given, receives the calls made after the coroutine
  /// moved to another executor; otherwise the walk stops there.
  InlineWalker(ExecutionModel &Model,
               llvm::function_ref<void(const CallSite &)> Fn,
               llvm::function_ref<void(const CallSite &)> AfterMove = nullptr)
      : Model(Model), Fn(Fn), AfterMove(AfterMove) {}

  void walk(const Stmt *S) {
    if (!S || (MovedOff && !AfterMove))
      return;
    switch (S->getStmtClass()) {
    case Stmt::LambdaExprClass: {
      // Only the captures are evaluated here; the body runs when called.
      const auto *L = cast<LambdaExpr>(S);
      for (const Expr *Init : L->capture_inits())
        walk(Init);
      return;
    }
    case Stmt::UnaryExprOrTypeTraitExprClass:
    case Stmt::CXXNoexceptExprClass:
    case Stmt::RequiresExprClass:
    case Stmt::CXXUuidofExprClass:
    case Stmt::BlockExprClass:
      return; // Unevaluated, or not ours.
    case Stmt::CXXTypeidExprClass:
      if (!cast<CXXTypeidExpr>(S)->isPotentiallyEvaluated())
        return;
      break;
    case Stmt::CoroutineBodyStmtClass:
      walk(cast<CoroutineBodyStmt>(S)->getBody());
      return;
    case Stmt::CoawaitExprClass:
    case Stmt::CoyieldExprClass: {
      const Expr *Operand = cast<CoroutineSuspendExpr>(S)->getOperand();
      walk(Operand);
      noteResumption(Operand);
      return;
    }
    case Stmt::DependentCoawaitExprClass:
      walk(cast<DependentCoawaitExpr>(S)->getOperand());
      return;
    case Stmt::CoreturnStmtClass:
      walk(cast<CoreturnStmt>(S)->getOperand());
      return;
    default:
      break;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      CallSite CS;
      if ((isa<CallExpr>(E) || isa<CXXConstructExpr>(E)) && decodeCall(E, CS)) {
        walkCall(CS);
        return;
      }
    }
    for (const Stmt *Child : S->children())
      walk(Child);
  }

private:
  void walkCall(const CallSite &CS) {
    if (const OffloadEntry *Off = Model.offloadFor(CS)) {
      // The executor or policy is evaluated here; the work is not.
      if (Off->When != OffloadCondition::Always && !CS.Args.empty())
        walk(CS.Args[0]);
      if (const auto *Call = dyn_cast<CallExpr>(CS.Call))
        walk(Call->getCallee());
      return;
    }
    (MovedOff ? AfterMove : Fn)(CS);
    if (const auto *Call = dyn_cast<CallExpr>(CS.Call)) {
      // Callee expression first: it holds the object of a member call.
      walk(Call->getCallee());
      if (CS.Object && isa<CXXOperatorCallExpr>(Call))
        walk(CS.Object);
    }
    for (unsigned I = 0; I < CS.Args.size(); ++I) {
      walk(CS.Args[I]);
      const LambdaExpr *L = lambdaOf(CS.Args[I]);
      // Or converted on the way in (`std::function<void(int)>(lambda)`).
      if (const auto *Convert =
              dyn_cast_or_null<CXXConstructExpr>(stripArgument(CS.Args[I]));
          !L && Convert && Convert->getNumArgs() == 1)
        L = lambdaOf(Convert->getArg(0));
      if (L && runsInline(CS, I, L))
        walk(L->getBody());
    }
  }

  /// A lambda taken by its own closure type (std::for_each's `Function f`)
  /// is called by the callee; one converted to std::function or similar is
  /// stored, and may run anywhere.
  bool runsInline(const CallSite &CS, unsigned ArgIndex,
                  const LambdaExpr *L) const {
    // A constructor keeps its callable (std::function, packaged_task); a
    // function that hands it to a thread does not run it here.
    if (!CS.Callee || isa<CXXConstructExpr>(CS.Call) ||
        isCoroutine(L->getCallOperator()) ||
        Model.forwardsToOffload(CS.Callee, ArgIndex))
      return false;
    if (ArgIndex >= CS.Callee->getNumParams())
      return false;
    QualType P = CS.Callee->getParamDecl(ArgIndex)->getType();
    const CXXRecordDecl *RD = P.getNonReferenceType()->getAsCXXRecordDecl();
    if (RD &&
        RD->getCanonicalDecl() == L->getLambdaClass()->getCanonicalDecl())
      return true;
    // Converted (to std::function, a function_ref): it runs here when a
    // function of the translation unit calls that parameter itself.
    return callsParameter(CS.Callee, ArgIndex);
  }

  /// Whether \p F's own body (not a lambda in it, which may run anywhere)
  /// calls its parameter \p Index: `f(x)` or `f.operator()(x)`.
  static bool callsParameter(const FunctionDecl *F, unsigned Index) {
    const FunctionDecl *Def = nullptr;
    if (!F->getBody(Def) || !Def || Index >= Def->getNumParams())
      return false;
    const ParmVarDecl *Param = Def->getParamDecl(Index);
    auto IsParam = [&](const Expr *E) {
      const auto *Ref =
          E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
      return Ref && Ref->getDecl() == Param;
    };
    llvm::SmallVector<const Stmt *, 32> Work{Def->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
          Op && Op->getOperator() == OO_Call && IsParam(Op->getArg(0)))
        return true;
      if (const auto *M = dyn_cast<CXXMemberCallExpr>(S);
          M && M->getMethodDecl() &&
          M->getMethodDecl()->getOverloadedOperator() == OO_Call &&
          IsParam(M->getImplicitObjectArgument()))
        return true;
      if (const auto *C = dyn_cast<CallExpr>(S); C && IsParam(C->getCallee()))
        return true;
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
    return false;
  }

  /// After `co_await pool.schedule()` the rest of the body runs elsewhere.
  void noteResumption(const Expr *Operand) {
    CallSite CS;
    if (!Operand || !decodeCall(stripArgument(Operand), CS))
      return;
    if (const OffloadEntry *Off = Model.offloadFor(CS);
        Off && Off->ResumesElsewhere)
      MovedOff = true;
  }

  ExecutionModel &Model;
  llvm::function_ref<void(const CallSite &)> Fn;
  llvm::function_ref<void(const CallSite &)> AfterMove;
  bool MovedOff = false;
};

} // namespace

void ExecutionModel::forEachInlineCall(
    const Stmt *Body, llvm::function_ref<void(const CallSite &)> Fn) {
  InlineWalker(*this, Fn).walk(Body);
}

/// Calls \p Fn for every call in \p FD's body and constructor
/// initialisers, lambda bodies excluded (they are functions of their own).
static void forEachCallIn(const FunctionDecl *FD,
                          llvm::function_ref<void(const CallSite &)> Fn) {
  llvm::SmallVector<const Stmt *, 64> Work{FD->getBody()};
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      Work.push_back(Init->getInit());
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : L->capture_inits())
        Work.push_back(Init);
      continue;
    }
    CallSite CS;
    if ((isa<CallExpr>(S) || isa<CXXConstructExpr>(S)) &&
        decodeCall(cast<Expr>(S), CS))
      Fn(CS);
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
}

/// The parameters of \p FD that \p Arg carries: the parameter itself, or
/// one captured by the lambda \p Arg denotes.
static void parametersIn(const FunctionDecl *FD, const Expr *Arg,
                         llvm::SmallVectorImpl<unsigned> &Out) {
  auto Add = [&](const Expr *E) {
    // Through `static_cast<F &&>(f)` and `std::forward<F>(f)`.
    for (unsigned Guard = 0; E && Guard < 4; ++Guard) {
      E = stripArgument(E);
      if (const auto *Cast = dyn_cast<CXXNamedCastExpr>(E))
        E = Cast->getSubExpr();
      else if (const auto *Call = dyn_cast<CallExpr>(E);
               Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
               Call->getDirectCallee()->isInStdNamespace() &&
               Call->getDirectCallee()->getIdentifier() &&
               Call->getDirectCallee()->getName() == "forward")
        E = Call->getArg(0);
      else
        break;
    }
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
          P && P->getDeclContext() == FD)
        Out.push_back(P->getFunctionScopeIndex());
  };
  Add(Arg);
  if (const LambdaExpr *L = lambdaOf(Arg)) {
    for (const Expr *Init : L->capture_inits())
      Add(Init);
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable())
        if (const auto *P = dyn_cast<ParmVarDecl>(C.getCapturedVar());
            P && P->getDeclContext() == FD)
          Out.push_back(P->getFunctionScopeIndex());
  }
}

void ExecutionModel::scanHandoffs(
    llvm::ArrayRef<const FunctionDecl *> Functions) {
  // Parameters that reach an offload call, through up to 4 functions.
  llvm::SmallVector<unsigned, 4> Params;
  for (unsigned Round = 0; Round < 4; ++Round) {
    size_t Before = Forwarding.size();
    for (const FunctionDecl *FD : Functions)
      forEachCallIn(FD, [&](const CallSite &CS) {
        llvm::SmallVector<const Expr *, 4> Work;
        handedOffArgs(CS, Work);
        for (const Expr *Arg : Work) {
          Params.clear();
          parametersIn(FD, Arg, Params);
          for (unsigned I : Params)
            Forwarding.insert({functionKey(FD), I});
        }
      });
    if (Forwarding.size() == Before)
      break;
  }

  llvm::SmallVector<const Decl *, 4> Away;
  for (const FunctionDecl *FD : Functions) {
    forEachCallIn(FD, [&](const CallSite &CS) {
      Away.clear();
      collectHandedOff(CS, Away);
      HandedOff.insert(Away.begin(), Away.end());
    });
    // A coroutine called after `co_await pool.schedule()` runs on the pool.
    if (isCoroutine(FD))
      InlineWalker(
          *this, [](const CallSite &) {},
          [&](const CallSite &CS) {
            const FunctionDecl *Callee = CS.Callee;
            if (!Callee || !isCoroutine(Callee->getDefinition()))
              return;
            if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
                MD && MD->getParent()->isLambda())
              HandedOff.insert(MD->getParent());
            else
              HandedOff.insert(Callee->getCanonicalDecl());
          })
          .walk(FD->getBody());
  }
}

} // namespace corolint::model
