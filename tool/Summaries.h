//===--- Summaries.h - Blocking calls across translation units --*- C++ -*-===//
//
// After every file is analysed, the command joins their summaries
// (checks/support/Summary.h): a coroutine's call, inline on its thread, to
// a function that another file defines and that blocks there, directly or
// through further calls across files, is reported at the call, with the
// chain across files as notes. No file is parsed again.
//
// Chains follow calls to functions with no definition in the caller's
// file, at most MaxCallDepth of them (the coroutine's file's setting);
// a function reached twice is followed once (recursion ends there);
// virtual calls and calls through pointers are not followed, as another
// class or target may run instead.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_SUMMARIES_H
#define COROLINT_TOOL_SUMMARIES_H

#include "Report.h"
#include "support/Summary.h"

#include "llvm/ADT/ArrayRef.h"
#include <vector>

namespace corolint::tool {

/// The findings that only the whole project shows, shortest chain first.
std::vector<Finding>
joinSummaries(llvm::ArrayRef<support::TranslationUnitSummary> Summaries);

/// Whether the line of \p At, or the line before it, silences \p Check with
/// clang-tidy's NOLINT / NOLINTNEXTLINE (no list, or a list naming the
/// check, a glob of it, or `*`).
bool silencedByNolint(const Location &At, llvm::StringRef Check);

} // namespace corolint::tool

#endif
