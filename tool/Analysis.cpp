//===--- Analysis.cpp - One translation unit through the checks -----------===//

#include "Analysis.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/ASTReader.h"
#include "clang/Serialization/ModuleManager.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"

using namespace clang;
using namespace clang::tidy;
using namespace clang::tooling;

namespace corolint::tool {

namespace {

/// Runs before clang-tidy's consumer at the end of the translation unit:
/// limits the traversal to the declarations not in a system header.
/// With a shared preamble, those of its headers are read back by the ids
/// recorded when it was built, and those parsed here are the ones the
/// parser hands over: walking the translation unit's declarations would
/// deserialise every header's.
class UserScope : public ASTConsumer {
public:
  UserScope(CompilerInstance &CI, const SharedPreamble *Preamble)
      : CI(CI), Preamble(Preamble) {}

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    if (Preamble)
      Parsed.insert(Parsed.end(), DG.begin(), DG.end());
    return true;
  }
  /// The PCH's declarations that code generation would want; not parsed
  /// here, and not top-level declarations of this file's.
  void HandleInterestingDecl(DeclGroupRef) override {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    std::vector<Decl *> Scope;
    if (!Preamble) {
      for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
        if (isUserTopLevelDecl(*D, SM))
          Scope.push_back(D);
    } else {
      if (ASTReader *Reader = CI.getASTReader().get()) {
        serialization::ModuleFile &PCH =
            Reader->getModuleManager().getPrimaryModule();
        for (LocalDeclID ID : Preamble->UserDecls)
          if (Decl *D = Reader->GetLocalDecl(PCH, ID))
            Scope.push_back(D);
      }
      for (Decl *D : Parsed)
        if (isParsedTopLevelDecl(*D) && isUserTopLevelDecl(*D, SM))
          Scope.push_back(D);
    }
    Ctx.setTraversalScope(Scope);
  }

private:
  CompilerInstance &CI;
  const SharedPreamble *Preamble;
  std::vector<Decl *> Parsed;
};

class Action : public ASTFrontendAction {
public:
  Action(ClangTidyASTConsumerFactory &Factory, const SharedPreamble *Preamble)
      : Factory(Factory), Preamble(Preamble) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef File) override {
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(std::make_unique<UserScope>(CI, Preamble));
    Consumers.push_back(Factory.createASTConsumer(CI, File));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  ClangTidyASTConsumerFactory &Factory;
  const SharedPreamble *Preamble;
};

class ActionFactory : public FrontendActionFactory {
public:
  ActionFactory(ClangTidyContext &Context,
                IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
                SharedPreambles *Preambles, unsigned Directives)
      : Context(Context), Factory(Context, std::move(FS)),
        Preambles(Preambles), Directives(Directives) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(Factory, nullptr);
  }
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy: code guarded by __clang_analyzer__ is seen.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    std::shared_ptr<const SharedPreamble> Preamble;
    IntrusiveRefCntPtr<FileManager> PreambleFiles;
    if (Preambles && Directives &&
        Invocation->getFrontendOpts().Inputs.size() == 1) {
      IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS =
          Files->getVirtualFileSystemPtr();
      auto Main = VFS->getBufferForFile(
          Invocation->getFrontendOpts().Inputs[0].getFile());
      // clang-tidy's header filter (ClangTidyDiagnosticConsumer), for the
      // headers the preamble would name otherwise.
      HeaderFilter Filter(Context.getOptionsForFile(
          Invocation->getFrontendOpts().Inputs[0].getFile()));
      if (Main)
        Preamble = Preambles->use(*Invocation, VFS, std::move(*Main),
                                  PCHContainerOps, Directives, Filter);
      // The preamble's PCH is a file of the file system it returns.
      if (Preamble)
        PreambleFiles = new FileManager(Files->getFileSystemOpts(), VFS);
    }
    if (PreambleFiles)
      Files = PreambleFiles.get();
    // FrontendActionFactory::runInvocation, with this file's preamble.
    CompilerInstance Compiler(std::move(PCHContainerOps));
    Compiler.setInvocation(std::move(Invocation));
    Compiler.setFileManager(Files);
    Action A(Factory, Preamble.get());
    Compiler.createDiagnostics(DiagConsumer, /*ShouldOwnClient=*/false);
    if (!Compiler.hasDiagnostics())
      return false;
    Compiler.createSourceManager(*Files);
    const bool Success = Compiler.ExecuteAction(A);
    Files->clearStatCache();
    return Success;
  }

private:
  ClangTidyContext &Context;
  ClangTidyASTConsumerFactory Factory;
  SharedPreambles *Preambles;
  unsigned Directives;
};

} // namespace

std::vector<ClangTidyError>
analyseUserCode(ClangTidyContext &Context, const CompilationDatabase &DB,
                StringRef File,
                IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
                SharedPreambles *Preambles, unsigned Directives) {
  ClangTool Tool(DB, {File.str()}, std::make_shared<PCHContainerOperations>(),
                 FS);
  // The configuration's ExtraArgsBefore and ExtraArgs, as clang-tidy adds
  // them, after ClangTool's own adjusters strip the output options.
  Tool.appendArgumentsAdjuster([&Context](const CommandLineArguments &Args,
                                          StringRef Filename) {
    ClangTidyOptions Opts = Context.getOptionsForFile(Filename);
    CommandLineArguments Adjusted = Args;
    if (Opts.ExtraArgsBefore) {
      auto I = Adjusted.begin();
      if (I != Adjusted.end() && !StringRef(*I).starts_with("-"))
        ++I; // The compiler's name.
      Adjusted.insert(I, Opts.ExtraArgsBefore->begin(),
                      Opts.ExtraArgsBefore->end());
    }
    if (Opts.ExtraArgs)
      Adjusted.insert(Adjusted.end(), Opts.ExtraArgs->begin(),
                      Opts.ExtraArgs->end());
    return Adjusted;
  });
  Tool.appendArgumentsAdjuster(getStripPluginsAdjuster());
  // The checks register their matcher for a traversal scope (see
  // checks/CorolintCheck.cpp); nothing else here reads this flag but
  // clang-tidy's include inserters, which corolint's checks do not use.
  Context.setSelfContainedDiags(true);

  ClangTidyDiagnosticConsumer DiagConsumer(Context, nullptr,
                                           /*RemoveIncompatibleErrors=*/true,
                                           /*GetFixesFromNotes=*/false);
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(),
                       &DiagConsumer, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);
  Tool.setDiagnosticConsumer(&DiagConsumer);
  ActionFactory Factory(Context, std::move(FS), Preambles, Directives);
  Tool.run(&Factory);
  return DiagConsumer.take();
}

} // namespace corolint::tool
