//===--- main.cpp - The corolint command ----------------------------------===//

#include "Options.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

int main(int Argc, const char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  llvm::Expected<corolint::tool::Options> Opts =
      corolint::tool::parseCommandLine(Argc, Argv);
  if (!Opts) {
    llvm::errs() << "corolint: error: " << llvm::toString(Opts.takeError())
                 << "\n";
    return 2;
  }
  return corolint::tool::run(*Opts);
}
