#include "model/Coroutines.h"
#include "model/Execution.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "model/Uses.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace corolint::model;

namespace {

const char Prelude[] = R"cpp(
namespace std {
template <class R, class... A> struct coroutine_traits { using promise_type = typename R::promise_type; };
template <class P = void> struct coroutine_handle { static coroutine_handle from_address(void*); void* address(); operator coroutine_handle<>() const; };
template <> struct coroutine_handle<void> { static coroutine_handle from_address(void*); void* address(); };
struct suspend_always { bool await_ready() const noexcept { return false; } void await_suspend(coroutine_handle<>) const noexcept {} void await_resume() const noexcept {} };
struct suspend_never { bool await_ready() const noexcept { return true; } void await_suspend(coroutine_handle<>) const noexcept {} void await_resume() const noexcept {} };
}
#define PROMISE(Task, Initial) struct promise_type { Task get_return_object(); Initial initial_suspend() noexcept; std::suspend_always final_suspend() noexcept; void return_void(); void unhandled_exception(); };
)cpp";

std::unique_ptr<ASTUnit> parse(const std::string &Code) {
  return tooling::buildASTFromCodeWithArgs(Prelude + Code, {"-std=c++20"});
}

template <typename T, typename M> const T *find(ASTUnit &AST, M Matcher) {
  auto Found = match(Matcher.bind("x"), AST.getASTContext());
  return Found.empty() ? nullptr : Found.front().template getNodeAs<T>("x");
}

TaskKind kindOf(ASTUnit &AST, const std::string &Class) {
  const auto *RD = find<CXXRecordDecl>(
      AST, cxxRecordDecl(hasName(Class), isDefinition()));
  if (!RD)
    return TaskKind::NotATask;
  return classifyTaskType(AST.getASTContext().getRecordType(RD),
                          AST.getASTContext())
      .Kind;
}

} // namespace

TEST(TaskTypes, LazyWhenInitialSuspendIsSuspendAlways) {
  auto AST = parse("struct task { PROMISE(task, std::suspend_always) };");
  EXPECT_EQ(kindOf(*AST, "task"), TaskKind::Lazy);
}

TEST(TaskTypes, EagerWhenInitialSuspendNeverSuspends) {
  auto AST = parse("struct qtask { PROMISE(qtask, std::suspend_never) };");
  EXPECT_EQ(kindOf(*AST, "qtask"), TaskKind::Eager);
}

TEST(TaskTypes, TeamAwaiterWithConstantFalseAwaitReadyIsLazy) {
  auto AST = parse(R"cpp(
    struct park { bool await_ready() const noexcept { return false; }
                  void await_suspend(std::coroutine_handle<>) noexcept {}
                  void await_resume() noexcept {} };
    struct job { PROMISE(job, park) };)cpp");
  EXPECT_EQ(kindOf(*AST, "job"), TaskKind::Lazy);
}

TEST(TaskTypes, PromiseFromCoroutineTraitsSpecialization) {
  // Boost.Asio attaches awaitable's promise from outside the class.
  auto AST = parse(R"cpp(
    template <class T> struct awaitable {};
    template <class T> struct frame { PROMISE(awaitable<T>, std::suspend_always) };
    template <class T, class... A> struct std::coroutine_traits<awaitable<T>, A...> {
      using promise_type = typename frame<T>::promise_type; };
    awaitable<int> f();)cpp");
  const auto *FD = find<FunctionDecl>(*AST, functionDecl(hasName("f")));
  ASSERT_NE(FD, nullptr);
  TaskInfo Info = classifyTaskType(FD->getReturnType(), AST->getASTContext());
  EXPECT_NE(Info.Promise, nullptr);
  EXPECT_EQ(Info.Kind, TaskKind::Lazy);
}

TEST(TaskTypes, PlainClassIsNotATask) {
  auto AST = parse("struct widget { int x; };");
  EXPECT_EQ(kindOf(*AST, "widget"), TaskKind::NotATask);
}

