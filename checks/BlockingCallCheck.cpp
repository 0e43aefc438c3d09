//===--- BlockingCallCheck.cpp - corolint-blocking-call -------------------===//

#include "BlockingCallCheck.h"
#include "OffloadFix.h"
#include "support/Summary.h"
#include "model/Coroutines.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace clang::ast_matchers;
using corolint::profiles::BlockingCategory;
using corolint::profiles::BlockingEntry;

namespace corolint::checks {

namespace {
/// A call that blocks by itself, as the profiles describe it.
struct Hit {
  const BlockingEntry *Entry = nullptr;
  std::string Name; ///< What the user wrote: `sleep_for`, `std::ifstream`.
};
/// What one function does, read once: its first blocking call, and the
/// ordinary functions it calls inline.
struct Facts {
  const Expr *DirectCall = nullptr;
  Hit Direct;
  llvm::SmallVector<BlockingCallCheck::Step, 8> Calls;
};
} // namespace

struct BlockingCallCheck::TUState {
  ASTContext *Ctx = nullptr;
  model::NameCache Names;
  std::unique_ptr<model::TaskTypes> Tasks;
  llvm::DenseMap<const FunctionDecl *, Facts> FactsMemo;
  llvm::DenseMap<const FunctionDecl *, std::optional<Chain>> ChainMemo;
};

BlockingCallCheck::~BlockingCallCheck() = default;

BlockingCallCheck::BlockingCallCheck(StringRef Name,
                                     tidy::ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      MaxCallDepth(Options.get(MaxCallDepthKey, 5U)),
      FlagMutexLocks(Options.get(FlagMutexLocksKey, false)),
      SummaryFile(Options.get(SummaryFileKey, "")) {}

void BlockingCallCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  CorolintCheck::storeOptions(Opts);
  Options.store(Opts, MaxCallDepthKey, MaxCallDepth);
  Options.store(Opts, FlagMutexLocksKey, FlagMutexLocks);
  Options.store(Opts, SummaryFileKey, SummaryFile);
}

namespace {

/// Everything the analysis of one translation unit needs at hand.
class Analysis {
public:
  Analysis(BlockingCallCheck::TUState &S, const profiles::ProfileSet &P,
           unsigned MaxDepth, bool FlagMutexLocks)
      : S(S), SM(S.Ctx->getSourceManager()), Model(P, S.Names),
        MaxDepth(MaxDepth), FlagMutexLocks(FlagMutexLocks) {}

