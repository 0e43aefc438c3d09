//===--- Confirm.h - Joining static findings with runtime evidence -*- C++ -*-//

#ifndef COROLINT_TOOL_CONFIRM_H
#define COROLINT_TOOL_CONFIRM_H

#include "Report.h"
#include "RuntimeReport.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <optional>

namespace corolint::tool {

/// Findings read back from a SARIF file, with the document itself so that
/// `--format=sarif` can return it with the evidence added.
struct SarifFindings {
  std::vector<Finding> Findings;
  /// Which result of runs[0].results each finding came from.
  std::vector<std::size_t> ResultIndex;
  /// The document with runs[0].results empty: each result stays text
  /// (ResultTexts, into Source) until it is written back, one at a time.
  std::optional<llvm::json::Value> Document;
  std::shared_ptr<llvm::MemoryBuffer> Source;
  std::vector<llvm::StringRef> ResultTexts;
  /// One "FILE[:LINE[:COL]]: message" per problem; the usable results are
  /// still read.
  std::vector<std::string> Errors;
};

/// Reads SARIF 2.1.0 results (ruleId, message, first location, related
/// locations), resolving `uriBaseId`s through `originalUriBaseIds`.
/// Large files cost their text and the findings: the results are parsed
/// one at a time.
SarifFindings parseSarifFindings(llvm::StringRef Text, llvm::StringRef Path);
SarifFindings readSarifFindings(llvm::StringRef Path);

/// Whether two source positions are the same line of the same file
/// (absolute paths compared after removing dots, then by real path).
bool sameLine(llvm::StringRef FileA, unsigned LineA, llvm::StringRef FileB,
              unsigned LineB);

/// What the runtime says about the findings.
struct Confirmation {
  /// Per finding: the strongest event whose stack holds its location or
  /// one of its notes' (the longest stall, else a blocking call), or null.
  std::vector<const RuntimeEvent *> Evidence;
  /// Per finding: how many events matched.
  std::vector<unsigned> Matches;
  /// Events that match no finding, missed by static analysis: one per
  /// call site (kind, function and the innermost frame in the program's
  /// code), the strongest, with how many events that site had.
  std::vector<const RuntimeEvent *> Missed;
  std::vector<unsigned> MissedCount;
};

/// Whether \p E is evidence for \p F: a blocking-call finding, an event
/// of its category when both are known (a `getaddrinfo` never confirms a
/// file read), and the innermost frame in the program's own code is the
/// finding's call, or the end of its call chain with the finding's call
/// further out on the same stack. Any sample of a long stall counts.
bool confirms(const RuntimeEvent &E, const Finding &F);

/// What a blocking call of the runtime blocks on, in the categories of the
/// profiles (`sleep`, `file-io`, `network`, `process`, `wait`); empty when
/// it may be several (`read`, `poll`) or for a stall.
llvm::StringRef eventCategory(const RuntimeEvent &E);
/// The category of a blocking-call finding: named at the end of its call
/// chain, or known from the blocking function it names; empty otherwise.
std::string findingCategory(const Finding &F);

/// Matches symbolized events to findings.
Confirmation confirm(const std::vector<Finding> &Findings,
                     const std::vector<RuntimeEvent> &Events);

/// The first frame in the program's own code (not a system header or
/// library, not the runtime), or null.
const RuntimeFrame::Location *userFrame(const RuntimeEvent &E);
const RuntimeFrame::Location *userFrame(const std::vector<RuntimeFrame> &Frames);

} // namespace corolint::tool

#endif
