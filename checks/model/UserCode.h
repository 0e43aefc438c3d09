//===--- UserCode.h - The functions the user wrote -------------*- C++ -*-===//
//
// Every corolint check looks only at code the user wrote: coroutines and the
// ordinary functions they call. A translation unit that includes Boost.Asio
// holds a hundred times more library code than user code, and a matcher on
// `expr()` or `functionDecl()` is tried on all of it. So the checks register
// one matcher on the translation unit and start from this walk, which skips
// whatever is declared in a system header without looking inside.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_MODEL_USERCODE_H
#define COROLINT_CHECKS_MODEL_USERCODE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include <vector>

namespace corolint::model {

/// The function definitions of one translation unit that are not in a
/// system header: functions, methods, lambda call operators, and the
/// instantiations of the user's templates, each once, in source order of
/// discovery.
struct UserCode {
  std::vector<const clang::FunctionDecl *> Functions;
  /// The subset of Functions whose body is a coroutine body.
  std::vector<const clang::FunctionDecl *> Coroutines;

  /// Walks \p Ctx's traversal scope once: the translation unit, or the
  /// declarations an editor server limited it to (clangd: the main
  /// file's top-level declarations, none of the preamble's).
  static UserCode collect(clang::ASTContext &Ctx);
};

/// Whether \p D is declared (after macro expansion) in a system header.
bool isInSystemHeader(const clang::Decl *D, const clang::SourceManager &SM);

/// Whether \p D belongs to a library rather than to the team's code: it
/// is declared in a system header or inside the namespace of a framework
/// a built-in profile describes (`asio`, `coro`, `cppcoro`, ...).
bool isLibraryDecl(const clang::Decl *D, const clang::SourceManager &SM);

/// Whether the code at \p Loc was written by a macro defined outside the
/// main file: a test framework's assertion (`CHECK_THROWS_AS`,
/// `QCORO_VERIFY`) or a logging macro from a header. Its handlers, early
/// returns and discards are the macro's idiom, not the user's construct.
/// The macro's arguments are the user's: `try` passed in as an argument
/// is spelled in the main file and does not count.
bool isWrittenByForeignMacro(clang::SourceLocation Loc,
                             const clang::SourceManager &SM);

} // namespace corolint::model

#endif
