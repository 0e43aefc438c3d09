//===--- asio_handler_tracking.hpp - Precise mode for Asio -----*- C++ -*-===//
//
// Asio's custom handler tracking, pointed at libcorolint-rt: every handler
// invocation is timed, so a stall is attributed to the handler that caused
// it (its object and operation, e.g. "socket" / "async_receive"), and only
// handler time counts as busy. Use it by defining, before any Asio header:
//
//   Boost.Asio:       -DBOOST_ASIO_CUSTOM_HANDLER_TRACKING='"corolint/asio_handler_tracking.hpp"'
//   standalone asio:  -DASIO_CUSTOM_HANDLER_TRACKING='"corolint/asio_handler_tracking.hpp"'
//
// The hooks are weak symbols: without the runtime (not preloaded, not
// linked) they cost a null check per handler.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_ASIO_HANDLER_TRACKING_HPP
#define COROLINT_ASIO_HANDLER_TRACKING_HPP

#include <atomic>
#include <cstdint>

extern "C" {
/// A handler starts running on this thread. Defined by libcorolint-rt.
void corolint_rt_handler_begin(std::uintmax_t Id, const char *Object,
                               const char *Operation) noexcept
    __attribute__((weak));
/// The handler this thread runs has returned (or thrown).
void corolint_rt_handler_end(void) noexcept __attribute__((weak));
}

namespace corolint::rt {

/// The hooks Asio's tracking macros call.
struct asio_tracking {
  /// Asio derives its operations from this, to carry the handler's identity.
  struct tracked_handler {
    std::uintmax_t handler_id_ = 0;
    const char *object_type_ = nullptr;
    const char *op_name_ = nullptr;
  };

  static void init() {}

  static void location(const char *, int, const char *) {}

  template <typename Context>
  static void creation(Context &, tracked_handler &H, const char *ObjectType,
                       void *, std::uintmax_t, const char *OpName) {
    static std::atomic<std::uintmax_t> Next{1};
    H.handler_id_ = Next.fetch_add(1, std::memory_order_relaxed);
    H.object_type_ = ObjectType;
    H.op_name_ = OpName;
  }

  /// Lives while Asio completes one handler; times the invocation.
  struct completion {
    explicit completion(const tracked_handler &H) : handler_(H) {}
    completion(const completion &) = delete;
    completion &operator=(const completion &) = delete;
    ~completion() {
      // A handler that throws never reaches invocation_end.
      if (running_ && corolint_rt_handler_end)
        corolint_rt_handler_end();
    }
    template <typename... Args> void invocation_begin(Args &&...) {
      if (corolint_rt_handler_begin) {
        corolint_rt_handler_begin(handler_.handler_id_, handler_.object_type_,
                                  handler_.op_name_);
        running_ = true;
      }
    }
    void invocation_end() {
      if (running_ && corolint_rt_handler_end)
        corolint_rt_handler_end();
      running_ = false;
    }
    tracked_handler handler_;
    bool running_ = false;
  };

  template <typename Context>
  static void operation(Context &, const char *, void *, std::uintmax_t,
                        const char *) {}
  template <typename Context>
  static void reactor_registration(Context &, std::uintmax_t, std::uintmax_t) {}
  template <typename Context>
  static void reactor_deregistration(Context &, std::uintmax_t,
                                     std::uintmax_t) {}
  template <typename Context>
  static void reactor_events(Context &, std::uintmax_t, unsigned) {}
  template <typename ErrorCode>
  static void reactor_operation(const tracked_handler &, const char *,
                                const ErrorCode &, std::size_t = 0) {}
};

} // namespace corolint::rt

// Boost.Asio's names.
#define BOOST_ASIO_INHERIT_TRACKED_HANDLER                                     \
  : public ::corolint::rt::asio_tracking::tracked_handler
#define BOOST_ASIO_ALSO_INHERIT_TRACKED_HANDLER                                \
  , public ::corolint::rt::asio_tracking::tracked_handler
