//===--- Report.cpp - Building and writing report records -----------------===//

#include "corolint/report.h"

#include "Syscall.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>
#include <ctime>
#include <elf.h>
#include <link.h>
#include <mutex>
#include <poll.h>
#include <new>
#include <sys/syscall.h>
#include <unistd.h>

namespace corolint::rt {

void RecordBuffer::reset(std::size_t NewLimit) noexcept {
  Limit = NewLimit < Capacity ? NewLimit : Capacity;
  Len = 0;
  Overflow = false;
  Depth = 0;
  HasElement[0] = false;
  rawChar('{');
}

RecordBuffer::Mark RecordBuffer::mark() const noexcept {
  Mark M{Len, Overflow, Depth, {}};
  std::memcpy(M.HasElement, HasElement, sizeof(HasElement));
  return M;
}

void RecordBuffer::rewind(const Mark &M) noexcept {
  Len = M.Len;
  Overflow = M.Overflow;
  Depth = M.Depth;
  std::memcpy(HasElement, M.HasElement, sizeof(HasElement));
}

void RecordBuffer::raw(const char *S, std::size_t N) noexcept {
  if (Overflow || Len + N > Limit) {
    Overflow = true;
    return;
  }
  std::memcpy(Buf + Len, S, N);
  Len += N;
}

void RecordBuffer::raw(const char *S) noexcept { raw(S, std::strlen(S)); }

void RecordBuffer::rawChar(char C) noexcept { raw(&C, 1); }

void cutAtCharacter(char *Name) noexcept {
  std::size_t Len = std::strlen(Name);
  std::size_t Start = Len;
  while (Start > 0 &&
         (static_cast<unsigned char>(Name[Start - 1]) & 0xC0) == 0x80)
    --Start;
  if (Start == 0)
    return;
  unsigned char Lead = static_cast<unsigned char>(Name[Start - 1]);
  if (Lead < 0xC0)
    return; // ASCII last, or stray continuation bytes (left to the writer).
  std::size_t Need = Lead >= 0xF0 ? 4 : Lead >= 0xE0 ? 3 : 2;
  if (Len - (Start - 1) < Need)
    Name[Start - 1] = '\0';
}

/// Length of the well-formed UTF-8 sequence at \p P, or 0.
static int utf8Length(const unsigned char *P) noexcept {
  unsigned char C = P[0];
  int N = C >= 0xF0 && C <= 0xF4 ? 4 : C >= 0xE0 ? 3 : C >= 0xC2 ? 2 : 0;
  if (!N || C > 0xF4)
    return 0;
  for (int I = 1; I < N; ++I)
    if ((P[I] & 0xC0) != 0x80) // Also stops at the terminating NUL.
      return 0;
  // Overlong forms, surrogates and code points past U+10FFFF.
  if ((C == 0xE0 && P[1] < 0xA0) || (C == 0xED && P[1] > 0x9F) ||
      (C == 0xF0 && P[1] < 0x90) || (C == 0xF4 && P[1] > 0x8F))
    return 0;
  return N;
}

void RecordBuffer::string(const char *S) noexcept {
  static const char Hex[] = "0123456789abcdef";
  rawChar('"');
  for (const unsigned char *P = reinterpret_cast<const unsigned char *>(S);
       P && *P; ++P) {
    unsigned char C = *P;
    if (C == '"' || C == '\\') {
      char E[2] = {'\\', static_cast<char>(C)};
      raw(E, 2);
    } else if (C < 0x20) {
      char E[6] = {'\\', 'u', '0', '0', Hex[C >> 4], Hex[C & 15]};
      raw(E, 6);
    } else if (C < 0x80) {
      rawChar(static_cast<char>(C));
    } else if (int N = utf8Length(P)) {
      raw(reinterpret_cast<const char *>(P), N);
      P += N - 1;
    } else {
      // Not UTF-8 (a path in another encoding, a name cut mid-character):
      // U+FFFD, so that the record stays valid JSON.
      raw("\\ufffd", 6);
    }
  }
  rawChar('"');
}

void RecordBuffer::number(std::uint64_t V) noexcept {
  char Digits[21];
  int N = 0;
  do {
    Digits[N++] = static_cast<char>('0' + V % 10);
    V /= 10;
  } while (V);
  char Out[21];
  for (int I = 0; I < N; ++I)
    Out[I] = Digits[N - 1 - I];
  raw(Out, N);
}

void RecordBuffer::key(const char *Key) noexcept {
  if (HasElement[Depth])
    rawChar(',');
  HasElement[Depth] = true;
  if (Key) {
    string(Key);
    rawChar(':');
  }
}

void RecordBuffer::field(const char *Key, const char *Value) noexcept {
  key(Key);
  if (Value)
    string(Value);
  else
    raw("null");
}

void RecordBuffer::field(const char *Key, std::uint64_t Value) noexcept {
  key(Key);
  number(Value);
}

void RecordBuffer::field(const char *Key, std::int64_t Value) noexcept {
  key(Key);
  if (Value < 0) {
    rawChar('-');
    number(static_cast<std::uint64_t>(-(Value + 1)) + 1);
  } else {
    number(static_cast<std::uint64_t>(Value));
  }
}

void RecordBuffer::fieldBool(const char *Key, bool Value) noexcept {
  key(Key);
  raw(Value ? "true" : "false");
}

void RecordBuffer::fieldMillis(const char *Key, std::uint64_t Nanos) noexcept {
  key(Key);
  number(Nanos / 1000000);
  std::uint64_t Frac = (Nanos % 1000000) / 1000;
  char F[4] = {'.', static_cast<char>('0' + Frac / 100),
               static_cast<char>('0' + Frac / 10 % 10),
               static_cast<char>('0' + Frac % 10)};
  raw(F, 4);
}

void RecordBuffer::fieldHex(const char *Key, std::uint64_t Value) noexcept {
  static const char Hex[] = "0123456789abcdef";
  key(Key);
  char Out[20] = {'"', '0', 'x'};
  int N = 3;
  bool Started = false;
  for (int Shift = 60; Shift >= 0; Shift -= 4) {
    unsigned D = (Value >> Shift) & 15;
    if (D || Started || Shift == 0) {
      Out[N++] = Hex[D];
      Started = true;
    }
  }
  Out[N++] = '"';
  raw(Out, N);
}

void RecordBuffer::beginArray(const char *Key) noexcept {
  key(Key);
  rawChar('[');
  if (Depth + 1 >= static_cast<int>(sizeof(HasElement))) {
    Overflow = true;
    return;
  }
  HasElement[++Depth] = false;
}

void RecordBuffer::close(char C) noexcept {
  rawChar(C);
  if (Depth > 0)
    --Depth;
  else
    Overflow = true;
}

void RecordBuffer::endArray() noexcept { close(']'); }

void RecordBuffer::beginObject(const char *Key) noexcept {
  key(Key);
  rawChar('{');
  if (Depth + 1 >= static_cast<int>(sizeof(HasElement))) {
    Overflow = true;
    return;
  }
  HasElement[++Depth] = false;
}

void RecordBuffer::endObject() noexcept { close('}'); }

bool RecordBuffer::finish() noexcept {
  if (Depth != 0)
    Overflow = true;
  raw("}\n", 2);
  return !Overflow;
}

bool writeRecord(int Fd, const RecordBuffer &R, long *Result) noexcept {
  // One write(2): with O_APPEND, concurrent writers never interleave inside
  // a record, and a kill lands between records. The raw system call leaves
  // errno alone, so it is safe on the watchdog, which has no thread of its
  // own in glibc's eyes.
  long N;
  int Waits = 0;
  for (;;) {
    N = detail::rawSyscall(SYS_write, Fd, reinterpret_cast<long>(R.data()),
                           static_cast<long>(R.size()));
    if (N == -EINTR)
      continue;
    // A full non-blocking pipe: wait for the reader a little (at most
    // 20 ms), never for good; the program's thread is ours meanwhile.
    if (N != -EAGAIN || ++Waits > 20)
      break;
    pollfd P{Fd, POLLOUT, 0};
    timespec Ms{0, 1000000};
    detail::rawSyscall(SYS_ppoll, reinterpret_cast<long>(&P), 1,
                       reinterpret_cast<long>(&Ms), 0);
  }
  if (Result)
    *Result = N;
  return N >= 0 && static_cast<std::size_t>(N) == R.size();
}

namespace {

/// The loaded modules, as last seen by dl_iterate_phdr: where their code
/// is, their load bias, path and build-id. Refreshed in normal context
/// (under Lock) and read without a lock by the watchdog, which checks
/// Version around its read, as in a seqlock: odd while a refresh writes.
struct ModuleMap {
  static constexpr int MaxModules = 512;
  static constexpr int MaxRanges = 1024;
  static constexpr std::size_t PathPool = 65536;

