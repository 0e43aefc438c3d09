//===--- Profile.cpp - Framework knowledge as data ------------------------===//

#include "profiles/Profile.h"
#include "support/Nesting.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <list>
#include <mutex>

using namespace corolint::profiles;

LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::profiles::BlockingEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::profiles::OffloadEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::profiles::SpawnEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::profiles::CombinatorEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(corolint::profiles::DeadlineEntry)

namespace llvm::yaml {

template <> struct ScalarEnumerationTraits<BlockingCategory> {
  static void enumeration(IO &IO, BlockingCategory &C) {
    IO.enumCase(C, "sleep", BlockingCategory::Sleep);
    IO.enumCase(C, "file-io", BlockingCategory::FileIO);
    IO.enumCase(C, "network", BlockingCategory::Network);
    IO.enumCase(C, "database", BlockingCategory::Database);
    IO.enumCase(C, "process", BlockingCategory::Process);
    IO.enumCase(C, "wait", BlockingCategory::Wait);
    IO.enumCase(C, "nested-loop", BlockingCategory::NestedLoop);
    IO.enumCase(C, "mutex", BlockingCategory::Mutex);
  }
};

template <> struct ScalarEnumerationTraits<OffloadCondition> {
  static void enumeration(IO &IO, OffloadCondition &C) {
    IO.enumCase(C, "always", OffloadCondition::Always);
    IO.enumCase(C, "pool-executor-arg", OffloadCondition::PoolExecutorArg);
    IO.enumCase(C, "not-deferred", OffloadCondition::NotDeferred);
  }
};

template <> struct MappingTraits<BlockingEntry> {
  static void mapping(IO &IO, BlockingEntry &E) {
    IO.mapOptional("name", E.Name);
    IO.mapOptional("type", E.Type);
    IO.mapOptional("members", E.Members, false);
    IO.mapOptional("category", E.Category, BlockingCategory::Wait);
    IO.mapOptional("instead", E.Instead);
    IO.mapOptional("flags-arg", E.FlagsArg);
    IO.mapOptional("descriptor-arg", E.DescriptorArg);
    IO.mapOptional("stream-arg", E.StreamArg);
    IO.mapOptional("first-param", E.FirstParam);
    IO.mapOptional("queries", E.Queries);
    IO.mapOptional("spin", E.Spin, false);
  }
  static std::string validate(IO &IO, BlockingEntry &E) {
    if (E.Name.empty() == E.Type.empty())
      return "an entry needs exactly one of 'name' or 'type'";
    if (E.Members && E.Type.empty())
      return "'members' applies only to a 'type' entry";
    if (E.Instead.empty())
      return "'" + (E.Name.empty() ? E.Type : E.Name) +
             "' needs 'instead': what to use in a coroutine";
    return {};
  }
};

template <> struct MappingTraits<OffloadEntry> {
  static void mapping(IO &IO, OffloadEntry &E) {
    IO.mapRequired("name", E.Name);
    IO.mapOptional("when", E.When, OffloadCondition::Always);
    IO.mapOptional("resumes-elsewhere", E.ResumesElsewhere, false);
  }
  static std::string validate(IO &IO, OffloadEntry &E) {
    return E.Name.empty() ? "an offload entry needs a 'name'" : "";
  }
};

template <> struct MappingTraits<SpawnEntry> {
  static void mapping(IO &IO, SpawnEntry &E) {
    IO.mapRequired("name", E.Name);
    IO.mapOptional("task-arg", E.TaskArg);
    IO.mapOptional("handler-arg", E.HandlerArg);
    IO.mapOptional("fire-and-forget", E.FireAndForget, false);
    IO.mapOptional("instead", E.Instead);
  }
  static std::string validate(IO &IO, SpawnEntry &E) {
    if (E.Name.empty())
      return "a spawn entry needs a 'name'";
    if (E.Instead.empty())
      return "'" + E.Name + "' needs 'instead': how to observe the task";
    return {};
  }
};

template <> struct MappingTraits<CombinatorEntry> {
  static void mapping(IO &IO, CombinatorEntry &E) {
    IO.mapRequired("name", E.Name);
    IO.mapOptional("bounded", E.Bounded, false);
    IO.mapOptional("per-element", E.PerElement, false);
  }
  static std::string validate(IO &IO, CombinatorEntry &E) {
    return E.Name.empty() ? "a combinator entry needs a 'name'" : "";
  }
};

template <> struct MappingTraits<DeadlineEntry> {
  static void mapping(IO &IO, DeadlineEntry &E) {
    IO.mapRequired("name", E.Name);
    IO.mapRequired("what", E.What);
    IO.mapOptional("stream-arg", E.StreamArg);
    IO.mapOptional("instead", E.Instead);
  }
  static std::string validate(IO &IO, DeadlineEntry &E) {
    if (E.Name.empty())
      return "a needs-deadline entry needs a 'name'";
    if (E.Instead.empty())
      return "'" + E.Name + "' needs 'instead': the timeout idiom to suggest";
    return {};
  }
};

template <> struct MappingTraits<Profile> {
  static void mapping(IO &IO, Profile &P) {
    IO.mapRequired("name", P.Name);
    IO.mapOptional("description", P.Description);
    IO.mapOptional("blocking", P.Blocking);
    IO.mapOptional("nested-loop-runners", P.NestedLoopRunners);
    IO.mapOptional("offload", P.Offload);
    IO.mapOptional("pool-executors", P.PoolExecutors);
    IO.mapOptional("nonblocking-flags", P.NonblockingFlags);
    IO.mapOptional("nonblocking-errors", P.NonblockingErrors);
    IO.mapOptional("descriptor-setters", P.DescriptorSetters);
    IO.mapOptional("standard-streams", P.StandardStreams);
    IO.mapOptional("spawn", P.Spawn);
    IO.mapOptional("detach-tokens", P.DetachTokens);
    IO.mapOptional("start-functions", P.StartFunctions);
    IO.mapOptional("combinators", P.Combinators);
    IO.mapOptional("observe-results", P.ObserveResults);
    IO.mapOptional("fire-and-forget-tasks", P.FireAndForgetTasks);
    IO.mapOptional("task-scopes", P.TaskScopes);
    IO.mapOptional("error-values", P.ErrorValues);
    IO.mapOptional("infallible-awaits", P.InfallibleAwaits);
    IO.mapOptional("needs-deadline", P.NeedsDeadline);
    IO.mapOptional("timeout-wrappers", P.TimeoutWrappers);
    IO.mapOptional("loopback-names", P.LoopbackNames);
    IO.mapOptional("race-combinators", P.RaceCombinators);
    IO.mapOptional("all-of-combinators", P.AllOfCombinators);
    IO.mapOptional("timer-waits", P.TimerWaits);
    IO.mapOptional("deadline-setters", P.DeadlineSetters);
    IO.mapOptional("lock-guards", P.LockGuards);
    IO.mapOptional("mutexes", P.Mutexes);
    IO.mapOptional("lock-functions", P.LockFunctions);
    IO.mapOptional("unlock-functions", P.UnlockFunctions);
    IO.mapOptional("async-mutexes", P.AsyncMutexes);
    IO.mapOptional("broad-errors", P.BroadErrors);
    IO.mapOptional("cancellation-errors", P.CancellationErrors);
    IO.mapOptional("cancellation-markers", P.CancellationMarkers);
    IO.mapOptional("task-types", P.TaskTypes);
    IO.mapOptional("run-together", P.RunTogether);
    IO.mapOptional("run-bounded", P.RunBounded);
    IO.mapOptional("pacing-awaits", P.PacingAwaits);
    IO.mapOptional("limiters", P.Limiters);
    IO.mapOptional("accept-operations", P.AcceptOperations);
    IO.mapOptional("fixed-counts", P.FixedCounts);
    IO.mapOptional("starts-concurrently", P.StartsConcurrently);
    IO.mapOptional("shape-exempt", P.ShapeExempt);
    IO.mapOptional("ordered-operation-words", P.OrderedOperationWords);
    IO.mapOptional("race-conditions", P.RaceConditions);
    IO.mapOptional("cancellers", P.Cancellers);
  }
};

} // namespace llvm::yaml