  /// The definition of a callee worth following: user code, not a
  /// coroutine (a coroutine's body is checked on its own).
  const FunctionDecl *followable(const FunctionDecl *Callee) const {
    const FunctionDecl *Def = nullptr;
    if (!Callee || !Callee->getBody(Def) || !Def || Def->isInvalidDecl())
      return nullptr;
    if (SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
      return nullptr;
    if (model::isCoroutine(Def))
      return nullptr;
    return Def;
  }

  std::optional<Hit> matchBlocking(const model::CallSite &CS, const Stmt *Body);
  const Facts &factsOf(const FunctionDecl *FD);
  const std::optional<BlockingCallCheck::Chain> &
  chainFrom(const FunctionDecl *Start);

  template <typename Fn> void forEachCall(const FunctionDecl *FD, Fn F) {
    Model.forEachInlineCall(FD->getBody(), F);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          Model.forEachInlineCall(Init->getInit(), F);
  }

  BlockingCallCheck::TUState &S;
  const SourceManager &SM;
  model::ExecutionModel Model;
  unsigned MaxDepth;
  bool FlagMutexLocks;

private:
  bool isSyncWaitShaped(const model::CallSite &CS);
  bool inSpinLoop(const Expr *Call, const Stmt *Body) const;
  bool mentionsNonblockingFlag(const Stmt *E) const;
  bool isStandardStream(const Expr *E) const;
  bool isNonblockingDescriptor(const Expr *Fd, const Stmt *Body);
  bool macroNamed(SourceLocation L,
                  llvm::function_ref<bool(StringRef)> Pred) const;
};

bool Analysis::macroNamed(SourceLocation L,
                          llvm::function_ref<bool(StringRef)> Pred) const {
  const LangOptions &LO = S.Ctx->getLangOpts();
  for (unsigned Guard = 0; L.isMacroID() && Guard < 16; ++Guard) {
    if (Pred(Lexer::getImmediateMacroName(L, SM, LO)))
      return true;
    L = SM.getImmediateMacroCallerLoc(L);
  }
  return false;
}

bool Analysis::mentionsNonblockingFlag(const Stmt *E) const {
  if (!E)
    return false;
  const profiles::ProfileSet &P = Model.profiles();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (DRE->getDecl()->getIdentifier() &&
        (P.isNonblockingFlag(DRE->getDecl()->getName()) ||
         P.isNonblockingFlag(S.Names.qualifiedName(DRE->getDecl()))))
      return true;
  if (macroNamed(E->getBeginLoc(),
                 [&](StringRef N) { return P.isNonblockingFlag(N); }))
    return true;
  for (const Stmt *Child : E->children())
    if (mentionsNonblockingFlag(Child))
      return true;
  return false;
}

bool Analysis::isStandardStream(const Expr *E) const {
  const profiles::ProfileSet &P = Model.profiles();
  if (macroNamed(E->getBeginLoc(),
                 [&](StringRef N) { return P.isStandardStream(N); }))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(model::stripArgument(E)))
    return DRE->getDecl()->getIdentifier() &&
           P.isStandardStream(DRE->getDecl()->getName());
  return false;
}

/// The variable or member a descriptor expression names.
static const ValueDecl *descriptorDecl(const Expr *E) {
  E = model::stripArgument(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(E))
    return ME->getMemberDecl();
  // `m_socket.native_handle()`: the socket object the descriptor belongs to.
  if (isa_and_nonnull<CXXMemberCallExpr>(E))
    return model::rootDecl(E);
  return nullptr;
}

bool Analysis::isNonblockingDescriptor(const Expr *Fd, const Stmt *Body) {
  const ValueDecl *D = descriptorDecl(Fd);
  if (!D || !Body)
    return false;
  const profiles::ProfileSet &P = Model.profiles();
  auto IsNonblockingSetter = [&](const Expr *E) {
    const auto *Call = dyn_cast_or_null<CallExpr>(model::stripArgument(E));
    return Call && Call->getDirectCallee() &&
           P.isDescriptorSetter(
               S.Names.qualifiedName(Call->getDirectCallee())) &&
           mentionsNonblockingFlag(Call);
  };
  if (const auto *VD = dyn_cast<VarDecl>(D);
      VD && IsNonblockingSetter(VD->getInit()))
    return true;
  // fd = socket(..., SOCK_NONBLOCK, ...); fcntl(fd, F_SETFL, ... O_NONBLOCK);
  // sock.blocking(blocking_t::no); in this body, or for a member in a
  // constructor of its class.
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  if (const auto *Field = dyn_cast<FieldDecl>(D))
    if (const auto *RD = dyn_cast<CXXRecordDecl>(Field->getParent()))
      for (const CXXConstructorDecl *Ctor : RD->ctors()) {
        const FunctionDecl *Def = nullptr;
        if (!Ctor->getBody(Def) || !Def)
          continue;
        Work.push_back(Def->getBody());
        for (const CXXCtorInitializer *Init :
             cast<CXXConstructorDecl>(Def)->inits())
          if (Init->getMember() == Field && Init->getInit()) {
            // `sock(make_socket(opts{..., blocking_t::no}))`, through the
            // member's own constructor.
            llvm::SmallVector<const Stmt *, 8> Parts{Init->getInit()};
            while (!Parts.empty()) {
              const Stmt *X = Parts.pop_back_val();
              if (isa<CallExpr>(X) && IsNonblockingSetter(cast<Expr>(X)))
                return true;
              for (const Stmt *Child : X->children())
                if (Child)
                  Parts.push_back(Child);
            }
          }
      }
  while (!Work.empty()) {
    const Stmt *St = Work.pop_back_val();
    if (!St)
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(St);
        BO && BO->isAssignmentOp() && descriptorDecl(BO->getLHS()) == D &&
        IsNonblockingSetter(BO->getRHS()))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(St);
        Call && Call->getNumArgs() > 0 &&
        descriptorDecl(Call->getArg(0)) == D && IsNonblockingSetter(Call))
      return true;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St);
        MC && model::rootDecl(MC->getImplicitObjectArgument()) == D &&
        llvm::any_of(MC->arguments(), [&](const Expr *A) {
          return mentionsNonblockingFlag(A);
        }))
      return true;
    // `if (errno == EINPROGRESS)`: the code expects a non-blocking socket.
    if (const auto *Lit = dyn_cast<IntegerLiteral>(St);
        Lit && macroNamed(Lit->getBeginLoc(), [&](StringRef N) {
          return P.isNonblockingError(N);
        }))
      return true;
    for (const Stmt *Child : St->children())
      Work.push_back(Child);
  }
  return false;
}

