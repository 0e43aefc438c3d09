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
// The preamble is built from the first file of a group that asks twice:
// a configuration that only one file uses is parsed as usual, and so is a
// file that asks while its group's preamble is still being built. One
// whose headers do not compile is never shared (its files are parsed as
// usual, and report the error as usual).
//
// The checks walk the same declarations as without a preamble: the user
// code's top-level declarations of the preamble are recorded when it is
// built, by their serialized ids, and read back for each file, so nothing
// else of the headers is deserialised.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_SHAREDPREAMBLE_H
#define COROLINT_TOOL_SHAREDPREAMBLE_H

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Serialization/ASTBitCodes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace corolint::tool {

/// Whether the checks walk \p D, a top-level declaration: it is not in a
/// system header (Analysis.cpp's traversal scope).
bool isUserTopLevelDecl(const clang::Decl &D, const clang::SourceManager &SM);

/// A file's leading include block (see the file comment).
struct IncludeBlock {
  /// Where the block ends: the start of the line after its last include.
  /// 0: the file does not begin with an include.
  unsigned Size = 0;
  /// The include directives, token by token, one per line.
  std::string Directives;
  /// An include is quoted or a macro: where it is found depends on the
  /// directory of the file.
  bool DependsOnDirectory = false;
};

/// The include block at the start of \p Source, lexed as \p LangOpts says.
IncludeBlock leadingIncludes(llvm::StringRef Source,
                             const clang::LangOptions &LangOpts);

/// One precompiled include block and the user code's top-level declarations
/// in it.
struct SharedPreamble {
  clang::PrecompiledPreamble PCH;
  std::vector<clang::LocalDeclID> UserDecls;
};

/// The preambles of one run, shared by its worker threads.
class SharedPreambles {
public:
  /// At most this many preambles are kept (each holds its headers'
  /// serialized AST in memory); the least recently used one goes first.
  static constexpr unsigned Capacity = 8;

  /// Configures \p CI (and \p VFS, where the preamble lives) to take its
  /// leading include block from a shared preamble and returns it, or
  /// returns null and leaves both as they were: the file parses as usual.
  /// \p Main is the main file's content; \p PCHOps as the tool has them.
  std::shared_ptr<const SharedPreamble>
  use(clang::CompilerInvocation &CI,
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> &VFS,
      std::unique_ptr<llvm::MemoryBuffer> Main,
      std::shared_ptr<clang::PCHContainerOperations> PCHOps);

  /// How many files used a shared preamble, and how many were built.
  unsigned used() const { return Used; }
  unsigned built() const { return Built; }

private:
  struct Entry {
    enum { Seen, Building, Ready, Failed } State = Seen;
    std::shared_ptr<const SharedPreamble> Preamble;
  };
  std::mutex Lock;
  llvm::StringMap<Entry> Entries;
  /// The keys of the entries that hold a preamble, most recent first.
  std::list<std::string> Recent;
  std::atomic<unsigned> Used{0}, Built{0};
};

} // namespace corolint::tool

#endif
