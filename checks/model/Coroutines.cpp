//===--- Coroutines.cpp - What is a coroutine, what is a task -------------===//

#include "model/Coroutines.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtVisitor.h"

using namespace clang;

namespace corolint::model {

const CoroutineBodyStmt *coroutineBody(const FunctionDecl *FD) {
  if (!FD || !FD->doesThisDeclarationHaveABody())
    return nullptr;
  return dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody());
}

/// The definition to read members from: the class itself, or for a
/// specialization that was never instantiated, its template's pattern.
static const CXXRecordDecl *definitionOf(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  // `task<int>::promise_type` before anything needed its definition: the
  // member class of the template is the pattern.
  if (const CXXRecordDecl *Member = RD->getInstantiatedFromMemberClass())
    return definitionOf(Member);
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    auto Pattern = Spec->getSpecializedTemplateOrPartial();
    if (const auto *CTD = Pattern.dyn_cast<ClassTemplateDecl *>())
      return CTD->getTemplatedDecl()->getDefinition();
    if (const auto *Partial =
            Pattern.dyn_cast<ClassTemplatePartialSpecializationDecl *>())
      return Partial->getDefinition();
  }
  return nullptr;
}

static const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  if (const auto *RD = T->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CTD->getTemplatedDecl();
  // `typename frame<T>::promise_type` in a partial specialization: look the
  // member up in the template's pattern.
  if (const auto *DNT = T->getAs<DependentNameType>())
    if (const NestedNameSpecifier *NNS = DNT->getQualifier())
      if (const Type *Outer = NNS->getAsType())
        if (const CXXRecordDecl *Def =
                definitionOf(recordOf(QualType(Outer, 0))))
          for (const NamedDecl *ND : Def->lookup(DNT->getIdentifier())) {
            if (const auto *RD = dyn_cast<CXXRecordDecl>(ND))
              return RD;
            if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
              return recordOf(TD->getUnderlyingType());
          }
  return nullptr;
}

/// `X::promise_type`, when X declares one.
static const CXXRecordDecl *nestedPromise(const CXXRecordDecl *Task,
                                          const ASTContext &Ctx) {
  const CXXRecordDecl *Def = definitionOf(Task);
  if (!Def)
    return nullptr;
  IdentifierInfo &II = Ctx.Idents.get("promise_type");
  for (const NamedDecl *ND : Def->lookup(&II)) {
    if (const auto *RD = dyn_cast<CXXRecordDecl>(ND))
      return RD;
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      return recordOf(TD->getUnderlyingType());
  }
  return nullptr;
}

/// Whether \p RD or one of its bases declares a member named \p Name.
static bool hasMemberNamed(const CXXRecordDecl *RD, DeclarationName Name,
                           unsigned Depth = 0) {
  const CXXRecordDecl *Def = definitionOf(RD);
  if (!Def || Depth > 8)
    return false;
  if (!Def->lookup(Name).empty())
    return true;
  for (const CXXBaseSpecifier &B : Def->bases())
    if (hasMemberNamed(B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return true;
  return false;
}

/// The template a class is an instance of, or the class itself.
static const Decl *templateIdentity(const CXXRecordDecl *RD) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getCanonicalDecl();
  if (const ClassTemplateDecl *CTD = RD->getDescribedClassTemplate())
    return CTD->getCanonicalDecl();
  return RD->getCanonicalDecl();
}

/// `std::coroutine_traits<X, ...>::promise_type`, for libraries such as
/// Boost.Asio that attach the promise from outside the task class.
static const CXXRecordDecl *traitsPromise(const CXXRecordDecl *Task,
                                          const ASTContext &Ctx) {
  const TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  const NamespaceDecl *Std = nullptr;
  for (const NamedDecl *ND : TU->lookup(&Ctx.Idents.get("std")))
    if ((Std = dyn_cast<NamespaceDecl>(ND)))
      break;
  if (!Std)
    return nullptr;
  const ClassTemplateDecl *Traits = nullptr;
  for (const NamedDecl *ND : Std->lookup(&Ctx.Idents.get("coroutine_traits")))
    if ((Traits = dyn_cast<ClassTemplateDecl>(ND)))
      break;
  if (!Traits)
    return nullptr;
  const Decl *Wanted = templateIdentity(Task);
  auto FirstArgMatches = [&](const TemplateArgumentList &Args) {
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      return false;
    const CXXRecordDecl *RD = recordOf(Args[0].getAsType());
    return RD && templateIdentity(RD) == Wanted;
  };
  // Instantiations made for coroutines defined in this translation unit
  // know their promise exactly; partial specializations name it otherwise.
  for (const ClassTemplateSpecializationDecl *Spec : Traits->specializations())
    if (FirstArgMatches(Spec->getTemplateArgs()))
      if (const CXXRecordDecl *P = nestedPromise(Spec, Ctx))
        return P;
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *PS : Partials)
    if (FirstArgMatches(PS->getTemplateArgs()))
      if (const CXXRecordDecl *P = nestedPromise(PS, Ctx))
        return P;
  return nullptr;
}

