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
  /// For a type entry with Members: members that only query state and do
  /// no I/O (`is_open`, `eof`, `good`, `operator bool`).
  std::vector<std::string> Queries;
  /// Blocks only as a spin: inside a loop that never suspends
  /// (`while (!ready) std::this_thread::yield();` waits for work the same
  /// thread would have to run). Alone, the call gives the thread up once.
  bool Spin = false;
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

/// A function that starts a task so that it runs on its own (`co_spawn`,
/// `Lazy::start`, `thread_pool::spawn`). Whoever spawns must observe the
/// task's failure somehow; corolint-detached-task checks that someone does.
struct SpawnEntry {
  /// A function, or `Class::member` for a member called on the task or on
  /// the executor (also matched through the object's class).
  std::string Name;
  /// The argument holding the task or the coroutine function; unset when
  /// the task is the object of a member call.
  std::optional<unsigned> TaskArg;
  /// The argument holding the completion handler or callback that receives
  /// the outcome (an `exception_ptr`, a `Try`), or a completion token.
  std::optional<unsigned> HandlerArg;
  /// The task's outcome cannot be observed at all: the spawned coroutine
  /// must handle its own failures.
  bool FireAndForget = false;
  /// What to do instead; ends the diagnostic.
  std::string Instead;
};

/// A function that runs several tasks together.
struct CombinatorEntry {
  std::string Name;
  /// Limits how many tasks run at once (`collectAllWindowed`).
  bool Bounded = false;
  /// Takes a range and a function and starts one task per element itself
  /// (`seastar::parallel_for_each`).
  bool PerElement = false;
};

/// An operation that waits on another party and so needs a deadline.
struct DeadlineEntry {
  /// A function, or `Class::member` (also matched through the object's
  /// class).
  std::string Name;
  /// What it waits for, in messages: `read`, `connect`, `HTTP response`.
  std::string What;
  /// For a free function, the argument holding the I/O object whose
  /// deadline setters count (`http::async_read(stream, ...)`).
  std::optional<unsigned> StreamArg;
  /// The framework's timeout idiom; ends the diagnostic.
  std::string Instead;
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
  /// errno values only a non-blocking descriptor returns (`EINPROGRESS`,
  /// `EAGAIN`): code that checks for one expects its descriptor not to
  /// block.
  std::vector<std::string> NonblockingErrors;
  /// Calls that create or configure a descriptor (`socket`, `fcntl`).
  std::vector<std::string> DescriptorSetters;
  /// `FILE *` objects that are terminals or pipes for logging.
  std::vector<std::string> StandardStreams;

  /// Functions that start a task so that it runs on its own.
  std::vector<SpawnEntry> Spawn;
  /// Classes of completion tokens that drop the outcome (`detached_t`).
  std::vector<std::string> DetachTokens;
  /// Members that start or adapt a lazy task they are called on
  /// (`start`, `scheduleOn`, `via`): calling one consumes the task.
  std::vector<std::string> StartFunctions;
  /// Functions that await several tasks together (`when_all`).
  std::vector<CombinatorEntry> Combinators;
  /// Classes whose value is the only way to observe running work
  /// (`seastar::future`, `folly::SemiFuture`): discarding one detaches it.
  std::vector<std::string> ObserveResults;
  /// Eager task classes that the library documents as fire-and-forget
  /// when discarded (`QCoro::Task` from ordinary Qt code).
  std::vector<std::string> FireAndForgetTasks;
  /// Scopes that own the tasks they start, suggested in messages
  /// (`folly::coro::AsyncScope`).
  std::vector<std::string> TaskScopes;
  /// Classes that carry a failure as a value (`boost::system::error_code`):
  /// an await whose result holds one reports failure instead of throwing.
  std::vector<std::string> ErrorValues;
  /// Awaitable classes that cannot fail (`this_coro::executor_t`).
  std::vector<std::string> InfallibleAwaits;

