//===--- DetachedTaskCheck.cpp - corolint-detached-task -------------------===//

#include "DetachedTaskCheck.h"
#include "model/Coroutines.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/Uses.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;
using corolint::profiles::SpawnEntry;

namespace corolint::checks {

namespace {

/// The coroutine a spawn call runs, when it can be seen: a call to a
/// coroutine (through adaptors such as `scheduleOn(ex)`), a lambda
/// (coroutine, or one returning a coroutine call), a function named, or a
/// task held in a local initialised by such a call. May be a declaration
/// without a body.
const FunctionDecl *spawnedCoroutine(const Expr *TaskArg, unsigned Depth = 0) {
  if (!TaskArg || Depth > 4)
    return nullptr;
  const Expr *E = model::stripArgument(TaskArg);
  if (const LambdaExpr *L = model::lambdaOf(E)) {
    const CXXMethodDecl *Call = L->getCallOperator();
    if (model::isCoroutine(Call))
      return Call;
    // [self] { return self->reader(); }
    if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Call->getBody());
        CS && CS->size() == 1)
      if (const auto *Ret = dyn_cast<ReturnStmt>(CS->body_front()))
        return spawnedCoroutine(Ret->getRetValue(), Depth + 1);
    return nullptr;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // `fold(1).scheduleOn(ex)`: an adaptor over the task it is called on.
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && !model::isCoroutine(MD) && !MD->getParent()->isLambda())
      return spawnedCoroutine(MC->getImplicitObjectArgument(), Depth + 1);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return FD;
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasLocalStorage() && VD->getInit())
      return spawnedCoroutine(VD->getInit(), Depth + 1);
  }
  return nullptr;
}

/// Whether \p Handler catches everything or a whole exception hierarchy:
/// `catch (...)`, or a class type (std::exception, system_error, ...).
bool isBroadHandler(const CXXCatchStmt *Handler) {
  QualType T = Handler->getCaughtType();
  return T.isNull() || T.getNonReferenceType()->isRecordType();
}

/// Whether \p T is, or is a tuple or pair holding, an error value.
bool carriesErrorValue(QualType T, const profiles::ProfileSet &P,
                       model::NameCache &Names) {
  StringRef Class = Names.className(T);
  if (Class.empty())
    return false;
  if (P.isErrorValue(Class))
    return true;
  // A tuple, pair, expected or optional holding one: as_tuple's result,
  // libcoro's `std::pair<io_status, span>` and `expected<client, status>`.
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec)
    return false;
  for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
    if (A.getKind() == TemplateArgument::Type &&
        P.isErrorValue(Names.className(A.getAsType())))
      return true;
    if (A.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &E : A.pack_elements())
        if (E.getKind() == TemplateArgument::Type &&
            P.isErrorValue(Names.className(E.getAsType())))
          return true;
  }
  return false;
}

/// Whether an `await_resume` cannot throw: it is declared `noexcept`, or
/// it only returns what a `noexcept` one returns (a library's wrapper
/// around the user's awaiter, async_simple's `ViaAsyncAwaiter`).
bool resumeCannotThrow(const FunctionDecl *Resume, unsigned Depth = 0) {
  if (!Resume || Depth > 3)
    return false;
  if (const auto *Proto = Resume->getType()->getAs<FunctionProtoType>();
      Proto && Proto->isNothrow(/*ResultIfDependent=*/false))
    return true;
  const FunctionDecl *Def = nullptr;
  const auto *Body = Resume->getBody(Def)
                         ? dyn_cast_or_null<CompoundStmt>(Def->getBody())
                         : nullptr;
  if (!Body || Body->size() != 1)
    return false;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  const auto *Inner = dyn_cast_or_null<CXXMemberCallExpr>(
      Ret && Ret->getRetValue() ? Ret->getRetValue()->IgnoreImplicit()
                                : nullptr);
  const CXXMethodDecl *Next = Inner ? Inner->getMethodDecl() : nullptr;
  return Next && Next->getIdentifier() && Next->getName() == "await_resume" &&
         resumeCannotThrow(Next, Depth + 1);
}

/// Whether resuming from \p Suspend cannot throw: the awaiter's
/// `await_resume` cannot, as hand-written awaiters that hand back a value
/// or nothing are declared.
bool resumesWithoutThrowing(const CoroutineSuspendExpr *Suspend) {
  const FunctionDecl *Callee = nullptr;
  model::forEachStmt(Suspend->getResumeExpr(), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && !Callee)
      if (const FunctionDecl *FD = Call->getDirectCallee();
          FD && FD->getIdentifier() && FD->getName() == "await_resume")
        Callee = FD;
  });
  return resumeCannotThrow(Callee);
}