/// Reads `bool await_ready() { return <constant>; }`.
static std::optional<bool> constantAwaitReady(const CXXRecordDecl *Awaiter,
                                              const ASTContext &Ctx) {
  const CXXRecordDecl *Def = definitionOf(Awaiter);
  if (!Def)
    return std::nullopt;
  for (const NamedDecl *ND : Def->lookup(&Ctx.Idents.get("await_ready"))) {
    const auto *MD = dyn_cast<CXXMethodDecl>(ND->getAsFunction());
    if (!MD)
      continue;
    const FunctionDecl *Body = nullptr;
    if (!MD->getBody(Body))
      continue;
    const Stmt *S = Body->getBody();
    if (const auto *CS = dyn_cast<CompoundStmt>(S); CS && CS->size() == 1)
      S = CS->body_front();
    const auto *Ret = dyn_cast<ReturnStmt>(S);
    if (!Ret || !Ret->getRetValue() || Ret->getRetValue()->isValueDependent())
      continue;
    bool Value;
    if (Ret->getRetValue()->EvaluateAsBooleanCondition(Value, Ctx))
      return Value;
  }
  return std::nullopt;
}

static TaskKind initialSuspendKind(const CXXRecordDecl *Promise,
                                   const ASTContext &Ctx, unsigned Depth = 0) {
  const CXXRecordDecl *Def = definitionOf(Promise);
  if (!Def || Depth > 8)
    return TaskKind::Unknown;
  auto Found = Def->lookup(&Ctx.Idents.get("initial_suspend"));
  if (Found.empty()) {
    // Declared in a base, as Asio's awaitable_frame_base does.
    for (const CXXBaseSpecifier &Base : Def->bases())
      if (const CXXRecordDecl *RD = recordOf(Base.getType()))
        if (TaskKind K = initialSuspendKind(RD, Ctx, Depth + 1);
            K != TaskKind::Unknown)
          return K;
    return TaskKind::Unknown;
  }
  for (const NamedDecl *ND : Def->lookup(&Ctx.Idents.get("initial_suspend"))) {
    const FunctionDecl *FD = ND->getAsFunction();
    if (!FD)
      continue;
    const CXXRecordDecl *Awaiter = recordOf(FD->getReturnType());
    if (!Awaiter)
      continue;
    // std::suspend_always / suspend_never are read like any other awaiter:
    // their await_ready is a constant.
    if (std::optional<bool> Ready = constantAwaitReady(Awaiter, Ctx))
      return *Ready ? TaskKind::Eager : TaskKind::Lazy;
  }
  return TaskKind::Unknown;
}

/// Whether the promise, or a base of it, declares `yield_value`.
static bool yields(const CXXRecordDecl *Promise, const ASTContext &Ctx,
                   unsigned Depth = 0) {
  const CXXRecordDecl *Def = definitionOf(Promise);
  if (!Def || Depth > 8)
    return false;
  if (!Def->lookup(&Ctx.Idents.get("yield_value")).empty())
    return true;
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (yields(recordOf(Base.getType()), Ctx, Depth + 1))
      return true;
  return false;
}

TaskInfo classifyTaskType(QualType T, const ASTContext &Ctx) {
  TaskInfo Info;
  if (T.isNull() ||
      (T->isDependentType() && !T->getAs<TemplateSpecializationType>()))
    return Info;
  const CXXRecordDecl *Task = recordOf(T.getNonReferenceType());
  if (!Task)
    return Info;
  Info.Promise = nestedPromise(Task, Ctx);
  if (!Info.Promise)
    Info.Promise = traitsPromise(Task, Ctx);
  if (!Info.Promise)
    return Info;
  if (yields(Info.Promise, Ctx)) {
    Info.Kind = TaskKind::Generator;
    return Info;
  }
  Info.Kind = initialSuspendKind(Info.Promise, Ctx);
  return Info;
}

