//===--- MissingTimeoutCheck.cpp - corolint-missing-timeout ---------------===//

#include "MissingTimeoutCheck.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/Uses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using corolint::profiles::DeadlineEntry;

namespace corolint::checks {

namespace {

class Deadlines {
public:
  Deadlines(const ASTContext &Ctx, const profiles::ProfileSet &P,
            const model::UserCode &Code)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), P(P) {
    for (const FunctionDecl *FD : Code.Functions)
      indexCalls(FD);
  }

  /// The profile's name for a call: the callee, or `ObjectClass::member`.
  bool callIs(const model::CallSite &CS,
              llvm::function_ref<bool(StringRef)> Test) {
    return model::callMatches(CS, Names, Test);
  }

  const DeadlineEntry *needsDeadline(const model::CallSite &CS) {
    const DeadlineEntry *Found = nullptr;
    callIs(CS, [&](StringRef N) { return (Found = P.needsDeadline(N)); });
    return Found;
  }

  /// The I/O object whose deadline setters count for \p Call: its object,
  /// or for a free function the argument \p E names.
  static const Expr *streamOf(const model::CallSite &Call,
                              const DeadlineEntry &E) {
    if (Call.Object)
      return Call.Object;
    return E.StreamArg && *E.StreamArg < Call.Args.size()
               ? Call.Args[*E.StreamArg]
               : nullptr;
  }

  /// An operation a coroutine of the translation unit wraps: it awaits an
  /// awaiter whose callable starts an operation that needs a deadline,
  /// with a completion handler (the callback-to-coroutine adapters of
  /// async_simple's asio demos, and of many a team's code). Awaiting the
  /// wrapper waits on the other party just the same. \p Inner is set to
  /// the wrapped call.
  const DeadlineEntry *wrappedOperation(const model::CallSite &CS,
                                        const CallExpr *&Inner) {
    const FunctionDecl *Def = model::readableCoroutine(CS.Callee, SM);
    if (!Def)
      return nullptr;
    auto [It, Inserted] = Wrapped.try_emplace(Def->getCanonicalDecl());
    if (Inserted)
      It->second = findWrapped(Def);
    Inner = It->second.Inner;
    return It->second.Inner ? &It->second.Entry : nullptr;
  }

