//===--- BlockingCallCheck.cpp - corolint-blocking-call -------------------===//

#include "BlockingCallCheck.h"
#include "model/Coroutines.h"
#include "model/UserCode.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

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
  llvm::DenseMap<const FunctionDecl *, Facts> FactsMemo;
  llvm::DenseMap<const FunctionDecl *, std::optional<Chain>> ChainMemo;
};

BlockingCallCheck::~BlockingCallCheck() = default;

BlockingCallCheck::BlockingCallCheck(StringRef Name,
                                     tidy::ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      MaxCallDepth(Options.get(MaxCallDepthKey, 5U)),
      FlagMutexLocks(Options.get(FlagMutexLocksKey, false)) {}

void BlockingCallCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  CorolintCheck::storeOptions(Opts);
  Options.store(Opts, MaxCallDepthKey, MaxCallDepth);
  Options.store(Opts, FlagMutexLocksKey, FlagMutexLocks);
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
        P.isNonblockingFlag(DRE->getDecl()->getName()))
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
  // fd = socket(..., SOCK_NONBLOCK, ...); fcntl(fd, F_SETFL, ... O_NONBLOCK)
  llvm::SmallVector<const Stmt *, 32> Work{Body};
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
    for (const Stmt *Child : St->children())
      Work.push_back(Child);
  }
  return false;
}

std::optional<Hit> Analysis::matchBlocking(const model::CallSite &CS,
                                           const Stmt *Body) {
  if (!CS.Callee)
    return std::nullopt;
  const profiles::ProfileSet &P = Model.profiles();
  model::NameCache &Names = S.Names;
  Hit H;
  std::string Callee = CS.Callee->getNameInfo().getName().getAsString();
  H.Name = Callee;
  H.Entry = P.blockingFunction(Names.qualifiedName(CS.Callee));
  // The class the user holds, not the library base declaring the member.
  StringRef ObjectClass =
      CS.Object ? Names.className(model::stripArgument(CS.Object)->getType())
                : StringRef();
  if (!H.Entry && !ObjectClass.empty() && isa<CXXMethodDecl>(CS.Callee)) {
    // Inherited members: `fut.wait()` is declared in a base of std::future.
    H.Entry = P.blockingFunction((ObjectClass + "::" + Callee).str());
    if (!H.Entry)
      if (const BlockingEntry *T = P.blockingType(ObjectClass); T && T->Members)
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

void BlockingCallCheck::analyse(ASTContext &Ctx, const model::UserCode &Code) {
  if (Code.Coroutines.empty())
    return;
  auto Done = std::make_unique<TUState>();
  Done->Ctx = &Ctx;
  Analysis A(*Done, profiles(), MaxCallDepth, FlagMutexLocks);
  A.Model.scanHandoffs(Code.Functions);
  for (const FunctionDecl *Coroutine : Code.Coroutines) {
    if (A.Model.isHandedOff(Coroutine))
      continue;
    std::string Where = describeCoroutine(Coroutine);
    A.forEachCall(Coroutine, [&](const model::CallSite &CS) {
      std::optional<Hit> Direct = A.matchBlocking(CS, Coroutine->getBody());
      const std::optional<Chain> *Via = nullptr;
      if (!Direct) {
        const FunctionDecl *Def = A.followable(CS.Callee);
        if (!Def || !(Via = &A.chainFrom(Def))->has_value())
          return;
      }
      SourceLocation Loc = reportLoc(A.SM, CS.Call);
      if (!firstReportAt(Loc))
        return;
      if (Direct) {
        diag(Loc, "'%0' %1 the thread of %2; %3")
            << Direct->Name << verb(Direct->Entry->Category) << Where
            << Direct->Entry->Instead;
        return;
      }
      const Chain &C = **Via;
      diag(Loc, "%0 %1 the thread of %2 through a call to '%3'; %4")
          << describeCallee(CS.Callee) << verb(C.Entry->Category) << Where
          << C.BlockingName << C.Entry->Instead;
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
    });
  }
}

} // namespace corolint::checks
