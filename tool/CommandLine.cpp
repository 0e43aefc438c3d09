//===--- CommandLine.cpp - Parsing corolint's arguments -------------------===//

#include "Options.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#ifndef COROLINT_VERSION
#define COROLINT_VERSION "unknown"
#endif
#ifndef COROLINT_LLVM_VERSION
#define COROLINT_LLVM_VERSION "unknown"
#endif

using namespace llvm;

namespace corolint::tool {
namespace {

cl::OptionCategory Category("corolint options");

cl::SubCommand RunCmd("run", "Run a program with the runtime and report "
                             "stalls and blocking calls: run [options] -- "
                             "PROG ARGS...");
cl::SubCommand ConfirmCmd("confirm",
                          "Mark static findings confirmed by a runtime "
                          "report: confirm --findings F.sarif --report "
                          "F.jsonl");
cl::SubCommand ReportCmd("report",
                         "Print what saved runtime reports say: report "
                         "[--trace FILE] [--format text|json] FILE.jsonl...");
cl::SubCommand &TopLevel = cl::SubCommand::getTopLevel();

const char Overview[] = R"(corolint: finds async misuse in C++20 coroutine code.

  corolint [check] [options] FILE... -- COMPILER-ARGS
  corolint [check] [options] -p BUILD-DIR [FILE...]
  corolint run [--threshold-ms N] [--report FILE] -- PROG ARGS...
  corolint confirm --findings FILE.sarif --report FILE.jsonl [--format F]
  corolint report [--trace TRACE.json] [--format F] FILE.jsonl...

With -p and no FILE, every file in the compilation database is analysed.
Exit status: 0 no findings, 1 findings, 2 the tool could not do its job.
)";

// The options mirror clang-tidy's names and meanings.
cl::list<std::string> Files(cl::Positional, cl::desc("FILE..."),
                            cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc("Build directory with compile_commands.json"),
                               cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Comma-separated globs of checks, added to "
                                     "the configuration's (default: corolint-*)"),
                            cl::cat(Category));
cl::opt<std::string> Config("config", cl::desc("Configuration in YAML, as in .clang-tidy"),
                            cl::cat(Category));
cl::opt<std::string> ConfigFile("config-file",
                                cl::desc("Read the configuration from this file"),
                                cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Regular expression of headers whose findings are shown"),
    cl::init(""), cl::cat(Category));
cl::list<std::string> Profiles("profile",
                               cl::desc("Add a framework profile (YAML); repeatable"),
                               cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No progress and no summary"),
                    cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks and exit"),
                         cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config",
                         cl::desc("Print the effective configuration and exit"),
                         cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Files analysed at once (default: all cores)"),
                       cl::init(0), cl::cat(Category));
cl::opt<OutputFormat> Format(
    "format", cl::desc("Report format"), cl::init(OutputFormat::Text),
    cl::sub(TopLevel), cl::sub(ConfirmCmd), cl::sub(ReportCmd),
    cl::values(clEnumValN(OutputFormat::Text, "text", "clang-tidy's text"),
               clEnumValN(OutputFormat::Json, "json", "corolint's JSON"),
               clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(OutputFormat::CodeClimate, "codeclimate",
                          "GitLab Code Quality (Code Climate JSON)"),
               clEnumValN(OutputFormat::Github, "github",
                          "GitHub Actions workflow-command annotations")),
    cl::cat(Category));
cl::opt<std::string> Output("output", cl::desc("Write the report to this file"),
                            cl::value_desc("file"), cl::cat(Category),
                            cl::sub(TopLevel), cl::sub(ConfirmCmd),
                            cl::sub(ReportCmd));
cl::opt<std::string> DiffRef(
    "diff",
    cl::desc("Report only findings on lines changed since this git ref "
             "(`staged`: what the next commit adds); a finding counts when "
             "its line or a line of its chain changed"),
    cl::value_desc("ref"), cl::cat(Category));
cl::opt<std::string> LineFilter(
    "line-filter",
    cl::desc("Report only findings on these lines, in clang-tidy's format: "
             "[{\"name\":\"file.cpp\",\"lines\":[[1,3]]},...]"),
    cl::value_desc("json"), cl::cat(Category));
cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("Report and fail only on findings not in this baseline"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    cl::desc("Record this run's findings as the baseline (exit 0 unless a "
             "file could not be analysed)"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> FixOpt("fix",
                     cl::desc("Apply the fixes of the findings reported (the "
                              "checks offer one only where it is certainly "
                              "right)"),
                     cl::cat(Category));
cl::opt<std::string> ExportFixes(
    "export-fixes",
    cl::desc("Write the findings and their fixes to this YAML file, as "
             "clang-tidy does (clang-apply-replacements reads it)"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> NoCache("no-cache",
                      cl::desc("Analyse every file and keep no results "
                               "(default: a file whose inputs are all "
                               "unchanged takes its findings from the cache)"),
                      cl::cat(Category));
cl::opt<bool> SharedPreambleOpt(
    "shared-preamble",
    cl::desc("Parse the leading #include block that files compiled alike "
             "share once, as a precompiled preamble, instead of once per "
             "file (findings are the same)"),
    cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Where the result cache lives (default: BUILD-DIR/.corolint-cache "
             "with -p, else ~/.cache/corolint)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("What SARIF locations are relative to (default: the git top "
             "level of the working directory, else the working directory)"),
    cl::value_desc("dir"), cl::cat(Category));

cl::opt<unsigned> ThresholdMs(
    "threshold-ms",
    cl::desc("A loop thread busy this long is stalled (default 100)"),
    cl::init(100), cl::cat(Category), cl::sub(RunCmd));
cl::opt<bool> FileIo("file-io",
                     cl::desc("Also report open/read of regular files on "
                              "loop threads"),
                     cl::cat(Category), cl::sub(RunCmd));
cl::opt<unsigned> FileIoMinUs(
    "file-io-min-us",
    cl::desc("With --file-io: file I/O that ends within this many "
             "microseconds is not reported (default 0)"),
    cl::init(0), cl::cat(Category), cl::sub(RunCmd));
cl::opt<std::string> FileIoAllow(
    "file-io-allow",
    cl::desc("With --file-io: path prefixes, separated by ':', whose files "
             "are never reported (default /proc:/sys)"),
    cl::init("/proc:/sys"), cl::cat(Category), cl::sub(RunCmd));
cl::opt<bool> Histogram(
    "histogram",
    cl::desc("Count the loop threads' busy periods by length (a clock read "
             "per loop wait); `corolint report` shows the histogram"),
    cl::cat(Category), cl::sub(RunCmd));
cl::list<std::string> ReportFiles(cl::Positional, cl::desc("FILE.jsonl..."),
                                  cl::cat(Category), cl::sub(ReportCmd));
cl::opt<std::string> TraceFile(
    "trace",
    cl::desc("Also write the events as a Chrome trace (chrome://tracing, "
             "ui.perfetto.dev)"),
    cl::value_desc("file"), cl::cat(Category), cl::sub(ReportCmd));
cl::opt<std::string> ReportFile(
    "report",
    cl::desc("run: where the runtime writes its report (default "
             "corolint-rt.<pid>.jsonl); confirm: the report to read"),
    cl::value_desc("file"), cl::cat(Category), cl::sub(RunCmd),
    cl::sub(ConfirmCmd));
cl::opt<std::string> FindingsFile("findings",
                                  cl::desc("The static findings (SARIF)"),
                                  cl::value_desc("file"), cl::cat(Category),
                                  cl::sub(ConfirmCmd));

} // namespace

llvm::Expected<Options> parseCommandLine(int Argc, const char **Argv) {
  std::vector<const char *> Args(Argv, Argv + Argc);
  if (Args.size() > 1 && StringRef(Args[1]) == "check")
    Args.erase(Args.begin() + 1);

  Options O;
  // Split off `-- ARGS` first, as clang-tidy does.
  auto DashDash = std::find_if(Args.begin(), Args.end(), [](const char *A) {
    return StringRef(A) == "--";
  });
  if (DashDash != Args.end()) {
    O.CompilerArgs.emplace(DashDash + 1, Args.end());
    Args.erase(DashDash, Args.end());
  }

  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(
      [](raw_ostream &OS) {
        OS << "corolint " COROLINT_VERSION " (LLVM " COROLINT_LLVM_VERSION
              ", clang-tidy " COROLINT_LLVM_VERSION ")\n";
      });
  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(static_cast<int>(Args.size()), Args.data(),
                                   Overview, &ErrorStream))
    return createStringError(inconvertibleErrorCode(), "%s",
                             StringRef(Errors).trim().str().c_str());

  // Every path the user typed means what it meant where corolint was
  // started, whatever directory the analysis of a file later works in.
  auto Absolute = [](StringRef P) {
    if (P.empty())
      return std::string();
    SmallString<256> Abs(P);
    sys::fs::make_absolute(Abs);
    sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    return std::string(Abs);
  };
  for (const std::string &F : Files)
    O.Files.push_back(Absolute(F));
  O.BuildPath = Absolute(BuildPath);
  O.SourceRoot = Absolute(SourceRoot);
  O.BaselineFile = Absolute(BaselineFile);
  O.DiffRef = DiffRef;
  O.LineFilter = LineFilter;
  O.WriteBaselineFile = Absolute(WriteBaselineFile);
  O.Fix = FixOpt;
  O.ExportFixes = Absolute(ExportFixes);
  O.NoCache = NoCache;
  O.SharedPreamble = SharedPreambleOpt;
  O.CacheDir = Absolute(CacheDir);
  O.Checks = Checks;
  O.Config = Config;
  O.ConfigFile = ConfigFile;
  if (HeaderFilter.getNumOccurrences())
    O.HeaderFilter = HeaderFilter;
  for (const std::string &P : Profiles) {
    // Checks may run with another working directory (editors); pin it.
    SmallString<256> Abs(P);
    sys::fs::make_absolute(Abs);
    O.Profiles.push_back(std::string(Abs));
  }
  O.Quiet = Quiet;
  O.ListChecks = ListChecks;
  O.DumpConfig = DumpConfig;
  O.Jobs = Jobs;
  O.Format = Format;
  O.Output = Absolute(Output);

  if (RunCmd) {
    O.Cmd = Command::Run;
    O.ReportFile = ReportFile;
    O.ThresholdMs = ThresholdMs;
    O.FileIo = FileIo;
    O.FileIoMinUs = FileIoMinUs;
    O.FileIoAllow = FileIoAllow;
    O.Histogram = Histogram;
    if ((FileIoMinUs.getNumOccurrences() || FileIoAllow.getNumOccurrences()) &&
        !FileIo)
      return createStringError(inconvertibleErrorCode(),
                               "run: --file-io-min-us and --file-io-allow "
                               "need --file-io");
    if (O.CompilerArgs)
      O.Program = *O.CompilerArgs;
    O.CompilerArgs.reset();
    if (O.Program.empty())
      return createStringError(inconvertibleErrorCode(),
                               "run: no program; give -- PROG ARGS...");
    if (!O.ThresholdMs)
      return createStringError(inconvertibleErrorCode(),
                               "run: --threshold-ms must be positive");
    return O;
  }
  if (ReportCmd) {
    O.Cmd = Command::Report;
    for (const std::string &F : ReportFiles)
      O.Reports.push_back(Absolute(F));
    O.TraceFile = TraceFile.empty() ? "" : Absolute(TraceFile);
    if (O.Reports.empty())
      return createStringError(inconvertibleErrorCode(),
                               "report: give the report(s) to read, "
                               "FILE.jsonl...");
    if (O.Format != OutputFormat::Text && O.Format != OutputFormat::Json)
      return createStringError(inconvertibleErrorCode(),
                               "report: --format is text or json");
    return O;
  }
  if (ConfirmCmd) {
    O.Cmd = Command::Confirm;
    O.ReportFile = ReportFile;
    O.Findings = FindingsFile;
    if (O.ReportFile.empty() || O.Findings.empty())
      return createStringError(
          inconvertibleErrorCode(),
          "confirm: give --findings FILE.sarif and --report FILE.jsonl");
    if (O.Format != OutputFormat::Text && O.Format != OutputFormat::Json &&
        O.Format != OutputFormat::Sarif)
      return createStringError(inconvertibleErrorCode(),
                               "confirm: --format is text, json or sarif");
    return O;
  }

  if (O.Files.empty() && O.BuildPath.empty() && !O.ListChecks &&
      !O.DumpConfig)
    return createStringError(inconvertibleErrorCode(),
                             "no input files; give FILE... -- ARGS or -p "
                             "BUILD-DIR (see --help)");
  if (!O.DiffRef.empty() && !O.LineFilter.empty())
    return createStringError(inconvertibleErrorCode(),
                             "--diff and --line-filter are mutually exclusive");
  if (!O.Config.empty() && !O.ConfigFile.empty())
    return createStringError(inconvertibleErrorCode(),
                             "--config and --config-file are mutually "
                             "exclusive");
  return O;
}

} // namespace corolint::tool
