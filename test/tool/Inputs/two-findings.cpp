#include <coroutine>
#include <unistd.h>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
void nap() { usleep(1); }
void rest() { nap(); }
task worker() {
  sleep(1);
  rest();
  co_return;
}
