//===--- Defaults.cpp - What corolint changes in clangd -------------------===//
//
// Two of clangd's functions, routed here by the linker (--wrap, see
// CMakeLists.txt), each falling back to clangd's own:
//
// * clangd 19 runs only clang-tidy checks it has timed and found fast
//   (`FastCheckFilter: Strict`, its default), so it would drop every
//   corolint check. corolint's checks answer "fast": bench/clangd.sh holds
//   them to 1.10x of stock clangd on a Boost.Asio file.
// * With no checks configured, clangd runs its small default set. A user
//   who points the editor at corolint-clangd wants corolint's findings, so
//   `corolint-*` is added, unless the configuration names corolint's
//   checks itself (`Add`, `Remove`, a .clang-tidy `Checks` glob that says
//   `corolint`): then it alone decides.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace corolint::clangd {

/// clangd's TidyProviderRef (clangd/TidyProvider.h, a header Debian does
/// not ship): a stateless provider of options.
using TidyProviderRef = llvm::function_ref<void(
    clang::tidy::ClangTidyOptions &, /*Filename=*/llvm::StringRef)>;

/// clangd's own functions.
std::optional<bool> stockIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProviderRef stockProvideDefaultChecks() asm(
    "__real__ZN5clang6clangd20provideDefaultChecksEv");

/// What clangd calls instead.
std::optional<bool> isFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProviderRef provideDefaultChecks() asm(
    "__wrap__ZN5clang6clangd20provideDefaultChecksEv");

std::optional<bool> isFastTidyCheck(llvm::StringRef Check) {
  if (Check.starts_with("corolint-"))
    return true;
  return stockIsFastTidyCheck(Check);
}

namespace {
// clangd's provider is the last but one of its chain, after the
// environment, .clang-tidy files and .clangd; only clangd's "disable
// unusable checks" comes after it.
void addCorolintChecks(clang::tidy::ClangTidyOptions &Opts,
                       llvm::StringRef File) {
  static const TidyProviderRef Stock = stockProvideDefaultChecks();
  Stock(Opts, File);
  std::string Checks = Opts.Checks.value_or("");
  if (llvm::StringRef(Checks).contains("corolint"))
    return;
  Opts.Checks = Checks.empty() ? "corolint-*" : Checks + ",corolint-*";
}
} // namespace

TidyProviderRef provideDefaultChecks() { return addCorolintChecks; }

} // namespace corolint::clangd
