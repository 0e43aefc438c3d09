//===--- ResultCache.h - Findings of unchanged files, kept ------*- C++ -*-===//
//
// A CI gate re-checks the same unchanged files on every push. The cache
// keeps each translation unit's findings, keyed by everything that can
// change them, so that a file whose inputs are all unchanged costs no
// parse:
//
// * the key: corolint's and LLVM's versions, the compile command(s) and
//   their directory, the effective configuration, the content of the
//   profiles it names, and the content of the main file;
// * the entry: the files the last analysis read (the compiler's own
//   dependency list: every header, system ones too) with the SHA-256 of
//   their content; a hit needs every one unchanged, by content, not mtime.
//
// Entries are written beside their final name and renamed (concurrent runs
// see a whole entry or none), carry a checksum of their own content (a
// damaged entry is a miss, never a wrong answer), and the directory is
// kept under a size limit by dropping the least recently used entries.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_RESULTCACHE_H
#define COROLINT_TOOL_RESULTCACHE_H

#include "Report.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace corolint::tool {

/// What one translation unit's analysis produced, as the cache keeps it.
struct CachedAnalysis {
  std::vector<Finding> Findings;
  unsigned HiddenInHeaders = 0;
  unsigned HiddenByNolint = 0;
  /// The file's summary for the others (checks/support/Summary.h).
  std::string Summary;
};

class ResultCache {
public:
  /// The default limit on the directory's size.
  static constexpr uint64_t DefaultLimitBytes = 256ull << 20;

  /// A cache in \p Dir (made on the first store), kept under \p LimitBytes.
  explicit ResultCache(std::string Dir,
                       uint64_t LimitBytes = DefaultLimitBytes);

  /// The key of one analysis, from the parts that can change it before
  /// its headers are known (see the file comment). Order matters.
  static std::string keyOf(llvm::ArrayRef<std::string> Parts);

  /// The entry stored under \p Key, if every file it depends on still has
  /// the content it had; a missing, damaged or stale entry is nullopt.
  std::optional<CachedAnalysis> lookup(llvm::StringRef Key);

  /// Stores \p A under \p Key with the content hashes of \p Dependencies
  /// (the files the analysis read, the main file among them). Quietly does
  /// nothing when the directory cannot be written: the cache is an
  /// optimisation, never a reason to fail.
  void store(llvm::StringRef Key, const CachedAnalysis &A,
             llvm::ArrayRef<std::string> Dependencies);

  /// A fresh path in the cache directory for the compiler's dependency
  /// file of one analysis ("" if the directory cannot be made).
  std::string temporaryPath(llvm::StringRef Suffix);

  /// Drops the least recently used entries until the directory is under
  /// its limit.
  void prune();

  unsigned hits() const { return Hits; }
  unsigned misses() const { return Misses; }
  llvm::StringRef directory() const { return Dir; }

private:
  std::string entryPath(llvm::StringRef Key) const;
  bool makeDirectory();
  /// SHA-256 of a file's content, hex; each file hashed once a run.
  std::optional<std::string> contentHash(llvm::StringRef Path);

  std::string Dir;
  uint64_t LimitBytes;
  std::atomic<unsigned> Hits{0}, Misses{0}, Counter{0};
  std::mutex M;
  llvm::StringMap<std::optional<std::string>> Hashes;
  bool Made = false;
};

/// The files a Make-style dependency file (`-MD -MF`) names, in order.
std::vector<std::string> parseDependencyFile(llvm::StringRef Text);

} // namespace corolint::tool

#endif
