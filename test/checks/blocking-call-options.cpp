// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -config="{CheckOptions: {corolint-blocking-call.FlagMutexLocks: true}}" \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=DEFAULT,MUTEX -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -config="{CheckOptions: {corolint-blocking-call.Profiles: '%inputs/team-profile.yaml'}}" \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=DEFAULT,TEAM -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -config="{CheckOptions: {Profiles: '%inputs/team-profile.yaml'}}" \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=DEFAULT,TEAM -implicit-check-not="{{warning|error}}:"
// RUN: not %clang_tidy_plugin --checks='-*,corolint-blocking-call' --quiet %s -config="{CheckOptions: {Profiles: '%inputs/bad-profile.yaml'}}" \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: error: invalid profile: {{.*}}bad-profile.yaml:5:{{[0-9]+}}: unknown enumerated scalar [clang-tidy-config]

#include "mock_task.h"
#include <mutex>
#include <unistd.h>

namespace team::db {
int query(const char *sql);
}

team::task<> handler(std::mutex &m) {
  // MUTEX: :[[@LINE+1]]:31: warning: 'std::lock_guard<std::mutex>' takes a blocking lock on the thread of coroutine 'handler'; use an asynchronous mutex instead
  std::lock_guard<std::mutex> g(m);
  // MUTEX: :[[@LINE+1]]:3: warning: 'mutex::lock' takes a blocking lock on the thread of coroutine 'handler'
  m.lock();
  m.unlock();
  // TEAM: :[[@LINE+1]]:3: warning: 'query' blocks the thread of coroutine 'handler'; use team::db::async_query instead
  team::db::query("select 1");
  // DEFAULT: :[[@LINE+1]]:3: warning: 'sleep' blocks
  sleep(1);
  // NOLINTNEXTLINE(corolint-blocking-call)
  sleep(2);
  sleep(3); // NOLINT
  co_return;
}