  /// Operations that wait on another party and need a deadline.
  std::vector<DeadlineEntry> NeedsDeadline;
  /// Functions that put a deadline on the work they are given
  /// (`folly::coro::timeout`), including a team's own wrappers.
  std::vector<std::string> TimeoutWrappers;
  /// Functions and operators that race their operands (asio's `||`,
  /// `collectAny`): racing an operation against a timer wait bounds it.
  std::vector<std::string> RaceCombinators;
  /// Combinators that wait for all their operands (asio's `&&`): a timer
  /// wait among them only paces the others. They bound the others through
  /// a watchdog: an operand coroutine that waits on a timer and then
  /// throws, which cancels the rest.
  std::vector<std::string> AllOfCombinators;
  /// Awaits that wait on a timer (`basic_waitable_timer::async_wait`).
  std::vector<std::string> TimerWaits;
  /// How code names the local machine: address literals (`127.0.0.1`),
  /// functions (`loopback`) and constants (`INADDR_LOOPBACK`). A peer there
  /// is the same program or host, not a party that can stall.
  std::vector<std::string> LoopbackNames;
  /// Members that set a deadline on the I/O object they are called on
  /// (`basic_stream::expires_after`).
  std::vector<std::string> DeadlineSetters;
  /// RAII classes that hold a lock while they live.
  std::vector<std::string> LockGuards;
  /// Thread mutex classes, locked and unlocked by hand.
  std::vector<std::string> Mutexes;
  /// Member or free functions that lock / unlock a mutex (`lock`,
  /// `pthread_mutex_lock`).
  std::vector<std::string> LockFunctions;
  std::vector<std::string> UnlockFunctions;
  /// Mutexes made for coroutines; holding them across an await is fine.
  std::vector<std::string> AsyncMutexes;
  /// Exception classes a catch-all handler may name (`std::exception`).
  std::vector<std::string> BroadErrors;
  /// Names a handler uses when it checks for cancellation: enumerators,
  /// classes, functions (`operation_aborted`, `folly::OperationCancelled`).
  std::vector<std::string> CancellationMarkers;
  /// The handler types that catch this library's cancellation (the
  /// exception it throws at a cancelled await, and its bases). Read for the
  /// coroutines whose task type the profile lists: empty means the library
  /// never delivers cancellation as an exception (QCoro, libcoro).
  std::vector<std::string> CancellationErrors;

