//===--- Summary.h - What one translation unit tells the others -*- C++ -*-===//
//
// corolint-blocking-call sees one translation unit; a coroutine often
// blocks through a function defined in another (`load_config()` in
// config.cpp). With its SummaryFile option set (the corolint command sets
// it for every file), the check writes what the other files need to know:
// which functions defined here block and how, and which calls made here
// (from coroutines, and from ordinary functions on the way) go to
// functions defined elsewhere. The command joins the summaries of all
// files after analysing them (tool/Summaries.h). This header is the one
// definition of the format, for the writer and the reader.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_SUPPORT_SUMMARY_H
#define COROLINT_SUPPORT_SUMMARY_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace corolint::support {

/// A place in a file: absolute path, 1-based line and column.
struct SummaryLoc {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned Offset = 0;
};

/// One note of a chain, written as the check writes it:
/// `'caller' calls 'callee' here`.
struct SummaryNote {
  SummaryLoc At;
  std::string Message;
};

/// A function defined in this translation unit that blocks.
struct BlockingFunction {
  /// The function's USR, the name the other files know it by.
  std::string Usr;
  /// `file-io`, `sleep`, ...
  std::string Category;
  /// "blocks", "runs a nested event loop on", "takes a blocking lock on"
  std::string Verb;
  /// What blocks in the end: `std::ifstream`, `sleep`.
  std::string BlockingName;
  /// What to do instead, from the profile.
  std::string Instead;
  /// From the function down to the blocking call: the chain's notes, the
  /// last one at the blocking call.
  std::vector<SummaryNote> Notes;
};

/// A call, inline on the caller's thread, to a function with no
/// definition in this translation unit.
struct ExternalCall {
  std::string CallerUsr;
  /// The caller as the message names it (`'load'`), and for a coroutine
  /// where it runs (`coroutine 'session'`); empty for an ordinary caller.
  std::string CallerName;
  std::string Coroutine;
  std::string CalleeUsr;
  /// The callee as the message names it: `'load_config'`, `'Db::get'`.
  std::string CalleeName;
  SummaryLoc At;
};

/// An ordinary function defined here, and where: the same USR defined at
/// two places (two programs of one database, each with its own `init()`)
/// is ambiguous and followed in neither.
struct DefinedFunction {
  std::string Usr;
  SummaryLoc At;
};

struct TranslationUnitSummary {
  static constexpr int Version = 2;
  /// The check's MaxCallDepth for this file.
  unsigned MaxCallDepth = 5;
  std::vector<DefinedFunction> Defined;
  std::vector<BlockingFunction> Blocking;
  std::vector<ExternalCall> Calls;
};

/// The summary as JSON.
std::string writeSummary(const TranslationUnitSummary &S);
/// Reads what writeSummary wrote; an error for anything else.
llvm::Expected<TranslationUnitSummary> readSummary(llvm::StringRef Text);

} // namespace corolint::support

#endif
