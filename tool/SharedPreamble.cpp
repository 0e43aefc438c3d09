//===--- SharedPreamble.cpp - One precompiled include block, many files ---===//

#include "SharedPreamble.h"

#include "clang/AST/DeclBase.h"
#include "clang/AST/DeclGroup.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/ASTWriter.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

using namespace clang;
using namespace llvm;

namespace corolint::tool {

bool isUserTopLevelDecl(const Decl &D, const SourceManager &SM) {
  SourceLocation L = D.getLocation();
  return L.isValid() && !SM.isInSystemHeader(SM.getExpansionLoc(L));
}

HeaderFilter::HeaderFilter(const tidy::ClangTidyOptions &Opts)
    : Include(Opts.HeaderFilterRegex.value_or("")),
      SystemHeaders(Opts.SystemHeaders.value_or(false)) {
  if (Opts.ExcludeHeaderFilterRegex)
    Exclude.emplace(*Opts.ExcludeHeaderFilterRegex);
}

bool HeaderFilter::shows(StringRef Header, bool System) const {
  if (System && !SystemHeaders)
    return false;
  return Include.match(Header) && !(Exclude && Exclude->match(Header));
}

bool isParsedTopLevelDecl(Decl &D) {
  // Sema hands each function it instantiates to the consumer as a
  // top-level declaration too (for code generation); the translation
  // unit's own list holds only what was written there. Asking the list
  // loads nothing from a PCH.
  DeclContext *TU = D.getASTContext().getTranslationUnitDecl();
  return D.getLexicalDeclContext() == TU && TU->containsDecl(&D);
}

IncludeBlock IncludeBlock::first(unsigned N) const {
  IncludeBlock B;
  B.Lines.assign(Lines.begin(), Lines.begin() + std::min<size_t>(N, Lines.size()));
  return B;
}

std::string IncludeBlock::directives() const {
  std::string Text;
  for (const Line &L : Lines)
    Text += L.Text + "\n";
  return Text;
}

bool IncludeBlock::dependsOnDirectory() const {
  return llvm::any_of(Lines, [](const Line &L) { return L.Local; });
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
    IncludeBlock::Line Line;
    Line.Text = "#include";
    L.LexFromRawLexer(T);
    if (T.is(tok::eof) || T.isAtStartOfLine())
      break; // No header named: clang's error, on the usual path.
    Line.Local = Source[OffsetOf(T)] != '<';
    unsigned End = 0;
    while (!T.is(tok::eof) && !T.isAtStartOfLine()) {
      if (T.hasLeadingSpace())
        Line.Text += ' ';
      Line.Text += Source.substr(OffsetOf(T), T.getLength());
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
    Line.End = NewLine + 1;
    Block.Lines.push_back(std::move(Line));
  }
  return Block;
}

IncludeBlock leadingIncludes(StringRef Source) {
  LangOptions LangOpts;
  LangOpts.CPlusPlus = LangOpts.CPlusPlus11 = LangOpts.CPlusPlus20 = true;
  LangOpts.LineComment = true;
  return leadingIncludes(Source, LangOpts);
}

namespace {

/// The user code's top-level declarations of the preamble, as the checks'
/// traversal scope takes them (Analysis.cpp), by their ids in the PCH.
class Collector : public PreambleCallbacks {
public:
  void BeforeExecute(CompilerInstance &CI) override {
    SM = &CI.getSourceManager();
    FM = &CI.getFileManager();
  }
  /// The headers named relatively: the PCH names them absolutely.
  std::unique_ptr<PPCallbacks> createPPCallbacks() override {
    struct Includes : PPCallbacks {
      Collector &C;
      explicit Includes(Collector &C) : C(C) {}
      void InclusionDirective(SourceLocation, const Token &, StringRef, bool,
                              CharSourceRange, OptionalFileEntryRef File,
                              StringRef, StringRef, const Module *, bool,
                              SrcMgr::CharacteristicKind Kind) override {
        if (!File || sys::path::is_absolute(File->getName()) ||
            !C.Seen.insert(File->getName()).second)
          return;
        SmallString<256> Loaded(File->getName());
        C.FM->makeAbsolutePath(Loaded);
        sys::path::remove_dots(Loaded);
        C.Renamed.push_back({File->getName().str(), std::string(Loaded),
                             Kind != SrcMgr::C_User});
      }
    };
    return std::make_unique<Includes>(*this);
  }
  void HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG)
      if (isParsedTopLevelDecl(*D) && isUserTopLevelDecl(*D, *SM))
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
  std::vector<SharedPreamble::Renamed> Renamed;

private:
  const SourceManager *SM = nullptr;
  FileManager *FM = nullptr;
  StringSet<> Seen;
  std::vector<const Decl *> Decls;
};

/// Counts the errors of a preamble's build and shows nothing: the file
/// whose headers fail is parsed as usual, and reports them then.
class ErrorCounter : public DiagnosticConsumer {};

/// What two files must have in common to share a preamble: their compiler
/// invocations but for their own names, their working directory, their
/// include blocks and, if those look next to the file, its directory.
/// Empty: this file shares with none.
/// \p Config: the part that is the compile command's and directory's.
std::string keyOf(const CompilerInvocation &CI, StringRef WorkingDir,
                  StringRef MainFile, const IncludeBlock &Block,
                  std::string &Config) {
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
  Config = Key;
  if (Block.dependsOnDirectory())
    Key += sys::path::parent_path(MainFile);
  Key += '\0';
  Key += Block.directives();
  return Key;
}

} // namespace

