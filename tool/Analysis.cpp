//===--- Analysis.cpp - One translation unit through the checks -----------===//

#include "Analysis.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
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
class UserScope : public ASTConsumer {
public:
  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    std::vector<Decl *> Scope;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      SourceLocation L = D->getLocation();
      if (L.isValid() && !SM.isInSystemHeader(SM.getExpansionLoc(L)))
        Scope.push_back(D);
    }
    Ctx.setTraversalScope(Scope);
  }
};

class Action : public ASTFrontendAction {
public:
  explicit Action(ClangTidyASTConsumerFactory &Factory) : Factory(Factory) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef File) override {
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(std::make_unique<UserScope>());
    Consumers.push_back(Factory.createASTConsumer(CI, File));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  ClangTidyASTConsumerFactory &Factory;
};

class ActionFactory : public FrontendActionFactory {
public:
  ActionFactory(ClangTidyContext &Context,
                IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS)
      : Factory(Context, std::move(FS)) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(Factory);
  }
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy: code guarded by __clang_analyzer__ is seen.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    return FrontendActionFactory::runInvocation(Invocation, Files,
                                                PCHContainerOps, DiagConsumer);
  }

private:
  ClangTidyASTConsumerFactory Factory;
};

} // namespace

std::vector<ClangTidyError>
analyseUserCode(ClangTidyContext &Context, const CompilationDatabase &DB,
                StringRef File,
                IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS) {
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
  ActionFactory Factory(Context, std::move(FS));
  Tool.run(&Factory);
  return DiagConsumer.take();
}

} // namespace corolint::tool