bool Analysis::inSpinLoop(const Expr *Call, const Stmt *Body) const {
  // A loop of Body around the call with no suspension point in it: the
  // loop spins until another piece of work, which needs this very thread,
  // changes what it tests.
  SourceLocation At = SM.getExpansionLoc(Call->getBeginLoc());
  auto Contains = [&](const Stmt *L) {
    SourceLocation B = SM.getExpansionLoc(L->getBeginLoc());
    SourceLocation E = SM.getExpansionLoc(L->getEndLoc());
    return !SM.isBeforeInTranslationUnit(At, B) &&
           !SM.isBeforeInTranslationUnit(E, At);
  };
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(S) && Contains(S)) {
      bool Suspends = false;
      model::forEachSuspensionPoint(S, [&](const Expr *) { Suspends = true; });
      if (!Suspends)
        return true;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return false;
}

/// The nested loop of a function no profile names but whose shape gives it
/// away.
const BlockingEntry SyncWaitShape = [] {
  BlockingEntry E;
  E.Name = "<sync_wait-like>";
  E.Category = BlockingCategory::NestedLoop;
  E.Instead = "co_await the task instead (recognised by its shape: an "
              "ordinary function that takes a task and returns its result "
              "runs it to completion on the calling thread; name it in a "
              "profile's 'shape-exempt' if it does not)";
  return E;
}();

bool Analysis::isSyncWaitShaped(const model::CallSite &CS) {
  // An ordinary function that takes a task (or awaitable) and returns what
  // awaiting it produces cannot suspend: it runs the task to completion on
  // the calling thread. A function returning void is left alone: it may as
  // well start the task and let it run (spawn, detach).
  const FunctionDecl *F = CS.Callee;
  if (isa<CXXConstructExpr>(CS.Call) || F->isOverloadedOperator() ||
      CS.Args.empty())
    return false;
  QualType Result = CS.Call->getType();
  if (Result.isNull() || Result->isDependentType() || Result->isVoidType())
    return false;
  const profiles::ProfileSet &P = Model.profiles();
  StringRef Name = S.Names.qualifiedName(F);
  if (P.isShapeExempt(Name) || P.spawn(Name) || P.offload(Name) ||
      P.combinator(Name) || P.isTimeoutWrapper(Name) ||
      P.isRaceCombinator(Name) || P.isAllOfCombinator(Name) ||
      P.needsDeadline(Name) || P.startsConcurrently(Name) ||
      P.isStartFunction(Name))
    return false;
  auto Plain = [&](QualType T) {
    return S.Ctx->getCanonicalType(T.getNonReferenceType())
        .getUnqualifiedType();
  };
  for (unsigned I = 0; I < CS.Args.size(); ++I) {
    // Taken to be run: by value or by reference it may resume, not as a
    // const reference a query reads.
    if (I < F->getNumParams()) {
      QualType Param = F->getParamDecl(I)->getType();
      if (Param->isLValueReferenceType() &&
          Param.getNonReferenceType().isConstQualified())
        continue;
    }
    // A task, or an awaitable (its await_resume says what it produces).
    QualType Arg = model::stripArgument(CS.Args[I])->getType();
    bool Awaitable = false;
    QualType Produces = model::awaitResultType(Arg, *S.Ctx, &Awaitable);
    if (!Awaitable && !model::isTask(S.Tasks->kindOf(Arg)))
      continue;
    if (!Produces.isNull() && !Produces->isVoidType() &&
        Plain(Produces) == Plain(Result))
      return true;
  }
  return false;
}

