//===--- Names.cpp - Qualified names as profiles spell them ---------------===//

#include "model/Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace corolint::model {

static void appendName(const NamedDecl *D, std::string &Out) {
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    // Constructors read `thread::thread`, operators `operator>>`.
    Out += FD->getNameInfo().getName().getAsString();
    return;
  }
  Out += D->getNameAsString();
}

llvm::StringRef NameCache::qualifiedName(const NamedDecl *D) {
  if (!D)
    return {};
  D = cast<NamedDecl>(D->getCanonicalDecl());
  auto [It, Inserted] = Cache.try_emplace(D);
  if (!Inserted)
    return It->second;

  llvm::SmallVector<const NamedDecl *, 8> Parts;
  if (!D->getDeclName().isIdentifier() && !isa<FunctionDecl>(D))
    return It->second;
  Parts.push_back(D);
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS);
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        continue;
      Parts.push_back(RD);
    } else if (const auto *ED = dyn_cast<EnumDecl>(DC)) {
      // `blocking_t::no`, as C++ spells a scoped enumerator.
      if (ED->isScoped() && ED->getIdentifier())
        Parts.push_back(ED);
    } else if (isa<FunctionDecl>(DC)) {
      // A local class or lambda: profiles never name these.
      It->second.clear();
      return It->second;
    }
  }
  std::string Name;
  for (auto P = Parts.rbegin(); P != Parts.rend(); ++P) {
    if (!Name.empty())
      Name += "::";
    appendName(*P, Name);
  }
  It->second = std::move(Name);
  return It->second;
}

llvm::StringRef NameCache::className(QualType T) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD) {
    // A status enumeration (`connect_status`) is named like a class.
    if (const auto *ET = T->getAs<EnumType>())
      return qualifiedName(ET->getDecl());
    // An uninstantiated specialization still names its template.
    if (const auto *TST = T->getAs<TemplateSpecializationType>())
      if (const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl())
        return qualifiedName(TD->getTemplatedDecl());
    return {};
  }
  return qualifiedName(RD);
}

std::string displayName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (MD->getParent()->isLambda())
      return "lambda";
    if (MD->getParent()->getIdentifier())
      return MD->getParent()->getName().str() +
             "::" + FD->getNameInfo().getName().getAsString();
  }
  return FD->getNameInfo().getName().getAsString();
}

} // namespace corolint::model