#define BOOST_ASIO_HANDLER_TRACKING_INIT ::corolint::rt::asio_tracking::init()
#define BOOST_ASIO_HANDLER_LOCATION(args)                                      \
  ::corolint::rt::asio_tracking::location args
#define BOOST_ASIO_HANDLER_CREATION(args)                                      \
  ::corolint::rt::asio_tracking::creation args
#define BOOST_ASIO_HANDLER_COMPLETION(args)                                    \
  ::corolint::rt::asio_tracking::completion tracked_completion args
#define BOOST_ASIO_HANDLER_INVOCATION_BEGIN(args)                              \
  tracked_completion.invocation_begin args
#define BOOST_ASIO_HANDLER_INVOCATION_END tracked_completion.invocation_end()
#define BOOST_ASIO_HANDLER_OPERATION(args)                                     \
  ::corolint::rt::asio_tracking::operation args
#define BOOST_ASIO_HANDLER_REACTOR_REGISTRATION(args)                          \
  ::corolint::rt::asio_tracking::reactor_registration args
#define BOOST_ASIO_HANDLER_REACTOR_DEREGISTRATION(args)                        \
  ::corolint::rt::asio_tracking::reactor_deregistration args
#define BOOST_ASIO_HANDLER_REACTOR_READ_EVENT 1
#define BOOST_ASIO_HANDLER_REACTOR_WRITE_EVENT 2
#define BOOST_ASIO_HANDLER_REACTOR_ERROR_EVENT 4
#define BOOST_ASIO_HANDLER_REACTOR_EVENTS(args)                                \
  ::corolint::rt::asio_tracking::reactor_events args
#define BOOST_ASIO_HANDLER_REACTOR_OPERATION(args)                             \
  ::corolint::rt::asio_tracking::reactor_operation args

// Standalone asio's names: the same hooks.
#define ASIO_INHERIT_TRACKED_HANDLER BOOST_ASIO_INHERIT_TRACKED_HANDLER
#define ASIO_ALSO_INHERIT_TRACKED_HANDLER BOOST_ASIO_ALSO_INHERIT_TRACKED_HANDLER
#define ASIO_HANDLER_TRACKING_INIT BOOST_ASIO_HANDLER_TRACKING_INIT
#define ASIO_HANDLER_LOCATION(args) BOOST_ASIO_HANDLER_LOCATION(args)
#define ASIO_HANDLER_CREATION(args) BOOST_ASIO_HANDLER_CREATION(args)
#define ASIO_HANDLER_COMPLETION(args) BOOST_ASIO_HANDLER_COMPLETION(args)
#define ASIO_HANDLER_INVOCATION_BEGIN(args)                                    \
  BOOST_ASIO_HANDLER_INVOCATION_BEGIN(args)
#define ASIO_HANDLER_INVOCATION_END BOOST_ASIO_HANDLER_INVOCATION_END
#define ASIO_HANDLER_OPERATION(args) BOOST_ASIO_HANDLER_OPERATION(args)
#define ASIO_HANDLER_REACTOR_REGISTRATION(args)                                \
  BOOST_ASIO_HANDLER_REACTOR_REGISTRATION(args)
#define ASIO_HANDLER_REACTOR_DEREGISTRATION(args)                              \
  BOOST_ASIO_HANDLER_REACTOR_DEREGISTRATION(args)
#define ASIO_HANDLER_REACTOR_READ_EVENT 1
#define ASIO_HANDLER_REACTOR_WRITE_EVENT 2
#define ASIO_HANDLER_REACTOR_ERROR_EVENT 4
#define ASIO_HANDLER_REACTOR_EVENTS(args) BOOST_ASIO_HANDLER_REACTOR_EVENTS(args)
#define ASIO_HANDLER_REACTOR_OPERATION(args)                                   \
  BOOST_ASIO_HANDLER_REACTOR_OPERATION(args)

#endif