  struct Module {
    std::uintptr_t Bias = 0;
    std::uint32_t Path = 0; // Offset in Paths.
    char BuildId[65] = {};
  };
  struct Range {
    std::uintptr_t Begin = 0, End = 0;
    int Module = 0;
  };

  std::atomic<unsigned> Version{0};
  std::mutex Lock;
  unsigned long long Adds = 0, Subs = 0;
  bool Valid = false;
  int NumModules = 0, NumRanges = 0;
  std::size_t PathsUsed = 0;
  Module Modules[MaxModules] = {};
  Range Ranges[MaxRanges] = {};
  char Paths[PathPool] = {};
};

constinit ModuleMap Map;

constexpr int MaxFrames = 128;

const char *executablePath() {
  // Read once, in normal context; the main program's dl_iterate_phdr name
  // is empty.
  static char Path[PATH_MAX] = {};
  static bool Done = [] {
    ssize_t N = ::readlink("/proc/self/exe", Path, sizeof(Path) - 1);
    Path[N > 0 ? N : 0] = '\0';
    return true;
  }();
  (void)Done;
  return Path;
}

void readBuildId(const dl_phdr_info *Info, const ElfW(Phdr) & P,
                 char (&Out)[65]) {
  static const char Hex[] = "0123456789abcdef";
  const char *Note =
      reinterpret_cast<const char *>(Info->dlpi_addr + P.p_vaddr);
  const char *End = Note + P.p_memsz;
  while (Note + sizeof(ElfW(Nhdr)) <= End) {
    auto *H = reinterpret_cast<const ElfW(Nhdr) *>(Note);
    const char *Name = Note + sizeof(ElfW(Nhdr));
    const unsigned char *Desc = reinterpret_cast<const unsigned char *>(
        Name + ((H->n_namesz + 3) & ~3u));
    if (H->n_type == NT_GNU_BUILD_ID && H->n_namesz == 4 &&
        std::memcmp(Name, "GNU", 4) == 0 && H->n_descsz <= 32) {
      for (unsigned I = 0; I < H->n_descsz; ++I) {
        Out[2 * I] = Hex[Desc[I] >> 4];
        Out[2 * I + 1] = Hex[Desc[I] & 15];
      }
      Out[2 * H->n_descsz] = '\0';
      return;
    }
    Note = reinterpret_cast<const char *>(Desc) + ((H->n_descsz + 3) & ~3u);
  }
}

int addModule(dl_phdr_info *Info, size_t, void *) {
  if (Map.NumModules == ModuleMap::MaxModules)
    return 1;
  ModuleMap::Module &M = Map.Modules[Map.NumModules];
  const char *Name =
      Info->dlpi_name && *Info->dlpi_name ? Info->dlpi_name : executablePath();
  std::size_t Len = std::strlen(Name);
  if (Map.PathsUsed + Len + 1 > ModuleMap::PathPool)
    return 1;
  std::memcpy(Map.Paths + Map.PathsUsed, Name, Len + 1);
  M.Path = static_cast<std::uint32_t>(Map.PathsUsed);
  Map.PathsUsed += Len + 1;
  M.Bias = Info->dlpi_addr;
  M.BuildId[0] = '\0';
  for (int N = 0; N < Info->dlpi_phnum; ++N) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[N];
    if (P.p_type == PT_NOTE && !M.BuildId[0])
      readBuildId(Info, P, M.BuildId);
    if (P.p_type == PT_LOAD && Map.NumRanges < ModuleMap::MaxRanges) {
      std::uintptr_t Begin = Info->dlpi_addr + P.p_vaddr;
      Map.Ranges[Map.NumRanges++] = {Begin, Begin + P.p_memsz, Map.NumModules};
    }
  }
  ++Map.NumModules;
  return 0;
}

/// Rebuilds the map when modules were loaded or unloaded since. Normal
/// context, with Map.Lock held.
void refreshLocked(bool Force) {
  struct Counts {
    unsigned long long Adds = 0, Subs = 0;
  } C;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t Size, void *Data) {
        auto &C = *static_cast<Counts *>(Data);
        if (Size >=
            offsetof(dl_phdr_info, dlpi_subs) + sizeof(Info->dlpi_subs)) {
          C.Adds = Info->dlpi_adds;
          C.Subs = Info->dlpi_subs;
        }
        return 1;
      },
      &C);
  if (!Force && Map.Valid && C.Adds == Map.Adds && C.Subs == Map.Subs)
    return;
  Map.Version.fetch_add(1, std::memory_order_acq_rel); // Odd: writing.
  Map.NumModules = Map.NumRanges = 0;
  Map.PathsUsed = 0;
  dl_iterate_phdr(addModule, nullptr);
  Map.Adds = C.Adds;
  Map.Subs = C.Subs;
  Map.Valid = true;
  Map.Version.fetch_add(1, std::memory_order_acq_rel); // Even: done.
}

