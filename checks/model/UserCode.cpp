//===--- UserCode.cpp - The functions the user wrote ----------------------===//

#include "model/UserCode.h"
#include "model/Coroutines.h"
#include "profiles/Profile.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corolint::model {

bool isInSystemHeader(const Decl *D, const SourceManager &SM) {
  SourceLocation L = D->getLocation();
  if (L.isInvalid())
    return true; // Implicit declarations: builtins, the TU's own typedefs.
  return SM.isInSystemHeader(SM.getExpansionLoc(L));
}

bool isWrittenByForeignMacro(SourceLocation Loc, const SourceManager &SM) {
  if (Loc.isInvalid() || !Loc.isMacroID())
    return false;
  // Where the token itself is spelled: inside the macro's definition, or
  // in the main file when it came in as an argument.
  SourceLocation Spelled = SM.getSpellingLoc(Loc);
  return Spelled.isValid() && !SM.isWrittenInMainFile(Spelled);
}

namespace {

/// The namespaces of the frameworks the built-in profiles describe, from
/// their task types: `asio`, `boost::asio`, `coro`, `async_simple`, ...
const llvm::StringSet<> &frameworkNamespaces() {
  static const llvm::StringSet<> Roots = [] {
    llvm::StringSet<> Out;
    for (const profiles::Profile &P : profiles::ProfileSet::builtin().profiles())
      for (const std::string &T : P.TaskTypes) {
        llvm::SmallVector<llvm::StringRef, 4> Parts;
        llvm::StringRef(T).split(Parts, "::");
        if (Parts.size() < 2)
          continue;
        // Boost holds many libraries: its namespace is boost::asio.
        size_t Keep = Parts[0] == "boost" && Parts.size() > 2 ? 2 : 1;
        Out.insert(llvm::join(llvm::ArrayRef(Parts).take_front(Keep), "::"));
      }
    return Out;
  }();
  return Roots;
}

bool isFrameworkImplementation(const NamespaceDecl *NS,
                               const SourceManager &SM) {
  SourceLocation L = SM.getExpansionLoc(NS->getLocation());
  if (L.isInvalid() || SM.isInMainFile(L))
    return false;
  std::string Name = NS->getQualifiedNameAsString();
  if (!frameworkNamespaces().contains(Name))
    return false;
  llvm::StringRef Last = llvm::StringRef(Name).rsplit("::").second;
  if (Last.empty())
    Last = Name;
  llvm::StringRef File = SM.getFilename(L);
  for (auto It = llvm::sys::path::begin(File), End = llvm::sys::path::end(File);
       It != End; ++It)
    if (It->equals_insensitive(Last))
      return true;
  return false;
}

} // namespace

bool isLibraryDecl(const Decl *D, const SourceManager &SM) {
  if (!D)
    return false;
  if (isInSystemHeader(D, SM))
    return true;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
        NS && frameworkNamespaces().contains(NS->getQualifiedNameAsString()))
      return true;
  return false;
}

namespace {

class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(const SourceManager &SM, UserCode &Out) : SM(SM), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    // Library code is skipped whole: no matcher ever sees it.
    if (!isa<TranslationUnitDecl>(D) && isInSystemHeader(D, SM))
      return true;
    // A framework's own implementation, in its headers (a run over
    // libcoro's or Asio's repository): it implements the primitives the
    // checks hold users to, so it is not a user of them.
    if (const auto *NS = dyn_cast<NamespaceDecl>(D);
        NS && isFrameworkImplementation(NS, SM))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    add(FD);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    // The closure class is not a child of any DeclContext the walk visits.
    CXXMethodDecl *Call = L->getCallOperator();
    add(Call);
    // A generic lambda's bodies are the specializations of its template.
    if (FunctionTemplateDecl *T = Call->getDescribedFunctionTemplate())
      for (FunctionDecl *Spec : T->specializations())
        add(Spec);
    return true;
  }

private:
  void add(const FunctionDecl *FD) {
    if (!FD || FD->isInvalidDecl() || !FD->doesThisDeclarationHaveABody() ||
        !FD->getBody())
      return;
    if (!Seen.insert(FD).second)
      return;
    Out.Functions.push_back(FD);
    if (isCoroutine(FD))
      Out.Coroutines.push_back(FD);
  }

  const SourceManager &SM;
  UserCode &Out;
  llvm::DenseSet<const FunctionDecl *> Seen;
};
} // namespace

UserCode UserCode::collect(ASTContext &Ctx) {
  UserCode Out;
  Collector C(Ctx.getSourceManager(), Out);
  // The whole translation unit, unless a traversal scope says otherwise:
  // clangd's holds the main file's top-level declarations, and walking the
  // translation unit there would deserialize the whole preamble.
  for (Decl *D : Ctx.getTraversalScope())
    C.TraverseDecl(D);
  return Out;
}

} // namespace corolint::model
