//===--- Driver.cpp - Runs the checks over files --------------------------===//
//
// The command drives the same checks as the plugin through clang-tidy's own
// machinery (options, NOLINT, header filtering); what it adds is the
// compile-database handling, parallelism, output formats, and exit status.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"
#include "Baseline.h"
#include "ChangedLines.h"
#include "CheckCatalog.h"
#include "Fixes.h"
#include "ResultCache.h"
#include "Summaries.h"
#include "Options.h"
#include "Report.h"
#include "profiles/Profile.h"
#include "support/Nesting.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/core.h>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>

using namespace llvm;
using namespace clang;
using namespace clang::tidy;

namespace corolint::tool {
namespace {

/// What the configuration asked that corolint does not do, collected over
/// all files and said once.
struct ConfigurationNotes {
  std::mutex M;
  /// Positive globs naming checks that are not corolint's, with where
  /// they came from.
  std::set<std::string> Foreign;
};

/// `.clang-tidy` files read for one file's configuration that could not be
/// used, as `FILE:LINE:COL: PROBLEM`. clang-tidy prints such a problem and
/// goes on with its defaults; corolint fails the file instead.
using ConfigErrors = std::shared_ptr<std::vector<Finding>>;

Finding configError(StringRef File, unsigned Line, unsigned Column,
                    StringRef Message) {
  Finding F;
  F.Check = "corolint-config";
  F.IsError = true;
  F.Loc.File = File.str();
  F.Loc.Line = Line;
  F.Loc.Column = Column;
  F.Message = Message.str();
  return F;
}

/// FileOptionsProvider's (protected) ConfigFileHandlers.
using ConfigFileHandlers = std::vector<std::pair<
    std::string, std::function<ErrorOr<ClangTidyOptions>(MemoryBufferRef)>>>;

/// Reads a `.clang-tidy` as clang-tidy does, but keeps the first problem
/// (with its line) instead of printing every one, and refuses a document
/// nested deeper than any configuration is.
ConfigFileHandlers configFileHandlers(ConfigErrors Errors) {
  ConfigFileHandlers Handlers;
  Handlers.emplace_back(
      ".clang-tidy",
      [Errors](MemoryBufferRef Config) -> ErrorOr<ClangTidyOptions> {
        StringRef Name = Config.getBufferIdentifier();
        std::optional<Finding> Problem;
        if (auto Deep = support::yamlTooDeep(Config.getBuffer()))
          Problem = configError(Name, Deep->Line, Deep->Column, Deep->Message);
        ErrorOr<ClangTidyOptions> Parsed = ClangTidyOptions();
        if (!Problem)
          Parsed = parseConfigurationWithDiags(Config, [&](const SMDiagnostic &D) {
            if (!Problem && D.getKind() == SourceMgr::DK_Error)
              Problem = configError(Name, D.getLineNo(), D.getColumnNo() + 1,
                                    D.getMessage());
          });
        if (!Parsed && !Problem)
          Problem = configError(Name, 0, 0, Parsed.getError().message());
        if (!Problem)
          return Parsed;
        Errors->push_back(std::move(*Problem));
        // Found but unusable: stop the search here with nothing, so that
        // no parent file or default silently takes its place.
        return ClangTidyOptions();
      });
  return Handlers;
}

/// The file system `.clang-tidy` files are read through: one that exists
/// but cannot be read is a configuration error, not a file to skip.
class ConfigReadingFS : public vfs::ProxyFileSystem {
public:
  ConfigReadingFS(ConfigErrors Errors)
      : ProxyFileSystem(vfs::getRealFileSystem()), Errors(std::move(Errors)) {}

  ErrorOr<std::unique_ptr<vfs::File>>
  openFileForRead(const Twine &Path) override {
    auto F = ProxyFileSystem::openFileForRead(Path);
    if (F || sys::path::filename(Path.str()) != ".clang-tidy")
      return F;
    Errors->push_back(configError(Path.str(), 0, 0,
                                  "cannot read: " + F.getError().message()));
    // An empty file, which clang-tidy passes over without a message of
    // its own; the error above fails the analysis.
    static const IntrusiveRefCntPtr<vfs::InMemoryFileSystem> Empty = [] {
      auto FS = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
      FS->addFile("/empty", 0, MemoryBuffer::getMemBuffer(""));
      return FS;
    }();
    return Empty->openFileForRead("/empty");
  }

private:
  ConfigErrors Errors;
};

/// clang-tidy's FileOptionsProvider with corolint's `.clang-tidy` reader.
/// (Its constructor that takes readers leaves the file system unset.)
class ConfigFileProvider : public FileOptionsProvider {
public:
  ConfigFileProvider(ClangTidyOptions Defaults, ClangTidyOptions Overrides,
                     ConfigErrors Errors)
      : FileOptionsProvider(ClangTidyGlobalOptions(), std::move(Defaults),
                            std::move(Overrides), configFileHandlers(Errors)) {
    FS = makeIntrusiveRefCnt<ConfigReadingFS>(std::move(Errors));
  }
};

/// The user's configuration layers, seen through what the command does:
/// a relative `Profiles` path in a `.clang-tidy` is anchored at that
/// file's directory, and only corolint's checks run (a team's
/// `.clang-tidy` may enable others, which clang-tidy with the plugin runs).
class CorolintOnlyProvider : public ClangTidyOptionsProvider {
public:
  CorolintOnlyProvider(std::unique_ptr<ClangTidyOptionsProvider> Inner,
                       ConfigurationNotes *Notes, ConfigErrors Errors)
      : Inner(std::move(Inner)), Notes(Notes), Errors(std::move(Errors)) {}

  /// The `.clang-tidy` problems met, now and while the analysis runs.
  ConfigErrors errors() const { return Errors; }

  /// Compiler arguments added after the compile command's own (and after
  /// clang-tidy strips its output options): the result cache's `-MD -MF`.
  void setExtraArgs(std::vector<std::string> Args) {
    ExtraArgs = std::move(Args);
  }
  /// A check option set for this analysis only (SummaryFile), over the
  /// configuration's.
  void setCheckOption(std::string Key, std::string Value) {
    ExtraCheckOptions.emplace_back(std::move(Key), std::move(Value));
  }

  const ClangTidyGlobalOptions &getGlobalOptions() override {
    return Inner->getGlobalOptions();
  }

