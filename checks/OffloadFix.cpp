//===--- OffloadFix.cpp - Moving a blocking call onto a pool --------------===//

#include "OffloadFix.h"
#include "model/Coroutines.h"
#include "model/Uses.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace corolint::checks {

namespace {

/// Asio's namespace when \p FD returns its `awaitable<T>` on the default
/// executor: "boost::asio" or "asio"; empty otherwise.
std::string asioNamespaceOf(const FunctionDecl *FD) {
  const auto *Ret = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      FD->getReturnType()->getAsCXXRecordDecl());
  if (!Ret || !Ret->getIdentifier() || Ret->getName() != "awaitable")
    return "";
  const auto *NS = dyn_cast<NamespaceDecl>(Ret->getDeclContext());
  if (!NS)
    return "";
  std::string Name = NS->getQualifiedNameAsString();
  if (Name != "asio" && Name != "boost::asio")
    return "";
  const TemplateArgumentList &Args = Ret->getTemplateArgs();
  if (Args.size() != 2 || Args[1].getKind() != TemplateArgument::Type)
    return "";
  const CXXRecordDecl *Ex = Args[1].getAsType()->getAsCXXRecordDecl();
  // any_io_executor is an alias of execution::any_executor<...>.
  if (Args[1].getAsType().getAsString().find("any_io_executor") ==
          std::string::npos &&
      !(Ex && Ex->getIdentifier() && Ex->getName() == "any_executor"))
    return "";
  for (const char *Needed : {"co_spawn", "use_awaitable"})
    if (NS->lookup(&FD->getASTContext().Idents.get(Needed)).empty())
      return "";
  return Name;
}

bool containsSuspension(const Stmt *S) {
  bool Found = false;
  model::forEachStmt(S, [&](const Stmt *Child) {
    Found |= isa<CoroutineSuspendExpr, DependentCoawaitExpr>(Child);
  });
  return Found;
}

} // namespace

std::optional<FixItHint> offloadToPoolFix(const FunctionDecl *Coroutine,
                                          const Expr *Call,
                                          model::ExecutionModel &Model,
                                          ASTContext &Ctx) {
  const CoroutineBodyStmt *Body = model::coroutineBody(Coroutine);
  // An instantiation's edit would go to the template's text, for all.
  if (!Body || !Call || Coroutine->isTemplateInstantiation() ||
      Coroutine->isDependentContext())
    return std::nullopt;
  std::string Asio = asioNamespaceOf(Coroutine);
  if (Asio.empty())
    return std::nullopt;

  // The expression statement the call belongs to.
  model::LocalParents Parents(Body);
  const Stmt *S = Call;
  const Stmt *P = Parents.parent(S);
  while (P && isa<Expr>(P)) {
    S = P;
    P = Parents.parent(S);
  }
  const auto *Block = dyn_cast_or_null<CompoundStmt>(P);
  if (!Block || containsSuspension(S))
    return std::nullopt;
  SourceRange Range = S->getSourceRange();
  if (!Range.getBegin().isFileID() || !Range.getEnd().isFileID())
    return std::nullopt;

  // The pools in scope: parameters, locals declared before the statement
  // in the blocks around it, and members of the coroutine's class.
  llvm::SmallVector<const ValueDecl *, 2> Pools;
  // co_spawn takes an execution context or an executor: the pool itself
  // (`thread_pool`, `static_thread_pool`) or its `executor_type`, of the
  // same Asio, not const, not inside a smart pointer or container.
  auto IsPool = [&](QualType T) {
    if (T.isConstQualified() || !Model.isPoolExecutor(T))
      return false;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->getIdentifier())
      return false;
    const CXXRecordDecl *Pool = RD;
    if (RD->getName() == "basic_executor_type" || RD->getName() == "executor_type")
      Pool = dyn_cast_or_null<CXXRecordDecl>(RD->getDeclContext());
    if (!Pool || !Pool->getIdentifier() ||
        (Pool->getName() != "thread_pool" &&
         Pool->getName() != "static_thread_pool"))
      return false;
    const auto *NS = dyn_cast<NamespaceDecl>(Pool->getDeclContext());
    return NS && NS->getQualifiedNameAsString() == Asio;
  };
  auto Consider = [&](const ValueDecl *D) {
    if (D && D->getIdentifier() && !D->getType()->isPointerType() &&
        IsPool(D->getType().getNonReferenceType()))
      Pools.push_back(D);
  };
  for (const ParmVarDecl *Param : Coroutine->parameters())
    Consider(Param);
  for (const Stmt *Inner = S, *Outer = Block; Outer;
       Inner = Outer, Outer = Parents.parent(Outer)) {
    if (isa<CXXCatchStmt>(Outer))
      return std::nullopt; // co_await is ill-formed in a handler.
    const auto *C = dyn_cast<CompoundStmt>(Outer);
    if (!C)
      continue;
    for (const Stmt *Child : C->body()) {
      if (Child == Inner)
        break;
      if (const auto *DS = dyn_cast<DeclStmt>(Child))
        for (const Decl *D : DS->decls())
          Consider(dyn_cast<VarDecl>(D));
    }
  }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Coroutine);
      MD && MD->isInstance() && !MD->isConst() &&
      !MD->getParent()->isLambda())
    for (const FieldDecl *F : MD->getParent()->fields())
      Consider(F);
  if (Pools.size() != 1)
    return std::nullopt;

  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Written = CharSourceRange::getTokenRange(Range);
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(Written, SM, Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  // Fully qualified: a namespace of the user's named `asio` or `boost`
  // must not capture the names.
  Asio = "::" + Asio;
  return FixItHint::CreateReplacement(
      Written, ("co_await " + Asio + "::co_spawn(" +
                Pools.front()->getName() + ", [&]() -> " + Asio +
                "::awaitable<void> { " + Text + "; co_return; }, " + Asio +
                "::use_awaitable)")
                   .str());
}

} // namespace corolint::checks
