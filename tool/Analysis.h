//===--- Analysis.h - One translation unit through the checks ---*- C++ -*-===//
//
// clang-tidy's runClangTidy for one file, as the command runs it, with one
// difference: the checks walk only the translation unit's own top-level
// declarations outside system headers, the traversal scope clangd uses
// for its main file. clang-tidy's match finder otherwise walks the whole
// AST again after parsing, Boost.Asio's thousands of instantiations
// included, though corolint's checks skip library code.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_ANALYSIS_H
#define COROLINT_TOOL_ANALYSIS_H

#include "SharedPreamble.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <vector>

namespace corolint::tool {

/// Runs the checks \p Context enables on \p File with \p DB's commands, in
/// the file system \p FS, and returns their diagnostics (clang-tidy's
/// runClangTidy, with the user-code traversal scope). With \p Preambles,
/// the file's first \p Directives includes come from a preamble shared
/// with the other files of the run (SharedPreamble.h).
std::vector<clang::tidy::ClangTidyError>
analyseUserCode(clang::tidy::ClangTidyContext &Context,
                const clang::tooling::CompilationDatabase &DB,
                llvm::StringRef File,
                llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
                SharedPreambles *Preambles = nullptr,
                unsigned Directives = 0);

} // namespace corolint::tool

#endif