  std::vector<OptionsSource> getRawOptions(StringRef FileName) override {
    std::vector<OptionsSource> Sources = Inner->getRawOptions(FileName);
    std::string Checks;
    for (auto &[Opts, Source] : Sources) {
      anchorProfiles(Opts, Source);
      if (!Opts.Checks)
        continue;
      if (!Checks.empty())
        Checks += ",";
      Checks += *Opts.Checks;
      if (Notes && Source != OptionsSourceTypeDefaultBinary)
        for (StringRef Glob : llvm::split(*Opts.Checks, ',')) {
          Glob = Glob.trim();
          if (Glob.empty() || Glob.starts_with("-") ||
              Glob.starts_with("corolint-"))
            continue;
          std::lock_guard<std::mutex> Lock(Notes->M);
          Notes->Foreign.insert(
              fmt::format("'{}' from {}", Glob.str(), Source));
        }
    }
    // The default header filter comes with a default exclusion (vendored
    // code, the build directory); a filter the user chose stands alone.
    bool UserFilter = false, UserExclude = false;
    for (const auto &[Opts, Source] : Sources)
      if (Source != OptionsSourceTypeDefaultBinary) {
        UserFilter |= Opts.HeaderFilterRegex.has_value();
        UserExclude |= Opts.ExcludeHeaderFilterRegex.has_value();
      }
    GlobList Enabled(Checks);
    std::string Only = "-*";
    for (const checks::CheckInfo &C : checks::allChecks())
      if (Enabled.contains(C.Name))
        Only += "," + C.Name.str();
    ClangTidyOptions Restrict;
    Restrict.Checks = Only;
    // Before the command's own arguments: an inferred command (a header
    // with its neighbour's) ends in `-- FILE`.
    if (!ExtraArgs.empty())
      Restrict.ExtraArgsBefore = ExtraArgs;
    for (const auto &[Key, Value] : ExtraCheckOptions)
      Restrict.CheckOptions.insert_or_assign(
          Key, ClangTidyOptions::ClangTidyValue(Value));
    if (UserFilter && !UserExclude)
      Restrict.ExcludeHeaderFilterRegex = "^$"; // Matches no file.
    Sources.emplace_back(std::move(Restrict), "corolint: its own checks only");
    return Sources;
  }

private:
  /// `Profiles: profiles/team.yaml` in /src/.clang-tidy means
  /// /src/profiles/team.yaml, wherever corolint runs.
  static void anchorProfiles(ClangTidyOptions &Opts, StringRef Source) {
    if (!sys::path::is_absolute(Source))
      return; // The command line's own layers: already absolute.
    StringRef Dir = sys::path::parent_path(Source);
    // (A structured binding would copy the StringMap's value.)
    for (auto &Entry : Opts.CheckOptions) {
      StringRef K = Entry.getKey();
      ClangTidyOptions::ClangTidyValue &Value = Entry.getValue();
      if (K != "Profiles" && !K.ends_with(".Profiles"))
        continue;
      std::vector<std::string> Paths;
      for (std::string &P : profiles::splitProfileList(Value.Value)) {
        if (!sys::path::is_absolute(P)) {
          SmallString<256> Abs(Dir);
          sys::path::append(Abs, P);
          sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
          P = std::string(Abs);
        }
        Paths.push_back(std::move(P));
      }
      Value.Value = llvm::join(Paths, ";");

    }
  }

  std::unique_ptr<ClangTidyOptionsProvider> Inner;
  ConfigurationNotes *Notes;
  ConfigErrors Errors;
  std::vector<std::string> ExtraArgs;
  std::vector<std::pair<std::string, std::string>> ExtraCheckOptions;
};

/// The configuration layers, resolved once: defaults, --config or
/// --config-file (else .clang-tidy files), then the command line.
struct Configuration {
  ClangTidyOptions Defaults;
  std::optional<ClangTidyOptions> Explicit;
  ClangTidyOptions Overrides;

