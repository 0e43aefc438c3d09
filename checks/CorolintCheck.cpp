//===--- CorolintCheck.cpp - What every corolint check shares -------------===//

#include "CorolintCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace corolint::checks {

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

void CorolintCheck::registerMatchers(MatchFinder *Finder) {
  // One match per translation unit: the analysis starts from the user's
  // own functions (model::UserCode) and never visits library code.
  Finder->addMatcher(translationUnitDecl().bind("translation-unit"), this);
}

void CorolintCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Result.Nodes.getNodeAs<TranslationUnitDecl>("translation-unit"))
    return;
  Reported.clear();
  model::UserCode Code = model::UserCode::collect(*Result.Context);
  analyse(*Result.Context, Code);
  Reported.clear();
}

} // namespace corolint::checks