std::shared_ptr<const SharedPreamble>
SharedPreambles::use(CompilerInvocation &CI,
                     IntrusiveRefCntPtr<vfs::FileSystem> &VFS,
                     std::unique_ptr<MemoryBuffer> Main,
                     std::shared_ptr<PCHContainerOperations> PCHOps,
                     unsigned Directives,
                     const HeaderFilter &Filter) {
  if (CI.getFrontendOpts().Inputs.size() != 1 || !Main || !Directives)
    return nullptr;
  IncludeBlock Block = leadingIncludes(Main->getBuffer(), CI.getLangOpts())
                           .first(Directives);
  if (!Block.size())
    return nullptr;
  SmallString<256> MainFile(CI.getFrontendOpts().Inputs[0].getFile());
  if (VFS->makeAbsolute(MainFile))
    return nullptr;
  auto WorkingDir = VFS->getCurrentWorkingDirectory();
  if (!WorkingDir)
    return nullptr;
  std::string Config;
  std::string Key = keyOf(CI, *WorkingDir, MainFile, Block, Config);
  if (Key.empty())
    return nullptr;

  std::shared_ptr<const SharedPreamble> Preamble;
  {
    std::lock_guard<std::mutex> Hold(Lock);
    // The first file to ask builds it; one that asks while it is being
    // built parses as usual rather than wait.
    if (Renaming.contains(Config))
      return nullptr;
    auto [It, First] = Entries.try_emplace(Key);
    if (!First) {
      if (It->second.State != Entry::Ready)
        return nullptr;
      Preamble = It->second.Preamble;
      Recent.remove(Key);
      Recent.push_front(Key);
    }
  }

  if (!Preamble) {
    // Built from this file's own text, up to the end of its include block;
    // the dependency file is this file's, not the preamble's.
    CompilerInvocation Build(CI);
    Build.getDependencyOutputOpts() = DependencyOutputOptions();
    Build.getFrontendOpts().SkipFunctionBodies = false;
    // The headers' own instantiations are made once, in the preamble, not
    // again in each file (a benign language option: the files still load
    // it; clang-cl's default for PCHs).
    Build.getLangOpts().PCHInstantiateTemplates = true;
    ErrorCounter Errors;
    IntrusiveRefCntPtr<DiagnosticsEngine> Diags =
        CompilerInstance::createDiagnostics(&Build.getDiagnosticOpts(),
                                            &Errors, /*ShouldOwnClient=*/false);
    Collector Callbacks;
    ErrorOr<PrecompiledPreamble> PCH = PrecompiledPreamble::Build(
        Build, Main.get(), PreambleBounds(Block.size(), true), *Diags, VFS,
        PCHOps, /*StoreInMemory=*/true, /*StoragePath=*/"", Callbacks);
    std::lock_guard<std::mutex> Hold(Lock);
    Entry &E = Entries[Key];
    if (!PCH || Errors.getNumErrors() || Diags->hasErrorOccurred()) {
      E.State = Entry::Failed;
      return nullptr;
    }
    E.State = Entry::Ready;
    E.Preamble = Preamble = std::make_shared<SharedPreamble>(
        SharedPreamble{std::move(*PCH), std::move(Callbacks.IDs),
                       std::move(Callbacks.Renamed)});
    ++Built;
    Recent.push_front(Key);
    if (Recent.size() > Capacity) {
      // Its users hold it until they are done; a later file of its kind
      // builds it again.
      Entries.erase(Recent.back());
      Recent.pop_back();
    }
  }

  for (const SharedPreamble::Renamed &R : Preamble->RenamedHeaders)
    if (Filter.shows(R.Parsed, R.System) != Filter.shows(R.Loaded, R.System)) {
      // The other preambles of this command would name its headers so
      // too: none is built for it again.
      std::lock_guard<std::mutex> Hold(Lock);
      Renaming.insert(Config);
      return nullptr;
    }

  // The PCH replaces this file's include block, however long its own
  // comments between the includes are.
  Preamble->PCH.AddImplicitPreamble(CI, VFS, Main.release());
  CI.getPreprocessorOpts().PrecompiledPreambleBytes = {Block.size(), true};
  ++Used;
  return Preamble;
}

