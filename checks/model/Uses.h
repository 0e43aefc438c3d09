//===--- Uses.h - Where a value goes ---------------------------*- C++ -*-===//
//
// The task-lifetime checks ask where a value ends up: thrown away at the end
// of a statement, handed on, awaited, or left in a local until it dies. The
// helpers here answer for one function body, without the ASTContext-wide
// parent map (which would walk every library header).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_MODEL_USES_H
#define COROLINT_CHECKS_MODEL_USES_H

#include "model/Coroutines.h"
#include "clang/Basic/SourceManager.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace corolint::model {

/// The statements the user wrote as \p FD's body: the inside of a coroutine
/// body, or the plain body.
const clang::Stmt *writtenBody(const clang::FunctionDecl *FD);

/// The definition of \p FD when it is a coroutine the checks can read:
/// defined in this translation unit, outside system headers. Else null.
const clang::FunctionDecl *
readableCoroutine(const clang::FunctionDecl *FD,
                  const clang::SourceManager &SM);

/// A full-expression whose value nobody uses.
struct Discarded {
  /// The value-producing expression, with parentheses, temporaries and a
  /// cast to void stripped.
  const clang::Expr *Value;
  /// The cast to void around it, if one was written: `(void)fetch()`.
  const clang::Expr *VoidCast;
};

/// Calls \p Fn for every discarded full-expression in \p Body: expression
/// statements, for-loop increments, the left side of a comma. Nested lambdas
/// are functions of their own and are skipped.
void forEachDiscarded(const clang::Stmt *Body,
                      llvm::function_ref<void(const Discarded &)> Fn);

/// Calls \p Fn for every statement under \p Root, \p Root included, in no
/// particular order. Lambda bodies are functions of their own and are
/// skipped; their capture initialisers are visited.
void forEachStmt(const clang::Stmt *Root,
                 llvm::function_ref<void(const clang::Stmt *)> Fn);

/// Child-to-parent links for one function body (lambda bodies excluded).
class LocalParents {
public:
  explicit LocalParents(const clang::Stmt *Body);
  const clang::Stmt *parent(const clang::Stmt *S) const {
    return Parents.lookup(S);
  }

private:
  llvm::DenseMap<const clang::Stmt *, const clang::Stmt *> Parents;
};

/// What a use of a local object does with it.
enum class UseKind {
  /// Awaited, returned, passed to a call, moved or copied elsewhere, bound
  /// to a reference, captured, or started: the object's work is handed on.
  Consumes,
  /// A query on it (a const member function), or an unevaluated mention.
  Inspects,
  /// Assigned to: the old value is replaced.
  Reassigns,
};

/// Classifies the use \p Ref of a local object, reading its context from
/// \p Parents. Any non-const member call counts as consuming: it may start
/// or adapt the object (`start()`, `scheduleOn(ex)`), and a linter that
/// guessed otherwise would cry wolf.
UseKind classifyUse(const clang::DeclRefExpr *Ref, const LocalParents &Parents);

/// The variable, parameter or member an object expression is rooted in:
/// `sock` for `sock`, `this->sock_`, `get_lowest_layer(sock)` and
/// `derived().stream()`'s object; null when there is none.
const clang::ValueDecl *rootDecl(const clang::Expr *E);

/// Task kinds by type, cached for one translation unit.
class TaskTypes {
public:
  explicit TaskTypes(const clang::ASTContext &Ctx) : Ctx(Ctx) {}
  TaskKind kindOf(clang::QualType T);

private:
  const clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::Type *, TaskKind> Cache;
};

} // namespace corolint::model

#endif
