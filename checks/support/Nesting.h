//===--- Nesting.h - Bounded nesting for JSON and YAML inputs --*- C++ -*-===//
//
// LLVM's JSON and YAML readers recurse once per level of nesting, when they
// parse and again when they destroy what they built: a hostile file nested
// 100,000 deep overflows the stack. Every document corolint reads (profiles,
// .clang-tidy, compile databases, SARIF, runtime reports, baselines) is
// first measured here, without recursion, and refused past a fixed depth.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_SUPPORT_NESTING_H
#define COROLINT_SUPPORT_NESTING_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>

namespace corolint::support {

/// Deeper than any document corolint writes or reads by design (SARIF is
/// about 12 levels, a profile 4).
constexpr unsigned MaxNesting = 100;

/// Where a document nests too deep: 1-based line and column of the first
/// container past the limit, and a message saying so.
struct TooDeep {
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Message;
};

/// Measures JSON nesting in one linear scan (strings skipped).
std::optional<TooDeep> jsonTooDeep(llvm::StringRef Text,
                                   unsigned Max = MaxNesting);

/// Measures YAML nesting with LLVM's own YAML parser, walked with an
/// explicit stack. A document that does not parse is not judged here: the
/// reader that follows reports its error.
std::optional<TooDeep> yamlTooDeep(llvm::StringRef Text,
                                   unsigned Max = MaxNesting);

/// Parses one JSON document: refused past MaxNesting, and every error
/// reads `NAME:LINE:COLUMN: PROBLEM` (`LINE:COLUMN: PROBLEM` without a
/// name).
llvm::Expected<llvm::json::Value> parseJson(llvm::StringRef Text,
                                            llvm::StringRef Name);

} // namespace corolint::support

#endif
