//===--- Profile.h - Framework knowledge as data ---------------*- C++ -*-===//
//
// A profile describes one library to corolint: which of its functions block,
// which run a nested event loop, which hand work to another thread. Profiles
// are YAML files (see docs/profiles.md); the built-in ones are compiled in.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_PROFILES_PROFILE_H
#define COROLINT_CHECKS_PROFILES_PROFILE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corolint::profiles {

/// Why a call blocks; selects the wording of the diagnostic.
enum class BlockingCategory {
  Sleep,
  FileIO,
  Network,
  Database,
  Process,
  Wait,
  NestedLoop,
  Mutex,
};

/// The kebab-case spelling used in YAML and in messages.
llvm::StringRef categoryName(BlockingCategory C);

/// A function, or a class, whose use blocks the calling thread.
struct BlockingEntry {
  /// Qualified name of a function or method (`std::this_thread::sleep_for`,
  /// `std::future::get`). Methods also match when called on an object of the
  /// named class, so inherited members are found.
  std::string Name;
  /// Qualified name of a class (`std::basic_ifstream`). Constructing it
  /// blocks; with Members also calling its members or passing it to a call.
  std::string Type;
  bool Members = false;
  BlockingCategory Category = BlockingCategory::Wait;
  /// What to use instead; ends the diagnostic.
  std::string Instead;
  /// Argument that may carry a non-blocking flag (`recv`'s flags).
  std::optional<unsigned> FlagsArg;
  /// Argument holding a file descriptor that may have been made
  /// non-blocking in the same function.
  std::optional<unsigned> DescriptorArg;
  /// Argument holding a `FILE *`; calls on a standard stream are exempt.
  std::optional<unsigned> StreamArg;
  /// Only overloads whose first parameter has this (qualified) class type
  /// (`std::filesystem::path`, not `file_status`).
  std::string FirstParam;
};

/// When a call to an offload function really hands work to another thread.
enum class OffloadCondition {
  /// Always (`std::thread`, `QtConcurrent::run`).
  Always,
  /// When argument 0 is a pool executor (`asio::post(pool, f)`), not the
  /// loop's own executor.
  PoolExecutorArg,
  /// Unless argument 0 is `std::launch::deferred` (`std::async`).
  NotDeferred,
};

/// A function whose callable arguments run on another thread, or whose
/// awaiting moves the rest of the coroutine to another thread.
struct OffloadEntry {
  std::string Name;
  OffloadCondition When = OffloadCondition::Always;
  /// `co_await pool.schedule()`: the coroutine continues on the pool.
  bool ResumesElsewhere = false;
};

/// One library's knowledge, as read from one YAML document.
struct Profile {
  std::string Name;
  std::string Description;
  std::vector<BlockingEntry> Blocking;
  /// Same shape as Blocking; the category is always NestedLoop.
  std::vector<BlockingEntry> NestedLoopRunners;
  std::vector<OffloadEntry> Offload;
  /// Classes whose objects (or nested executor types) run work on a thread
  /// pool rather than on the event loop.
  std::vector<std::string> PoolExecutors;
  /// Identifiers (enumerators or macros) that make a call non-blocking.
  std::vector<std::string> NonblockingFlags;
  /// Calls that create or configure a descriptor (`socket`, `fcntl`).
  std::vector<std::string> DescriptorSetters;
  /// `FILE *` objects that are terminals or pipes for logging.
  std::vector<std::string> StandardStreams;
};

/// Everything the checks know, merged from built-in and user profiles and
/// indexed for look-up by qualified name.
class ProfileSet {
public:
  ProfileSet() = default;
  // Copying would leave the indexes pointing into the source's entries.
  ProfileSet(const ProfileSet &) = delete;
  ProfileSet &operator=(const ProfileSet &) = delete;
  ProfileSet(ProfileSet &&) = default;

  /// The built-in profiles, parsed once per process (they are constant).
  static const ProfileSet &builtin();

  /// Built-in profiles plus the user's files. Fails on the first file that
  /// cannot be read or parsed, naming it and the line.
  static llvm::Expected<std::shared_ptr<const ProfileSet>>
  withUserFiles(llvm::ArrayRef<std::string> Paths);

  /// Adds one parsed profile and indexes it.
  void add(Profile P);

  const std::vector<Profile> &profiles() const { return Profiles; }

  /// Blocking or nested-loop entry for a qualified function name.
  const BlockingEntry *blockingFunction(llvm::StringRef QualName) const;
  /// Blocking entry for a qualified class name.
  const BlockingEntry *blockingType(llvm::StringRef QualName) const;
  const OffloadEntry *offload(llvm::StringRef QualName) const;
  bool isPoolExecutor(llvm::StringRef QualName) const {
    return PoolExecutors.contains(QualName);
  }
  bool isNonblockingFlag(llvm::StringRef Ident) const {
    return NonblockingFlags.contains(Ident);
  }
  bool isDescriptorSetter(llvm::StringRef QualName) const {
    return DescriptorSetters.contains(QualName);
  }
  bool isStandardStream(llvm::StringRef Ident) const {
    return StandardStreams.contains(Ident);
  }

private:
  // The indexes point into the entry vectors of Profiles; moving a Profile
  // when this vector grows keeps those buffers where they are.
  std::vector<Profile> Profiles;
  llvm::StringMap<const BlockingEntry *> FunctionIndex;
  llvm::StringMap<const BlockingEntry *> TypeIndex;
  llvm::StringMap<const OffloadEntry *> OffloadIndex;
  llvm::StringSet<> PoolExecutors;
  llvm::StringSet<> NonblockingFlags;
  llvm::StringSet<> DescriptorSetters;
  llvm::StringSet<> StandardStreams;
};

/// Parses one profile document. \p BufferName appears in errors, which read
/// `FILE:LINE:COL: PROBLEM`.
llvm::Expected<Profile> parseProfile(llvm::StringRef Text,
                                     llvm::StringRef BufferName);

/// Reads and parses a profile file.
llvm::Expected<Profile> loadProfileFile(llvm::StringRef Path);

/// Splits a `Profiles` option value (`a.yaml;b.yaml` or comma-separated).
std::vector<std::string> splitProfileList(llvm::StringRef Value);

} // namespace corolint::profiles

#endif // COROLINT_CHECKS_PROFILES_PROFILE_H
