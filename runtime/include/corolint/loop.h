//===--- loop.h - Telling the runtime where a loop waits -------*- C++ -*-===//
//
// The runtime finds loop threads by the waits it interposes (epoll_wait,
// poll, select, io_uring_enter, ...). A loop that waits some other way, for
// example through liburing's inlined system calls, marks its waits here.
// The functions are weak, so a program calls them whether or not the
// runtime is loaded.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_LOOP_H
#define COROLINT_LOOP_H

extern "C" {
/// The calling thread is a loop thread and is about to wait for events.
void corolint_rt_loop_wait_begin(void) noexcept __attribute__((weak));
/// The calling thread is back from its wait; its busy time starts now.
void corolint_rt_loop_wait_end(void) noexcept __attribute__((weak));
}

namespace corolint::rt {

/// Marks one wait of a hand-written loop: busy time stops while it lives.
class LoopWait {
public:
  LoopWait() noexcept {
    if (corolint_rt_loop_wait_begin)
      corolint_rt_loop_wait_begin();
  }
  ~LoopWait() {
    if (corolint_rt_loop_wait_end)
      corolint_rt_loop_wait_end();
  }
  LoopWait(const LoopWait &) = delete;
  LoopWait &operator=(const LoopWait &) = delete;
};

} // namespace corolint::rt

#endif