namespace corolint::profiles {

llvm::StringRef categoryName(BlockingCategory C) {
  switch (C) {
  case BlockingCategory::Sleep:
    return "sleep";
  case BlockingCategory::FileIO:
    return "file-io";
  case BlockingCategory::Network:
    return "network";
  case BlockingCategory::Database:
    return "database";
  case BlockingCategory::Process:
    return "process";
  case BlockingCategory::Wait:
    return "wait";
  case BlockingCategory::NestedLoop:
    return "nested-loop";
  case BlockingCategory::Mutex:
    return "mutex";
  }
  return "wait";
}

llvm::Expected<Profile> parseProfile(llvm::StringRef Text,
                                     llvm::StringRef BufferName) {
  // YAMLTraits reports through a SourceMgr; keep the first message, which
  // carries the line and column, and name the file ourselves.
  if (auto Deep = support::yamlTooDeep(Text))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s:%u:%u: %s", BufferName.str().c_str(),
                                   Deep->Line, Deep->Column,
                                   Deep->Message.c_str());
  std::string FirstError;
  auto Handler = [](const llvm::SMDiagnostic &D, void *Ctx) {
    auto &Out = *static_cast<std::string *>(Ctx);
    if (!Out.empty())
      return;
    llvm::raw_string_ostream OS(Out);
    OS << D.getLineNo() << ":" << (D.getColumnNo() + 1) << ": "
       << D.getMessage();
  };
  auto Buffer =
      llvm::MemoryBuffer::getMemBuffer(Text, BufferName,
                                       /*RequiresNullTerminator=*/false);
  llvm::yaml::Input In(Buffer->getMemBufferRef(), /*Ctxt=*/nullptr, Handler,
                       &FirstError);
  Profile P;
  In >> P;
  if (In.error() || !FirstError.empty()) {
    if (FirstError.empty())
      FirstError = "1:1: " + In.error().message();
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s:%s",
                                   BufferName.str().c_str(),
                                   FirstError.c_str());
  }
  for (BlockingEntry &E : P.NestedLoopRunners)
    E.Category = BlockingCategory::NestedLoop;
  return P;
}

