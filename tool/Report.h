//===--- Report.h - Findings and how they are written ----------*- C++ -*-===//

#ifndef COROLINT_TOOL_REPORT_H
#define COROLINT_TOOL_REPORT_H

#include "Options.h"

#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace corolint::tool {

/// A place in a file; Line and Column are 1-based, 0 when unknown.
struct Location {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
};

struct Note {
  Location Loc;
  std::string Message;
  /// Byte offset of Loc in its file (for --export-fixes).
  unsigned Offset = 0;
};

/// One replacement of a fix: \p Length bytes at \p Offset of \p File
/// become \p Text (clang's tooling::Replacement, without clang).
struct Edit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
  bool operator<(const Edit &O) const {
    return std::tie(File, Offset, Length, Text) <
           std::tie(O.File, O.Offset, O.Length, O.Text);
  }
  bool operator==(const Edit &O) const {
    return std::tie(File, Offset, Length, Text) ==
           std::tie(O.File, O.Offset, O.Length, O.Text);
  }
};

/// One diagnostic: a check's warning, or an error that stopped a file.
struct Finding {
  std::string Check;
  bool IsError = false;
  Location Loc;
  /// Byte offset of Loc in its file (for --export-fixes).
  unsigned Offset = 0;
  std::string Message;
  std::vector<Note> Notes;
  /// The check's fix, when it offers one that is certainly right.
  std::vector<Edit> Fix;
  /// Names the finding across unrelated edits (Baseline.h); set before
  /// the report is written.
  std::string Fingerprint;
};

/// Everything one run found, in the order it is written.
struct Report {
  std::vector<Finding> Findings;
  /// Compiler and configuration errors, and inputs that could not be read.
  std::vector<Finding> Errors;
  /// Files that could not be analysed (for the summary and SARIF).
  std::vector<std::string> FailedFiles;
  unsigned FilesAnalysed = 0;

  /// Sorts by file and position and drops exact duplicates (a header seen
  /// from several files reports once).
  void normalize();
};

/// clang-tidy's format: `FILE:LINE:COL: warning: MESSAGE [CHECK]`, the
/// source line and a caret, then the notes.
void writeText(const Report &R, llvm::raw_ostream &OS);
/// corolint's own JSON: {"version", "findings", "errors"}.
void writeJson(const Report &R, llvm::raw_ostream &OS);
/// SARIF 2.1.0, one result per finding, notes as related locations.
/// Locations under \p SourceRoot (absolute) are written
/// relative to `%SRCROOT%`, which names it; others as absolute file URIs.
void writeSarif(const Report &R, llvm::raw_ostream &OS,
                llvm::StringRef SourceRoot);

/// GitLab's Code Quality report (a Code Climate issue list): one issue per
/// finding, paths relative to \p SourceRoot, the fingerprint as GitLab's.
void writeCodeClimate(const Report &R, llvm::raw_ostream &OS,
                      llvm::StringRef SourceRoot);
/// GitHub Actions workflow commands, `::warning file=F,line=L,...::MSG`,
/// one per finding and error, paths relative to \p SourceRoot.
void writeGithub(const Report &R, llvm::raw_ostream &OS,
                 llvm::StringRef SourceRoot);

/// Where a report goes: `--output`'s file, else standard output. A file
/// that cannot be opened, and a write that fails (a full disk, a reader
/// that went away), are said as `corolint: error: ...`.
class ReportOutput {
public:
  /// False, after saying why, when \p Path (empty: standard output)
  /// cannot be opened.
  bool open(llvm::StringRef Path);
  llvm::raw_fd_ostream &stream() { return File ? *File : llvm::outs(); }
  /// Closes the file or flushes standard output; false, after saying why,
  /// when any write failed.
  bool finish();

private:
  std::string Path;
  std::unique_ptr<llvm::raw_fd_ostream> File;
};

/// The directory SARIF locations are relative to by default: the git top
/// level around \p Dir (the nearest ancestor holding `.git`), else \p Dir.
std::string defaultSourceRoot(llvm::StringRef Dir);

} // namespace corolint::tool

#endif
