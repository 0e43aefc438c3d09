//===--- SharedPreamble.cpp - One precompiled include block, many files ---===//

#include "SharedPreamble.h"

#include "clang/AST/DeclBase.h"
#include "clang/AST/DeclGroup.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/ASTWriter.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace llvm;

namespace corolint::tool {

bool isUserTopLevelDecl(const Decl &D, const SourceManager &SM) {
  SourceLocation L = D.getLocation();
  return L.isValid() && !SM.isInSystemHeader(SM.getExpansionLoc(L));
}

IncludeBlock leadingIncludes(StringRef Source, const LangOptions &LangOpts) {
  IncludeBlock Block;
  // Offsets from the start of the buffer: the lexer's locations are
  // FileLoc + offset.
  const SourceLocation FileLoc = SourceLocation::getFromRawEncoding(1);
  auto OffsetOf = [&](const Token &T) {
    return T.getLocation().getRawEncoding() - FileLoc.getRawEncoding();
  };
  Lexer L(FileLoc, LangOpts, Source.begin(), Source.begin(), Source.end());
  Token T;
  L.LexFromRawLexer(T);
  while (T.is(tok::hash) && T.isAtStartOfLine()) {
    L.LexFromRawLexer(T);
    if (!T.is(tok::raw_identifier) || T.getRawIdentifier() != "include")
      break;
    std::string Line = "#include";
    L.LexFromRawLexer(T);
    if (T.is(tok::eof) || T.isAtStartOfLine())
      break; // No header named: clang's error, on the usual path.
    if (*Source.substr(OffsetOf(T)).begin() != '<')
      Block.DependsOnDirectory = true;
    unsigned End = 0;
    while (!T.is(tok::eof) && !T.isAtStartOfLine()) {
      if (T.hasLeadingSpace())
        Line += ' ';
      Line += Source.substr(OffsetOf(T), T.getLength());
      End = OffsetOf(T) + T.getLength();
      L.LexFromRawLexer(T);
    }
    // The block ends after this line's newline, if the rest of the line is
    // blank or a line comment (not one continued on the next line, not a
    // block comment that ends further down).
    size_t NewLine = Source.find('\n', End);
    if (NewLine == StringRef::npos)
      break;
    StringRef Rest = Source.slice(End, NewLine).rtrim("\r");
    Rest = Rest.ltrim(" \t\f\v");
    if (!(Rest.empty() || Rest.starts_with("//")) || Rest.ends_with("\\"))
      break;
    Block.Size = NewLine + 1;
    Block.Directives += Line + "\n";
  }
  if (!Block.Size)
    return {};
  return Block;
}

namespace {

/// The user code's top-level declarations of the preamble, as the checks'
/// traversal scope takes them (Analysis.cpp), by their ids in the PCH.
class Collector : public PreambleCallbacks {
public:
  void BeforeExecute(CompilerInstance &CI) override {
    SM = &CI.getSourceManager();
  }
  void HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG)
      if (isUserTopLevelDecl(*D, *SM))
        Decls.push_back(D);
  }
  void AfterPCHEmitted(ASTWriter &Writer) override {
    for (const Decl *D : Decls)
      IDs.push_back(Writer.getDeclID(D));
  }
  /// The checks read headers' function bodies (a blocking helper, a task
  /// type's members).
  bool shouldSkipFunctionBody(Decl *) override { return false; }

  std::vector<LocalDeclID> IDs;

private:
  const SourceManager *SM = nullptr;
  std::vector<const Decl *> Decls;
};

/// Counts the errors of a preamble's build and shows nothing: the file
/// whose headers fail is parsed as usual, and reports them then.
class ErrorCounter : public DiagnosticConsumer {};