TEST(Coroutines, FunctionsAndLambdasWithCoroutineBodies) {
  auto AST = parse(R"cpp(
    struct task { PROMISE(task, std::suspend_always) };
    task coro() { co_return; }
    task plain();
    auto l = []() -> task { co_return; };)cpp");
  EXPECT_TRUE(isCoroutine(find<FunctionDecl>(*AST, functionDecl(hasName("coro")))));
  EXPECT_FALSE(isCoroutine(find<FunctionDecl>(*AST, functionDecl(hasName("plain")))));
  EXPECT_TRUE(isCoroutine(find<CXXMethodDecl>(
      *AST, cxxMethodDecl(hasName("operator()"), ofClass(isLambda())))));
}

TEST(Coroutines, SuspensionPointsSkipNestedLambdas) {
  auto AST = parse(R"cpp(
    struct task { PROMISE(task, std::suspend_always) };
    task f() {
      co_await std::suspend_always{};
      auto inner = []() -> task { co_await std::suspend_always{}; };
      co_await std::suspend_always{};
    })cpp");
  const auto *FD = find<FunctionDecl>(*AST, functionDecl(hasName("f"), isDefinition()));
  unsigned N = 0;
  forEachSuspensionPoint(FD->getBody(), [&](const Expr *) { ++N; });
  EXPECT_EQ(N, 2u);
}

namespace {
/// Names of the functions whose calls the model says run inline in `f`.
std::vector<std::string> inlineCalls(ASTUnit &AST) {
  corolint::profiles::ProfileSet Profiles;
  auto P = corolint::profiles::parseProfile(R"yaml(
name: test
offload:
  - {name: spawn_thread}
  - {name: post, when: pool-executor-arg}
pool-executors: [pool]
)yaml", "test.yaml");
  EXPECT_TRUE(static_cast<bool>(P));
  Profiles.add(std::move(*P));
  NameCache Names;
  ExecutionModel Model(Profiles, Names);
  const auto *FD = find<FunctionDecl>(AST, functionDecl(hasName("f"), isDefinition()));
  std::vector<std::string> Out;
  Model.forEachInlineCall(FD->getBody(), [&](const CallSite &CS) {
    if (CS.Callee && CS.Callee->getIdentifier())
      Out.push_back(CS.Callee->getName().str());
  });
  return Out;
}
} // namespace

TEST(HandedOff, LambdaPassedToOffloadFunctionDoesNotRunInline) {
  auto AST = parse(R"cpp(
    void block(); void ok();
    template <class F> void spawn_thread(F f);
    void f() { spawn_thread([] { block(); }); ok(); })cpp");
  EXPECT_EQ(inlineCalls(*AST), std::vector<std::string>{"ok"});
}

TEST(HandedOff, PostRunsElsewhereOnlyOnAPoolExecutor) {
  auto AST = parse(R"cpp(
    void on_pool(); void on_loop();
    struct pool {}; struct loop {};
    template <class E, class F> void post(E &e, F f);
    void f(pool &p, loop &l) { post(p, [] { on_pool(); }); post(l, [] { on_loop(); }); })cpp");
  auto Calls = inlineCalls(*AST);
  EXPECT_NE(std::find(Calls.begin(), Calls.end(), "on_loop"), Calls.end());
  EXPECT_EQ(std::find(Calls.begin(), Calls.end(), "on_pool"), Calls.end());
}

TEST(HandedOff, LambdaStoredInALocalAndHandedOffDoesNotRunInline) {
  auto AST = parse(R"cpp(
    void block();
    template <class F> void spawn_thread(F f);
    void f() { auto work = [] { block(); }; spawn_thread(work); })cpp");
  auto Calls = inlineCalls(*AST);
  EXPECT_EQ(std::find(Calls.begin(), Calls.end(), "block"), Calls.end());
}

TEST(HandedOff, LambdaTakenByAnAlgorithmRunsInline) {
  auto AST = parse(R"cpp(
    void each();
    template <class F> void for_each_item(F f) { f(); }
    void f() { for_each_item([] { each(); }); })cpp");
  auto Calls = inlineCalls(*AST);
  EXPECT_NE(std::find(Calls.begin(), Calls.end(), "each"), Calls.end());
}

