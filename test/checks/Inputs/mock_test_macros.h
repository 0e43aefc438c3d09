// A test framework's assertion macros, as doctest, gtest, Catch2 and
// QTest write them: the expression runs inside the macro's own try/catch,
// and a failing check returns early.
#pragma once

void mock_record_failure(const char *);
bool mock_verify(bool, const char *);

#define MOCK_CHECK_THROWS(expr)                                                \
  do {                                                                         \
    try {                                                                      \
      expr;                                                                    \
      mock_record_failure(#expr);                                              \
    } catch (...) {                                                            \
    }                                                                          \
  } while (false)

#define MOCK_CO_VERIFY(cond)                                                   \
  do {                                                                         \
    if (!mock_verify(static_cast<bool>(cond), #cond))                          \
      co_return;                                                               \
  } while (false)

#define MOCK_REQUIRE(expr)                                                     \
  do {                                                                         \
    if (!(expr))                                                               \
      mock_record_failure(#expr);                                              \
  } while (false)
