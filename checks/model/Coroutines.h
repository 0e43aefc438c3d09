//===--- Coroutines.h - What is a coroutine, what is a task ----*- C++ -*-===//

#ifndef COROLINT_CHECKS_MODEL_COROUTINES_H
#define COROLINT_CHECKS_MODEL_COROUTINES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace corolint::model {

/// The coroutine body of \p FD, or null if \p FD is not a coroutine
/// definition (functions, methods and lambda call operators alike).
const clang::CoroutineBodyStmt *coroutineBody(const clang::FunctionDecl *FD);

/// Whether \p FD is defined as a coroutine.
inline bool isCoroutine(const clang::FunctionDecl *FD) {
  return coroutineBody(FD) != nullptr;
}

/// How a type behaves as a coroutine's return object.
enum class TaskKind {
  NotATask,
  /// `initial_suspend` suspends: nothing runs until it is awaited/started.
  Lazy,
  /// `initial_suspend` does not suspend: the body starts at the call.
  Eager,
  /// A promise exists but its initial suspension cannot be decided.
  Unknown,
  /// The promise has `yield_value`: a generator (synchronous or async),
  /// or an iterator that shares its promise type. It produces values when
  /// iterated; nobody has to await it, and not iterating it loses nothing.
  Generator,
};

/// Whether a value of this kind is work that someone must run or await:
/// a task, not a generator.
inline bool isTask(TaskKind K) {
  return K != TaskKind::NotATask && K != TaskKind::Generator;
}

/// What the model knows about a task type.
struct TaskInfo {
  TaskKind Kind = TaskKind::NotATask;
  /// The promise class, found through a nested `promise_type` or a
  /// `std::coroutine_traits` specialization.
  const clang::CXXRecordDecl *Promise = nullptr;
};

/// Classifies \p T structurally, without any list of known task types, so
/// that a team's own task type is recognised like `cppcoro::task`.
TaskInfo classifyTaskType(clang::QualType T, const clang::ASTContext &Ctx);

/// What `co_await` on a value of type \p T produces, read from the type
/// alone: `await_resume` of the type or of what its `operator co_await`
/// returns (in it or its bases), else the first template argument of a
/// task template (`task<int>` produces `int`). Null when unknown.
/// \p ByMembers tells whether the type's members said it (an awaitable).
clang::QualType awaitResultType(clang::QualType T, const clang::ASTContext &Ctx,
                                bool *ByMembers = nullptr);

/// Whether `co_await` on a value of type \p Awaited certainly compiles in
/// the body of \p Coroutine, so that a tool may write one there: the
/// coroutine's own task template with the same arguments but the first
/// (`task<int>` awaited in a `task<void>`; Asio's `awaitable<T, E>` needs
/// the same executor E), or a type that is an awaitable by its members
/// (`await_ready`, or a member `operator co_await`) awaited by a promise
/// without `await_transform`. False when in doubt.
bool isCertainlyAwaitableIn(const clang::FunctionDecl *Coroutine,
                            clang::QualType Awaited,
                            const clang::ASTContext &Ctx);

/// Calls \p Fn for each suspension point (`co_await`, `co_yield`, and the
/// implicit awaits of a range `for co_await`) that belongs to \p Body's own
/// coroutine: nested lambdas are their own coroutines and are skipped.
void forEachSuspensionPoint(const clang::Stmt *Body,
                            llvm::function_ref<void(const clang::Expr *)> Fn);

} // namespace corolint::model

#endif