std::optional<Hit> Analysis::matchBlocking(const model::CallSite &CS,
                                           const Stmt *Body) {
  if (!CS.Callee)
    return std::nullopt;
  // A coroutine, or a function returning a task or awaitable, starts
  // asynchronous work: QCoro tests' own `Task<> sleep(ms)` is not ::sleep.
  if (!isa<CXXConstructExpr>(CS.Call) &&
      (model::isCoroutine(CS.Callee->getDefinition()) ||
       S.Tasks->kindOf(CS.Callee->getReturnType()) !=
           model::TaskKind::NotATask))
    return std::nullopt;
  const profiles::ProfileSet &P = Model.profiles();
  model::NameCache &Names = S.Names;
  Hit H;
  std::string Callee = CS.Callee->getNameInfo().getName().getAsString();
  H.Name = Callee;
  H.Entry = P.blockingFunction(Names.qualifiedName(CS.Callee));
  bool ThroughObject = false;
  if (!H.Entry)
    // A function object or customisation-point object named in a profile
    // (folly::coro::blockingWait is `inline constexpr BlockingWaitFn`).
    if (const VarDecl *Var = model::callableObject(CS))
      if ((H.Entry = P.blockingFunction(Names.qualifiedName(Var)))) {
        H.Name = Var->getName().str();
        ThroughObject = true;
      }
  // The class the user holds, not the library base declaring the member.
  StringRef ObjectClass =
      CS.Object && !ThroughObject
          ? Names.className(model::stripArgument(CS.Object)->getType())
          : StringRef();
  if (!H.Entry && !ObjectClass.empty() && isa<CXXMethodDecl>(CS.Callee)) {
    // Inherited members: `fut.wait()` is declared in a base of std::future.
    H.Entry = P.blockingFunction((ObjectClass + "::" + Callee).str());
    if (!H.Entry)
      if (const BlockingEntry *T = P.blockingType(ObjectClass);
          T && T->Members && !llvm::is_contained(T->Queries, Callee))
        H.Entry = T;
  }
  if (H.Entry && !ObjectClass.empty() && !isa<CXXConstructExpr>(CS.Call)) {
    // `future::wait`: the short class name and the member.
    StringRef Short = ObjectClass.rsplit("::").second;
    H.Name = (Short.empty() ? ObjectClass : Short).str() + "::" + Callee;
  }
  if (!H.Entry && isa<CXXConstructExpr>(CS.Call)) {
    H.Entry = P.blockingType(Names.className(CS.Call->getType()));
    if (H.Entry) {
      PrintingPolicy PP(S.Ctx->getLangOpts());
      PP.SuppressTagKeyword = true;
      H.Name = CS.Call->getType().getUnqualifiedType().getAsString(PP);
    }
  }
  if (!H.Entry && !CS.Object && !isa<CXXConstructExpr>(CS.Call)) {
    // Free functions over a blocking stream: std::getline(file, line).
    for (const Expr *A : CS.Args)
      if (const BlockingEntry *T = P.blockingType(
              Names.className(model::stripArgument(A)->getType()));
          T && T->Members) {
        H.Entry = T;
        break;
      }
  }
  if (!H.Entry && isSyncWaitShaped(CS))
    H.Entry = &SyncWaitShape;
  const BlockingEntry *E = H.Entry;
  if (!E)
    return std::nullopt;
  if (E->Category == BlockingCategory::Mutex && !FlagMutexLocks)
    return std::nullopt;
  if (!E->FirstParam.empty() &&
      (CS.Callee->getNumParams() == 0 ||
       Names.className(CS.Callee->getParamDecl(0)->getType()) != E->FirstParam))
    return std::nullopt;
  auto Arg = [&](std::optional<unsigned> I) -> const Expr * {
    return I && *I < CS.Args.size() ? CS.Args[*I] : nullptr;
  };
  if (const Expr *Flags = Arg(E->FlagsArg);
      Flags && mentionsNonblockingFlag(Flags))
    return std::nullopt;
  if (const Expr *Fd = Arg(E->DescriptorArg);
      Fd && isNonblockingDescriptor(Fd, Body))
    return std::nullopt;
  if (const Expr *Stream = Arg(E->StreamArg);
      Stream && isStandardStream(Stream))
    return std::nullopt;
  // A spin in the coroutine's own body waits for what another coroutine of
  // this thread would do. In a function it calls, a yield loop is most
  // often a spin lock held briefly by another thread (async_simple's
  // ConditionVariable::notify): not read there.
  if (E->Spin &&
      (!Body || !isa<CoroutineBodyStmt>(Body) || !inSpinLoop(CS.Call, Body)))
    return std::nullopt;
  return H;
}

