// RUN: %clang_tidy_plugin --checks='-*,corolint-sequential-awaits' --quiet %s \
// RUN:   -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not="{{warning|error}}:"

// Independent operations awaited one after another.

#include "mock_cppcoro.h"
#include "mock_task.h"
#include <string>
#include <vector>

struct user {};
struct order {};
struct int_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 1; }
};
int_awaiter fetch_user(int id);
int_awaiter fetch_orders(int id);
int_awaiter fetch_prices(const std::string &region);
int_awaiter next_page(int cursor);
int_awaiter enrich(int user);
int_awaiter fill(std::vector<int> &out);
int_awaiter summarize(const std::vector<int> &in);
void log(const char *);

cppcoro::task<> two_independent(int id) {
  int u = co_await fetch_user(id);
  // CHECK: :[[@LINE+2]]:11: warning: 'fetch_orders' is awaited only after 'fetch_user' completes, though neither needs the other; run them together with cppcoro::when_all [corolint-sequential-awaits]
  // CHECK: :[[@LINE-2]]:11: note: 'fetch_user' is awaited here first
  int o = co_await fetch_orders(id);
  log(u + o ? "x" : "y");
}

team::task<> team_task(int id) {
  co_await fetch_user(id);
  // CHECK: :[[@LINE+1]]:3: warning: 'fetch_prices' is awaited only after 'fetch_user' completes, though neither needs the other; start both first and await them together with a when_all-style combinator
  co_await fetch_prices("eu");
}

cppcoro::task<> per_element(std::vector<int> ids) {
  for (int id : ids)
    // CHECK: :[[@LINE+2]]:5: warning: each iteration awaits 'fetch_user' for one element of 'ids' before starting the next, though no iteration needs another's result; await a cppcoro::async_semaphore-style limit per element, or split the range into fixed-size batches for cppcoro::when_all
    // CHECK: :[[@LINE-2]]:3: note: the loop runs one await at a time
    co_await fetch_user(id);
}

// One await per element in any loop shape and any expression: an index
// loop, an iterator loop, the result pushed or summed.
cppcoro::task<> per_element_shapes(std::vector<int> ids) {
  std::vector<int> users;
  for (int id : ids)
    // CHECK: :[[@LINE+1]]:21: warning: each iteration awaits 'fetch_user' for one element of 'ids' before starting the next
    users.push_back(co_await fetch_user(id));
  int total = 0;
  for (int id : ids)
    // CHECK: :[[@LINE+1]]:14: warning: each iteration awaits 'fetch_user' for one element of 'ids'
    total += co_await fetch_user(id);
  for (unsigned i = 0; i < ids.size(); ++i)
    // CHECK: :[[@LINE+1]]:5: warning: each iteration awaits 'fetch_user' for one element of 'ids'
    co_await fetch_user(ids[i]);
  for (auto it = ids.begin(); it != ids.end(); ++it) {
    // CHECK: :[[@LINE+1]]:21: warning: each iteration awaits 'fetch_user' for one element of the range
    users.push_back(co_await fetch_user(*it));
  }
  unsigned j;
  for (j = 0; j < ids.size(); ++j)
    // CHECK: :[[@LINE+1]]:5: warning: each iteration awaits 'fetch_user' for one element of 'ids'
    co_await fetch_user(ids[j]);
  log(total ? "x" : "y");
}

// no_warning_*: in those shapes, each iteration feeds the next.
cppcoro::task<> no_warning_carried_shapes(std::vector<int> ids) {
  int cursor = 0;
  for (unsigned i = 0; i < ids.size(); ++i)
    cursor += co_await next_page(cursor + ids[i]);
  for (int n = 0; n < 3; ++n)
    co_await fetch_prices("eu"); // Not one element's work.
}

// no_warning_*: the later await uses the earlier one's result, also
// through another local.
cppcoro::task<> no_warning_data_flow(int id) {
  int u = co_await fetch_user(id);
  int o = co_await enrich(u);
  log(o ? "x" : "y");
}

