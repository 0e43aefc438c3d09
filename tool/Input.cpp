//===--- Input.cpp - Reading inputs that may not be regular files ---------===//

#include "Input.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

using namespace llvm;

namespace corolint::tool {

Expected<int> openInputWithoutWaiting(StringRef Path) {
  if (sys::fs::is_directory(Path))
    return createStringError(std::make_error_code(std::errc::is_a_directory),
                             "is a directory");
  SmallString<256> Z(Path);
  int FD;
  do
    FD = ::open(Z.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  while (FD < 0 && errno == EINTR);
  if (FD < 0)
    return errorCodeToError(std::error_code(errno, std::generic_category()));
  // Non-blocking only for the open: reading a pipe waits for its writer.
  int Flags = ::fcntl(FD, F_GETFL);
  if (Flags >= 0)
    ::fcntl(FD, F_SETFL, Flags & ~O_NONBLOCK);
  return FD;
}

Expected<std::unique_ptr<MemoryBuffer>> readBoundedInput(StringRef Path,
                                                         std::size_t Limit) {
  sys::fs::file_status Status;
  if (!sys::fs::status(Path, Status) &&
      Status.type() == sys::fs::file_type::regular_file) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      return errorCodeToError(Buf.getError());
    return std::move(*Buf);
  }
  Expected<int> FD = openInputWithoutWaiting(Path);
  if (!FD)
    return FD.takeError();
  std::string Text;
  char Chunk[1 << 16];
  for (;;) {
    ssize_t N = ::read(*FD, Chunk, sizeof Chunk);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0) {
      std::error_code EC(errno, std::generic_category());
      ::close(*FD);
      return errorCodeToError(EC);
    }
    if (N == 0)
      break;
    if (Text.size() + N > Limit) {
      ::close(*FD);
      return createStringError(
          std::make_error_code(std::errc::file_too_large),
          formatv("longer than {0} MiB, and not a regular file", Limit >> 20)
              .str());
    }
    Text.append(Chunk, N);
  }
  ::close(*FD);
  return MemoryBuffer::getMemBufferCopy(Text, Path);
}

} // namespace corolint::tool