/// Reads a profile's text. Only a regular file: a FIFO or a device would
/// block the analysis or never end.
static llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
readProfileText(llvm::StringRef Path) {
  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(Path, Status))
    return EC;
  if (Status.type() == llvm::sys::fs::file_type::directory_file)
    return std::make_error_code(std::errc::is_a_directory);
  if (Status.type() != llvm::sys::fs::file_type::regular_file)
    return std::make_error_code(std::errc::invalid_argument);
  return llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
}

static llvm::Error cannotRead(llvm::StringRef Path, std::error_code EC) {
  std::string Why = EC == std::errc::invalid_argument
                        ? "not a regular file"
                        : EC.message();
  return llvm::createStringError(EC, "%s: cannot read profile: %s",
                                 Path.str().c_str(), Why.c_str());
}

llvm::Expected<Profile> loadProfileFile(llvm::StringRef Path) {
  auto Buffer = readProfileText(Path);
  if (!Buffer)
    return cannotRead(Path, Buffer.getError());
  return parseProfile((*Buffer)->getBuffer(), Path);
}

std::vector<std::string> splitProfileList(llvm::StringRef Value) {
  std::string Text = Value.str();
  std::replace(Text.begin(), Text.end(), ',', ';');
  std::vector<std::string> Out;
  for (llvm::StringRef Part : llvm::split(Text, ';'))
    if (!(Part = Part.trim()).empty())
      Out.push_back(Part.str());
  return Out;
}

