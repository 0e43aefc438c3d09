//===--- Execution.h - Which code runs on which thread ---------*- C++ -*-===//
//
// A coroutine's body runs on the coroutine's thread, except for work it
// hands off: callables passed to an offload function (a thread pool's post,
// std::thread, std::async...) and everything after `co_await pool.schedule()`.
// Lambdas run inline when called in place or passed to an algorithm that
// takes them by their own type (std::for_each); lambdas merely stored run
// nowhere we can see and are not walked.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_MODEL_EXECUTION_H
#define COROLINT_CHECKS_MODEL_EXECUTION_H

#include "model/Names.h"
#include "profiles/Profile.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace corolint::model {

/// One call (or construction) that runs on the walked thread.
struct CallSite {
  const clang::Expr *Call = nullptr; ///< CallExpr or CXXConstructExpr.
  const clang::FunctionDecl *Callee = nullptr;
  /// The implicit object of a member call, if any.
  const clang::Expr *Object = nullptr;
  /// Arguments, without the implicit object.
  llvm::SmallVector<const clang::Expr *, 4> Args;
};

/// Decodes any call-like expression into a CallSite; false if \p E is not
/// one.
bool decodeCall(const clang::Expr *E, CallSite &Out);

/// The named object a call goes through, `blockingWait(t)` with
/// `inline constexpr BlockingWaitFn blockingWait{}`: profiles name such
/// function objects and customisation-point objects like functions.
const clang::VarDecl *callableObject(const CallSite &CS);

/// Answers "does this run here?" questions from the profiles.
class ExecutionModel {
public:
  ExecutionModel(const profiles::ProfileSet &Profiles, NameCache &Names)
      : Profiles(Profiles), Names(Names) {}

  /// The profile entry if \p CS really hands work to another thread here.
  const profiles::OffloadEntry *offloadFor(const CallSite &CS);

  /// Functions and lambda classes whose code an offload call hands away:
  /// lambdas passed (directly or through a local), functions passed by
  /// name, and coroutines called to produce the awaitable it runs.
  void collectHandedOff(const CallSite &OffloadCall,
                        llvm::SmallVectorImpl<const clang::Decl *> &Out);

  /// Reads the offload calls in \p Functions' bodies and remembers what
  /// they hand away, for isHandedOff: callables passed to an offload
  /// function or to a function of the translation unit that passes that
  /// parameter on to one (`sum(1, 1, callback)` starting a std::thread),
  /// and coroutines called after the coroutine moved to another executor
  /// (`co_await tp->schedule(); co_await work();`).
  void scanHandoffs(llvm::ArrayRef<const clang::FunctionDecl *> Functions);

  /// The arguments of \p CS whose work another thread runs: an offload
  /// function's work arguments, or those a TU function passes on to one.
  void handedOffArgs(const CallSite &CS,
                     llvm::SmallVectorImpl<const clang::Expr *> &Out);

  /// Whether \p Callee hands its argument \p ArgIndex to another thread,
  /// directly or through functions of the translation unit.
  bool forwardsToOffload(const clang::FunctionDecl *Callee,
                         unsigned ArgIndex) const;

  /// Whether \p FD (a function, a lambda's call operator, or an
  /// instantiation of either) was handed to another thread somewhere.
  bool isHandedOff(const clang::FunctionDecl *FD) const;

  /// Calls \p Fn for every call that runs on the current thread when
  /// \p Body runs: handed-off arguments, stored lambdas and unevaluated
  /// operands are skipped; lambdas run in place are walked as part of it.
  void forEachInlineCall(const clang::Stmt *Body,
                         llvm::function_ref<void(const CallSite &)> Fn);

  /// Whether the class behind \p T runs work on a thread pool.
  bool isPoolExecutor(clang::QualType T, unsigned Depth = 0);

  NameCache &names() { return Names; }
  const profiles::ProfileSet &profiles() const { return Profiles; }

private:
  const profiles::ProfileSet &Profiles;
  NameCache &Names;
  llvm::DenseSet<const clang::Decl *> HandedOff;
  /// (function, parameter index) pairs that reach an offload call.
  llvm::DenseSet<std::pair<const clang::Decl *, unsigned>> Forwarding;
};

/// Whether \p CS calls something a profile names as \p Test accepts: the
/// callee's qualified name, or `ObjectClass::member` for a member called on
/// an object of a derived class (`Lazy::start` declared in `LazyBase`).
bool callMatches(const CallSite &CS, NameCache &Names,
                 llvm::function_ref<bool(llvm::StringRef)> Test);

/// Strips implicit conversions, temporaries and copies around an argument.
const clang::Expr *stripArgument(const clang::Expr *E);

/// The lambda an argument denotes: a lambda expression, or a local variable
/// initialised with one.
const clang::LambdaExpr *lambdaOf(const clang::Expr *Arg);

} // namespace corolint::model

#endif