/// Appends frames and modules from the map as it is; the caller makes sure
/// it does not change meanwhile (the lock, or the version check).
void appendFromMap(RecordBuffer &R, void *const *Frames, int NumFrames) {
  NumFrames = NumFrames < MaxFrames ? NumFrames : MaxFrames;
  // Module index in the map -> index in this record's "modules".
  int Used[MaxFrames];
  int NumUsed = 0;
  R.beginArray("frames");
  for (int F = 0; F < NumFrames; ++F) {
    auto PC = reinterpret_cast<std::uintptr_t>(Frames[F]);
    int Module = -1;
    for (int I = 0; I < Map.NumRanges && I < ModuleMap::MaxRanges; ++I)
      if (PC >= Map.Ranges[I].Begin && PC < Map.Ranges[I].End) {
        Module = Map.Ranges[I].Module;
        break;
      }
    R.beginObject(nullptr);
    if (Module >= 0 && Module < ModuleMap::MaxModules) {
      int Index = 0;
      while (Index < NumUsed && Used[Index] != Module)
        ++Index;
      if (Index == NumUsed)
        Used[NumUsed++] = Module;
      R.field("m", Index);
      R.fieldHex("o", PC - Map.Modules[Module].Bias);
    } else {
      // Not in any module (JIT code, or a module unloaded since).
      R.fieldHex("pc", PC);
    }
    R.endObject();
  }
  R.endArray();
  R.beginArray("modules");
  for (int I = 0; I < NumUsed; ++I) {
    const ModuleMap::Module &M = Map.Modules[Used[I]];
    R.beginObject(nullptr);
    R.field("path", M.Path < ModuleMap::PathPool ? Map.Paths + M.Path : "");
    R.fieldHex("base", M.Bias);
    R.field("build_id", M.BuildId);
    R.endObject();
  }
  R.endArray();
}

} // namespace

