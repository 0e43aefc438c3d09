//===--- CorolintClangdMain.cpp - corolint-clangd's entry point -----------===//
//
// clangd itself, as Debian builds it: same flags, same .clangd files, same
// index. corolint's checks are linked in (see ../CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdlib>
#include <vector>

namespace clang::clangd {
/// clangd's main, from Debian's libclangdMain.a (clangd/tool/ClangdMain.h,
/// a header Debian does not ship).
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

int main(int argc, char *argv[]) {
  // clangd finds clang's own headers (<stddef.h>, <immintrin.h>) relative
  // to its binary, which is not where Debian's clang-19 keeps them; stock
  // clangd-19 lives beside them. A --resource-dir of the user's wins.
  std::vector<char *> Args(argv, argv + argc);
  // clangd also reads flags from $CLANGD_FLAGS.
  const char *Env = std::getenv("CLANGD_FLAGS");
  bool Given = Env && llvm::StringRef(Env).contains("resource-dir");
  for (llvm::StringRef A : llvm::ArrayRef(argv + 1, argv + argc))
    Given |= A.starts_with("--resource-dir") || A.starts_with("-resource-dir");
  static char Default[] = "--resource-dir=" COROLINT_CLANG_RESOURCE_DIR;
  if (!Given)
    Args.insert(Args.begin() + 1, Default);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   Args.data());
}