/// Reads whether running a task can fail at all.
class FailureReading {
public:
  FailureReading(const profiles::ProfileSet &P, model::NameCache &Names,
                 const SourceManager &SM)
      : P(P), Names(Names), SM(SM) {}

  /// A coroutine that has no failure to lose: it throws nothing itself,
  /// and every await in it cannot throw on resumption (a `noexcept`
  /// `await_resume`), reports failure as a value it then reads or not
  /// (`as_tuple`, libcoro's status), synchronises or paces (a mutex, a
  /// semaphore, a condition variable, a yield, a timer, an infallible
  /// awaitable) or
  /// awaits a task that cannot fail. It does no I/O, so what could fail it
  /// is an exception from an ordinary call, which the check does not
  /// follow (as in async_simple's and libcoro's tests of their
  /// synchronisation primitives).
  bool coroutineCannotFail(const FunctionDecl *Coroutine, unsigned Depth = 0) {
    const FunctionDecl *Def = model::readableCoroutine(Coroutine, SM);
    if (!Def || Depth > 3)
      return false;
    const Stmt *Body = model::writtenBody(Def);
    bool Throws = false;
    model::forEachStmt(Body, [&](const Stmt *S) {
      Throws |= isa<CXXThrowExpr>(S);
    });
    if (Throws)
      return false;
    bool Fallible = false;
    model::forEachSuspensionPoint(Body, [&](const Expr *Suspend) {
      const auto *CS = dyn_cast<CoawaitExpr>(Suspend);
      const Expr *Operand = CS ? CS->getOperand() : nullptr;
      if (!Operand) {
        Fallible = true;
        return;
      }
      if (P.isInfallibleAwait(Names.className(Operand->getType())) ||
          resumesWithoutThrowing(CS) ||
          carriesErrorValue(CS->getType(), P, Names))
        return;
      model::CallSite Call;
      const Expr *Op = model::stripArgument(Operand);
      if (!Op || !(isa<CallExpr>(Op) || isa<CXXConstructExpr>(Op)) ||
          !model::decodeCall(Op, Call)) {
        Fallible = true;
        return;
      }
      if (model::callMatches(Call, Names, [&](StringRef N) {
            return P.isPacingAwait(N) || P.isLimiter(N) || P.isTimerWait(N);
          }))
        return;
      if (!taskCannotFail(Op, Depth + 1))
        Fallible = true;
    });
    return !Fallible;
  }

  /// A task expression that cannot fail: a call of a coroutine that cannot
  /// fail, through adaptors (`.via(ex)`), or a combinator (`collectAll`,
  /// `when_all`) over such tasks, named in its call or added to a local
  /// container that only it consumes.
  bool taskCannotFail(const Expr *Task, unsigned Depth = 0) {
    const Expr *E = model::stripArgument(Task);
    if (!E || Depth > 4)
      return false;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && !model::isCoroutine(MD) && !MD->getParent()->isLambda())
        return taskCannotFail(MC->getImplicitObjectArgument(), Depth + 1);
    }
    model::CallSite Call;
    if (!isa<CallExpr>(E) || !model::decodeCall(E, Call))
      return false;
    if (!model::callMatches(Call, Names, [&](StringRef N) {
          return P.combinator(N) != nullptr;
        }))
      return coroutineCannotFail(Call.Callee, Depth);
    // A combinator fails only when one of its tasks does. Its counts,
    // flags, executors and defaulted arguments (an allocator) are not
    // tasks.
    return llvm::all_of(Call.Args, [&](const Expr *Arg) {
      if (Arg->getType()->isScalarType() || isa<CXXDefaultArgExpr>(Arg))
        return true;
      const Expr *A = model::stripArgument(Arg);
      if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(A))
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
            VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD))
          return containerCannotFail(VD, Call.Call, Depth);
      return taskCannotFail(A, Depth + 1);
    });
  }

