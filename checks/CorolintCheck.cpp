//===--- CorolintCheck.cpp - What every corolint check shares -------------===//

#include "CorolintCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::checks {

namespace {
std::string anchorAtConfig(const std::string &Path, StringRef MainFile) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path) || MainFile.empty())
    return Path;
  llvm::SmallString<256> Dir(MainFile);
  llvm::sys::fs::make_absolute(Dir);
  for (StringRef D = llvm::sys::path::parent_path(Dir); !D.empty();
       D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Config(D), Candidate(D);
    llvm::sys::path::append(Config, ".clang-tidy");
    llvm::sys::path::append(Candidate, Path);
    if (llvm::sys::fs::exists(Config) && llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    if (D == llvm::sys::path::root_path(D))
      break;
  }
  return Path;
}
} // namespace

CorolintCheck::CorolintCheck(StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ProfilesOption(Options.get(ProfilesKey, "")) {
  // Check-local files and the global `Profiles` option (which the corolint
  // command's --profile feeds) both apply.
  std::vector<std::string> Files = profiles::splitProfileList(ProfilesOption);
  const auto &Global = Context->getOptions().CheckOptions;
  if (auto It = Global.find(ProfilesKey); It != Global.end())
    for (std::string &F : profiles::splitProfileList(It->second.Value))
      Files.push_back(std::move(F));
  // A relative path written in a .clang-tidy means a file next to it; the
  // corolint command anchors it so, and here (clang-tidy with the plugin)
  // the nearest .clang-tidy above the file that has it is taken.
  for (std::string &F : Files)
    F = anchorAtConfig(F, Context->getCurrentFile());
  auto Builtin = std::shared_ptr<const profiles::ProfileSet>(
      std::shared_ptr<void>(), &profiles::ProfileSet::builtin());
  if (Files.empty()) {
    Profiles = std::move(Builtin);
    return;
  }
  auto Loaded = profiles::ProfileSet::withUserFiles(Files);
  if (!Loaded) {
    configurationDiag("invalid profile: %0", DiagnosticIDs::Error)
        << llvm::toString(Loaded.takeError());
    Profiles = std::move(Builtin);
    return;
  }
  Profiles = std::move(*Loaded);
}

void CorolintCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, ProfilesKey, ProfilesOption);
}

namespace {
/// A declaration the match finder starts from when the traversal scope is
/// not the whole translation unit: one written at namespace scope of the
/// translation unit itself (clangd's scope holds exactly those, for the
/// main file).
AST_MATCHER(Decl, isAtTranslationUnitScope) {
  const DeclContext *DC = Node.getLexicalDeclContext();
  return DC && DC->isTranslationUnit();
}
} // namespace

void CorolintCheck::registerMatchers(MatchFinder *Finder) {
  // One match per translation unit: the analysis starts from the user's
  // own functions (model::UserCode) and never visits library code.
  Finder->addMatcher(translationUnitDecl().bind("translation-unit"), this);
  // clangd (and every editor server built like it, which is what
  // self-contained diagnostics announce) sets the traversal scope to the
  // main file's top-level declarations, and the corolint command to those
  // outside system headers (tool/Analysis.cpp), so the translation unit
  // itself is never matched. There the first of those declarations starts
  // the one walk, over the whole scope. Elsewhere (clang-tidy-19 with the
  // plugin) this matcher is not registered: it would be tried on every
  // declaration of the library headers.
  if (areDiagsSelfContained())
    Finder->addMatcher(decl(isAtTranslationUnitScope()).bind("scope-root"),
                       this);
}

void CorolintCheck::onStartOfTranslationUnit() { Analysed = false; }

void CorolintCheck::check(const MatchFinder::MatchResult &Result) {
  if (Analysed)
    return;
  if (!Result.Nodes.getNodeAs<TranslationUnitDecl>("translation-unit") &&
      !Result.Nodes.getNodeAs<Decl>("scope-root"))
    return;
  Analysed = true;
  Reported.clear();
  model::UserCode Code = model::UserCode::collect(*Result.Context);
  analyse(*Result.Context, Code);
  Reported.clear();
}

} // namespace corolint::checks