void refreshModules() noexcept {
  // Never waits: a thread that waited here could be the one a signal
  // handler interrupted while it held the lock.
  std::unique_lock<std::mutex> Guard(Map.Lock, std::try_to_lock);
  if (Guard)
    refreshLocked(/*Force=*/false);
}

void resetModulesAfterFork() noexcept {
  new (&Map.Lock) std::mutex();
  if (Map.Version.load() & 1) // Forked mid-refresh: the map is torn.
    Map.Version.fetch_add(1);
  Map.Valid = false;
}

void appendStack(RecordBuffer &R, void *const *Frames, int NumFrames) noexcept {
  std::unique_lock<std::mutex> Guard(Map.Lock, std::try_to_lock);
  if (!Guard) { // Busy (or held by this very thread, under a signal).
    appendStackFromSnapshot(R, Frames, NumFrames);
    return;
  }
  refreshLocked(/*Force=*/false);
  appendFromMap(R, Frames, NumFrames);
}

void appendStackFromSnapshot(RecordBuffer &R, void *const *Frames,
                             int NumFrames) noexcept {
  // Mark where the stack begins, to start again if a refresh ran meanwhile.
  RecordBuffer::Mark M = R.mark();
  for (int Attempt = 0; Attempt < 50; ++Attempt) {
    unsigned Before = Map.Version.load(std::memory_order_acquire);
    if (!(Before & 1)) {
      appendFromMap(R, Frames, NumFrames);
      std::atomic_thread_fence(std::memory_order_acquire);
      if (Map.Version.load(std::memory_order_relaxed) == Before)
        return;
      R.rewind(M);
    }
    timespec Pause{0, 100000};
    detail::rawSyscall(SYS_nanosleep, reinterpret_cast<long>(&Pause), 0);
  }
  NumFrames = NumFrames < MaxFrames ? NumFrames : MaxFrames;
  R.beginArray("frames");
  for (int F = 0; F < NumFrames; ++F) {
    R.beginObject(nullptr);
    R.fieldHex("pc", reinterpret_cast<std::uintptr_t>(Frames[F]));
    R.endObject();
  }
  R.endArray();
  R.beginArray("modules");
  R.endArray();
}

} // namespace corolint::rt