private:
  /// A local container of tasks whose every element was added by
  /// `push_back`/`emplace_back` of a task that cannot fail, and which is
  /// used for nothing else but the combinator \p Consumer.
  bool containerCannotFail(const VarDecl *VD, const Expr *Consumer,
                           unsigned Depth) {
    const auto *Owner = dyn_cast<FunctionDecl>(VD->getDeclContext());
    const Stmt *Body = Owner ? Owner->getBody() : nullptr;
    if (!Body)
      return false;
    if (const auto *Init = dyn_cast_or_null<CXXConstructExpr>(
            VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr);
        !Init || Init->getNumArgs() != 0)
      return false;
    unsigned Refs = 0, Known = 0;
    bool AllInfallible = true;
    auto IsVar = [&](const Expr *E) {
      const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
          E ? E->IgnoreParenImpCasts() : nullptr);
      return Ref && Ref->getDecl() == VD;
    };
    model::forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
          Ref && Ref->getDecl() == VD)
        ++Refs;
      if (S == Consumer) {
        model::forEachStmt(S, [&](const Stmt *In) {
          if (const auto *Ref = dyn_cast<DeclRefExpr>(In);
              Ref && Ref->getDecl() == VD)
            ++Known;
        });
        return;
      }
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
      if (!MC || !IsVar(MC->getImplicitObjectArgument()))
        return;
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD || !MD->getIdentifier())
        return;
      StringRef Name = MD->getName();
      if (Name == "push_back" || Name == "emplace_back") {
        ++Known;
        for (const Expr *Arg : MC->arguments())
          AllInfallible &= taskCannotFail(Arg, Depth + 1);
      } else if (MD->isConst() || Name == "reserve") {
        ++Known;
      }
    });
    return AllInfallible && Refs == Known;
  }

  const profiles::ProfileSet &P;
  model::NameCache &Names;
  const SourceManager &SM;
};

/// A coroutine that observes its own failures: every suspension point of
/// its body lies in a top-level `try` with a broad handler, as in Asio's
/// and Beast's example sessions; or every await in it reports failure as
/// a value (`as_tuple`, `as_single`, `redirect_error`) or cannot fail.
bool handlesOwnFailures(const FunctionDecl *Coroutine,
                        const profiles::ProfileSet &P,
                        model::NameCache &Names) {
  const FunctionDecl *Def = nullptr;
  if (!Coroutine || !Coroutine->getBody(Def) || !Def)
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(model::writtenBody(Def));
  if (!Body)
    return false;
  bool AnyAwait = false, AllByValue = true;
  model::forEachSuspensionPoint(Body, [&](const Expr *Suspend) {
    AnyAwait = true;
    const auto *CS = dyn_cast<CoroutineSuspendExpr>(Suspend);
    if (!CS) {
      AllByValue = false;
      return;
    }
    const Expr *Operand = CS->getOperand();
    if (carriesErrorValue(CS->getType(), P, Names) ||
        (Operand && P.isInfallibleAwait(Names.className(Operand->getType()))))
      return;
    AllByValue = false;
  });
  if (AnyAwait && AllByValue)
    return true;
  bool SawTry = false;
  for (const Stmt *S : Body->body()) {
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      bool Broad = false;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        Broad |= isBroadHandler(Try->getHandler(I));
      if (!Broad)
        return false;
      SawTry = true;
      continue;
    }
    bool Suspends = false;
    model::forEachSuspensionPoint(S, [&](const Expr *) { Suspends = true; });
    if (Suspends)
      return false;
  }
  return SawTry;
}

/// The parameter of a completion lambda that receives the outcome, if the
/// lambda never reads it: `[](std::exception_ptr) {}`.
const ParmVarDecl *ignoredOutcome(const LambdaExpr *Handler) {
  const CXXMethodDecl *Call = Handler->getCallOperator();
  if (Call->getNumParams() == 0)
    return nullptr;
  const ParmVarDecl *Outcome = Call->getParamDecl(0);
  if (Outcome->isReferenced() || Outcome->isUsed())
    return nullptr;
  // A generic lambda's parameter is referenced only in the pattern.
  if (const FunctionTemplateDecl *T = Call->getDescribedFunctionTemplate())
    if (T->getTemplatedDecl()->getParamDecl(0)->isReferenced())
      return nullptr;
  return Outcome;
}

/// Whether a failure of a coroutine with this promise cannot be kept and
/// lost: its `unhandled_exception` rethrows (`throw;`, so the exception
/// leaves through the call that runs the body) or ends the program
/// (`std::terminate()`).
bool failureEscapes(const CXXRecordDecl *Promise) {
  if (!Promise || !Promise->hasDefinition())
    return false;
  const FunctionDecl *Handler = nullptr;
  auto Find = [&](const CXXRecordDecl *RD) {
    for (const CXXMethodDecl *MD : RD->methods())
      if (MD->getIdentifier() && MD->getName() == "unhandled_exception")
        Handler = MD;
    return !Handler; // Keep looking in the bases until found.
  };
  if (Find(Promise))
    Promise->forallBases(Find);
  const FunctionDecl *Def = nullptr;
  if (!Handler || !Handler->getBody(Def) || !Def)
    return false;
  bool Escapes = false;
  model::forEachStmt(Def->getBody(), [&](const Stmt *S) {
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(S))
      Escapes |= !Throw->getSubExpr();
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        Escapes |= FD->isNoReturn();
  });
  return Escapes;
}