const Facts &Analysis::factsOf(const FunctionDecl *FD) {
  auto [It, Inserted] = S.FactsMemo.try_emplace(FD);
  if (!Inserted)
    return It->second;
  Facts F;
  forEachCall(FD, [&](const model::CallSite &CS) {
    if (!F.DirectCall)
      if (std::optional<Hit> H = matchBlocking(CS, FD->getBody())) {
        F.DirectCall = CS.Call;
        F.Direct = std::move(*H);
        return;
      }
    if (const FunctionDecl *Def = followable(CS.Callee))
      F.Calls.push_back({CS.Call, Def});
  });
  // The map may have grown while walking; look the slot up again.
  return S.FactsMemo[FD] = std::move(F);
}

const std::optional<BlockingCallCheck::Chain> &
Analysis::chainFrom(const FunctionDecl *Start) {
  if (auto It = S.ChainMemo.find(Start); It != S.ChainMemo.end())
    return It->second;
  // Breadth first, so the chain shown is a shortest one.
  struct Node {
    const FunctionDecl *F;
    int Parent;
    const Expr *CallInParent;
  };
  std::vector<Node> Nodes{{Start, -1, nullptr}};
  llvm::DenseSet<const FunctionDecl *> Seen{Start};
  std::optional<BlockingCallCheck::Chain> Result;
  size_t Begin = 0;
  for (unsigned Level = 1; Level <= MaxDepth && !Result; ++Level) {
    size_t End = Nodes.size();
    for (size_t I = Begin; I < End && !Result; ++I) {
      const Facts &F = factsOf(Nodes[I].F);
      if (!F.DirectCall)
        continue;
      BlockingCallCheck::Chain C;
      C.Entry = F.Direct.Entry;
      C.BlockingName = F.Direct.Name;
      C.BlockingCall = F.DirectCall;
      for (int N = static_cast<int>(I); Nodes[N].Parent >= 0;
           N = Nodes[N].Parent)
        C.Steps.push_back({Nodes[N].CallInParent, Nodes[N].F});
      std::reverse(C.Steps.begin(), C.Steps.end());
      Result = std::move(C);
    }
    if (Result || Level == MaxDepth)
      break;
    for (size_t I = Begin; I < End; ++I)
      for (const BlockingCallCheck::Step &Call : factsOf(Nodes[I].F).Calls)
        if (Seen.insert(Call.Callee).second)
          Nodes.push_back({Call.Callee, static_cast<int>(I), Call.Call});
    // Nothing new is reachable: a deeper level would find nothing either
    // (MaxCallDepth may be set to any number).
    if (Nodes.size() == End)
      break;
    Begin = End;
  }
  return S.ChainMemo[Start] = std::move(Result);
}

StringRef verb(BlockingCategory C) {
  switch (C) {
  case BlockingCategory::NestedLoop:
    return "runs a nested event loop on";
  case BlockingCategory::Mutex:
    return "takes a blocking lock on";
  default:
    return "blocks";
  }
}