/// The return type of a member \p Name of \p RD or its bases, when one
/// declaration of it has a type that is not dependent.
static QualType memberReturnType(const CXXRecordDecl *RD, StringRef Name,
                                 const ASTContext &Ctx, unsigned Depth = 0) {
  const CXXRecordDecl *Def = definitionOf(RD);
  if (!Def || Depth > 8)
    return {};
  DeclarationName DN =
      Name == "operator co_await"
          ? Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait)
          : DeclarationName(&Ctx.Idents.get(Name));
  for (const NamedDecl *ND : Def->lookup(DN))
    if (const FunctionDecl *FD = ND->getAsFunction();
        FD && !FD->getReturnType()->isDependentType() &&
        !FD->getReturnType()->isUndeducedType())
      return FD->getReturnType();
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (QualType R =
            memberReturnType(recordOf(Base.getType()), Name, Ctx, Depth + 1);
        !R.isNull())
      return R;
  return {};
}

QualType awaitResultType(QualType T, const ASTContext &Ctx, bool *ByMembers) {
  if (ByMembers)
    *ByMembers = false;
  if (T.isNull() || T->isDependentType())
    return {};
  const CXXRecordDecl *RD = recordOf(T.getNonReferenceType());
  if (!RD)
    return {};
  QualType R = memberReturnType(RD, "await_resume", Ctx);
  if (R.isNull())
    if (QualType Awaiter = memberReturnType(RD, "operator co_await", Ctx);
        !Awaiter.isNull())
      R = memberReturnType(recordOf(Awaiter.getNonReferenceType()),
                           "await_resume", Ctx);
  if (!R.isNull()) {
    if (ByMembers)
      *ByMembers = true;
    return R;
  }
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type)
      return Args[0].getAsType();
  }
  return {};
}

namespace {
class SuspensionFinder : public ConstStmtVisitor<SuspensionFinder> {
public:
  explicit SuspensionFinder(llvm::function_ref<void(const Expr *)> Fn)
      : Fn(Fn) {}
  void VisitStmt(const Stmt *S) {
    for (const Stmt *Child : S->children())
      if (Child)
        Visit(Child);
  }
  void VisitLambdaExpr(const LambdaExpr *) {}
  void VisitCoroutineSuspendExpr(const CoroutineSuspendExpr *E) {
    Fn(E);
    if (E->getOperand())
      Visit(E->getOperand());
  }
  void VisitDependentCoawaitExpr(const DependentCoawaitExpr *E) {
    Fn(E);
    Visit(E->getOperand());
  }

private:
  llvm::function_ref<void(const Expr *)> Fn;
};
} // namespace

void forEachSuspensionPoint(const Stmt *Body,
                            llvm::function_ref<void(const Expr *)> Fn) {
  if (!Body)
    return;
  if (const auto *CB = dyn_cast<CoroutineBodyStmt>(Body))
    Body = CB->getBody();
  SuspensionFinder(Fn).Visit(Body);
}

bool isCertainlyAwaitableIn(const FunctionDecl *Coroutine, QualType Awaited,
                            const ASTContext &Ctx) {
  const CoroutineBodyStmt *Body = coroutineBody(Coroutine);
  if (!Body || Awaited.isNull() || Awaited->isDependentType() ||
      Coroutine->getReturnType()->isDependentType())
    return false;
  const CXXRecordDecl *Task = Awaited.getNonReferenceType()->getAsCXXRecordDecl();
  const CXXRecordDecl *Own = Coroutine->getReturnType()->getAsCXXRecordDecl();
  if (!Task)
    return false;
  // The coroutine's own task family.
  if (Own && Task->getCanonicalDecl() == Own->getCanonicalDecl())
    return true;
  const auto *TaskSpec = dyn_cast<ClassTemplateSpecializationDecl>(Task);
  const auto *OwnSpec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Own);
  if (TaskSpec && OwnSpec &&
      templateIdentity(TaskSpec) == templateIdentity(OwnSpec)) {
    const TemplateArgumentList &A = TaskSpec->getTemplateArgs();
    const TemplateArgumentList &B = OwnSpec->getTemplateArgs();
    if (A.size() != B.size())
      return false;
    for (unsigned I = 1; I < A.size(); ++I)
      if (!A[I].structurallyEquals(B[I]))
        return false;
    return true;
  }
  // An awaitable by its members, and a promise that transforms nothing.
  const VarDecl *Promise = Body->getPromiseDecl();
  const CXXRecordDecl *P =
      Promise ? Promise->getType()->getAsCXXRecordDecl() : nullptr;
  if (!P || hasMemberNamed(P, &Ctx.Idents.get("await_transform")))
    return false;
  auto &Names = const_cast<DeclarationNameTable &>(Ctx.DeclarationNames);
  return hasMemberNamed(Task, &Ctx.Idents.get("await_ready")) ||
         hasMemberNamed(Task, Names.getCXXOperatorName(OO_Coawait));
}

} // namespace corolint::model