  /// The library's task and awaitable classes, to pick its idioms below.
  std::vector<std::string> TaskTypes;
  /// How to run independent awaits together (`when_all`), and how to run
  /// one per element with a bound (`collectAllWindowed`); end messages.
  std::string RunTogether;
  std::string RunBounded;
  /// Awaits that pace or synchronise rather than fetch: timer waits,
  /// yields, channel operations, async mutex/semaphore/event/latch waits.
  std::vector<std::string> PacingAwaits;
  /// Awaits that bound how many tasks run at once when taken per
  /// iteration: semaphore acquires, bounded channel sends.
  std::vector<std::string> Limiters;
  /// Functions whose result is a count the program fixes, not its input
  /// (`std::thread::hardware_concurrency`): a loop up to one is bounded.
  std::vector<std::string> FixedCounts;
  /// Awaits that accept a connection (one session per connection).
  std::vector<std::string> AcceptOperations;
  /// Functions, besides `spawn`, that start a task running alongside the
  /// caller (`AsyncScope::add`).
  std::vector<std::string> StartsConcurrently;
  /// Functions the shape rules must leave alone: one that takes a task and
  /// returns its result without running it (not sync_wait-like), or takes
  /// a range of tasks without awaiting them (not when_all-like).
  std::vector<std::string> ShapeExempt;
  /// Words that name an operation whose order on one object is its
  /// meaning (`write`, `send`): a team's coroutine so named, awaited once
  /// per element on one object, keeps that order on purpose.
  std::vector<std::string> OrderedOperationWords;
  /// Argument types that make the call taking them a race among what it
  /// runs (`parallel_group::async_wait(wait_for_one(), ...)`): the first
  /// to finish cancels the others.
  std::vector<std::string> RaceConditions;
  /// Calls that end the operations of an I/O object (`socket::cancel`,
  /// `close`): a watchdog that waits on a timer and then makes one bounds
  /// what runs beside it, as one that throws does.
  std::vector<std::string> Cancellers;
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
  bool isNonblockingError(llvm::StringRef Ident) const {
    return NonblockingErrors.contains(Ident);
  }
  bool isDescriptorSetter(llvm::StringRef QualName) const {
    return DescriptorSetters.contains(QualName);
  }
  bool isStandardStream(llvm::StringRef Ident) const {
    return StandardStreams.contains(Ident);
  }
  const SpawnEntry *spawn(llvm::StringRef QualName) const;
  bool isDetachToken(llvm::StringRef ClassName) const {
    return DetachTokens.contains(ClassName);
  }
  bool isStartFunction(llvm::StringRef QualName) const {
    return StartFunctions.contains(QualName);
  }
  const CombinatorEntry *combinator(llvm::StringRef QualName) const;
  bool isObserveResult(llvm::StringRef ClassName) const {
    return ObserveResults.contains(ClassName);
  }
  bool isFireAndForgetTask(llvm::StringRef ClassName) const {
    return FireAndForgetTasks.contains(ClassName);
  }
  bool isErrorValue(llvm::StringRef ClassName) const {
    return ErrorValues.contains(ClassName);
  }
  bool isInfallibleAwait(llvm::StringRef ClassName) const {
    return InfallibleAwaits.contains(ClassName);
  }
  const DeadlineEntry *needsDeadline(llvm::StringRef QualName) const;
  /// Whether \p Name is in the named list of any profile.
  bool isTimeoutWrapper(llvm::StringRef N) const {
    return TimeoutWrappers.contains(N);
  }
  bool isRaceCombinator(llvm::StringRef N) const {
    return RaceCombinators.contains(N);
  }
  bool isAllOfCombinator(llvm::StringRef N) const {
    return AllOfCombinators.contains(N);
  }
  bool isTimerWait(llvm::StringRef N) const { return TimerWaits.contains(N); }
  bool isLoopbackName(llvm::StringRef N) const {
    return LoopbackNames.contains(N);
  }
  bool isDeadlineSetter(llvm::StringRef N) const {
    return DeadlineSetters.contains(N);
  }
  bool isLockGuard(llvm::StringRef N) const { return LockGuards.contains(N); }
  bool isMutex(llvm::StringRef N) const { return Mutexes.contains(N); }
  bool isLockFunction(llvm::StringRef N) const {
    return LockFunctions.contains(N);
  }
  bool isUnlockFunction(llvm::StringRef N) const {
    return UnlockFunctions.contains(N);
  }
  bool isAsyncMutex(llvm::StringRef N) const {
    return AsyncMutexes.contains(N);
  }
  bool isBroadError(llvm::StringRef N) const { return BroadErrors.contains(N); }
  bool isCancellationMarker(llvm::StringRef N) const {
    return CancellationMarkers.contains(N);
  }
  /// The profile whose task-types list \p ClassName, if any.
  const Profile *profileForTaskType(llvm::StringRef ClassName) const;
  bool isPacingAwait(llvm::StringRef N) const {
    return PacingAwaits.contains(N);
  }
  bool isLimiter(llvm::StringRef N) const { return Limiters.contains(N); }
  bool isFixedCount(llvm::StringRef N) const { return FixedCounts.contains(N); }
  bool isAcceptOperation(llvm::StringRef N) const {
    return AcceptOperations.contains(N);
  }
  bool startsConcurrently(llvm::StringRef N) const {
    return StartsConcurrently.contains(N);
  }
  bool isShapeExempt(llvm::StringRef N) const { return ShapeExempt.contains(N); }
  /// Whether the unqualified function name \p N contains one of the
  /// `ordered-operation-words` (case-insensitive: `async_write`, `sendAll`).
  bool namesOrderedOperation(llvm::StringRef N) const;
  bool isCanceller(llvm::StringRef N) const { return Cancellers.contains(N); }
  bool isRaceCondition(llvm::StringRef ClassName) const {
    return RaceConditions.contains(ClassName);
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
  llvm::StringSet<> NonblockingErrors;
  llvm::StringSet<> DescriptorSetters;
  llvm::StringSet<> StandardStreams;
  llvm::StringMap<const SpawnEntry *> SpawnIndex;
  llvm::StringSet<> DetachTokens;
  llvm::StringSet<> StartFunctions;
  llvm::StringMap<const CombinatorEntry *> CombinatorIndex;
  llvm::StringSet<> ObserveResults;
  llvm::StringSet<> FireAndForgetTasks;
  llvm::StringSet<> ErrorValues;
  llvm::StringSet<> InfallibleAwaits;
  llvm::StringMap<const DeadlineEntry *> DeadlineIndex;
  llvm::StringSet<> LoopbackNames;
  llvm::StringSet<> TimeoutWrappers, RaceCombinators, AllOfCombinators,
      TimerWaits,
      DeadlineSetters, LockGuards, Mutexes, LockFunctions, UnlockFunctions,
      AsyncMutexes, BroadErrors, CancellationMarkers, PacingAwaits, Limiters,
      AcceptOperations, StartsConcurrently, FixedCounts, ShapeExempt,
      OrderedOperationWords, RaceConditions, Cancellers;
  /// Positions in Profiles (which moves its elements as it grows).
  llvm::StringMap<size_t> TaskTypeIndex;
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