std::string describeCoroutine(const FunctionDecl *FD) {
  std::string Name = model::displayName(FD);
  if (Name == "lambda")
    return "a coroutine lambda";
  return "coroutine '" + Name + "'";
}

/// `'load_config'`, or for a lambda called in place `the lambda called here`.
std::string describeCallee(const FunctionDecl *FD) {
  std::string Name = model::displayName(FD);
  return Name == "lambda" ? "the lambda called here" : "'" + Name + "'";
}

SourceLocation reportLoc(const SourceManager &SM, const Expr *E) {
  return SM.getExpansionLoc(E->getBeginLoc());
}

} // namespace

namespace {

std::string usrOf(const Decl *D) {
  SmallString<128> Buf;
  if (index::generateUSRForDecl(D->getCanonicalDecl(), Buf))
    return "";
  return std::string(Buf);
}

/// The note at a chain's end: `'sleep' blocks here (sleep)`.
std::string blockingNote(const BlockingCallCheck::Chain &C) {
  StringRef How = C.Entry->Category == BlockingCategory::NestedLoop
                      ? "runs a nested event loop"
                  : C.Entry->Category == BlockingCategory::Mutex ? "locks"
                                                                 : "blocks";
  return ("'" + C.BlockingName + "' " + How + " here (" +
          profiles::categoryName(C.Entry->Category) + ")")
      .str();
}

/// Whether a call goes to a function this translation unit does not
/// define, whose definition another file may hold: not a library's, not
/// virtual (another class may override it), not through a pointer.
bool isExternalCallee(const FunctionDecl *Callee, const SourceManager &SM) {
  if (!Callee || Callee->hasBody() || model::isLibraryDecl(Callee, SM) ||
      Callee->isTemplateInstantiation())
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee); MD && MD->isVirtual())
    return false;
  return Callee->getIdentifier() || isa<CXXMethodDecl>(Callee);
}

/// This file's summary for the others (support/Summary.h): the functions
/// defined here that block, and the calls made here to functions defined
/// elsewhere.
support::TranslationUnitSummary summarize(Analysis &A, ASTContext &Ctx,
                                          const model::UserCode &Code,
                                          unsigned MaxCallDepth) {
  using Chain = BlockingCallCheck::Chain;
  using Step = BlockingCallCheck::Step;
  const SourceManager &SM = Ctx.getSourceManager();
  // A place as the other files will read it: absolute, by the file's own
  // lines (not #line's).
  auto Place = [&](SourceLocation At) {
    support::SummaryLoc L;
    PresumedLoc P = SM.getPresumedLoc(At, /*UseLineDirectives=*/false);
    if (P.isInvalid())
      return L;
    SmallString<256> Path(P.getFilename());
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    L.File = std::string(Path);
    L.Line = P.getLine();
    L.Column = P.getColumn();
    L.Offset = SM.getFileOffset(At);
    return L;
  };
  auto Where = [&](const Expr *E) { return Place(reportLoc(SM, E)); };
  support::TranslationUnitSummary S;
  S.MaxCallDepth = MaxCallDepth;
  auto ExternalCalls = [&](const FunctionDecl *Caller, std::string Coroutine) {
    std::string CallerUsr = usrOf(Caller);
    A.forEachCall(Caller, [&](const model::CallSite &CS) {
      // A call to another file, or to a helper of this one that does not
      // block here (one that does is this file's finding already): the
      // join follows the helper's own calls to other files.
      const FunctionDecl *Local = A.followable(CS.Callee);
      bool Helper = Local && !A.chainFrom(Local).has_value();
      if ((!Helper && !isExternalCallee(CS.Callee, SM)) ||
          A.matchBlocking(CS, Caller->getBody()))
        return;
      std::string CalleeUsr = usrOf(Helper ? Local : CS.Callee);
      if (CalleeUsr.empty())
        return;
      S.Calls.push_back({CallerUsr, "'" + model::displayName(Caller) + "'",
                         Coroutine, CalleeUsr, describeCallee(CS.Callee),
                         Where(CS.Call)});
    });
  };
  for (const FunctionDecl *FD : Code.Functions) {
    if (model::isCoroutine(FD) || model::isLibraryDecl(FD, SM) ||
        FD->isTemplateInstantiation() || isa<CXXMethodDecl>(FD) &&
            cast<CXXMethodDecl>(FD)->getParent()->isLambda())
      continue;
    std::string Usr = usrOf(FD);
    if (Usr.empty())
      continue;
    S.Defined.push_back({Usr, Place(SM.getExpansionLoc(FD->getLocation()))});
    if (const std::optional<Chain> &C = A.chainFrom(FD)) {
      support::BlockingFunction B;
      B.Usr = Usr;
      B.Category = profiles::categoryName(C->Entry->Category).str();
      B.Verb = verb(C->Entry->Category).str();
      B.BlockingName = C->BlockingName;
      B.Instead = C->Entry->Instead;
      const FunctionDecl *Caller = FD;
      for (const Step &St : C->Steps) {
        B.Notes.push_back({Where(St.Call), "'" + model::displayName(Caller) +
                                               "' calls '" +
                                               model::displayName(St.Callee) +
                                               "' here"});
        Caller = St.Callee;
      }
      B.Notes.push_back({Where(C->BlockingCall), blockingNote(*C)});
      S.Blocking.push_back(std::move(B));
    } else {
      ExternalCalls(FD, "");
    }
  }
  // The coroutines of the main file: a header's would be reported without
  // the header filter that clang-tidy applies to this file's own findings.
  for (const FunctionDecl *Coroutine : Code.Coroutines)
    if (!A.Model.isHandedOff(Coroutine) &&
        SM.isInMainFile(SM.getExpansionLoc(Coroutine->getLocation())))
      ExternalCalls(Coroutine, describeCoroutine(Coroutine));
  return S;
}

} // namespace

