//===--- Options.h - What the corolint command was asked -------*- C++ -*-===//

#ifndef COROLINT_TOOL_OPTIONS_H
#define COROLINT_TOOL_OPTIONS_H

#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint::tool {

enum class OutputFormat { Text, Json, Sarif };

/// Everything `corolint check` was asked to do, parsed once in main.
struct Options {
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
};

/// Parses argv (clang-tidy's spelling: `FILE... [-- ARGS]`, `-p DIR`,
/// `--checks`, ...). An optional leading `check` subcommand is accepted.
llvm::Expected<Options> parseCommandLine(int Argc, const char **Argv);

/// Runs the analysis and writes the report; returns the exit status:
/// 0 no findings, 1 findings, 2 the tool could not do its job.
int run(const Options &Opts);

} // namespace corolint::tool

#endif