namespace {
/// Names of the user functions UserCode finds, with `system.h` mapped in as
/// a system header holding library code.
std::vector<std::string> userFunctionNames(const std::string &Code,
                                           bool CoroutinesOnly = false) {
  // The prelude's std:: is library code too.
  auto AST = tooling::buildASTFromCodeWithArgs(
      "#include <system.h>\n" + Code,
      {"-std=c++20", "-isystem", "/virtual"}, "input.cc", "corolint-test",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(),
      {{"/virtual/system.h", std::string(Prelude) + R"cpp(
        #pragma once
        namespace lib {
        inline void library_function() {}
        template <class F> void call(F f) { f(); }
        struct widget { void method() {} };
        })cpp"}});
  UserCode Code2 = UserCode::collect(AST->getASTContext());
  std::vector<std::string> Out;
  for (const FunctionDecl *FD :
       CoroutinesOnly ? Code2.Coroutines : Code2.Functions)
    Out.push_back(displayName(FD) +
                  (FD->isTemplateInstantiation() ? "<inst>" : ""));
  return Out;
}
} // namespace

TEST(UserCode, SkipsFunctionsDeclaredInSystemHeaders) {
  auto Names = userFunctionNames("void mine() { lib::library_function(); }");
  EXPECT_EQ(Names, std::vector<std::string>{"mine"});
}

TEST(UserCode, FindsLambdasMethodsAndTemplateInstantiations) {
  auto Names = userFunctionNames(R"cpp(
    struct server { void run() { auto l = [] {}; l(); } };
    template <class T> void each(T) {}
    void go() { each(1); lib::call([] {}); })cpp");
  std::sort(Names.begin(), Names.end());
  EXPECT_EQ(Names, (std::vector<std::string>{"each", "each<inst>", "go",
                                             "lambda", "lambda",
                                             "server::run"}));
}

TEST(UserCode, FindsCoroutinesIncludingGenericLambdaInstantiations) {
  auto Names = userFunctionNames(R"cpp(
    struct task { PROMISE(task, std::suspend_always) };
    task plain_coroutine() { co_return; }
    void not_a_coroutine() {}
    void go() {
      auto generic = [](auto x) -> task { co_return; };
      generic(1);
    })cpp",
                                 /*CoroutinesOnly=*/true);
  EXPECT_EQ(Names, (std::vector<std::string>{"plain_coroutine", "lambda",
                                             "lambda<inst>"}));
}

TEST(TaskTypes, InitialSuspendDeclaredInAPromiseBaseClass) {
  // Boost.Asio's awaitable_frame inherits initial_suspend from its base.
  auto AST = parse(R"cpp(
    struct frame_base { std::suspend_always initial_suspend() noexcept; };
    struct job {
      struct promise_type : frame_base {
        job get_return_object(); std::suspend_always final_suspend() noexcept;
        void return_void(); void unhandled_exception(); };
    };)cpp");
  EXPECT_EQ(kindOf(*AST, "job"), TaskKind::Lazy);
}

TEST(TaskTypes, PromiseOfAnUninstantiatedSpecializationIsReadFromItsPattern) {
  auto AST = parse(R"cpp(
    template <class T> struct task { PROMISE(task, std::suspend_always) };
    task<int> fetch();
    void use() { fetch(); })cpp");
  const auto *Call = find<CallExpr>(*AST, callExpr(callee(functionDecl(hasName("fetch")))));
  ASSERT_NE(Call, nullptr);
  EXPECT_EQ(classifyTaskType(Call->getType(), AST->getASTContext()).Kind,
            TaskKind::Lazy);
}

namespace {
/// Source text of each discarded value in `f`, `void:` marking a cast.
std::vector<std::string> discardedIn(const std::string &Code) {
  auto AST = parse(Code);
  const auto *FD = find<FunctionDecl>(*AST, functionDecl(hasName("f"), isDefinition()));
  std::vector<std::string> Out;
  forEachDiscarded(writtenBody(FD), [&](const Discarded &D) {
    const auto *Call = dyn_cast<CallExpr>(D.Value);
    if (!Call || !Call->getDirectCallee())
      return;
    Out.push_back(std::string(D.VoidCast ? "void:" : "") +
                  Call->getDirectCallee()->getNameAsString());
  });
  return Out;
}
} // namespace

TEST(Discarded, StatementsCastsCommasAndLoopIncrementsButNotValuesInUse) {
  auto Found = discardedIn(R"cpp(
    int a(); int b(); int c(); int d(); int e(); int g(int);
    void f() {
      a();
      (void)b();
      for (int i = 0; i < 3; c(), ++i) g(d());
      int kept = e();
      auto l = [] { a(); };
    })cpp");
  EXPECT_EQ(Found, (std::vector<std::string>{"a", "void:b", "c", "g"}));
}

namespace {
UseKind useOfX(const std::string &Body) {
  auto AST = parse("struct obj { void go(); bool done() const; };\n"
                   "void take(obj); void f() { obj x; " + Body + " }");
  const auto *FD = find<FunctionDecl>(*AST, functionDecl(hasName("f"), isDefinition()));
  const auto *Ref = find<DeclRefExpr>(*AST, declRefExpr(to(varDecl(hasName("x")))));
  LocalParents Parents(FD->getBody());
  return classifyUse(Ref, Parents);
}
} // namespace

TEST(Uses, PassingCallingAndCapturingConsumeButQueriesDoNot) {
  EXPECT_EQ(useOfX("take(x);"), UseKind::Consumes);
  EXPECT_EQ(useOfX("x.go();"), UseKind::Consumes);
  EXPECT_EQ(useOfX("obj *p = &x;"), UseKind::Consumes);
  EXPECT_EQ(useOfX("obj y = x;"), UseKind::Consumes);
  EXPECT_EQ(useOfX("x.done();"), UseKind::Inspects);
  EXPECT_EQ(useOfX("(void)x;"), UseKind::Inspects);
  EXPECT_EQ(useOfX("x = obj();"), UseKind::Reassigns);
}

TEST(TaskTypes, GeneratorWhenThePromiseYieldsValuesAndItsIteratorToo) {
  auto AST = parse(R"cpp(
    struct base_promise { std::suspend_always yield_value(int) noexcept; };
    struct gen {
      struct promise_type : base_promise { gen get_return_object();
        std::suspend_always initial_suspend() noexcept;
        std::suspend_always final_suspend() noexcept;
        void return_void(); void unhandled_exception(); };
      struct iterator { using promise_type = gen::promise_type; };
    };)cpp");
  EXPECT_EQ(kindOf(*AST, "gen"), TaskKind::Generator);
  EXPECT_EQ(kindOf(*AST, "iterator"), TaskKind::Generator);
  EXPECT_FALSE(isTask(TaskKind::Generator));
  EXPECT_TRUE(isTask(TaskKind::Lazy));
}

TEST(UserCode, CodeWrittenByAHeaderMacroIsForeignButItsArgumentsAreNot) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      R"cpp(#include "check.h"
            #define LOCAL_TRY(x) try { x; } catch (...) {}
            void f(int);
            void g() {
              CHECK_THROWS(f(1));
              LOCAL_TRY(f(2));
              try { f(3); } catch (...) {}
            })cpp",
      {"-std=c++20"}, "input.cc", "corolint-test",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(),
      {{"check.h", "#define CHECK_THROWS(x) try { x; } catch (...) {}"}});
  ASSERT_NE(AST, nullptr);
  const SourceManager &SM = AST->getSourceManager();
  std::vector<bool> Foreign;
  for (const BoundNodes &N :
       match(cxxTryStmt().bind("t"), AST->getASTContext())) {
    const auto *T = N.getNodeAs<CXXTryStmt>("t");
    Foreign.push_back(isWrittenByForeignMacro(T->getTryLoc(), SM));
  }
  EXPECT_EQ(Foreign, (std::vector<bool>{true, false, false}));
  // An argument of the header's macro is spelled by the user.
  const auto *Call = find<CallExpr>(
      *AST, callExpr(hasArgument(0, integerLiteral(equals(1)))));
  ASSERT_NE(Call, nullptr);
  EXPECT_FALSE(isWrittenByForeignMacro(Call->getBeginLoc(), SM));
}