void ProfileSet::add(Profile P) {
  Profiles.push_back(std::move(P));
  const Profile &Added = Profiles.back();
  // Later profiles win, so a user's file can re-describe a built-in name.
  auto IndexBlocking = [this](const std::vector<BlockingEntry> &Entries) {
    for (const BlockingEntry &E : Entries) {
      if (!E.Name.empty())
        FunctionIndex[E.Name] = &E;
      else
        TypeIndex[E.Type] = &E;
    }
  };
  IndexBlocking(Added.Blocking);
  IndexBlocking(Added.NestedLoopRunners);
  for (const OffloadEntry &E : Added.Offload)
    OffloadIndex[E.Name] = &E;
  for (const std::string &S : Added.PoolExecutors)
    PoolExecutors.insert(S);
  for (const std::string &S : Added.NonblockingFlags)
    NonblockingFlags.insert(S);
  for (const std::string &S : Added.NonblockingErrors)
    NonblockingErrors.insert(S);
  for (const std::string &S : Added.DescriptorSetters)
    DescriptorSetters.insert(S);
  for (const std::string &S : Added.StandardStreams)
    StandardStreams.insert(S);
  for (const SpawnEntry &E : Added.Spawn)
    SpawnIndex[E.Name] = &E;
  for (const std::string &S : Added.DetachTokens)
    DetachTokens.insert(S);
  for (const std::string &S : Added.StartFunctions)
    StartFunctions.insert(S);
  for (const CombinatorEntry &E : Added.Combinators)
    CombinatorIndex[E.Name] = &E;
  for (const std::string &S : Added.ObserveResults)
    ObserveResults.insert(S);
  for (const std::string &S : Added.FireAndForgetTasks)
    FireAndForgetTasks.insert(S);
  for (const std::string &S : Added.ErrorValues)
    ErrorValues.insert(S);
  for (const std::string &S : Added.InfallibleAwaits)
    InfallibleAwaits.insert(S);
  for (const DeadlineEntry &E : Added.NeedsDeadline)
    DeadlineIndex[E.Name] = &E;
  auto Index = [](llvm::StringSet<> &Set, const std::vector<std::string> &V) {
    for (const std::string &S : V)
      Set.insert(S);
  };
  Index(TimeoutWrappers, Added.TimeoutWrappers);
  Index(LoopbackNames, Added.LoopbackNames);
  Index(RaceCombinators, Added.RaceCombinators);
  Index(AllOfCombinators, Added.AllOfCombinators);
  Index(ShapeExempt, Added.ShapeExempt);
  Index(OrderedOperationWords, Added.OrderedOperationWords);
  Index(RaceConditions, Added.RaceConditions);
  Index(Cancellers, Added.Cancellers);
  Index(TimerWaits, Added.TimerWaits);
  Index(DeadlineSetters, Added.DeadlineSetters);
  Index(LockGuards, Added.LockGuards);
  Index(Mutexes, Added.Mutexes);
  Index(LockFunctions, Added.LockFunctions);
  Index(UnlockFunctions, Added.UnlockFunctions);
  Index(AsyncMutexes, Added.AsyncMutexes);
  Index(BroadErrors, Added.BroadErrors);
  Index(CancellationMarkers, Added.CancellationMarkers);
  Index(PacingAwaits, Added.PacingAwaits);
  Index(Limiters, Added.Limiters);
  Index(AcceptOperations, Added.AcceptOperations);
  Index(FixedCounts, Added.FixedCounts);
  Index(StartsConcurrently, Added.StartsConcurrently);
  for (const std::string &T : Added.TaskTypes)
    TaskTypeIndex[T] = Profiles.size() - 1;
}

bool ProfileSet::namesOrderedOperation(llvm::StringRef N) const {
  return llvm::any_of(OrderedOperationWords, [&](const auto &W) {
    return N.contains_insensitive(W.getKey());
  });
}

template <typename T>
static const T *lookup(const llvm::StringMap<const T *> &Index,
                       llvm::StringRef Key) {
  auto It = Index.find(Key);
  return It == Index.end() ? nullptr : It->second;
}

const BlockingEntry *
ProfileSet::blockingFunction(llvm::StringRef QualName) const {
  return lookup(FunctionIndex, QualName);
}

const BlockingEntry *ProfileSet::blockingType(llvm::StringRef QualName) const {
  return lookup(TypeIndex, QualName);
}