std::string describeCoroutine(const FunctionDecl *FD) {
  if (!FD)
    return "the spawned task";
  std::string Name = model::displayName(FD);
  return Name == "lambda" ? "the spawned lambda" : "'" + Name + "'";
}

} // namespace

namespace {
/// The written expression is all in the main file's own text, no macro.
bool writtenPlainly(SourceRange R) {
  return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID();
}

/// Whether `std::exception_ptr` is what \p T is (libstdc++ spells it
/// `std::__exception_ptr::exception_ptr`).
bool isExceptionPtr(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || RD->getName() != "exception_ptr")
    return false;
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

/// Whether replacing Asio's `detached` token by a handler that rethrows is
/// certainly right: the token is Asio's, written plainly, and what is
/// spawned produces nothing, so that the completion is
/// `void(std::exception_ptr)` (one that produces a value passes it too).
bool rethrowFixApplies(const Expr *Handler, const Expr *TaskArg,
                       model::NameCache &Names, const ASTContext &Ctx) {
  if (!Handler || !TaskArg ||
      !writtenPlainly(Handler->getSourceRange()) ||
      !StringRef(Names.className(Handler->getType())).ends_with("asio::detached_t"))
    return false;
  QualType Spawned = TaskArg->getType();
  // A function object that returns the awaitable: its call's result.
  if (const auto *RD = Spawned.getNonReferenceType()->getAsCXXRecordDecl();
      RD && RD->isLambda() && RD->getLambdaCallOperator())
    Spawned = RD->getLambdaCallOperator()->getReturnType();
  const auto *Awaitable = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Spawned.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Awaitable || Awaitable->getName() != "awaitable")
    return false;
  QualType Result = model::awaitResultType(Spawned, Ctx);
  return !Result.isNull() && Result->isVoidType();
}

/// Where `if (e) std::rethrow_exception(e);` goes in a completion handler
/// that ignores its outcome: just inside the braces of an empty body, when
/// the outcome is a named `std::exception_ptr`. Invalid when not certain.
SourceLocation rethrowInsertion(const LambdaExpr *L, const ParmVarDecl *Outcome) {
  const CompoundStmt *Body = L->getCompoundStmtBody();
  if (!Body || !Body->body_empty() || !Outcome->getIdentifier() ||
      !isExceptionPtr(Outcome->getType()) ||
      !writtenPlainly(Body->getSourceRange()) ||
      L->getCallOperator()->getDescribedFunctionTemplate())
    return SourceLocation();
  return Body->getLBracLoc().getLocWithOffset(1);
}
} // namespace

