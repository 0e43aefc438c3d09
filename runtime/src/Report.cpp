//===--- Report.cpp - Building and writing report records -----------------===//

#include "corolint/report.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <elf.h>
#include <link.h>
#include <unistd.h>

namespace corolint::rt {

void RecordBuffer::reset() noexcept {
  Len = 0;
  Overflow = false;
  Depth = 0;
  HasElement[0] = false;
  rawChar('{');
}

void RecordBuffer::raw(const char *S, std::size_t N) noexcept {
  if (Overflow || Len + N > Capacity) {
    Overflow = true;
    return;
  }
  std::memcpy(Buf + Len, S, N);
  Len += N;
}

void RecordBuffer::raw(const char *S) noexcept { raw(S, std::strlen(S)); }

void RecordBuffer::rawChar(char C) noexcept { raw(&C, 1); }

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
    } else {
      // Bytes >= 0x80 pass through; paths and names are UTF-8 in practice,
      // and the reader reports a line that is not.
      rawChar(static_cast<char>(C));
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

bool writeRecord(int Fd, const RecordBuffer &R) noexcept {
  // One write(2): with O_APPEND, concurrent writers never interleave inside
  // a record, and a kill lands between records.
  for (;;) {
    ssize_t N = ::write(Fd, R.data(), R.size());
    if (N >= 0)
      return static_cast<std::size_t>(N) == R.size();
    if (errno != EINTR)
      return false;
  }
}

namespace {

constexpr int MaxModules = 32;
constexpr int MaxFrames = 128;

struct ModuleInfo {
  char Path[PATH_MAX];
  std::uintptr_t Bias;
  char BuildId[65];
};

struct StackLookup {
  void *const *Frames;
  int NumFrames;
  int FrameModule[MaxFrames];
  std::uintptr_t FrameBias[MaxFrames];
  ModuleInfo Modules[MaxModules];
  int NumModules = 0;
};

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
  const char *Note = reinterpret_cast<const char *>(Info->dlpi_addr + P.p_vaddr);
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

int findModules(dl_phdr_info *Info, size_t, void *Data) {
  auto &L = *static_cast<StackLookup *>(Data);
  int Index = -1;
  for (int F = 0; F < L.NumFrames; ++F) {
    if (L.FrameModule[F] >= 0)
      continue;
    auto PC = reinterpret_cast<std::uintptr_t>(L.Frames[F]);
    for (int S = 0; S < Info->dlpi_phnum; ++S) {
      const ElfW(Phdr) &P = Info->dlpi_phdr[S];
      std::uintptr_t Start = Info->dlpi_addr + P.p_vaddr;
      if (P.p_type != PT_LOAD || PC < Start || PC >= Start + P.p_memsz)
        continue;
      if (Index < 0) {
        if (L.NumModules == MaxModules)
          return 0;
        Index = L.NumModules++;
        ModuleInfo &M = L.Modules[Index];
        const char *Name = Info->dlpi_name && *Info->dlpi_name
                               ? Info->dlpi_name
                               : executablePath();
        std::strncpy(M.Path, Name, sizeof(M.Path) - 1);
        M.Path[sizeof(M.Path) - 1] = '\0';
        M.Bias = Info->dlpi_addr;
        M.BuildId[0] = '\0';
        for (int N = 0; N < Info->dlpi_phnum; ++N)
          if (Info->dlpi_phdr[N].p_type == PT_NOTE && !M.BuildId[0])
            readBuildId(Info, Info->dlpi_phdr[N], M.BuildId);
      }
      L.FrameModule[F] = Index;
      L.FrameBias[F] = Info->dlpi_addr;
      break;
    }
  }
  return 0;
}

} // namespace

void appendStack(RecordBuffer &R, void *const *Frames, int NumFrames) noexcept {
  StackLookup L;
  L.Frames = Frames;
  L.NumFrames = NumFrames < MaxFrames ? NumFrames : MaxFrames;
  for (int F = 0; F < L.NumFrames; ++F)
    L.FrameModule[F] = -1;
  dl_iterate_phdr(findModules, &L);

  R.beginArray("frames");
  for (int F = 0; F < L.NumFrames; ++F) {
    R.beginObject(nullptr);
    auto PC = reinterpret_cast<std::uintptr_t>(Frames[F]);
    if (L.FrameModule[F] >= 0) {
      R.field("m", L.FrameModule[F]);
      R.fieldHex("o", PC - L.FrameBias[F]);
    } else {
      // Not in any module (JIT code, or a module unloaded since).
      R.fieldHex("pc", PC);
    }
    R.endObject();
  }
  R.endArray();
  R.beginArray("modules");
  for (int M = 0; M < L.NumModules; ++M) {
    R.beginObject(nullptr);
    R.field("path", L.Modules[M].Path);
    R.fieldHex("base", L.Modules[M].Bias);
    R.field("build_id", L.Modules[M].BuildId);
    R.endObject();
  }
  R.endArray();
}

} // namespace corolint::rt
