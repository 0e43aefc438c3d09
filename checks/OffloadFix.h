//===--- OffloadFix.h - Moving a blocking call onto a pool ------*- C++ -*-===//
//
// corolint-blocking-call's fix, beside the check: in a Boost.Asio (or
// standalone asio) coroutine with a thread pool in scope, the statement
// that blocks runs on the pool, in a coroutine of its own that the caller
// awaits:
//
//   co_await asio::co_spawn(pool, [&]() -> asio::awaitable<void> {
//     std::this_thread::sleep_for(1s); co_return; }, asio::use_awaitable);
//
// `co_await asio::post(pool, asio::use_awaitable)` before the call would
// not do it: Asio resumes the coroutine through its completion handler's
// executor, the coroutine's own, so the call would still run on the loop
// thread.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_OFFLOADFIX_H
#define COROLINT_CHECKS_OFFLOADFIX_H

#include "model/Execution.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include <optional>

namespace corolint::checks {

/// The fix for the blocking \p Call in \p Coroutine, when it is certainly
/// right: the coroutine is an Asio `awaitable<T>` on the default executor,
/// the call belongs to an expression statement of its body (no
/// `co_await` in it, not in a catch handler, no macro), exactly one
/// thread pool (or pool executor) is in scope (a parameter, a local
/// declared before, or a member of the coroutine's class), and the
/// translation unit declares `co_spawn` and `use_awaitable`.
std::optional<clang::FixItHint>
offloadToPoolFix(const clang::FunctionDecl *Coroutine, const clang::Expr *Call,
                 model::ExecutionModel &Model, clang::ASTContext &Ctx);

} // namespace corolint::checks

#endif
