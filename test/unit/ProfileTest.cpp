#include "profiles/Profile.h"

#include "gtest/gtest.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace corolint::profiles;

TEST(BuiltinProfiles, ParseAndCoverEveryFramework) {
  const ProfileSet &S = ProfileSet::builtin();
  std::vector<std::string> Names;
  for (const Profile &P : S.profiles())
    Names.push_back(P.Name);
  for (const char *Expected :
       {"std", "libcurl", "libpq", "sqlite3", "boost-asio", "asio",
        "boost-beast", "boost-thread", "abseil", "cppcoro", "folly-coro",
        "libcoro", "async-simple",
        "qcoro", "seastar"})
    EXPECT_NE(std::find(Names.begin(), Names.end(), Expected), Names.end())
        << Expected;
}

TEST(BuiltinProfiles, KnowTheIssuesExamples) {
  const ProfileSet &S = ProfileSet::builtin();
  ASSERT_NE(S.blockingFunction("std::this_thread::sleep_for"), nullptr);
  EXPECT_EQ(S.blockingFunction("std::this_thread::sleep_for")->Category,
            BlockingCategory::Sleep);
  EXPECT_EQ(S.blockingFunction("cppcoro::sync_wait")->Category,
            BlockingCategory::NestedLoop);
  EXPECT_EQ(S.blockingFunction("boost::asio::io_context::run")->Category,
            BlockingCategory::NestedLoop);
  EXPECT_EQ(S.blockingFunction("curl_easy_perform")->Category,
            BlockingCategory::Network);
  EXPECT_EQ(S.blockingFunction("PQexec")->Category, BlockingCategory::Database);
  EXPECT_EQ(S.blockingFunction("sqlite3_step")->Category,
            BlockingCategory::Database);
  EXPECT_TRUE(S.blockingType("std::basic_ifstream")->Members);
  EXPECT_EQ(S.offload("std::async")->When, OffloadCondition::NotDeferred);
  EXPECT_TRUE(S.offload("cppcoro::static_thread_pool::schedule")->ResumesElsewhere);
  EXPECT_TRUE(S.isPoolExecutor("boost::asio::thread_pool"));
  EXPECT_TRUE(S.isNonblockingFlag("MSG_DONTWAIT"));
  EXPECT_EQ(S.blockingFunction("no::such::function"), nullptr);
}

TEST(ParseProfile, ReportsFileLineAndProblem) {
  auto P = parseProfile("name: x\nblocking:\n  - {name: f, category: nap, "
                        "instead: y}\n",
                        "team.yaml");
  ASSERT_FALSE(static_cast<bool>(P));
  std::string Message = llvm::toString(P.takeError());
  EXPECT_EQ(Message.rfind("team.yaml:3:", 0), 0u) << Message;
  EXPECT_NE(Message.find("unknown enumerated scalar"), std::string::npos);
}

TEST(ParseProfile, RejectsAnEntryWithoutInstead) {
  auto P = parseProfile("name: x\nblocking:\n  - {name: f}\n", "t.yaml");
  ASSERT_FALSE(static_cast<bool>(P));
  EXPECT_NE(llvm::toString(P.takeError()).find("needs 'instead'"),
            std::string::npos);
}

TEST(ParseProfile, RejectsUnknownKeys) {
  auto P = parseProfile("name: x\nblockng: []\n", "t.yaml");
  ASSERT_FALSE(static_cast<bool>(P));
  EXPECT_NE(llvm::toString(P.takeError()).find("unknown key 'blockng'"),
            std::string::npos);
}

TEST(ProfileSet, UserProfileOverridesBuiltinEntry) {
  ProfileSet S;
  for (const Profile &P : ProfileSet::builtin().profiles())
    S.add(P);
  auto P = parseProfile("name: mine\nblocking:\n  - {name: sleep, category: "
                        "wait, instead: use mine}\n",
                        "mine.yaml");
  ASSERT_TRUE(static_cast<bool>(P));
  S.add(std::move(*P));
  EXPECT_EQ(S.blockingFunction("sleep")->Instead, "use mine");
  EXPECT_NE(S.blockingFunction("usleep"), nullptr);
}

TEST(SplitProfileList, AcceptsSemicolonsAndCommas) {
  EXPECT_EQ(splitProfileList(" a.yaml; b.yaml,c.yaml ;"),
            (std::vector<std::string>{"a.yaml", "b.yaml", "c.yaml"}));
}

TEST(BuiltinProfiles, KnowHowEachFrameworkStartsAndObservesTasks) {
  const ProfileSet &S = ProfileSet::builtin();
  const SpawnEntry *CoSpawn = S.spawn("boost::asio::co_spawn");
  ASSERT_NE(CoSpawn, nullptr);
  EXPECT_EQ(CoSpawn->TaskArg, 1u);
  EXPECT_EQ(CoSpawn->HandlerArg, 2u);
  EXPECT_TRUE(S.isDetachToken("boost::asio::detached_t"));
  EXPECT_TRUE(S.isDetachToken("asio::detached_t"));
  EXPECT_TRUE(S.spawn("coro::thread_pool::spawn")->FireAndForget);
  EXPECT_EQ(S.spawn("async_simple::coro::Lazy::start")->HandlerArg, 0u);
  EXPECT_TRUE(S.isStartFunction("folly::coro::Task::scheduleOn"));
  EXPECT_TRUE(S.isObserveResult("seastar::future"));
  EXPECT_TRUE(S.isObserveResult("folly::SemiFuture"));
  EXPECT_TRUE(S.isFireAndForgetTask("QCoro::Task"));
  EXPECT_FALSE(S.combinator("cppcoro::when_all")->Bounded);
  EXPECT_TRUE(S.combinator("folly::coro::collectAllWindowed")->Bounded);
  EXPECT_TRUE(S.isErrorValue("boost::system::error_code"));
  EXPECT_TRUE(S.isInfallibleAwait("boost::asio::this_coro::executor_t"));
}

