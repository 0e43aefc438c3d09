//===--- ChangedLines.h - Report only findings on changed lines -*- C++ -*-===//
//
// `--diff=REF` (lines changed since a git ref, or `staged`) and
// `--line-filter=JSON` (clang-tidy's format) restrict the report to the
// findings whose line, or a line of whose chain, was changed.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_CHANGEDLINES_H
#define COROLINT_TOOL_CHANGEDLINES_H

#include "Report.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <utility>
#include <vector>

namespace corolint::tool {

/// Lines of interest per file. A file with no ranges is wholly of
/// interest (clang-tidy's `{"name": "a.h"}`).
class ChangedLines {
public:
  /// `git diff -U0 REF` in the repository around \p Dir (`staged`: the
  /// index against HEAD, what a commit would add), as absolute paths.
  static llvm::Expected<ChangedLines> fromGit(llvm::StringRef Ref,
                                              llvm::StringRef Dir);
  /// clang-tidy's `--line-filter`: `[{"name": "a.cpp", "lines": [[1, 3]]}]`;
  /// a name matches a path that ends with it.
  static llvm::Expected<ChangedLines> fromLineFilter(llvm::StringRef Json);
  /// Parses unified diff text with zero context (`git diff -U0`); paths
  /// are made absolute under \p Top.
  static ChangedLines fromUnifiedDiff(llvm::StringRef Diff,
                                      llvm::StringRef Top);

  /// Whether the finding's line or a line of its notes is of interest.
  bool touches(const Finding &F) const;
  bool touches(const Location &L) const;
  /// The files named, absolute for a diff (to choose what to analyse).
  std::vector<std::string> files() const;

private:
  struct FileLines {
    bool Whole = false;
    std::vector<std::pair<unsigned, unsigned>> Ranges; // Inclusive.
  };
  /// Exact paths (a diff) or suffixes (a line filter).
  bool BySuffix = false;
  llvm::StringMap<FileLines> Files;
};

} // namespace corolint::tool

#endif
