//===--- report.h - One JSON line per runtime event ------------*- C++ -*-===//
//
// The report is JSON lines. Every record is one self-contained object:
// its kind, the process and thread, the duration, the raw stack as
// module + offset and the map of the modules those frames are in, with
// build-ids. Symbolization happens later, in `corolint confirm`.
//
// Records are built in a fixed buffer (no allocation) and written with a
// single write(2), so a crash or a kill never leaves half a record.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_REPORT_H
#define COROLINT_REPORT_H

#include <cstddef>
#include <cstdint>

namespace corolint::rt {

/// The report format's version, written in every record as "v".
constexpr int ReportVersion = 1;

/// A JSON object built in a fixed buffer. It never allocates; when the
/// record does not fit, finish() says so and the caller writes less.
class RecordBuffer {
public:
  /// Large enough for 64 frames and their modules with long paths.
  static constexpr std::size_t Capacity = 32768;

  /// An empty record, `{`; constant-initialized, so a global one is ready
  /// before any constructor runs.
  constexpr RecordBuffer() noexcept : Buf{'{'}, Len(1) {}
  /// Starts a new record, `{`, of at most \p Limit bytes (PIPE_BUF when
  /// the report is a pipe, whose writes interleave past it).
  void reset(std::size_t Limit = Capacity) noexcept;

  void field(const char *Key, const char *Value) noexcept;
  void field(const char *Key, std::uint64_t Value) noexcept;
  void field(const char *Key, std::int64_t Value) noexcept;
  void field(const char *Key, int Value) noexcept {
    field(Key, static_cast<std::int64_t>(Value));
  }
  void field(const char *Key, unsigned Value) noexcept {
    field(Key, static_cast<std::uint64_t>(Value));
  }
  void fieldBool(const char *Key, bool Value) noexcept;
  /// Nanoseconds written as milliseconds with three decimals.
  void fieldMillis(const char *Key, std::uint64_t Nanos) noexcept;
  /// A string "0x..." (JSON numbers lose precision past 2^53).
  void fieldHex(const char *Key, std::uint64_t Value) noexcept;

  /// `"Key":[`; with a null Key, an element of the enclosing array.
  void beginArray(const char *Key) noexcept;
  void endArray() noexcept;
  /// `"Key":{`; with a null Key, an element of the enclosing array.
  void beginObject(const char *Key) noexcept;
  void endObject() noexcept;

  /// Closes the record with `}\n`. False when anything did not fit or the
  /// nesting is unbalanced; the buffer then holds no usable record.
  bool finish() noexcept;

  /// Where the record is now, to go back there with rewind().
  struct Mark {
    std::size_t Len;
    bool Overflow;
    int Depth;
    bool HasElement[16];
  };
  Mark mark() const noexcept;
  void rewind(const Mark &M) noexcept;

  const char *data() const noexcept { return Buf; }
  std::size_t size() const noexcept { return Len; }

private:
  void key(const char *Key) noexcept;
  void raw(const char *S, std::size_t N) noexcept;
  void raw(const char *S) noexcept;
  void rawChar(char C) noexcept;
  void close(char C) noexcept;
  void string(const char *S) noexcept;
  void number(std::uint64_t V) noexcept;

  char Buf[Capacity];
  std::size_t Len;
  std::size_t Limit = Capacity;
  bool Overflow = false;
  /// Whether the open object or array at each depth already has an element.
  bool HasElement[16] = {};
  int Depth = 0;
};

/// Appends `"frames":[...]` and `"modules":[...]` for \p Frames: each frame
/// as {"m": module index, "o": "0xOFFSET"} with the offset relative to the
/// module's load bias (the address the symbolizer expects), each module
/// once with its path, load base and GNU build-id. A frame in no known
/// module is {"pc": "0xADDRESS"}. Normal context only: the runtime's map of
/// modules is refreshed first when modules were loaded or unloaded since.
void appendStack(RecordBuffer &R, void *const *Frames, int NumFrames) noexcept;

/// The same, with the map of modules as last refreshed, without locks or
/// allocation: for the watchdog, which glibc does not know as a thread.
/// Falls back to bare addresses when a refresh keeps the map busy.
void appendStackFromSnapshot(RecordBuffer &R, void *const *Frames,
                             int NumFrames) noexcept;

/// Refreshes the map of modules (normal context only): at start, and after
/// the program loads or unloads a module. Skipped when another thread is
/// refreshing it.
void refreshModules() noexcept;

/// In a forked child: the map's lock may have been held by a thread that
/// does not exist there.
void resetModulesAfterFork() noexcept;

/// Writes a finished record with one write(2), retrying on EINTR and
/// waiting at most 20 ms for a full non-blocking pipe. \p Result, when
/// given, receives the last write's result (bytes, or -errno).
/// Async-signal-safe.
bool writeRecord(int Fd, const RecordBuffer &R,
                 long *Result = nullptr) noexcept;

/// Drops a UTF-8 character that \p Text (NUL-terminated) ends inside of:
/// the kernel keeps 15 bytes of a thread's name, wherever a character
/// ends. Async-signal-safe.
void cutAtCharacter(char *Text) noexcept;

} // namespace corolint::rt

#endif