TEST(ParseProfile, RejectsASpawnEntryWithoutInstead) {
  auto P = parseProfile("name: x\nspawn:\n  - {name: go, task-arg: 0}\n",
                        "t.yaml");
  ASSERT_FALSE(static_cast<bool>(P));
  std::string Message = llvm::toString(P.takeError());
  EXPECT_NE(Message.find("'go' needs 'instead'"), std::string::npos)
      << Message;
}

TEST(BuiltinProfiles, KnowDeadlinesLocksAndCancellation) {
  const ProfileSet &S = ProfileSet::builtin();
  const DeadlineEntry *Read =
      S.needsDeadline("boost::asio::basic_stream_socket::async_read_some");
  ASSERT_NE(Read, nullptr);
  EXPECT_EQ(Read->What, "read");
  EXPECT_EQ(S.needsDeadline("boost::beast::http::async_read")->StreamArg, 0u);
  EXPECT_EQ(S.needsDeadline("boost::asio::ip::basic_resolver::async_resolve"),
            nullptr);
  EXPECT_TRUE(S.isDeadlineSetter("boost::beast::basic_stream::expires_after"));
  EXPECT_TRUE(S.isTimerWait("boost::asio::basic_waitable_timer::async_wait"));
  EXPECT_TRUE(S.isTimeoutWrapper("folly::coro::timeout"));
  EXPECT_TRUE(S.isTimeoutWrapper("seastar::with_timeout"));
  EXPECT_TRUE(S.isLockGuard("std::lock_guard"));
  EXPECT_TRUE(S.isLockGuard("absl::MutexLock"));
  EXPECT_TRUE(S.isMutex("std::mutex"));
  EXPECT_TRUE(S.isAsyncMutex("folly::coro::Mutex"));
  EXPECT_TRUE(S.isAsyncMutex("cppcoro::async_mutex"));
  EXPECT_TRUE(S.isBroadError("boost::system::system_error"));
  EXPECT_TRUE(S.isCancellationMarker("operation_aborted"));
  EXPECT_TRUE(S.isCancellationMarker("folly::OperationCancelled"));
}

TEST(BuiltinProfiles, KnowEachFrameworksConcurrencyIdioms) {
  const ProfileSet &S = ProfileSet::builtin();
  const Profile *Folly = S.profileForTaskType("folly::coro::Task");
  ASSERT_NE(Folly, nullptr);
  EXPECT_NE(Folly->RunTogether.find("collectAll"), std::string::npos);
  EXPECT_NE(Folly->RunBounded.find("collectAllWindowed"), std::string::npos);
  EXPECT_NE(S.profileForTaskType("boost::asio::awaitable")->RunTogether.find("&&"),
            std::string::npos);
  EXPECT_TRUE(S.isPacingAwait("boost::asio::basic_waitable_timer::async_wait"));
  EXPECT_TRUE(S.isLimiter("coro::semaphore::acquire"));
  EXPECT_TRUE(S.isAcceptOperation("boost::asio::basic_socket_acceptor::async_accept"));
  EXPECT_TRUE(S.startsConcurrently("folly::coro::AsyncScope::add"));
  EXPECT_TRUE(S.combinator("seastar::parallel_for_each")->PerElement);
  EXPECT_TRUE(S.combinator("seastar::max_concurrent_for_each")->Bounded);
}

TEST(ProfileSet, ParsesUserFilesOncePerContent) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("team", "yaml", Path));
  auto Write = [&](llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    OS << Text;
  };
  Write("name: team\nblocking:\n  - name: team::nap\n    category: sleep\n"
        "    instead: co_await team::timer\n");
  auto A = ProfileSet::withUserFiles({std::string(Path)});
  auto B = ProfileSet::withUserFiles({std::string(Path)});
  ASSERT_TRUE(bool(A));
  ASSERT_TRUE(bool(B));
  EXPECT_EQ(A->get(), B->get()); // One parse for every check and file.
  // An edit (same size even) is seen: the key is the content.
  Write("name: team\nblocking:\n  - name: team::zap\n    category: sleep\n"
        "    instead: co_await team::timer\n");
  auto C = ProfileSet::withUserFiles({std::string(Path)});
  ASSERT_TRUE(bool(C));
  EXPECT_NE(A->get(), C->get());
  EXPECT_NE((*C)->blockingFunction("team::zap"), nullptr);
  EXPECT_EQ((*C)->blockingFunction("team::nap"), nullptr);
  llvm::sys::fs::remove(Path);
}
