//===--- Syscall.h - System calls that leave errno alone -------*- C++ -*-===//
//
// The watchdog runs on a thread that glibc does not know of (see
// startWatchdog): it shares the thread-local storage of the thread that
// started it, so it must not touch errno or any other glibc thread state.
// These make the system call directly and return -errno on failure.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_RUNTIME_SYSCALL_H
#define COROLINT_RUNTIME_SYSCALL_H

#include <cerrno>
#include <sys/syscall.h>
#include <unistd.h>

namespace corolint::rt::detail {

inline long rawSyscall(long Number, long A = 0, long B = 0, long C = 0,
                       long D = 0) noexcept {
#if defined(__x86_64__)
  long Result;
  register long R10 __asm__("r10") = D;
  __asm__ volatile("syscall"
                   : "=a"(Result)
                   : "a"(Number), "D"(A), "S"(B), "d"(C), "r"(R10)
                   : "rcx", "r11", "memory");
  return Result;
#elif defined(__aarch64__)
  register long X8 __asm__("x8") = Number;
  register long X0 __asm__("x0") = A;
  register long X1 __asm__("x1") = B;
  register long X2 __asm__("x2") = C;
  register long X3 __asm__("x3") = D;
  __asm__ volatile("svc 0"
                   : "+r"(X0)
                   : "r"(X8), "r"(X1), "r"(X2), "r"(X3)
                   : "memory");
  return X0;
#else
  // Elsewhere through glibc, which may set errno on failure.
  long Result = ::syscall(Number, A, B, C, D);
  return Result < 0 ? -errno : Result;
#endif
}

} // namespace corolint::rt::detail

#endif