  /// Whether \p S calls a timer wait, directly or in the body of a
  /// coroutine it calls (a watchdog).
  bool waitsOnTimer(const Stmt *S, unsigned Depth = 0) {
    if (!S || Depth > 2)
      return false;
    if (isa<LambdaExpr>(S))
      return false;
    model::CallSite CS;
    if (isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), CS)) {
      if (callIs(CS, [&](StringRef N) { return P.isTimerWait(N); }))
        return true;
      const FunctionDecl *Def = nullptr;
      if (CS.Callee && CS.Callee->getBody(Def) && Def &&
          model::isCoroutine(Def) &&
          waitsOnTimer(model::writtenBody(Def), Depth + 1))
        return true;
    }
    for (const Stmt *Child : S->children())
      if (waitsOnTimer(Child, Depth))
        return true;
    return false;
  }

  /// A call that bounds its operands: a timeout wrapper, or a race
  /// combinator with a timer wait among its operands.
  bool bounds(const model::CallSite &CS) {
    if (callIs(CS, [&](StringRef N) { return P.isTimeoutWrapper(N); }))
      return true;
    // A race: a race combinator, or a call given a condition that ends the
    // others when one finishes (`group.async_wait(wait_for_one(), ...)`).
    bool Race =
        callIs(CS, [&](StringRef N) { return P.isRaceCombinator(N); }) ||
        llvm::any_of(CS.Args, [&](const Expr *A) {
          return P.isRaceCondition(Names.className(A->getType()));
        });
    if (!Race)
      return false;
    llvm::SmallVector<const Expr *, 4> Operands(CS.Args.begin(),
                                                CS.Args.end());
    if (CS.Object)
      Operands.push_back(CS.Object);
    // `transfer() && pace.async_wait(...)`: both run to the end, nothing
    // cancels the transfer. Only a watchdog operand bounds it.
    if (callIs(CS, [&](StringRef N) { return P.isAllOfCombinator(N); }))
      return llvm::any_of(Operands,
                          [&](const Expr *A) { return isWatchdog(A); });
    return llvm::any_of(Operands,
                        [&](const Expr *A) { return waitsOnTimer(A); });
  }

  /// A call to a coroutine that waits on a timer and throws (Asio's
  /// timeout example's `watchdog(deadline)`): its exception ends the
  /// operands it runs beside.
  bool isWatchdog(const Expr *E) {
    model::CallSite CS;
    if (!E || !model::decodeCall(model::stripArgument(E), CS) || !CS.Callee)
      return false;
    const FunctionDecl *Def = nullptr;
    if (!CS.Callee->getBody(Def) || !Def || !model::isCoroutine(Def))
      return false;
    const Stmt *Body = model::writtenBody(Def);
    return waitsOnTimer(Body, 1) && (throws(Body) || cancels(Body));
  }

  /// Whether \p S ends an I/O object's operations (`sock.cancel()`,
  /// `sock.close()`: the profiles' `cancellers`).
  bool cancels(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    model::CallSite CS;
    if (isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), CS) &&
        callIs(CS, [&](StringRef N) { return P.isCanceller(N); }))
      return true;
    return llvm::any_of(S->children(),
                        [&](const Stmt *C) { return cancels(C); });
  }

  static bool throws(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (isa<CXXThrowExpr>(S))
      return true;
    return llvm::any_of(S->children(),
                        [](const Stmt *C) { return throws(C); });
  }

  /// Whether \p E is a timeout written by the caller: a std::chrono
  /// duration that is not a default argument and not a literal zero
  /// (libcoro's "no timeout").
  bool isTimeoutValue(const Expr *E) {
    if (!E || isa<CXXDefaultArgExpr>(E))
      return false;
    if (Names.className(E->getType()) != "std::chrono::duration")
      return false;
    Expr::EvalResult R;
    const Expr *S = model::stripArgument(E);
    if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(S);
        C && C->getNumArgs() == 1)
      S = C->getArg(0);
    if (S && !S->isValueDependent() && S->EvaluateAsInt(R, Ctx) &&
        R.Val.getInt().isZero())
      return false;
    return true;
  }

  /// Whether the operation's own arguments bound it: a timeout passed in
  /// (`client.connect(1s)`), a completion token that cancels after a time
  /// (`asio::cancel_after(10s)`), or a request object with a deadline set
  /// (`request.setTransferTimeout(300)` before `nam.get(request)`).
  bool boundedByArguments(const model::CallSite &CS, const FunctionDecl *FD) {
    for (const Expr *A : CS.Args) {
      if (isTimeoutValue(A))
        return true;
      model::CallSite Token;
      const Expr *S = model::stripArgument(A);
      if (S && isa<CallExpr>(S) && model::decodeCall(S, Token) &&
          callIs(Token, [&](StringRef N) { return P.isTimeoutWrapper(N); }))
        return true;
      if (deadlineSet(model::rootDecl(A), CS.Call->getBeginLoc(), FD))
        return true;
    }
    return false;
  }

  /// Whether the function that defines \p Coroutine (the outermost
  /// function around a coroutine lambda) names the local machine as a
  /// peer: `bind(ipv4_endpoint{ipv4_address::loopback(), 0})`,
  /// `client{sched, {"127.0.0.1", 8080}}`. Its client and server are then
  /// the same program or host: a test, a benchmark, an in-process pair.
  bool talksToLoopback(const FunctionDecl *Coroutine) {
    const FunctionDecl *Outer = Coroutine;
    for (const DeclContext *DC = Coroutine->getDeclContext(); DC;
         DC = DC->getParent())
      if (const auto *FD = dyn_cast<FunctionDecl>(DC))
        Outer = FD;
    auto [It, Inserted] = Loopback.try_emplace(Outer, false);
    if (!Inserted)
      return It->second;
    llvm::SmallVector<const Stmt *, 64> Work{Outer->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (namesLoopback(S))
        return It->second = true;
      if (const auto *L = dyn_cast<LambdaExpr>(S))
        Work.push_back(L->getBody());
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
    return false;
  }

  /// Whether the object \p Root that an operation waits on was built from
  /// a loopback address: its initialiser names one, or takes a value that
  /// was (`client{scheduler, endpoint}` with `endpoint{"127.0.0.1", 8080}`),
  /// or it is a parameter that every caller in the file passes such a
  /// value for: a helper coroutine whose peer a loopback test chose.
  bool builtForLoopback(const ValueDecl *Root, const FunctionDecl *FD,
                        unsigned Depth = 0) {
    if (!Root || !FD || Depth > 3)
      return false;
    if (const auto *Parm = dyn_cast<ParmVarDecl>(Root)) {
      // The function the parameter belongs to (a lambda may capture its
      // enclosing function's).
      const auto *Owner = dyn_cast<FunctionDecl>(Parm->getDeclContext());
      if (!Owner)
        return false;
      unsigned Index = Parm->getFunctionScopeIndex();
      auto Sites = CallSites.lookup(Owner->getCanonicalDecl());
      return !Sites.empty() &&
             llvm::all_of(Sites, [&](const auto &Site) {
               const auto &[Call, Caller] = Site;
               return Index < Call->getNumArgs() &&
                      valueForLoopback(Call->getArg(Index), Root, Caller,
                                       Depth + 1);
             });
    }
    const auto *VD = dyn_cast<VarDecl>(Root);
    if (!VD || !VD->hasLocalStorage() || !VD->getInit())
      return false;
    return valueForLoopback(VD->getInit(), VD, FD, Depth + 1);
  }

  /// Whether the expression \p E names a loopback address or reads a
  /// value built for one (other than \p Self).
  bool valueForLoopback(const Expr *E, const ValueDecl *Self,
                        const FunctionDecl *FD, unsigned Depth) {
    llvm::SmallVector<const Stmt *, 16> Work{E};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (namesLoopback(S))
        return true;
      // A value computed by a lambda in place (Catch2's GENERATE).
      if (const auto *L = dyn_cast<LambdaExpr>(S)) {
        Work.push_back(L->getBody());
        continue;
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
          DRE && DRE->getDecl() != Self &&
          builtForLoopback(DRE->getDecl(), FD, Depth))
        return true;
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
    return false;
  }

  /// Coroutines called as an operand of a bounding call: their waits run
  /// under that deadline (`echo(sock, deadline) && watchdog(deadline)`).
  bool isGuarded(const FunctionDecl *FD) {
    return Guarded.contains(FD->getCanonicalDecl());
  }

  /// Whether a deadline was set on \p Root before \p Before in \p FD, on
  /// an object it was built from, or by every caller that passed it in.
  bool deadlineSet(const ValueDecl *Root, SourceLocation Before,
                   const FunctionDecl *FD, unsigned Depth = 0) {
    if (!Root || Depth > 3)
      return false;
    for (const auto &[Setter, Loc] : Setters.lookup(FD))
      if (Setter == Root && SM.isBeforeInTranslationUnit(Loc, Before))
        return true;
    // ssl_stream{std::move(stream), ctx}: the deadline lives on the layer;
    // resolver{scheduler, 5000ms}: the object was built with a timeout.
    if (const auto *VD = dyn_cast<VarDecl>(Root);
        VD && VD->hasLocalStorage() && VD->getInit()) {
      if (const auto *Ctor = dyn_cast<CXXConstructExpr>(
              VD->getInit()->IgnoreImplicit()))
        for (const Expr *A : Ctor->arguments())
          if (isTimeoutValue(A))
            return true;
      llvm::SmallVector<const Stmt *, 16> Work{VD->getInit()};
      while (!Work.empty()) {
        const Stmt *S = Work.pop_back_val();
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
            DRE && DRE->getDecl() != VD)
          if (deadlineSet(DRE->getDecl(), VD->getLocation(), FD, Depth + 1))
            return true;
        for (const Stmt *Child : S->children())
          if (Child)
            Work.push_back(Child);
      }
    }
    // A stream passed in by the caller.
    if (const auto *Parm = dyn_cast<ParmVarDecl>(Root)) {
      unsigned Index = Parm->getFunctionScopeIndex();
      for (const auto &[Call, Caller] :
           CallSites.lookup(FD->getCanonicalDecl())) {
        if (Index >= Call->getNumArgs())
          continue;
        if (deadlineSet(model::rootDecl(Call->getArg(Index)),
                        Call->getBeginLoc(), Caller, Depth + 1))
          return true;
      }
    }
    return false;
  }