TEST(Names, ScopedEnumeratorsKeepTheirEnumAndEnumsNameAsClasses) {
  auto AST = parse(R"cpp(
    namespace net { struct socket { enum class blocking_t { yes, no }; };
                    enum plain { one }; }
    net::socket::blocking_t b = net::socket::blocking_t::no;
    net::plain p = net::one;)cpp");
  NameCache Names;
  const auto *No = find<EnumConstantDecl>(*AST, enumConstantDecl(hasName("no")));
  const auto *One = find<EnumConstantDecl>(*AST, enumConstantDecl(hasName("one")));
  const auto *B = find<VarDecl>(*AST, varDecl(hasName("b")));
  ASSERT_TRUE(No && One && B);
  EXPECT_EQ(Names.qualifiedName(No), "net::socket::blocking_t::no");
  EXPECT_EQ(Names.qualifiedName(One), "net::one");
  EXPECT_EQ(Names.className(B->getType()), "net::socket::blocking_t");
}

namespace {

std::string awaitResultOf(const std::string &Code, const std::string &Var) {
  auto AST = parse(Code);
  const auto *VD = find<VarDecl>(*AST, varDecl(hasName(Var)));
  if (!VD)
    return "<no var>";
  bool ByMembers = false;
  QualType R =
      awaitResultType(VD->getType(), AST->getASTContext(), &ByMembers);
  if (R.isNull())
    return "<unknown>";
  return R.getAsString() + (ByMembers ? " (members)" : " (argument)");
}

} // namespace

