//===--- Options.h - What the corolint command was asked -------*- C++ -*-===//

#ifndef COROLINT_TOOL_OPTIONS_H
#define COROLINT_TOOL_OPTIONS_H

#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint::tool {

enum class OutputFormat { Text, Json, Sarif, CodeClimate, Github };

/// `corolint check` (the default), `corolint run`, `corolint confirm`,
/// `corolint report`.
enum class Command { Check, Run, Confirm, Report };

/// Everything the command was asked to do, parsed once in main.
struct Options {
  Command Cmd = Command::Check;
  std::vector<std::string> Files;
  /// `-p`: directory holding compile_commands.json.
  std::string BuildPath;
  /// Arguments after `--`, when given.
  std::optional<std::vector<std::string>> CompilerArgs;
  std::string Checks;
  std::string Config;
  std::string ConfigFile;
  std::optional<std::string> HeaderFilter;
  std::vector<std::string> Profiles;
  bool Quiet = false;
  bool ListChecks = false;
  bool DumpConfig = false;
  /// 0 means one per core.
  unsigned Jobs = 0;
  OutputFormat Format = OutputFormat::Text;
  /// Empty means standard output.
  std::string Output;
  /// `--diff`: report only findings on lines changed since this git ref
  /// (`staged`: the index against HEAD).
  std::string DiffRef;
  /// `--line-filter`: clang-tidy's JSON list of files and line ranges.
  std::string LineFilter;
  /// `--baseline`: report only findings not in this file.
  std::string BaselineFile;
  /// `--write-baseline`: record the findings of this run there.
  std::string WriteBaselineFile;
  /// `--fix`: apply the fixes of the findings reported.
  bool Fix = false;
  /// `--export-fixes`: write them as clang-tidy does, for
  /// clang-apply-replacements (YAML).
  std::string ExportFixes;
  /// `--no-cache`: analyse every file, keep nothing.
  bool NoCache = false;
  /// `--shared-preamble`: files whose leading include blocks are the same,
  /// compiled the same way, share one precompiled preamble
  /// (SharedPreamble.h).
  bool SharedPreamble = false;
  /// `--cache-dir`: where the result cache lives; empty: BUILD-DIR's
  /// .corolint-cache with -p, else the user's cache directory
  /// ($XDG_CACHE_HOME/corolint, ~/.cache/corolint).
  std::string CacheDir;
  /// What SARIF URIs are relative to; empty: the git top level of the
  /// working directory, else the working directory.
  std::string SourceRoot;

  // `run` and `confirm`.
  /// run: where the runtime writes (empty: corolint-rt.<pid>.jsonl);
  /// confirm: the runtime report to read.
  std::string ReportFile;
  /// run: the stall threshold.
  unsigned ThresholdMs = 100;
  /// run: also report open/read of regular files on loop threads.
  bool FileIo = false;
  /// run: with FileIo, the shortest file I/O call reported, and the path
  /// prefixes never reported.
  unsigned FileIoMinUs = 0;
  std::string FileIoAllow = "/proc:/sys";
  /// run: count busy periods by length (COROLINT_RT_HISTOGRAM=1).
  bool Histogram = false;
  /// report: the runtime reports to read, and where to write a Chrome
  /// trace (chrome://tracing, Perfetto) of their events.
  std::vector<std::string> Reports;
  std::string TraceFile;
  /// run: the program and its arguments (after `--`).
  std::vector<std::string> Program;
  /// confirm: the static findings, SARIF.
  std::string Findings;
};

/// Parses argv (clang-tidy's spelling: `FILE... [-- ARGS]`, `-p DIR`,
/// `--checks`, ...). An optional leading `check` subcommand is accepted.
llvm::Expected<Options> parseCommandLine(int Argc, const char **Argv);

/// Runs the command; returns the exit status.
int run(const Options &Opts);

/// `check`: runs the analysis and writes the report. 0 no findings,
/// 1 findings, 2 the tool could not do its job.
int runCheck(const Options &Opts);

/// `run`: runs the program with libcorolint-rt preloaded, then prints what
/// it saw. Returns the program's exit status (128+N when killed by signal
/// N), or 2 when the program could not be started.
int runProgram(const Options &Opts);

/// `confirm`: joins the runtime report with the static findings. 0 nothing
/// confirmed or missed, 1 confirmed findings or missed events, 2 an input
/// could not be read or had bad records (the rest is still used).
int confirmFindings(const Options &Opts);

/// `report`: reads saved runtime reports and prints what happened: the
/// events by call site, the busy-period histogram, and on request a Chrome
/// trace. 0 read, 2 a report could not be read or had bad lines (the rest
/// is still used).
int reportRuntime(const Options &Opts);

} // namespace corolint::tool

#endif