private:
  /// `"127.0.0.1"`, `INADDR_LOOPBACK`, `make_address_v4("::1")`: the
  /// profiles' `loopback-names`, spelled at \p S itself.
  bool namesLoopback(const Stmt *S) {
    bool Names = false;
    if (const auto *Str = dyn_cast<StringLiteral>(S))
      Names = Str->getCharByteWidth() == 1 && P.isLoopbackName(Str->getString());
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      Names = DRE->getDecl()->getIdentifier() &&
              P.isLoopbackName(DRE->getDecl()->getName());
    else if (const auto *Call = dyn_cast<CallExpr>(S))
      Names = Call->getDirectCallee() &&
              Call->getDirectCallee()->getIdentifier() &&
              P.isLoopbackName(Call->getDirectCallee()->getName());
    if (!Names && S->getBeginLoc().isMacroID())
      Names = P.isLoopbackName(Lexer::getImmediateMacroName(
          S->getBeginLoc(), SM, Ctx.getLangOpts()));
    return Names;
  }

  void indexCalls(const FunctionDecl *FD) {
    model::forEachStmt(model::writtenBody(FD), [&](const Stmt *S) {
      model::CallSite CS;
      if (!isa<CallExpr>(S) || !model::decodeCall(cast<Expr>(S), CS))
        return;
      if (CS.Callee)
        CallSites[CS.Callee->getCanonicalDecl()].push_back(
            {cast<CallExpr>(S), FD});
      if (callIs(CS, [&](StringRef N) { return P.isDeadlineSetter(N); }))
        if (const ValueDecl *Root = model::rootDecl(CS.Object))
          Setters[FD].push_back({Root, S->getBeginLoc()});
      if (bounds(CS)) {
        auto Guard = [&](const Expr *A) {
          if (const auto *Call =
                  dyn_cast_or_null<CallExpr>(model::stripArgument(A)))
            if (const FunctionDecl *Callee = Call->getDirectCallee())
              Guarded.insert(Callee->getCanonicalDecl());
        };
        if (CS.Object)
          Guard(CS.Object);
        for (const Expr *A : CS.Args)
          Guard(A);
      }
    });
  }

  struct WrappedOperation {
    DeadlineEntry Entry;
    const CallExpr *Inner = nullptr;
  };

  WrappedOperation findWrapped(const FunctionDecl *Def) {
    WrappedOperation Out;
    const Stmt *Body = model::writtenBody(Def);
    // A wrapper that races its operation against a timer has a deadline.
    if (waitsOnTimer(Body))
      return Out;
    model::forEachSuspensionPoint(Body, [&](const Expr *Suspension) {
      const auto *CS = dyn_cast<CoroutineSuspendExpr>(Suspension);
      if (Out.Inner || !CS || !CS->getOperand())
        return;
      // Inside the awaited expression, into the lambdas given to it (which
      // the awaiter runs when the coroutine suspends).
      llvm::SmallVector<const Stmt *, 16> Work{CS->getOperand()};
      const CallExpr *Found = nullptr;
      const DeadlineEntry *FoundEntry = nullptr;
      const Expr *FoundStream = nullptr;
      bool Timer = false;
      while (!Work.empty()) {
        const Stmt *S = Work.pop_back_val();
        if (!S)
          continue;
        if (const auto *L = dyn_cast<LambdaExpr>(S)) {
          // A generic lambda's calls are resolved in its specializations
          // (the awaiter calls it, through std::function or directly).
          const FunctionTemplateDecl *T =
              L->getCallOperator()->getDescribedFunctionTemplate();
          if (T && !T->specializations().empty())
            Work.push_back((*T->specializations().begin())->getBody());
          else
            Work.push_back(L->getBody());
          continue;
        }
        for (const Stmt *Child : S->children())
          Work.push_back(Child);
        model::CallSite Call;
        if (!isa<CallExpr>(S) || !model::decodeCall(cast<Expr>(S), Call))
          continue;
        // A timer started beside it bounds it (the awaiter races the two).
        if (callIs(Call, [&](StringRef N) { return P.isTimerWait(N); }))
          Timer = true;
        const DeadlineEntry *E = needsDeadline(Call);
        // With a completion handler, not awaited here (that await would be
        // the wrapper's own finding).
        if (!E || Found || S == model::stripArgument(CS->getOperand()) ||
            boundedByArguments(Call, Def))
          continue;
        Found = cast<CallExpr>(S);
        FoundEntry = E;
        FoundStream = streamOf(Call, *E);
      }
      if (!Found || Timer)
        return;
      Out.Inner = Found;
      Out.Entry.Name = Names.qualifiedName(Def).str();
      Out.Entry.What = FoundEntry->What;
      Out.Entry.Instead = "give it a deadline: race it against a timer, or "
                          "set one on the I/O object it is given";
      // The wrapper's parameter the I/O object comes from.
      if (const auto *PD =
              dyn_cast_or_null<ParmVarDecl>(model::rootDecl(FoundStream)))
        Out.Entry.StreamArg = PD->getFunctionScopeIndex();
    });
    return Out;
  }

  const ASTContext &Ctx;
  const SourceManager &SM;
  const profiles::ProfileSet &P;
  model::NameCache Names;
  llvm::DenseMap<const FunctionDecl *, WrappedOperation> Wrapped;
  llvm::DenseMap<const FunctionDecl *,
                 std::vector<std::pair<const ValueDecl *, SourceLocation>>>
      Setters;
  llvm::DenseMap<const FunctionDecl *,
                 std::vector<std::pair<const CallExpr *, const FunctionDecl *>>>
      CallSites;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Guarded;
  llvm::DenseMap<const FunctionDecl *, bool> Loopback;
};

} // namespace

