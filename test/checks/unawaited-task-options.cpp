// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task' --quiet %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -check-prefix=DEFAULT -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task' --quiet -config="{CheckOptions: {corolint-unawaited-task.AllowCastToVoid: true}}" \
// RUN:   %s -- -std=c++20 -isystem %inputs 2>&1 \
// RUN:   | FileCheck %s -check-prefix=ALLOW -implicit-check-not="{{warning|error}}:"
// RUN: %clang_tidy_plugin --checks='-*,corolint-unawaited-task' --dump-config \
// RUN:   -config="{CheckOptions: {corolint-unawaited-task.AllowCastToVoid: true}}" \
// RUN:   | FileCheck %s -check-prefix=DUMP

// AllowCastToVoid accepts `(void)task()`, and round-trips --dump-config.

#include "mock_task.h"

team::task<> fetch();

void drop() {
  // DEFAULT: :[[@LINE+1]]:3: warning: task returned by 'fetch' is cast to void
  (void)fetch();
  // DEFAULT: :[[@LINE+2]]:3: warning: task returned by 'fetch' is discarded
  // ALLOW: :[[@LINE+1]]:3: warning: task returned by 'fetch' is discarded
  fetch();
}

// DUMP: corolint-unawaited-task.AllowCastToVoid: 'true'
