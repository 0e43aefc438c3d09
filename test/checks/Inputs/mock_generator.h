// A synchronous generator shaped like QCoro's and cppcoro's: a lazy
// promise with yield_value, and an iterator that names the same promise.
#pragma once
#include <coroutine>

namespace gen {
template <typename T> struct generator {
  struct promise_type {
    generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  struct iterator {
    using promise_type = generator::promise_type;
    iterator operator++() { return *this; }
    T operator*() const { return T(); }
    bool operator!=(const iterator &) const { return false; }
  };
  iterator begin() { return {}; }
  iterator end() { return {}; }
};
} // namespace gen