TEST(AwaitResult, ReadsAwaitResumeOperatorCoAwaitAndTheTaskArgument) {
  const std::string Types = R"cpp(
    struct op { bool await_ready(); void await_suspend(std::coroutine_handle<>); long await_resume(); };
    struct derived : op {};
    struct via { op operator co_await(); };
    template <class T> struct task { PROMISE(task, std::suspend_always) };
    struct plain {};)cpp";
  EXPECT_EQ(awaitResultOf(Types + "op a;", "a"), "long (members)");
  EXPECT_EQ(awaitResultOf(Types + "derived a;", "a"), "long (members)");
  EXPECT_EQ(awaitResultOf(Types + "via a;", "a"), "long (members)");
  EXPECT_EQ(awaitResultOf(Types + "task<int> a;", "a"), "int (argument)");
  EXPECT_EQ(awaitResultOf(Types + "plain a;", "a"), "<unknown>");
  EXPECT_EQ(awaitResultOf(Types + "int a;", "a"), "<unknown>");
}

namespace {
/// Whether `f`'s body may certainly co_await a value of `g`'s return type.
bool fAwaitsG(const std::string &Code) {
  auto AST = parse(Code);
  const auto *F = find<FunctionDecl>(*AST, functionDecl(hasName("f"), isDefinition()));
  const auto *G = find<FunctionDecl>(*AST, functionDecl(hasName("g")));
  if (!F || !G)
    return false;
  return isCertainlyAwaitableIn(F, G->getReturnType(), AST->getASTContext());
}
} // namespace

TEST(Coroutines, OwnTaskFamilyIsCertainlyAwaitable) {
  EXPECT_TRUE(fAwaitsG(R"cpp(
    template <class T> struct task { PROMISE(task, std::suspend_always) };
    template <class T> struct std::coroutine_traits<task<T>> { using promise_type = typename task<T>::promise_type; };
    task<int> g();
    task<void> f() { co_return; })cpp"));
}

TEST(Coroutines, OtherExecutorOfSameTemplateIsNotCertainlyAwaitable) {
  // Asio's awaitable<T, Executor>: another executor is another family.
  EXPECT_FALSE(fAwaitsG(R"cpp(
    struct ex1 {}; struct ex2 {};
    template <class T, class E> struct awaitable { PROMISE(awaitable, std::suspend_always) };
    awaitable<int, ex2> g();
    awaitable<void, ex1> f() { co_return; })cpp"));
}

TEST(Coroutines, MemberAwaitableWithoutAwaitTransformIsCertainlyAwaitable) {
  EXPECT_TRUE(fAwaitsG(R"cpp(
    struct other { bool await_ready(); void await_suspend(std::coroutine_handle<>); void await_resume(); };
    struct task { PROMISE(task, std::suspend_always) };
    other g();
    task f() { co_return; })cpp"));
}

TEST(Coroutines, PromiseWithAwaitTransformIsNotCertainlyAwaitable) {
  EXPECT_FALSE(fAwaitsG(R"cpp(
    struct other { bool await_ready(); void await_suspend(std::coroutine_handle<>); void await_resume(); };
    struct task { struct promise_type { task get_return_object(); std::suspend_always initial_suspend() noexcept;
      std::suspend_always final_suspend() noexcept; void return_void(); void unhandled_exception();
      template <class A> A await_transform(A a); }; };
    other g();
    task f() { co_return; })cpp"));
}