/// What two files must have in common to share a preamble: their compiler
/// invocations but for their own names, their working directory, their
/// include blocks and, if those look next to the file, its directory.
/// Empty: this file shares with none.
std::string keyOf(const CompilerInvocation &CI, StringRef WorkingDir,
                  StringRef MainFile, const IncludeBlock &Block) {
  CompilerInvocation K(CI);
  if (!K.getPreprocessorOpts().RemappedFiles.empty() ||
      !K.getPreprocessorOpts().RemappedFileBuffers.empty() ||
      !K.getPreprocessorOpts().ImplicitPCHInclude.empty())
    return "";
  FrontendOptions &FO = K.getFrontendOpts();
  for (FrontendInputFile &In : FO.Inputs)
    In = FrontendInputFile("<main file>", In.getKind(), In.isSystem());
  FO.OutputFile.clear();
  K.getDependencyOutputOpts() = DependencyOutputOptions();
  CodeGenOptions &CG = K.getCodeGenOpts();
  CG.MainFileName.clear();
  CG.CoverageDataFile.clear();
  CG.CoverageNotesFile.clear();
  CG.DwarfDebugFlags.clear();
  CG.RecordCommandLine.clear();
  K.getDiagnosticOpts().DiagnosticSerializationFile.clear();
  std::string Key = join(K.getCC1CommandLine(), StringRef("\0", 1));
  Key += '\0';
  Key += WorkingDir;
  Key += '\0';
  if (Block.DependsOnDirectory)
    Key += sys::path::parent_path(MainFile);
  Key += '\0';
  Key += Block.Directives;
  return Key;
}

} // namespace

std::shared_ptr<const SharedPreamble>
SharedPreambles::use(CompilerInvocation &CI,
                     IntrusiveRefCntPtr<vfs::FileSystem> &VFS,
                     std::unique_ptr<MemoryBuffer> Main,
                     std::shared_ptr<PCHContainerOperations> PCHOps) {
  if (CI.getFrontendOpts().Inputs.size() != 1 || !Main)
    return nullptr;
  IncludeBlock Block = leadingIncludes(Main->getBuffer(), CI.getLangOpts());
  if (!Block.Size)
    return nullptr;
  SmallString<256> MainFile(CI.getFrontendOpts().Inputs[0].getFile());
  if (VFS->makeAbsolute(MainFile))
    return nullptr;
  auto WorkingDir = VFS->getCurrentWorkingDirectory();
  if (!WorkingDir)
    return nullptr;
  std::string Key = keyOf(CI, *WorkingDir, MainFile, Block);
  if (Key.empty())
    return nullptr;

  std::shared_ptr<const SharedPreamble> Preamble;
  {
    std::lock_guard<std::mutex> Hold(Lock);
    auto [It, First] = Entries.try_emplace(Key);
    if (First)
      return nullptr; // Perhaps the only file compiled so.
    Entry &E = It->second;
    switch (E.State) {
    case Entry::Building: // Parsing is better than waiting.
    case Entry::Failed:
      return nullptr;
    case Entry::Seen:
      E.State = Entry::Building;
      break;
    case Entry::Ready:
      Preamble = E.Preamble;
      Recent.remove(Key);
      Recent.push_front(Key);
      break;
    }
  }

  if (!Preamble) {
    // Built from this file's own text, up to the end of its include block;
    // the dependency file is this file's, not the preamble's.
    CompilerInvocation Build(CI);
    Build.getDependencyOutputOpts() = DependencyOutputOptions();
    Build.getFrontendOpts().SkipFunctionBodies = false;
    ErrorCounter Errors;
    IntrusiveRefCntPtr<DiagnosticsEngine> Diags =
        CompilerInstance::createDiagnostics(&Build.getDiagnosticOpts(),
                                            &Errors, /*ShouldOwnClient=*/false);
    Collector Callbacks;
    ErrorOr<PrecompiledPreamble> PCH = PrecompiledPreamble::Build(
        Build, Main.get(), PreambleBounds(Block.Size, true), *Diags, VFS,
        PCHOps, /*StoreInMemory=*/true, /*StoragePath=*/"", Callbacks);
    std::lock_guard<std::mutex> Hold(Lock);
    Entry &E = Entries[Key];
    if (!PCH || Errors.getNumErrors() || Diags->hasErrorOccurred()) {
      E.State = Entry::Failed;
      return nullptr;
    }
    E.State = Entry::Ready;
    E.Preamble = Preamble = std::make_shared<SharedPreamble>(
        SharedPreamble{std::move(*PCH), std::move(Callbacks.IDs)});
    ++Built;
    Recent.push_front(Key);
    if (Recent.size() > Capacity) {
      // Its users hold it until they are done; a later file of its kind
      // builds it again.
      Entry &Old = Entries[Recent.back()];
      Old.State = Entry::Seen;
      Old.Preamble.reset();
      Recent.pop_back();
    }
  }

  // The PCH replaces this file's include block, however long its own
  // comments between the includes are.
  Preamble->PCH.AddImplicitPreamble(CI, VFS, Main.release());
  CI.getPreprocessorOpts().PrecompiledPreambleBytes = {Block.Size, true};
  ++Used;
  return Preamble;
}

} // namespace corolint::tool
