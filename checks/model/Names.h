//===--- Names.h - Qualified names as profiles spell them ------*- C++ -*-===//

#ifndef COROLINT_CHECKS_MODEL_NAMES_H
#define COROLINT_CHECKS_MODEL_NAMES_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include <string>

namespace corolint::model {

/// Computes the names that profiles use: namespaces and classes joined by
/// `::`, without template arguments, inline namespaces (`__cxx11`, `__1`)
/// or `extern "C"` blocks. `std::future<int>::get` is `std::future::get`.
/// Results are cached per declaration; one instance lives per check run.
class NameCache {
public:
  /// The profile-style qualified name of \p D; empty for unnamed entities.
  llvm::StringRef qualifiedName(const clang::NamedDecl *D);

  /// The qualified name of the class (or enumeration) behind \p T (through
  /// references, pointers, typedefs and template specializations); empty
  /// if none.
  llvm::StringRef className(clang::QualType T);

private:
  llvm::DenseMap<const clang::Decl *, std::string> Cache;
};

/// A short, human name for a function in messages: `heartbeat`,
/// `session::run`; lambdas read `lambda`.
std::string displayName(const clang::FunctionDecl *FD);

} // namespace corolint::model

#endif
