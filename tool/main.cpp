//===--- main.cpp - The corolint command ----------------------------------===//

#include "Options.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>

int main(int Argc, const char **Argv) {
  // A closed standard output is reported as a write error (exit 2), not by
  // LLVM's SIGPIPE handler's exit 74.
  llvm::InitLLVM X(Argc, Argv, /*InstallPipeSignalExitHandler=*/false);
  llvm::Expected<corolint::tool::Options> Opts =
      corolint::tool::parseCommandLine(Argc, Argv);
  if (!Opts) {
    llvm::errs() << "corolint: error: " << llvm::toString(Opts.takeError())
                 << "\n";
    return 2;
  }
  // A reader that goes away (`| head`) is a write error to report, not a
  // signal that kills corolint mid-report. Not for `run`: an ignored
  // signal is inherited by the program it starts.
  if (Opts->Cmd != corolint::tool::Command::Run)
    std::signal(SIGPIPE, SIG_IGN);
  int Status = corolint::tool::run(*Opts);
  // LLVM turns a stream error left at exit into a fatal error: an output
  // that could not be written is corolint's exit 2 instead.
  llvm::outs().flush();
  if (llvm::outs().has_error()) {
    llvm::errs() << "corolint: error: cannot write to standard output: "
                 << llvm::outs().error().message() << "\n";
    llvm::outs().clear_error();
    Status = 2;
  }
  llvm::errs().clear_error();
  return Status;
}
