//===--- CorolintCheck.h - What every corolint check shares ----*- C++ -*-===//
//
// Every corolint check reads the same profiles, runs on C++20 only, and
// starts from the user's own functions rather than from matchers tried on
// every node of the library headers (see model/UserCode.h). This base class
// does those three things once; a check implements analyse().
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_COROLINTCHECK_H
#define COROLINT_CHECKS_COROLINTCHECK_H

#include "model/UserCode.h"
#include "profiles/Profile.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace corolint::checks {

/// A clang-tidy check that analyses a translation unit's user code with the
/// corolint profiles.
class CorolintCheck : public clang::tidy::ClangTidyCheck {
public:
  CorolintCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);

  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus20;
  }
  /// Stores `Profiles`; a check with options of its own calls this first.
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  /// One matcher, on the translation unit; under a traversal scope
  /// (clangd), one on the scope's top-level declarations as well.
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void onStartOfTranslationUnit() override;
  /// Collects the user code and hands it to analyse(), once a translation
  /// unit.
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) final;

protected:
  /// Analyses one translation unit.
  virtual void analyse(clang::ASTContext &Ctx, const model::UserCode &Code) = 0;

  const profiles::ProfileSet &profiles() const { return *Profiles; }

  /// True the first time a location is seen in this translation unit, so
  /// that template instantiations report once, at the written location.
  bool firstReportAt(clang::SourceLocation Loc) {
    return Reported.insert(Loc.getRawEncoding()).second;
  }

private:
  static constexpr llvm::StringLiteral ProfilesKey = "Profiles";

  std::string ProfilesOption;
  std::shared_ptr<const profiles::ProfileSet> Profiles;
  llvm::DenseSet<unsigned> Reported;
  bool Analysed = false;
};

} // namespace corolint::checks

#endif
