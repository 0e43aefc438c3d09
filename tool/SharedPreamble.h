//===--- SharedPreamble.h - One precompiled include block, many files -*- C++ -*-===//
//
// `--shared-preamble`: most files of a coroutine project begin with the same
// heavy includes (<boost/asio.hpp> and friends). clangd precompiles one
// file's preamble and reuses it while that file is edited; here one
// precompiled preamble serves every file of the run whose leading include
// block is the same, compiled the same way.
//
// What is shared is the file's leading run of `#include` lines (comments
// and blank lines between them included), up to its first other directive
// or its first line of code: a license comment differs from file to file,
// the includes do not. Two files share when
//   * their include directives are the same, token for token;
//   * their compiler invocations are the same but for the file's own names
//     (input, output, dependency file);
//   * they are compiled in the same directory and, when an include is
//     quoted or written as a macro (found next to the file), they sit in the
//     same directory.
// Files need not begin with the very same includes: a preamble holds the
// leading includes that a group of files has in common, and each file
// parses the rest of its own as usual. Which prefixes are worth a preamble
// is planned before any file is parsed (plan()); a configuration that only
// one file uses is parsed as usual. The first file of a group builds its
// preamble; a file that asks while it is being built parses as usual
// rather than wait, and so do the files of one whose headers do not
// compile (they report the error as usual).
//
// The checks walk the same declarations as without a preamble: the user
// code's top-level declarations of the preamble are recorded when it is
// built, by their serialized ids, and read back for each file, so nothing
// else of the headers is deserialised.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_SHAREDPREAMBLE_H
#define COROLINT_TOOL_SHAREDPREAMBLE_H

#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Serialization/ASTBitCodes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace corolint::tool {

/// Whether the checks walk \p D, a top-level declaration: it is not in a
/// system header (Analysis.cpp's traversal scope).
bool isUserTopLevelDecl(const clang::Decl &D, const clang::SourceManager &SM);
/// Whether \p D, handed to a consumer as a top-level declaration, is one
/// of the translation unit's own (not an instantiation Sema hands over).
bool isParsedTopLevelDecl(clang::Decl &D);

/// clang-tidy's header filter as the options of a file set it (what
/// ClangTidyDiagnosticConsumer asks of a finding's header): whether a
/// finding in \p Header would be shown.
class HeaderFilter {
public:
  explicit HeaderFilter(const clang::tidy::ClangTidyOptions &Opts);
  bool shows(llvm::StringRef Header, bool System) const;

private:
  llvm::Regex Include;
  std::optional<llvm::Regex> Exclude;
  bool SystemHeaders;
};

/// A file's leading include block (see the file comment).
struct IncludeBlock {
  struct Line {
    /// The directive, token by token.
    std::string Text;
    /// Where the block ends if it ends after this line: the start of the
    /// next line.
    unsigned End = 0;
    /// Quoted or a macro: where the header is found depends on the
    /// directory of the file.
    bool Local = false;
  };
  std::vector<Line> Lines;

  /// Its length in bytes; 0: the file does not begin with an include.
  unsigned size() const { return Lines.empty() ? 0 : Lines.back().End; }
  /// Its first \p N lines.
  IncludeBlock first(unsigned N) const;
  /// Its directives, one per line.
  std::string directives() const;
  bool dependsOnDirectory() const;
};

/// The include block at the start of \p Source, lexed as \p LangOpts says
/// (by default as C++20, which is how the plan reads a file before its
/// compile command is parsed).
IncludeBlock leadingIncludes(llvm::StringRef Source,
                             const clang::LangOptions &LangOpts);
IncludeBlock leadingIncludes(llvm::StringRef Source);

/// One precompiled include block and the user code's top-level declarations
/// in it.
struct SharedPreamble {
  clang::PrecompiledPreamble PCH;
  std::vector<clang::LocalDeclID> UserDecls;
  /// The headers that a parse names relatively (`-Iinclude`) and the PCH
  /// names absolutely, as a header filter sees them.
  struct Renamed {
    std::string Parsed, Loaded;
    bool System;
  };
  std::vector<Renamed> RenamedHeaders;
};

/// The preambles of one run, shared by its worker threads.
class SharedPreambles {
public:
  /// At most this many preambles are kept (each holds its headers'
  /// serialized AST in memory); the least recently used one goes first.
  static constexpr unsigned Capacity = 8;

  /// The plan, made before any file is parsed: \p File (absolute, as the
  /// run names it) is compiled with the command \p Group (its arguments but
  /// for the file's own names) and begins with \p Block. Thread-safe; the
  /// rest of the plan is not, and is made before any use().
  void propose(llvm::StringRef File, std::string Group,
               const IncludeBlock &Block);
  /// Chooses, among the files proposed, which share a preamble and how
  /// many of their includes it holds: for each compile command, along the
  /// tree of the include blocks, the prefixes that save the most parsing
  /// (an include counted as one unit, building one as a quarter more).
  void plan();
  /// How many of \p File's leading includes come from a shared preamble
  /// (0: none, the file parses as usual).
  unsigned planned(llvm::StringRef File) const;
  /// \p File is the first of its preamble's files: analysed first, it
  /// builds the preamble before the others ask for it.
  bool leads(llvm::StringRef File) const;

  /// Configures \p CI (and \p VFS, where the preamble lives) to take its
  /// leading include block from a shared preamble and returns it, or
  /// returns null and leaves both as they were: the file parses as usual.
  /// \p Main is the main file's content; \p PCHOps as the tool has them.
  /// \p Filter: the file's header filter; a preamble that would change
  /// its answer for a header by naming it otherwise is not taken.
  std::shared_ptr<const SharedPreamble>
  use(clang::CompilerInvocation &CI,
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> &VFS,
      std::unique_ptr<llvm::MemoryBuffer> Main,
      std::shared_ptr<clang::PCHContainerOperations> PCHOps,
      unsigned Directives,
      const HeaderFilter &Filter);

  /// How many files used a shared preamble, and how many were built.
  unsigned used() const { return Used; }
  unsigned built() const { return Built; }

private:
  struct Entry {
    enum { Building, Ready, Failed } State = Building;
    std::shared_ptr<const SharedPreamble> Preamble;
  };
  struct Proposal {
    std::string File, Group;
    IncludeBlock Block;
  };
  std::vector<Proposal> Proposals;
  llvm::StringMap<unsigned> Planned;
  /// Compile commands (and directories) whose preambles name a header so
  /// that the header filter judges it otherwise.
  llvm::StringSet<> Renaming;
  llvm::StringSet<> Leaders;
  std::mutex Lock;
  llvm::StringMap<Entry> Entries;
  /// The keys of the entries that hold a preamble, most recent first.
  std::list<std::string> Recent;
  std::atomic<unsigned> Used{0}, Built{0};
};

} // namespace corolint::tool

#endif