void MissingTimeoutCheck::analyse(ASTContext &Ctx,
                                  const model::UserCode &Code) {
  if (Code.Coroutines.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  Deadlines D(Ctx, profiles(), Code);

  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    if (D.isGuarded(Coroutine) || D.talksToLoopback(Coroutine))
      continue;
    model::forEachSuspensionPoint(
        model::writtenBody(Coroutine), [&](const Expr *Suspension) {
          const auto *CS = dyn_cast<CoroutineSuspendExpr>(Suspension);
          if (!CS || !CS->getOperand())
            return;
          // Walk the awaited expression, noting when a bounding call
          // encloses the operation.
          llvm::SmallVector<std::pair<const Stmt *, bool>, 16> Work{
              {CS->getOperand(), false}};
          while (!Work.empty()) {
            auto [S, Bounded] = Work.pop_back_val();
            if (!S || isa<LambdaExpr>(S))
              continue;
            model::CallSite Call;
            bool IsCall =
                isa<CallExpr>(S) && model::decodeCall(cast<Expr>(S), Call);
            bool ChildBounded = Bounded || (IsCall && D.bounds(Call));
            for (const Stmt *Child : S->children())
              Work.push_back({Child, ChildBounded});
            if (!IsCall || Bounded)
              continue;
            const DeadlineEntry *Entry = D.needsDeadline(Call);
            const CallExpr *Inner = nullptr;
            if (!Entry)
              Entry = D.wrappedOperation(Call, Inner);
            if (!Entry)
              continue;
            const Expr *Stream = Deadlines::streamOf(Call, *Entry);
            if (D.deadlineSet(model::rootDecl(Stream), Call.Call->getBeginLoc(),
                              Coroutine) ||
                D.boundedByArguments(Call, Coroutine) ||
                D.builtForLoopback(model::rootDecl(Stream), Coroutine))
              continue;
            SourceLocation Loc = SM.getExpansionLoc(Call.Call->getBeginLoc());
            if (!firstReportAt(Loc))
              continue;
            diag(Loc, "'%0' waits on the other party (%1) with no deadline, "
                      "so a peer that never answers holds this coroutine "
                      "forever; %2")
                << Call.Callee->getNameAsString() << Entry->What
                << Entry->Instead;
            if (Inner)
              diag(SM.getExpansionLoc(Inner->getBeginLoc()),
                   "'%0' starts '%1' here, with no deadline of its own",
                   DiagnosticIDs::Note)
                  << Call.Callee->getNameAsString()
                  << Inner->getDirectCallee()->getNameAsString();
          }
        });
  }
}

} // namespace corolint::checks
