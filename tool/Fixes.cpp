//===--- Fixes.cpp - --fix and --export-fixes -----------------------------===//

#include "Fixes.h"

#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

using namespace clang;
using namespace llvm;

namespace corolint::tool {

namespace {
tooling::Replacement replacementOf(const Edit &E) {
  return tooling::Replacement(E.File, E.Offset, E.Length, E.Text);
}
} // namespace

FixOutcome applyFixes(const std::vector<Finding> &Findings) {
  FixOutcome Out;
  // Per file, the fixes in report order; a fix is all of its edits.
  std::map<std::string, tooling::Replacements> PerFile;
  std::set<std::vector<Edit>> Seen;
  for (const Finding &F : Findings) {
    if (F.Fix.empty() || !Seen.insert(F.Fix).second)
      continue;
    // A fix goes in whole or not at all. Two fixes that meet (an insertion
    // where another's replacement starts) were each written for the code
    // as it was: together they can make code neither meant (`co_await
    // co_await`), so one that touches an earlier fix is left out, and
    // edits that overlap within the fix (never written by a check) too.
    std::map<std::string, tooling::Replacements> Mine;
    bool Fits = true;
    for (const Edit &E : F.Fix) {
      if (auto It = PerFile.find(E.File); It != PerFile.end())
        for (const tooling::Replacement &Other : It->second)
          if (E.Offset <= Other.getOffset() + Other.getLength() &&
              Other.getOffset() <= E.Offset + E.Length)
            Fits = false;
      if (Error Err = Mine[E.File].add(replacementOf(E))) {
        consumeError(std::move(Err));
        Fits = false;
      }
      if (!Fits)
        break;
    }
    if (!Fits) {
      ++Out.Conflicting;
      continue;
    }
    // Apart from every earlier fix, so adding cannot fail.
    for (const Edit &E : F.Fix)
      consumeError(PerFile[E.File].add(replacementOf(E)));
    ++Out.Applied;
  }
  for (auto &[File, Replacements] : PerFile) {
    auto Buffer = MemoryBuffer::getFile(File, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      Out.Failures.push_back(File + ": " + Buffer.getError().message());
      continue;
    }
    Expected<std::string> Fixed =
        tooling::applyAllReplacements((*Buffer)->getBuffer(), Replacements);
    if (!Fixed) {
      Out.Failures.push_back(File + ": " + toString(Fixed.takeError()));
      continue;
    }
    // Written beside the file, then renamed over it: an interrupted run
    // leaves the old file or the new one, never half of either.
    SmallString<256> Temp(File);
    Temp += ".corolint-fix";
    std::error_code EC;
    {
      raw_fd_ostream OS(Temp, EC, sys::fs::OF_None);
      if (!EC) {
        OS << *Fixed;
        OS.close();
        EC = OS.error();
      }
    }
    if (!EC)
      EC = sys::fs::rename(Temp, File);
    if (EC) {
      sys::fs::remove(Temp);
      Out.Failures.push_back(File + ": " + EC.message());
      continue;
    }
    ++Out.Files;
  }
  return Out;
}

Error exportFixes(const std::vector<Finding> &Findings, StringRef MainFile,
                  StringRef Path) {
  tooling::TranslationUnitDiagnostics TUD;
  TUD.MainSourceFile = MainFile.str();
  for (const Finding &F : Findings) {
    tooling::Diagnostic D;
    D.DiagnosticName = F.Check;
    D.DiagLevel = F.IsError ? tooling::Diagnostic::Error
                            : tooling::Diagnostic::Warning;
    D.Message.Message = F.Message;
    D.Message.FilePath = F.Loc.File;
    D.Message.FileOffset = F.Offset;
    for (const Edit &E : F.Fix)
      if (Error Err = D.Message.Fix[E.File].add(replacementOf(E)))
        consumeError(std::move(Err)); // A check's own edits never overlap.
    for (const Note &N : F.Notes) {
      tooling::DiagnosticMessage M;
      M.Message = N.Message;
      M.FilePath = N.Loc.File;
      M.FileOffset = N.Offset;
      D.Notes.push_back(std::move(M));
    }
    TUD.Diagnostics.push_back(std::move(D));
  }
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_TextWithCRLF);
  if (EC)
    return createStringError(EC, "cannot write the fixes to '%s': %s",
                             Path.str().c_str(), EC.message().c_str());
  yaml::Output YAML(OS);
  YAML << TUD;
  OS.close();
  if (OS.has_error())
    return createStringError(OS.error(), "cannot write the fixes to '%s': %s",
                             Path.str().c_str(), OS.error().message().c_str());
  return Error::success();
}

} // namespace corolint::tool