void SharedPreambles::propose(StringRef File, std::string Group,
                              const IncludeBlock &Block) {
  std::lock_guard<std::mutex> Hold(Lock);
  if (Block.size())
    Proposals.push_back({File.str(), std::move(Group), Block});
}

namespace {

/// The include blocks of one compile command's files, as a tree: a node
/// is a prefix, its children the next includes.
struct Node {
  std::map<std::string, Node> Children;
  /// The proposals whose block ends here, and all of those below.
  std::vector<size_t> Ending;
  unsigned Count = 0;
  /// The most parsing that a choice of preambles in this subtree saves.
  double Value = 0;
  /// This prefix is a preamble.
  bool Here = false;
  /// Its parent is a preamble and this subtree's files take it.
  bool TakesParent = false;
};

constexpr double BuildCost = 1.25;

void solve(Node &N, unsigned Depth) {
  double Split = 0;
  for (auto &[Text, C] : N.Children) {
    solve(C, Depth + 1);
    Split += C.Value;
  }
  N.Value = Split;
  if (Depth == 0 || N.Count < 2)
    return;
  // Every file that takes this prefix saves parsing it, but for the one
  // that builds it, which also pays for writing it.
  double Here = (double(N.Ending.size()) - BuildCost) * Depth;
  for (auto &[Text, C] : N.Children) {
    double Take = double(C.Count) * Depth;
    C.TakesParent = Take > C.Value;
    Here += std::max(Take, C.Value);
  }
  if (Here > Split) {
    N.Here = true;
    N.Value = Here;
  }
}

void assign(const Node &N, unsigned Depth, unsigned Taken,
            std::vector<unsigned> &Share) {
  // Taken: an ancestor's preamble holds this whole subtree.
  bool Forced = Taken != 0;
  if (!Forced && N.Here)
    Taken = Depth;
  for (size_t I : N.Ending)
    Share[I] = Taken;
  for (const auto &[Text, C] : N.Children)
    assign(C, Depth + 1, Forced || (N.Here && C.TakesParent) ? Taken : 0,
           Share);
}

} // namespace

void SharedPreambles::plan() {
  std::map<std::string, Node> Trees;
  for (size_t I = 0; I < Proposals.size(); ++I) {
    const Proposal &P = Proposals[I];
    Node *N = &Trees[P.Group];
    ++N->Count;
    for (const IncludeBlock::Line &L : P.Block.Lines) {
      // A quoted include is another header in another directory.
      std::string Step = L.Text;
      if (L.Local)
        Step += "\0" + sys::path::parent_path(P.File).str();
      N = &N->Children[Step];
      ++N->Count;
    }
    N->Ending.push_back(I);
  }
  std::vector<unsigned> Share(Proposals.size(), 0);
  for (auto &[Group, Root] : Trees) {
    solve(Root, 0);
    assign(Root, 0, 0, Share);
  }
  std::set<std::pair<std::string, std::string>> Led;
  for (size_t I = 0; I < Proposals.size(); ++I) {
    if (!Share[I])
      continue;
    const Proposal &P = Proposals[I];
    Planned[P.File] = Share[I];
    IncludeBlock Prefix = P.Block.first(Share[I]);
    std::string Dir = Prefix.dependsOnDirectory()
                          ? sys::path::parent_path(P.File).str()
                          : std::string();
    if (Led.insert({P.Group, Prefix.directives() + '\0' + Dir}).second)
      Leaders.insert(P.File);
  }
  Proposals.clear();
}

unsigned SharedPreambles::planned(StringRef File) const {
  auto It = Planned.find(File);
  return It == Planned.end() ? 0 : It->second;
}

bool SharedPreambles::leads(StringRef File) const {
  return Leaders.contains(File);
}

} // namespace corolint::tool