const OffloadEntry *ProfileSet::offload(llvm::StringRef QualName) const {
  return lookup(OffloadIndex, QualName);
}

const SpawnEntry *ProfileSet::spawn(llvm::StringRef QualName) const {
  return lookup(SpawnIndex, QualName);
}

const CombinatorEntry *ProfileSet::combinator(llvm::StringRef QualName) const {
  return lookup(CombinatorIndex, QualName);
}

const Profile *ProfileSet::profileForTaskType(llvm::StringRef ClassName) const {
  auto It = TaskTypeIndex.find(ClassName);
  return It == TaskTypeIndex.end() ? nullptr : &Profiles[It->second];
}

const DeadlineEntry *ProfileSet::needsDeadline(llvm::StringRef QualName) const {
  return lookup(DeadlineIndex, QualName);
}

namespace {
struct EmbeddedProfile {
  const char *FileName;
  const char *Text;
};
const EmbeddedProfile EmbeddedProfiles[] = {
#include "BuiltinProfiles.inc"
};
} // namespace

const ProfileSet &ProfileSet::builtin() {
  // Parsed once; the text is part of the binary and tested, so a failure
  // here is a build defect, reported loudly rather than hidden.
  static const ProfileSet Set = [] {
    ProfileSet S;
    for (const EmbeddedProfile &E : EmbeddedProfiles) {
      auto P = parseProfile(E.Text, std::string("<built-in>/") + E.FileName);
      if (!P) {
        llvm::errs() << "corolint: " << llvm::toString(P.takeError()) << "\n";
        continue;
      }
      S.add(std::move(*P));
    }
    return S;
  }();
  return Set;
}

llvm::Expected<std::shared_ptr<const ProfileSet>>
ProfileSet::withUserFiles(llvm::ArrayRef<std::string> Paths) {
  // Every check of every translation unit asks for the same files: parse
  // them once per content. The key holds each path and a hash of what it
  // holds now, so an edited file (a long-lived clangd) is parsed again.
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> Texts;
  std::string Key;
  for (const std::string &Path : Paths) {
    auto Buffer = readProfileText(Path);
    if (!Buffer)
      return cannotRead(Path, Buffer.getError());
    llvm::StringRef Text = (*Buffer)->getBuffer();
    Key += Path + '\0' + std::to_string(Text.size()) + ':' +
           llvm::utohexstr(llvm::xxh3_64bits(Text)) + '\0';
    Texts.push_back(std::move(*Buffer));
  }
  struct Parsed {
    std::string Key;
    std::shared_ptr<const ProfileSet> Set;
    std::string Error;
  };
  static std::mutex CacheLock;
  static std::list<Parsed> Cache; // Most recently used first.
  constexpr size_t CacheEntries = 16;
  auto Found = [](const Parsed &P)
      -> llvm::Expected<std::shared_ptr<const ProfileSet>> {
    if (P.Set)
      return P.Set;
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   P.Error.c_str());
  };
  {
    std::lock_guard<std::mutex> Lock(CacheLock);
    for (auto It = Cache.begin(); It != Cache.end(); ++It)
      if (It->Key == Key) {
        Cache.splice(Cache.begin(), Cache, It);
        return Found(Cache.front());
      }
  }

  Parsed Result{Key, nullptr, ""};
  auto Set = std::make_shared<ProfileSet>();
  for (const Profile &P : builtin().profiles())
    Set->add(P);
  for (size_t I = 0; I < Paths.size() && Result.Error.empty(); ++I) {
    auto P = parseProfile(Texts[I]->getBuffer(), Paths[I]);
    if (!P)
      Result.Error = llvm::toString(P.takeError());
    else
      Set->add(std::move(*P));
  }
  if (Result.Error.empty())
    Result.Set = std::move(Set);
  std::lock_guard<std::mutex> Lock(CacheLock);
  Cache.push_front(std::move(Result));
  if (Cache.size() > CacheEntries)
    Cache.pop_back();
  return Found(Cache.front());
}

} // namespace corolint::profiles
