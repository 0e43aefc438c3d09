// RUN: %clang_tidy_plugin --checks='-*,corolint-stale-read-across-await' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// The lost update: non-local state copied into a local before a co_await
// and written back from that local after it.

#include "mock_task.h"

struct amount_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 1; }
};
amount_awaiter fetch_amount();
team::task<> audit();

struct account {
  int balance = 0;
  struct { int hits = 0; } stats;

  team::task<> deposit() {
    int old = balance;
    int amount = co_await fetch_amount();
    // CHECK: :[[@LINE+3]]:5: warning: 'balance' is written from 'old', which was read before a co_await; another coroutine may have changed 'balance' meanwhile, and its update is lost; re-read 'balance' after the await, or update it in place (+=) [corolint-stale-read-across-await]
    // CHECK: :[[@LINE-3]]:15: note: 'balance' is read into 'old' here
    // CHECK: :[[@LINE-3]]:18: note: the coroutine suspends here; others may run
    balance = old + amount;
  }

  team::task<> nested_member() {
    auto h = this->stats.hits;
    co_await audit();
    // CHECK: :[[@LINE+1]]:5: warning: 'hits' is written from 'h', which was read before a co_await
    stats.hits = h + 1;
  }

  // no_warning_*: compound assignment updates the current value.
  team::task<> no_warning_compound() {
    int amount = co_await fetch_amount();
    balance += amount;
  }

  // no_warning_*: re-read after the await.
  team::task<> no_warning_reread() {
    int old = balance;
    co_await audit();
    if (balance != old)
      co_return;
    balance = old + 1;
  }

  // no_warning_*: no await between the read and the write.
  team::task<> no_warning_no_await() {
    int old = balance;
    balance = old + 1;
    co_await audit();
  }
};

int requests_served;
team::task<> global_counter() {
  int n = requests_served;
  co_await audit();
  // CHECK: :[[@LINE+1]]:3: warning: 'requests_served' is written from 'n', which was read before a co_await
  requests_served = n + 1;
}

team::task<> through_reference(int &total) {
  int t = total;
  co_await audit();
  // CHECK: :[[@LINE+1]]:3: warning: 'total' is written from 't', which was read before a co_await
  total = t * 2;
}

struct counter { int value; };
team::task<> through_pointer(counter *c) {
  int v = c->value;
  co_await audit();
  // CHECK: :[[@LINE+1]]:3: warning: 'value' is written from 'v', which was read before a co_await
  c->value = v + 1;
}

// no_warning_*: local state.
team::task<> no_warning_local() {
  int local = 0;
  int copy = local;
  co_await audit();
  local = copy + 1;
}

// no_warning_*: a value parameter is the coroutine's own copy.
team::task<> no_warning_value_param(int x) {
  int copy = x;
  co_await audit();
  x = copy + 1;
}