  std::unique_ptr<CorolintOnlyProvider>
  provider(ConfigurationNotes *Notes = nullptr) const {
    auto Errors = std::make_shared<std::vector<Finding>>();
    std::unique_ptr<ClangTidyOptionsProvider> Inner;
    if (Explicit)
      Inner = std::make_unique<ConfigOptionsProvider>(
          ClangTidyGlobalOptions(), Defaults, *Explicit, Overrides);
    else
      Inner =
          std::make_unique<ConfigFileProvider>(Defaults, Overrides, Errors);
    return std::make_unique<CorolintOnlyProvider>(std::move(Inner), Notes,
                                                  std::move(Errors));
  }
};

Expected<ClangTidyOptions> parseConfig(StringRef Text, StringRef Name) {
  if (auto Deep = support::yamlTooDeep(Text))
    return createStringError(inconvertibleErrorCode(), "%s:%u:%u: %s",
                             Name.str().c_str(), Deep->Line, Deep->Column,
                             Deep->Message.c_str());
  std::string Problem;
  auto Parsed = parseConfigurationWithDiags(
      MemoryBufferRef(Text, Name), [&](const SMDiagnostic &D) {
        if (Problem.empty())
          Problem = fmt::format("{}:{}:{}: {}", Name.str(), D.getLineNo(),
                                D.getColumnNo() + 1, D.getMessage().str());
      });
  if (!Parsed)
    return createStringError(Parsed.getError(), "%s",
                             Problem.empty()
                                 ? (Name + ": " + Parsed.getError().message())
                                       .str()
                                       .c_str()
                                 : Problem.c_str());
  return std::move(*Parsed);
}

/// The source root (`--source-root`, else the git top level, else the
/// working directory).
std::string sourceRoot(const Options &O) {
  if (!O.SourceRoot.empty())
    return O.SourceRoot;
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  return defaultSourceRoot(Cwd);
}

/// Findings in the project's own headers are shown by default: those under
/// the source root, except the build directory and vendored code.
void projectHeaders(ClangTidyOptions &Defaults, StringRef Root,
                    StringRef BuildPath) {
  std::string R = Regex::escape(Root.rtrim('/'));
  // Clang names a header as its include path does: absolute under the
  // root, or relative to the compile command's directory (`-Iinclude`),
  // which is the project's unless it climbs out (`../`).
  Defaults.HeaderFilterRegex = "^(" + R + "/|\\./|[^/.])";
  const char *Vendored = "(third_party|third-party|thirdparty|3rdparty|"
                         "vendor|external|extern|_deps)/";
  std::string Exclude = "^" + R + "/(.*/)?" + Vendored + "|^([^/].*/)?" +
                        Vendored;
  // The build directory's generated headers, unless the build directory
  // holds the whole project (a compile_commands.json at its root), whose
  // headers it would all hide.
  StringRef Build = BuildPath.rtrim('/'), Top = Root.rtrim('/');
  if (!Build.empty() && Top != Build &&
      !(Top.starts_with(Build) && Top.substr(Build.size()).starts_with("/")))
    Exclude += "|^" + Regex::escape(Build) + "/";
  Defaults.ExcludeHeaderFilterRegex = Exclude;
}

Expected<Configuration> configure(const Options &O) {
  Configuration C;
  C.Defaults = ClangTidyOptions::getDefaults();
  C.Defaults.Checks = "corolint-*";
  projectHeaders(C.Defaults, sourceRoot(O), O.BuildPath);
  if (!O.Checks.empty())
    C.Overrides.Checks = O.Checks;
  if (O.HeaderFilter)
    C.Overrides.HeaderFilterRegex = *O.HeaderFilter;
  if (!O.Profiles.empty())
    C.Overrides.CheckOptions["Profiles"] =
        ClangTidyOptions::ClangTidyValue(llvm::join(O.Profiles, ";"));
  if (!O.Config.empty()) {
    auto Parsed = parseConfig(O.Config, "--config");
    if (!Parsed)
      return Parsed.takeError();
    C.Explicit = std::move(*Parsed);
  } else if (!O.ConfigFile.empty()) {
    auto Buffer = MemoryBuffer::getFile(O.ConfigFile, /*IsText=*/true);
    if (!Buffer)
      return createStringError(Buffer.getError(), "cannot read config file '%s': %s",
                               O.ConfigFile.c_str(),
                               Buffer.getError().message().c_str());
    auto Parsed = parseConfig((*Buffer)->getBuffer(), O.ConfigFile);
    if (!Parsed)
      return Parsed.takeError();
    C.Explicit = std::move(*Parsed);
  }
  return C;
}

/// Byte offset to line and column, with each file's line starts read once.
class LineTable {
public:
  Location locate(StringRef File, unsigned Offset) {
    Location L;
    L.File = File.str();
    if (File.empty())
      return L;
    std::lock_guard<std::mutex> Lock(M);
    auto [It, Inserted] = Starts.try_emplace(File);
    if (Inserted)
      if (auto Buf = MemoryBuffer::getFile(File, /*IsText=*/true)) {
        StringRef Text = (*Buf)->getBuffer();
        It->second.push_back(0);
        for (size_t I = 0; I < Text.size(); ++I)
          if (Text[I] == '\n')
            It->second.push_back(I + 1);
      }
    const std::vector<unsigned> &S = It->second;
    if (S.empty())
      return L;
    auto Line = std::upper_bound(S.begin(), S.end(), Offset) - S.begin();
    L.Line = static_cast<unsigned>(Line);
    L.Column = Offset - S[Line - 1] + 1;
    return L;
  }

private:
  std::mutex M;
  StringMap<std::vector<unsigned>> Starts;
};

/// What analysing one file produced.
struct FileResult {
  std::vector<Finding> Findings;
  std::vector<Finding> Errors;
  bool Failed = false;
  /// Findings clang-tidy's filters kept back: in headers outside the
  /// header filter, and NOLINT.
  unsigned HiddenInHeaders = 0;
  unsigned HiddenByNolint = 0;
  /// What the other files need to know (checks/support/Summary.h), as
  /// JSON; empty when not asked for.
  std::string Summary;
  /// Only looked up (the plan of shared preambles is made first): not in
  /// the cache, to be analysed.
  bool Pending = false;
};

Finding inputError(StringRef File, StringRef Message) {
  Finding F;
  F.Check = "corolint-input";
  F.IsError = true;
  F.Loc.File = File.str();
  F.Message = Message.str();
  return F;
}

/// A compile_commands.json that is not whole JSON, or has no entries, is
/// an error with its position: clang's loader would analyse whatever came
/// before the damage, or nothing, and call it success.
Error checkDatabaseFile(StringRef BuildPath) {
  SmallString<256> Path(BuildPath);
  sys::path::append(Path, "compile_commands.json");
  sys::fs::file_status Status;
  if (sys::fs::status(Path, Status))
    return Error::success(); // compile_flags.txt, or nothing: clang says.
  if (Status.type() != sys::fs::file_type::regular_file)
    return createStringError(inconvertibleErrorCode(),
                             "%s: not a regular file", Path.c_str());
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "%s: cannot read: %s",
                             Path.c_str(),
                             Buffer.getError().message().c_str());
  Expected<json::Value> Doc = support::parseJson((*Buffer)->getBuffer(), Path);
  if (!Doc)
    return Doc.takeError();
  const json::Array *Entries = Doc->getAsArray();
  if (!Entries)
    return createStringError(inconvertibleErrorCode(),
                             "%s: not a compilation database (the top level "
                             "is not an array)",
                             Path.c_str());
  if (Entries->empty())
    return createStringError(inconvertibleErrorCode(),
                             "%s: the compilation database has no entries; "
                             "nothing to analyse",
                             Path.c_str());
  return Error::success();
}

/// Whether each file runs under crash recovery: always, but for
/// COROLINT_NO_CRASH_RECOVERY=1, which bench/isolation.sh sets to measure
/// what the isolation costs.
bool crashRecovery() {
  static const bool On = !std::getenv("COROLINT_NO_CRASH_RECOVERY");
  return On;
}

/// Crash recovery that also survives a stack overflow. CrashRecoveryContext
/// catches SIGSEGV with a handler that runs on the faulting stack, which an
/// overflow has used up (clang's parser recursing through a 100,000-term
/// expression): the handler is moved to an alternate stack, which each
/// worker thread gets before its first file.
void enableCrashRecovery() {
  CrashRecoveryContext::Enable();
  for (int Signal : {SIGSEGV, SIGBUS}) {
    struct sigaction Action;
    if (sigaction(Signal, nullptr, &Action) == 0) {
      Action.sa_flags |= SA_ONSTACK;
      sigaction(Signal, &Action, nullptr);
    }
  }
}

void useAlternateSignalStack() {
  // One per worker thread, unless the thread has one already (a sanitizer
  // installs its own); given back before the thread's memory is.
  struct AltStack {
    std::unique_ptr<char[]> Memory;
    ~AltStack() {
      if (!Memory)
        return;
      stack_t Off{};
      Off.ss_flags = SS_DISABLE;
      sigaltstack(&Off, nullptr);
    }
  };
  thread_local AltStack Stack;
  if (Stack.Memory)
    return;
  stack_t Current{};
  if (sigaltstack(nullptr, &Current) == 0 && !(Current.ss_flags & SS_DISABLE))
    return;
  constexpr size_t Size = 256 * 1024; // Room for LLVM's crash handlers.
  Stack.Memory = std::make_unique<char[]>(Size);
  stack_t SS{};
  SS.ss_sp = Stack.Memory.get();
  SS.ss_size = Size;
  sigaltstack(&SS, nullptr);
}

/// Keeps clang's own "N warnings generated." off the terminal: the report
/// is ours to print.
std::unique_ptr<tooling::CompilationDatabase>
quietCompilations(std::unique_ptr<tooling::CompilationDatabase> DB) {
  auto Adjusting =
      std::make_unique<tooling::ArgumentsAdjustingCompilations>(std::move(DB));
  // After the compiler's name; an empty command (which the analysis then
  // reports) has no place for it.
  Adjusting->appendArgumentsAdjuster(
      [](const tooling::CommandLineArguments &Args, StringRef) {
        tooling::CommandLineArguments Out = Args;
        if (!Out.empty())
          Out.insert(Out.begin() + 1, "-fno-caret-diagnostics");
        return Out;
      });
  return Adjusting;
}

class Driver {
public:
  Driver(const Options &O, Configuration C) : O(O), Config(std::move(C)) {}