void DetachedTaskCheck::analyse(ASTContext &Ctx, const model::UserCode &Code) {
  const SourceManager &SM = Ctx.getSourceManager();
  const profiles::ProfileSet &P = profiles();
  model::NameCache Names;
  model::TaskTypes Tasks(Ctx);

  // By the callee's name, or `ObjectClass::member` for a member inherited
  // from a base (`Lazy::start` from `LazyBase`).
  // A spawned coroutine that observes its own failures, or has none to
  // lose, needs nobody to observe them.
  FailureReading Failures(P, Names, SM);
  auto CannotFail = [&](const FunctionDecl *Spawned, const Expr *TaskArg) {
    return Failures.coroutineCannotFail(Spawned) ||
           (TaskArg && Failures.taskCannotFail(TaskArg));
  };
  auto LosesNoFailure = [&](const FunctionDecl *Spawned,
                            const Expr *TaskArg) {
    return handlesOwnFailures(Spawned, P, Names) ||
           CannotFail(Spawned, TaskArg);
  };
  auto SpawnFor = [&](const model::CallSite &CS) -> const SpawnEntry * {
    const SpawnEntry *Found = nullptr;
    model::callMatches(CS, Names,
                       [&](StringRef N) { return (Found = P.spawn(N)); });
    return Found;
  };

  for (const FunctionDecl *FD : Code.Functions) {
    const Stmt *Body = model::writtenBody(FD);
    if (!Body)
      continue;

    // Spawn calls whose outcome is dropped.
    model::forEachStmt(Body, [&](const Stmt *S) {
      model::CallSite CS;
      if (!isa<CallExpr>(S) || !model::decodeCall(cast<Expr>(S), CS))
        return;
      const SpawnEntry *Entry = SpawnFor(CS);
      if (!Entry)
        return;
      const Expr *TaskArg = Entry->TaskArg ? (*Entry->TaskArg < CS.Args.size()
                                                  ? CS.Args[*Entry->TaskArg]
                                                  : nullptr)
                                           : CS.Object;
      const Expr *Handler =
          Entry->HandlerArg && *Entry->HandlerArg < CS.Args.size()
              ? CS.Args[*Entry->HandlerArg]
              : nullptr;
      const FunctionDecl *Spawned = spawnedCoroutine(TaskArg);
      SourceLocation Loc = SM.getExpansionLoc(CS.Call->getBeginLoc());
      std::string Callee = CS.Callee->getNameAsString();

      if (Handler) {
        if (P.isDetachToken(Names.className(Handler->getType()))) {
          if (LosesNoFailure(Spawned, TaskArg))
            return;
          if (!firstReportAt(Loc))
            return;
          {
            auto D = diag(Loc, "%0 is spawned detached, so an exception it "
                               "throws is lost and nobody learns that it "
                               "stopped; %1")
                     << describeCoroutine(Spawned) << Entry->Instead;
            if (!FD->isTemplateInstantiation() &&
                rethrowFixApplies(Handler, TaskArg, Names, Ctx))
              D << FixItHint::CreateReplacement(
                  CharSourceRange::getTokenRange(Handler->getSourceRange()),
                  "[](std::exception_ptr e) { if (e) "
                  "std::rethrow_exception(e); }");
          }
          diag(SM.getExpansionLoc(Handler->getBeginLoc()),
               "the completion token drops the outcome here",
               DiagnosticIDs::Note);
          return;
        }
        if (const LambdaExpr *L = model::lambdaOf(Handler))
          if (const ParmVarDecl *Outcome = ignoredOutcome(L)) {
            if (CannotFail(Spawned, TaskArg) || !firstReportAt(Loc))
              return;
            {
              auto D = diag(Loc, "the completion handler of '%0' ignores the "
                                 "outcome of %1, so its failure is lost; %2")
                       << Callee << describeCoroutine(Spawned)
                       << Entry->Instead;
              if (SourceLocation At = FD->isTemplateInstantiation()
                                          ? SourceLocation()
                                          : rethrowInsertion(L, Outcome);
                  At.isValid())
                D << FixItHint::CreateInsertion(
                    At, (" if (" + Outcome->getName() +
                         ") std::rethrow_exception(" + Outcome->getName() +
                         "); ")
                            .str());
            }
            diag(SM.getExpansionLoc(Outcome->getBeginLoc()),
                 "the outcome %0 is never read", DiagnosticIDs::Note)
                << Outcome->getType();
          }
        return;
      }
      if (Entry->FireAndForget) {
        if (LosesNoFailure(Spawned, TaskArg))
          return;
        if (!firstReportAt(Loc))
          return;
        diag(Loc, "'%0' runs %1 fire-and-forget, so an exception it throws "
                  "is lost; %2")
            << Callee << describeCoroutine(Spawned) << Entry->Instead;
      }
    });

    // Futures and eager tasks thrown away: the running work is orphaned.
    model::forEachDiscarded(Body, [&](const model::Discarded &D) {
      const auto *Call = dyn_cast_or_null<CallExpr>(D.Value);
      if (!Call || !Call->isPRValue())
        return;
      QualType T = Call->getType();
      StringRef Class = Names.className(T);
      bool Observe = !Class.empty() && P.isObserveResult(Class);
      bool Eager = !Observe && Tasks.kindOf(T) == model::TaskKind::Eager &&
                   !(!Class.empty() && P.isFireAndForgetTask(Class)) &&
                   !failureEscapes(model::classifyTaskType(T, Ctx).Promise);
      if (!Observe && !Eager)
        return;
      SourceLocation Loc =
          SM.getExpansionLoc((D.VoidCast ? D.VoidCast : Call)->getBeginLoc());
      if (!firstReportAt(Loc))
        return;
      const FunctionDecl *Callee = Call->getDirectCallee();
      std::string What =
          Callee ? "'" + Callee->getNameAsString() + "'" : "the call";
      if (Observe)
        diag(Loc, "the future returned by %0 is discarded while its work runs "
                  "on, so a failure is observed by no one; keep and await it, "
                  "or own the work in a task scope")
            << What;
      else
        diag(Loc, "the task returned by %0 is already running and is "
                  "discarded, so a failure is observed by no one; keep and "
                  "await it, or own it in a task scope")
            << What;
    });
  }
}

} // namespace corolint::checks