// no_warning_*: both change the same object (a non-const reference).
cppcoro::task<> no_warning_shared_out_param() {
  std::vector<int> buf;
  co_await fill(buf);
  co_await fill(buf);
}

// no_warning_*: the later reads what the earlier fills.
cppcoro::task<> no_warning_reads_what_earlier_filled() {
  std::vector<int> buf;
  co_await fill(buf);
  co_await summarize(buf);
}

// no_warning_*: pacing awaits (a timer between two calls).
cppcoro::task<> no_warning_pacing(cppcoro::io_service &io, int id) {
  co_await fetch_user(id);
  co_await io.schedule_after(100);
  co_await fetch_orders(id);
}

// no_warning_*: code between the awaits.
cppcoro::task<> no_warning_code_between(int id) {
  co_await fetch_user(id);
  log("between");
  co_await fetch_orders(id);
}

// no_warning_*: a loop-carried dependency.
cppcoro::task<> no_warning_cursor() {
  int cursor = 0;
  for (int i : std::vector<int>{1, 2, 3}) {
    cursor = co_await next_page(cursor + i);
  }
}

// no_warning_*: a loop that stops at the first result it wants.
cppcoro::task<> no_warning_search(std::vector<int> ids) {
  for (int id : ids) {
    if (co_await fetch_user(id))
      break;
  }
}

// no_warning_*: one await per element on the same object keeps an order.
struct stream {
  int_awaiter write(int v);
};
cppcoro::task<> no_warning_same_stream(stream &s, std::vector<int> values) {
  for (int v : values)
    co_await s.write(v);
}

// A coroutine of the team's own class, once per element on one object, is
// per-item work all the same: the same-object order is for a stream's
// reads and writes, not for `stop(id)` on a manager.
struct manager {
  cppcoro::task<> stop(int id);
  cppcoro::task<> send(int id);
  int_awaiter poke(int id);
};
cppcoro::task<> per_item_on_one_object(manager *mgr, std::vector<int> ids) {
  for (int id : ids)
    // CHECK: :[[@LINE+1]]:5: warning: each iteration awaits 'stop' for one element of 'ids' before starting the next
    co_await mgr->stop(id);
}
// no_warning_*: named as an ordered operation (a send keeps its order),
// or an awaiter rather than a coroutine (a primitive of the object).
cppcoro::task<> no_warning_ordered_on_one_object(manager &m,
                                                 std::vector<int> ids) {
  for (int id : ids)
    co_await m.send(id);
  for (int id : ids)
    co_await m.poke(id);
}
// no_warning_*: a read then a write on one socket is one exchange.
struct socket_like {
  int_awaiter read(std::vector<int> &buf);
  int_awaiter write(const std::vector<int> &buf);
};
cppcoro::task<> no_warning_read_then_write(socket_like &sock) {
  std::vector<int> buf;
  co_await sock.read(buf);
  co_await sock.write(buf);
}

// no_warning_*: both on the same implicit object.
struct session {
  int_awaiter read_header();
  int_awaiter read_body();
  cppcoro::task<> no_warning_member_sequence() {
    co_await read_header();
    co_await read_body();
  }
};

// The same operation twice: the message says which one came first.
cppcoro::task<> same_operation_twice() {
  co_await fetch_prices("eu");
  // CHECK: :[[@LINE+1]]:3: warning: 'fetch_prices' is awaited only after the 'fetch_prices' on line [[@LINE-1]] completes, though neither needs the other
  co_await fetch_prices("us");
}

// no_warning_*: awaits of a combinator already run their operands
// together; one after another is two rounds, not two operations.
cppcoro::task<> no_warning_combinators_in_sequence(int id) {
  co_await cppcoro::when_all(fetch_user(id), fetch_orders(id));
  co_await cppcoro::when_all(fetch_prices("eu"), fetch_prices("us"));
}