  int run();

private:
  Expected<std::vector<std::string>> inputs();
  /// `--diff`: only the changed files of the database, unless a changed
  /// file is not in it (a header), whose includers are not known.
  void keepChangedFiles(std::vector<std::string> &Files);
  /// \p Probe: stop where the file would be parsed, and propose it for a
  /// shared preamble.
  FileResult analyse(const std::string &File, bool Probe = false);
  /// What is wrong with the compile_commands.json that clang's search from
  /// \p File would load (the nearest parent directory holding it or a
  /// compile_flags.txt), or "" when nothing is. Each database is checked
  /// once per run, whichever worker asks first.
  std::string brokenNearestDatabase(StringRef File);
  /// Where the configuration of \p File sets the option that a
  /// clang-tidy-config diagnostic (\p Message) names: its file and line.
  Location optionLocation(StringRef File, StringRef Message);
  /// `-j`, at most a few per core: each file holds a whole AST, and
  /// `-j 1000` would only trade speed for memory.
  unsigned jobs();
  void progress(unsigned Done, unsigned Total, StringRef File);

  const Options &O;
  Configuration Config;
  std::unique_ptr<tooling::CompilationDatabase> Database;
  LineTable Lines;
  std::mutex ProgressLock;
  std::mutex DatabaseCheckLock;
  StringMap<std::string> CheckedDatabases;
  std::string SourceRoot;
  ConfigurationNotes Notes;
  std::optional<ChangedLines> Changed;
  std::unique_ptr<ResultCache> Cache;
  /// `--shared-preamble`: one for the whole run.
  std::unique_ptr<SharedPreambles> Preambles;
  /// Several files: each writes its summary, joined after all are done.
  bool Summaries = false;
};

/// This very build of corolint: a development build changes its checks
/// without changing its version, so the executable's size and time of
/// modification are part of every key.
std::string buildIdentity() {
  static const std::string Identity = [] {
    static int Anchor;
    std::string Exe = sys::fs::getMainExecutable("corolint", &Anchor);
    sys::fs::file_status S;
    if (Exe.empty() || sys::fs::status(Exe, S))
      return std::string("unknown build");
    return fmt::format("{} {} {}", Exe, S.getSize(),
                       sys::toTimeT(S.getLastModificationTime()));
  }();
  return Identity;
}

/// What the result cache keys one analysis on, before its headers are
/// known: everything but the files it includes (ResultCache.h).
std::string cacheKey(StringRef File, StringRef Content,
                     ArrayRef<tooling::CompileCommand> Commands,
                     const ClangTidyOptions &Effective,
                     ArrayRef<std::string> GlobalProfiles, bool Summary) {
  std::vector<std::string> Parts = {"corolint " COROLINT_VERSION
                                    " LLVM " COROLINT_LLVM_VERSION,
                                    buildIdentity(), File.str(),
                                    Content.str(),
                                    Summary ? "with summary" : "no summary"};
  for (const tooling::CompileCommand &C : Commands) {
    Parts.push_back(C.Directory);
    Parts.push_back(C.Filename);
    Parts.push_back(llvm::join(C.CommandLine, std::string(1, '\0')));
  }
  Parts.push_back(configurationAsText(Effective));
  // The profiles' content: the configuration names them by path only.
  std::vector<std::string> Profiles(GlobalProfiles.begin(),
                                    GlobalProfiles.end());
  for (const auto &Entry : Effective.CheckOptions)
    if (Entry.getKey() == "Profiles" || Entry.getKey().ends_with(".Profiles"))
      for (std::string &P : profiles::splitProfileList(Entry.getValue().Value))
        Profiles.push_back(std::move(P));
  for (const std::string &P : Profiles) {
    Parts.push_back(P);
    auto Buffer = MemoryBuffer::getFile(P);
    Parts.push_back(Buffer ? (*Buffer)->getBuffer().str() : "<unreadable>");
  }
  return ResultCache::keyOf(Parts);
}

Location Driver::optionLocation(StringRef File, StringRef Message) {
  // "invalid configuration value 'x' for option 'check.Key'..."
  StringRef Key = Message.split("for option '").second.split('\'').first;
  if (Key.empty())
    return {};
  // The last layer that sets it is the one in effect.
  std::optional<std::string> Source;
  for (const auto &[Opts, From] : Config.provider()->getRawOptions(File))
    if (Opts.CheckOptions.count(Key))
      Source = From;
  if (!Source || !sys::path::is_absolute(*Source))
    return {};
  auto Buf = MemoryBuffer::getFile(*Source, /*IsText=*/true);
  if (!Buf)
    return {};
  Location L;
  L.File = *Source;
  unsigned No = 0;
  for (StringRef Rest = (*Buf)->getBuffer(); !Rest.empty();) {
    auto [Line, Next] = Rest.split('\n');
    ++No;
    if (size_t Col = Line.find(Key); Col != StringRef::npos) {
      L.Line = No;
      L.Column = Col + 1;
      break;
    }
    Rest = Next;
  }
  return L;
}

std::string Driver::brokenNearestDatabase(StringRef File) {
  for (StringRef Dir = sys::path::parent_path(File); !Dir.empty();
       Dir = sys::path::parent_path(Dir)) {
    SmallString<256> Database(Dir), Flags(Dir);
    sys::path::append(Database, "compile_commands.json");
    sys::path::append(Flags, "compile_flags.txt");
    if (sys::fs::exists(Database)) {
      std::lock_guard<std::mutex> Hold(DatabaseCheckLock);
      auto [It, Inserted] = CheckedDatabases.try_emplace(Database);
      if (Inserted)
        if (llvm::Error E = checkDatabaseFile(Dir))
          It->second = toString(std::move(E));
      return It->second;
    }
    if (sys::fs::exists(Flags))
      return "";
  }
  return "";
}

void Driver::keepChangedFiles(std::vector<std::string> &Files) {
  if (!Changed || O.DiffRef.empty() || !O.Files.empty())
    return;
  StringSet<> InDatabase;
  for (const std::string &F : Files)
    InDatabase.insert(F);
  std::vector<std::string> Keep;
  for (const std::string &F : Changed->files()) {
    if (!InDatabase.contains(F)) {
      StringRef Ext = sys::path::extension(F);
      if (Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".c++" ||
          Ext == ".c" || !sys::fs::exists(F))
        continue; // Not compiled here, or deleted.
      return;     // A header (or unknown): its includers may be anywhere.
    }
    Keep.push_back(F);
  }
  Files = std::move(Keep);
}

Expected<std::vector<std::string>> Driver::inputs() {
  if (O.CompilerArgs) {
    // The working directory as the user's shell names it (through a
    // symbolic link, as the input files are named), not ".", which the
    // file system resolves to its physical path.
    SmallString<256> Cwd;
    if (sys::fs::current_path(Cwd))
      Cwd = ".";
    Database = std::make_unique<tooling::FixedCompilationDatabase>(
        Cwd, *O.CompilerArgs);
  } else if (!O.BuildPath.empty()) {
    if (Error E = checkDatabaseFile(O.BuildPath))
      return std::move(E);
    std::string Error;
    // Exactly this directory: a database found further up would silently
    // analyse with another project's flags.
    Database = tooling::CompilationDatabase::loadFromDirectory(O.BuildPath,
                                                               Error);
    if (!Database)
      return createStringError(
          inconvertibleErrorCode(),
          "cannot load a compilation database from '%s': %s",
          O.BuildPath.c_str(), Error.c_str());
    // Headers and new files borrow the command of their nearest neighbour.
    Database = tooling::inferMissingCompileCommands(std::move(Database));
  }
  if (Database)
    Database = quietCompilations(std::move(Database));
  std::vector<std::string> Files = O.Files;
  if (Files.empty() && Database)
    Files = Database->getAllFiles();
  for (std::string &F : Files) {
    SmallString<256> Abs(F);
    sys::fs::make_absolute(Abs);
    sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    F = std::string(Abs);
  }
  return Files;
}

/// The compile command of a file but for the file's own names (the input,
/// the output, the dependency file), and the arguments the configuration
/// adds: files with the same one may share a preamble.
std::string commandGroup(const tooling::CompileCommand &Cmd, StringRef File,
                         const ClangTidyOptions &Effective) {
  std::string Group = Cmd.Directory;
  auto IsFile = [&](StringRef Arg) {
    if (Arg == Cmd.Filename || Arg == File)
      return true;
    SmallString<256> Abs(Cmd.Directory);
    sys::path::append(Abs, Arg);
    sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    return Abs == File;
  };
  for (size_t I = 0; I < Cmd.CommandLine.size(); ++I) {
    StringRef Arg = Cmd.CommandLine[I];
    if (Arg == "-o" || Arg == "-MF" || Arg == "-MT" || Arg == "-MQ") {
      ++I;
      continue;
    }
    if ((Arg.starts_with("-o") && Arg != "-o") || IsFile(Arg))
      continue;
    Group += '\0';
    Group += Arg;
  }
  for (const auto *Extra : {&Effective.ExtraArgsBefore, &Effective.ExtraArgs})
    if (*Extra)
      for (const std::string &Arg : **Extra)
        Group += "\0" + Arg;
  return Group;
}

/// Whether the header filter judges the headers this command finds alike
/// under the name a parse gives them (relative, as the file and its include
/// paths are written) and the one a shared preamble gives them (absolute):
/// asked for a header beside the file and one in each relative include
/// directory. A preamble that would rename a header is not taken
/// (SharedPreamble.h); this spares building it.
bool namesAgree(const tooling::CompileCommand &Cmd,
                const ClangTidyOptions &Opts) {
  std::vector<std::string> Headers;
  if (!sys::path::is_absolute(Cmd.Filename)) {
    SmallString<256> H(sys::path::parent_path(Cmd.Filename));
    sys::path::append(H, "x.h");
    Headers.push_back(std::string(H));
  }
  std::vector<StringRef> Flags = {"-I", "-iquote", "-idirafter"};
  if (Opts.SystemHeaders.value_or(false))
    Flags.push_back("-isystem");
  for (size_t I = 0; I < Cmd.CommandLine.size(); ++I) {
    StringRef Arg = Cmd.CommandLine[I];
    for (StringRef F : Flags) {
      if (!Arg.starts_with(F))
        continue;
      StringRef Dir = Arg.substr(F.size());
      if (Dir.empty() && I + 1 < Cmd.CommandLine.size())
        Dir = Cmd.CommandLine[++I];
      if (!Dir.empty() && !sys::path::is_absolute(Dir)) {
        SmallString<256> H(Dir);
        sys::path::append(H, "x.h");
        Headers.push_back(std::string(H));
      }
      break;
    }
  }
  if (Headers.empty())
    return true;
  auto FS = vfs::createPhysicalFileSystem();
  FS->setCurrentWorkingDirectory(Cmd.Directory);
  HeaderFilter Filter(Opts);
  for (const std::string &H : Headers) {
    SmallString<256> Abs(H);
    FS->makeAbsolute(Abs);
    sys::path::remove_dots(Abs);
    if (Filter.shows(H, false) != Filter.shows(Abs, false))
      return false;
  }
  return true;
}

FileResult Driver::analyse(const std::string &File, bool Probe) {
  FileResult R;
  auto Fail = [&](StringRef Message) {
    R.Errors.push_back(inputError(File, Message));
    R.Failed = true;
    return R;
  };
  // Reading it says both "missing" and "unreadable" (a directory, a mode).
  auto MainBuffer = MemoryBuffer::getFile(File);
  if (!MainBuffer)
    return Fail("cannot read input file: " + MainBuffer.getError().message());

  std::unique_ptr<tooling::CompilationDatabase> Own;
  const tooling::CompilationDatabase *DB = Database.get();
  if (!DB) {
    std::string Error;
    // The database clang would find, checked as with -p first: a broken
    // one says where it is broken (not "none found", nor clang's anonymous
    // YAML error), an empty one is no success.
    if (std::string Broken = brokenNearestDatabase(File); !Broken.empty())
      return Fail(Broken);
    Own = tooling::CompilationDatabase::autoDetectFromSource(File, Error);
    if (!Own)
      return Fail("no compilation database found in the parent directories "
                  "of this file; pass -p BUILD-DIR or -- COMPILER-ARGS");
    Own = quietCompilations(std::move(Own));
    DB = Own.get();
  }

  // Clang's tooling works in each compile command's directory; one that
  // no longer exists (a moved build tree) would abort the whole process.
  for (const tooling::CompileCommand &Cmd : DB->getCompileCommands(File)) {
    if (Cmd.CommandLine.empty())
      return Fail("the compilation database has an empty command for this "
                  "file (no \"command\" or \"arguments\")");
    if (!sys::fs::is_directory(Cmd.Directory))
      return Fail(fmt::format(
          "the compile command's directory '{}' does not exist (was the "
          "build directory moved? regenerate compile_commands.json)",
          Cmd.Directory));
  }

  // One translation unit that crashes clang or a check (a Sema bug, a
  // surprising AST) is reported as this file's error; the other files'
  // findings are kept.
  // A configuration that leaves no corolint check on for this file would
  // otherwise pass it silently with "0 findings".
  std::unique_ptr<CorolintOnlyProvider> Provider = Config.provider(&Notes);
  ConfigErrors BadConfig = Provider->errors();
  ClangTidyOptions Effective = Provider->getOptions(File);
  GlobList Enabled(Effective.Checks.value_or("-*"));
  auto FailConfig = [&] {
    // Said once for all the files it fails (the report drops repeats);
    // the files are listed as not analysed.
    for (const Finding &E : *BadConfig)
      R.Errors.push_back(E);
    R.Failed = true;
    return R;
  };
  if (!BadConfig->empty())
    return FailConfig();
  if (llvm::none_of(checks::allChecks(), [&](const checks::CheckInfo &C) {
        return Enabled.contains(C.Name);
      }))
    return Fail("the configuration enables no corolint check for this file "
                "(a .clang-tidy whose Checks start with '-*' must list "
                "corolint-* again; --dump-config shows what applies)");

  // A file whose inputs are all as they were last time: its findings,
  // with no parse. Only a file with one compile command is kept (the
  // dependency list is one command's).
  std::string Key, DependencyFile;
  std::vector<tooling::CompileCommand> Commands = DB->getCompileCommands(File);
  if (Cache && Commands.size() == 1) {
    Key = cacheKey(File, (*MainBuffer)->getBuffer(), Commands,
                   Effective, O.Profiles, Summaries);
    if (std::optional<CachedAnalysis> Hit = Cache->lookup(Key)) {
      R.Findings = std::move(Hit->Findings);
      R.HiddenInHeaders = Hit->HiddenInHeaders;
      R.HiddenByNolint = Hit->HiddenByNolint;
      R.Summary = std::move(Hit->Summary);
      return R;
    }
  }
  if (Probe) {
    if (Commands.size() == 1 && namesAgree(Commands.front(), Effective)) {
      Preambles->propose(File, commandGroup(Commands.front(), File, Effective),
                         leadingIncludes((*MainBuffer)->getBuffer()));
    }
    R.Pending = true;
    return R;
  }
  if (!Key.empty()) {
    DependencyFile = Cache->temporaryPath(".d");
    if (!DependencyFile.empty())
      Provider->setExtraArgs({"-MD", "-MF", DependencyFile});
  }
  SmallString<128> SummaryFile;
  // Whichever way this returns (a crash, a broken .clang-tidy found late).
  auto RemoveTemporaries = llvm::make_scope_exit([&] {
    if (!SummaryFile.empty())
      sys::fs::remove(SummaryFile);
    if (!DependencyFile.empty())
      sys::fs::remove(DependencyFile);
  });
  if (Summaries && Enabled.contains("corolint-blocking-call")) {
    int FD;
    if (!sys::fs::createTemporaryFile("corolint-summary", "json", FD,
                                      SummaryFile)) {
      sys::Process::SafelyCloseFileDescriptor(FD);
      Provider->setCheckOption("corolint-blocking-call.SummaryFile",
                               std::string(SummaryFile));
    }
  }

  std::vector<ClangTidyError> Errors;
  CrashRecoveryContext Recovery;
  auto RunSafely = [&](function_ref<void()> Fn) {
    if (crashRecovery())
      return Recovery.RunSafely(Fn);
    Fn();
    return true;
  };
  if (!RunSafely([&] {
        ClangTidyContext Context(std::move(Provider));
        // A file system with a working directory of its own: the compile
        // command's directory is entered there, never by chdir, which
        // would move every other worker and every relative path the user
        // typed.
        auto FS = makeIntrusiveRefCnt<vfs::OverlayFileSystem>(
            vfs::createPhysicalFileSystem());
        Errors = analyseUserCode(Context, *DB, File, FS, Preambles.get(),
                                 Preambles ? Preambles->planned(File) : 0);
        R.HiddenInHeaders = Context.getStats().ErrorsIgnoredNonUserCode;
        R.HiddenByNolint = Context.getStats().ErrorsIgnoredNOLINT;
      }))
    return Fail(fmt::format("the analysis crashed (signal {}); no findings for "
                            "this file, the other files are still analysed",
                            Recovery.RetCode - 128));
  if (!BadConfig->empty()) // A header's directory had a broken one.
    return FailConfig();

  // Diagnostics name files as the compile command did, which may be
  // relative to its directory.
  auto Absolute = [](StringRef Path, StringRef Dir) {
    if (Path.empty() || sys::path::is_absolute(Path) || Dir.empty())
      return Path.str();
    SmallString<256> P(Dir);
    sys::path::append(P, Path);
    sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    return std::string(P);
  };
  for (const ClangTidyError &E : Errors) {
    Finding F;
    F.Check = E.DiagnosticName;
    // An option value that a check cannot use is a configuration error,
    // not a finding in the code.
    F.IsError = E.DiagLevel == ClangTidyError::Error ||
                E.DiagnosticName == "clang-tidy-config";
    F.Message = E.Message.Message;
    F.Loc = Lines.locate(Absolute(E.Message.FilePath, E.BuildDirectory),
                         E.Message.FileOffset);
    // clang-tidy names no place for a bad option value: name the line of
    // the configuration that set it.
    if (E.DiagnosticName == "clang-tidy-config" && F.Loc.File.empty())
      F.Loc = optionLocation(File, F.Message);
    F.Offset = E.Message.FileOffset;
    for (const tooling::DiagnosticMessage &N : E.Notes)
      F.Notes.push_back(
          {Lines.locate(Absolute(N.FilePath, E.BuildDirectory), N.FileOffset),
           N.Message, N.FileOffset});
    for (const auto &[Path, Replacements] : E.Message.Fix)
      for (const tooling::Replacement &Rep : Replacements)
        F.Fix.push_back({Absolute(Rep.getFilePath(), E.BuildDirectory),
                         Rep.getOffset(), Rep.getLength(),
                         Rep.getReplacementText().str()});
    if (F.IsError) {
      R.Failed = true;
      R.Errors.push_back(std::move(F));
    } else {
      R.Findings.push_back(std::move(F));
    }
  }
  if (!SummaryFile.empty())
    if (auto Text = MemoryBuffer::getFile(SummaryFile); Text && !R.Failed)
      R.Summary = (*Text)->getBuffer().str();
  if (!DependencyFile.empty()) {
    // Only a clean analysis is kept: a file with errors is analysed again.
    auto Deps = MemoryBuffer::getFile(DependencyFile);
    if (Deps && !R.Failed && R.Errors.empty()) {
      std::vector<std::string> Files = {File};
      for (std::string &D : parseDependencyFile((*Deps)->getBuffer()))
        Files.push_back(Absolute(D, Commands.front().Directory));
      Cache->store(Key,
                   {R.Findings, R.HiddenInHeaders, R.HiddenByNolint, R.Summary},
                   Files);
    }
  }
  return R;
}

unsigned Driver::jobs() {
  unsigned Cores = std::max(1u, hardware_concurrency().compute_thread_count());
  unsigned Max = 4 * Cores;
  if (O.Jobs <= Max)
    return O.Jobs;
  errs() << fmt::format("corolint: warning: -j {} is more than 4 per core; "
                        "using -j {}\n",
                        O.Jobs, Max);
  return Max;
}

void Driver::progress(unsigned Done, unsigned Total, StringRef File) {
  if (O.Quiet || Total < 2 || !sys::Process::StandardErrIsDisplayed())
    return;
  std::lock_guard<std::mutex> Lock(ProgressLock);
  errs() << fmt::format("[{}/{}] {}\n", Done, Total, File.str());
}

int Driver::run() {
  SourceRoot = sourceRoot(O);
  if (!O.BuildPath.empty() && !sys::fs::is_directory(O.BuildPath)) {
    errs() << "corolint: error: the build directory '" << O.BuildPath
           << "' does not exist or is not a directory\n";
    return 2;
  }
  if (!O.DiffRef.empty() || !O.LineFilter.empty()) {
    SmallString<256> Cwd;
    sys::fs::current_path(Cwd);
    Expected<ChangedLines> C =
        O.DiffRef.empty() ? ChangedLines::fromLineFilter(O.LineFilter)
                          : ChangedLines::fromGit(O.DiffRef, Cwd);
    if (!C) {
      errs() << "corolint: error: " << toString(C.takeError()) << "\n";
      return 2;
    }
    Changed = std::move(*C);
  }
  Expected<std::vector<std::string>> Files = inputs();
  if (!Files) {
    errs() << "corolint: error: " << toString(Files.takeError()) << "\n";
    return 2;
  }
  keepChangedFiles(*Files);
  Summaries = Files->size() > 1;
  if (!O.NoCache) {
    // Beside the build the database describes; else where the user's
    // caches are, never in a source or system directory.
    SmallString<256> Dir(O.CacheDir);
    if (Dir.empty() && !O.BuildPath.empty()) {
      Dir = O.BuildPath;
      sys::path::append(Dir, ".corolint-cache");
    } else if (Dir.empty() && sys::path::cache_directory(Dir)) {
      sys::path::append(Dir, "corolint");
    }
    if (!Dir.empty())
      Cache = std::make_unique<ResultCache>(std::string(Dir));
  }
  if (O.SharedPreamble)
    Preambles = std::make_unique<SharedPreambles>();
  std::vector<FileResult> Results(Files->size());
  {
    // Catch a crash in one file's analysis on the thread that runs it.
    if (crashRecovery())
      enableCrashRecovery();
    std::atomic<unsigned> Done{0};
    auto Analyse = [&](ArrayRef<size_t> Which, bool Probe) {
      DefaultThreadPool Pool(hardware_concurrency(jobs()));
      for (size_t I : Which)
        Pool.async([&, I, Probe] {
          if (crashRecovery())
            useAlternateSignalStack();
          Results[I] = analyse((*Files)[I], Probe);
          if (!Results[I].Pending)
            progress(++Done, Files->size(), (*Files)[I]);
        });
      Pool.wait();
    };
    std::vector<size_t> All(Files->size());
    std::iota(All.begin(), All.end(), 0);
    if (Preambles && Files->size() > 1) {
      // First what the cache holds, then the plan of preambles for the
      // files left. Each preamble's first file goes first, to build it;
      // then the files that share none, perhaps long; the quick ones that
      // take a preamble come last, to even out the workers' ends.
      Analyse(All, /*Probe=*/true);
      Preambles->plan();
      std::vector<size_t> Leaders, Alone, Followers;
      for (size_t I : All)
        if (Results[I].Pending)
          (Preambles->leads((*Files)[I])      ? Leaders
           : Preambles->planned((*Files)[I]) ? Followers
                                             : Alone)
              .push_back(I);
      Leaders.insert(Leaders.end(), Alone.begin(), Alone.end());
      Leaders.insert(Leaders.end(), Followers.begin(), Followers.end());
      Analyse(Leaders, /*Probe=*/false);
    } else {
      Analyse(All, /*Probe=*/false);
    }
  }
  if (Cache)
    Cache->prune();

  for (const std::string &Glob : Notes.Foreign)
    errs() << "corolint: warning: the configuration enables checks that are "
              "not corolint's ("
           << Glob
           << "); corolint runs only its own (clang-tidy-19 with the plugin "
              "runs both)\n";

  Report R;
  unsigned HiddenInHeaders = 0, HiddenByNolint = 0;
  for (size_t I = 0; I < Results.size(); ++I) {
    FileResult &FR = Results[I];
    std::move(FR.Findings.begin(), FR.Findings.end(),
              std::back_inserter(R.Findings));
    std::move(FR.Errors.begin(), FR.Errors.end(), std::back_inserter(R.Errors));
    if (FR.Failed)
      R.FailedFiles.push_back((*Files)[I]);
    else
      ++R.FilesAnalysed;
    HiddenInHeaders += FR.HiddenInHeaders;
    HiddenByNolint += FR.HiddenByNolint;
  }
  // What only the whole project shows: blocking calls across files.
  if (Summaries) {
    std::vector<support::TranslationUnitSummary> All;
    for (const FileResult &FR : Results)
      if (!FR.Summary.empty()) {
        if (Expected<support::TranslationUnitSummary> S =
                support::readSummary(FR.Summary))
          All.push_back(std::move(*S));
        else
          consumeError(S.takeError()); // Not this build's: no chains.
      }
    for (Finding &F : joinSummaries(All))
      R.Findings.push_back(std::move(F));
  }
  R.normalize();
  fingerprint(R, SourceRoot);
  unsigned Unchanged = 0;
  if (Changed) {
    size_t Before = R.Findings.size();
    llvm::erase_if(R.Findings,
                   [&](const Finding &F) { return !Changed->touches(F); });
    Unchanged = Before - R.Findings.size();
  }
  if (!O.WriteBaselineFile.empty())
    if (Error E = writeBaseline(R, O.WriteBaselineFile, SourceRoot)) {
      errs() << "corolint: error: " << toString(std::move(E)) << "\n";
      return 2;
    }
  std::optional<BaselineOutcome> FromBaseline;
  if (!O.BaselineFile.empty()) {
    Expected<Baseline> B = readBaseline(O.BaselineFile);
    if (!B) {
      errs() << "corolint: error: " << toString(B.takeError()) << "\n";
      return 2;
    }
    FromBaseline = applyBaseline(R, *B);
  }

  if (!O.ExportFixes.empty())
    if (Error E = exportFixes(R.Findings,
                              Files->size() == 1 ? StringRef(Files->front())
                                                 : StringRef(),
                              O.ExportFixes)) {
      errs() << "corolint: error: " << toString(std::move(E)) << "\n";
      return 2;
    }

  ReportOutput Out;
  if (!Out.open(O.Output))
    return 2;
  raw_ostream &OS = Out.stream();
  switch (O.Format) {
  case OutputFormat::Text:
    writeText(R, OS);
    break;
  case OutputFormat::Json:
    writeJson(R, OS);
    break;
  case OutputFormat::Sarif:
    writeSarif(R, OS, SourceRoot);
    break;
  case OutputFormat::CodeClimate:
    writeCodeClimate(R, OS, SourceRoot);
    break;
  case OutputFormat::Github:
    writeGithub(R, OS, SourceRoot);
    break;
  }
  // A full disk or a closed pipe loses the report: say so, and fail.
  if (!Out.finish())
    return 2;
  // Errors also go to the terminal when the report goes elsewhere.
  if ((!O.Output.empty() || O.Format != OutputFormat::Text) && !R.Errors.empty()) {
    Report OnlyErrors;
    OnlyErrors.Errors = R.Errors;
    writeText(OnlyErrors, errs());
  }

  if (!O.Quiet)
    errs() << fmt::format("corolint: {} finding{} in {} file{} analysed",
                          R.Findings.size(), R.Findings.size() == 1 ? "" : "s",
                          R.FilesAnalysed, R.FilesAnalysed == 1 ? "" : "s");
  if (!O.Quiet && Cache && Cache->hits())
    errs() << fmt::format(" ({} from the cache)", Cache->hits());
  if (!O.Quiet && Preambles && Preambles->used())
    errs() << fmt::format(" ({} with a shared preamble)", Preambles->used());
  // What the filters kept back, and which option shows it. A header's
  // finding counts once per translation unit that includes it.
  if (!O.Quiet && Changed)
    errs() << fmt::format("; {} on unchanged lines not shown ({})", Unchanged,
                          O.DiffRef.empty() ? "--line-filter" : "--diff");
  if (!O.Quiet && FromBaseline)
    errs() << fmt::format("; {} known from the baseline not shown, {} "
                          "baseline entr{} gone (fixed)",
                          FromBaseline->Known, FromBaseline->Gone,
                          FromBaseline->Gone == 1 ? "y" : "ies");
  if (!O.Quiet && !O.WriteBaselineFile.empty())
    errs() << fmt::format("; baseline written to {}", O.WriteBaselineFile);
  if (!O.Quiet && HiddenInHeaders)
    errs() << fmt::format("; {} in headers outside the header filter not "
                          "shown (--header-filter)",
                          HiddenInHeaders);
  if (!O.Quiet && HiddenByNolint)
    errs() << fmt::format("; {} suppressed by NOLINT", HiddenByNolint);
  // The report above shows the code as it was; the fixes go in last.
  std::optional<FixOutcome> Fixed;
  if (O.Fix)
    Fixed = applyFixes(R.Findings);
  if (Fixed)
    for (const std::string &F : Fixed->Failures)
      errs() << "corolint: error: cannot apply the fixes to " << F << "\n";
  if (!O.Quiet && Fixed)
    errs() << fmt::format("; {} fix{} applied in {} file{}", Fixed->Applied,
                          Fixed->Applied == 1 ? "" : "es", Fixed->Files,
                          Fixed->Files == 1 ? "" : "s")
           << (Fixed->Conflicting
                   ? fmt::format(", {} left out (overlapping another)",
                                 Fixed->Conflicting)
                   : std::string());
  if (!O.Quiet && !R.FailedFiles.empty())
    errs() << fmt::format("; {} file{} could not be analysed",
                          R.FailedFiles.size(),
                          R.FailedFiles.size() == 1 ? "" : "s");
  if (!O.Quiet)
    errs() << "\n";
  if (!R.FailedFiles.empty() || (!R.Errors.empty()) ||
      (Fixed && !Fixed->Failures.empty()))
    return 2;
  // Recording the baseline is the job asked for; its findings are known.
  if (!O.WriteBaselineFile.empty() && O.BaselineFile.empty())
    return 0;
  return R.Findings.empty() ? 0 : 1;
}

int listOrDump(const Options &O, const Configuration &C) {
  // The files are absolute already (parseCommandLine).
  SmallString<256> Probe;
  if (O.Files.empty()) {
    sys::fs::current_path(Probe);
    sys::path::append(Probe, "dummy.cpp");
  } else {
    Probe = O.Files.front();
  }
  ClangTidyOptions Effective = C.provider()->getOptions(Probe);
  if (O.ListChecks) {
    outs() << "Enabled checks:\n";
    for (const std::string &Name : getCheckNames(Effective, false))
      outs() << "    " << Name << "\n";
    outs() << "\n";
    return 0;
  }
  Effective.CheckOptions = getCheckOptions(Effective, false);
  outs() << configurationAsText(ClangTidyOptions::getDefaults().merge(
      Effective, 0));
  return 0;
}

} // namespace

int runCheck(const Options &O) {
  Expected<Configuration> C = configure(O);
  if (!C) {
    errs() << "corolint: error: " << toString(C.takeError()) << "\n";
    return 2;
  }
  // Check the user's profiles once here, so that a broken file stops the
  // run with its line instead of failing every translation unit.
  for (const std::string &P : O.Profiles) {
    auto Loaded = profiles::loadProfileFile(P);
    if (!Loaded) {
      errs() << "corolint: error: invalid profile: "
             << toString(Loaded.takeError()) << "\n";
      return 2;
    }
  }
  if (O.ListChecks || O.DumpConfig)
    return listOrDump(O, *C);
  return Driver(O, std::move(*C)).run();
}

} // namespace corolint::tool