void BlockingCallCheck::analyse(ASTContext &Ctx, const model::UserCode &Code) {
  if (Code.Coroutines.empty() && SummaryFile.empty())
    return;
  auto Done = std::make_unique<TUState>();
  Done->Ctx = &Ctx;
  Done->Tasks = std::make_unique<model::TaskTypes>(Ctx);
  Analysis A(*Done, profiles(), MaxCallDepth, FlagMutexLocks);
  A.Model.scanHandoffs(Code.Functions);

  // Coroutines started as an operand of a combinator (`when_all(work(),
  // [&]() -> task<> { io.process_events(); }())`): they run beside the
  // other operands, so one that only runs an event loop is that loop's
  // driver.
  llvm::DenseSet<const FunctionDecl *> BesideWork;
  for (const FunctionDecl *FD : Code.Functions)
    model::forEachStmt(model::writtenBody(FD), [&](const Stmt *St) {
      model::CallSite Comb;
      if (!isa<CallExpr>(St) || !model::decodeCall(cast<Expr>(St), Comb) ||
          !model::callMatches(Comb, Done->Names, [&](StringRef N) {
            return profiles().combinator(N) != nullptr;
          }))
        return;
      for (const Expr *Arg : Comb.Args)
        if (const auto *Call =
                dyn_cast_or_null<CallExpr>(model::stripArgument(Arg)))
          if (const FunctionDecl *Callee = Call->getDirectCallee())
            BesideWork.insert(Callee->getCanonicalDecl());
    });

  /// One call in a coroutine that blocks, directly or through a chain.
  struct Site {
    const model::CallSite *CS;
    SourceLocation Loc;
    std::optional<Hit> Direct;
    const Chain *Via = nullptr;
  };
  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    if (A.Model.isHandedOff(Coroutine))
      continue;
    // A coroutine started beside the work in a combinator that never
    // suspends and runs an event loop object is that loop's driver, not a
    // loop nested in another (cppcoro's tests and examples).
    bool Suspends = !BesideWork.contains(Coroutine->getCanonicalDecl());
    model::forEachSuspensionPoint(Coroutine->getBody(),
                                  [&](const Expr *) { Suspends = true; });
    std::string Where = describeCoroutine(Coroutine);
    // Sites in source order, grouped by the blocking entry they reach: one
    // warning per coroutine and cause, the other sites as notes.
    std::vector<model::CallSite> Calls;
    std::vector<Site> Sites;
    A.forEachCall(Coroutine, [&](const model::CallSite &CS) {
      std::optional<Hit> Direct = A.matchBlocking(CS, Coroutine->getBody());
      if (Direct && !Suspends && CS.Object &&
          Direct->Entry->Category == BlockingCategory::NestedLoop)
        return;
      const std::optional<Chain> *Via = nullptr;
      if (!Direct) {
        const FunctionDecl *Def = A.followable(CS.Callee);
        if (!Def || !(Via = &A.chainFrom(Def))->has_value())
          return;
      }
      SourceLocation Loc = reportLoc(A.SM, CS.Call);
      if (!firstReportAt(Loc))
        return;
      Sites.push_back({nullptr, Loc, std::move(Direct),
                       Via ? &**Via : nullptr});
      Calls.push_back(CS);
    });
    for (unsigned I = 0; I < Sites.size(); ++I)
      Sites[I].CS = &Calls[I];

    auto EntryOf = [](const Site &X) {
      return X.Direct ? X.Direct->Entry : X.Via->Entry;
    };
    llvm::DenseSet<const BlockingEntry *> Reported;
    for (const Site &First : Sites) {
      const BlockingEntry *Cause = EntryOf(First);
      if (!Reported.insert(Cause).second)
        continue;
      const model::CallSite &CS = *First.CS;
      std::optional<FixItHint> Fix =
          offloadToPoolFix(Coroutine, CS.Call, A.Model, Ctx);
      if (First.Direct) {
        auto D = diag(First.Loc, "'%0' %1 the thread of %2; %3")
                 << First.Direct->Name << verb(Cause->Category) << Where
                 << Cause->Instead;
        if (Fix)
          D << *Fix;
      } else {
        const Chain &C = *First.Via;
        {
          auto D = diag(First.Loc,
                        "%0 %1 the thread of %2 through a call to '%3'; %4")
                   << describeCallee(CS.Callee) << verb(C.Entry->Category)
                   << Where << C.BlockingName << C.Entry->Instead;
          if (Fix)
            D << *Fix;
        }
        const FunctionDecl *Caller = CS.Callee;
        for (const Step &St : C.Steps) {
          diag(reportLoc(A.SM, St.Call), "'%0' calls '%1' here",
               DiagnosticIDs::Note)
              << model::displayName(Caller) << model::displayName(St.Callee);
          Caller = St.Callee;
        }
        diag(reportLoc(A.SM, C.BlockingCall), "'%0' %1 here (%2)",
             DiagnosticIDs::Note)
            << C.BlockingName
            << (C.Entry->Category == BlockingCategory::NestedLoop
                    ? "runs a nested event loop"
                : C.Entry->Category == BlockingCategory::Mutex ? "locks"
                                                               : "blocks")
            << profiles::categoryName(C.Entry->Category);
      }
      // The same cause again in this coroutine: one finding, more sites
      // (not the chain's own end: a lambda both run in place and called
      // through the function it is passed to is one site).
      SourceLocation ChainEnd =
          First.Via ? reportLoc(A.SM, First.Via->BlockingCall)
                    : SourceLocation();
      for (const Site &Other : Sites)
        if (&Other != &First && EntryOf(Other) == Cause &&
            Other.Loc != ChainEnd)
          diag(Other.Loc, "%0 here too", DiagnosticIDs::Note)
              << (Other.Direct
                      ? "'" + Other.Direct->Name + "' is called"
                      : describeCallee(Other.CS->Callee) + " reaches '" +
                            Other.Via->BlockingName + "'");
    }
  }
  if (SummaryFile.empty())
    return;
  std::error_code EC;
  llvm::raw_fd_ostream OS(SummaryFile, EC);
  if (EC) {
    configurationDiag("cannot write the summary to '%0': %1")
        << SummaryFile << EC.message();
    return;
  }
  OS << support::writeSummary(summarize(A, Ctx, Code, MaxCallDepth));
}

} // namespace corolint::checks
