//===--- Input.h - Reading inputs that may not be regular files -*- C++ -*-===//
//
// `confirm` reads a SARIF file and a runtime report that a user names. Either
// may be a pipe (`<(zcat report.gz)`), a FIFO nobody writes to, or a device
// such as /dev/zero: none of these may hang the command or take all memory.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_INPUT_H
#define COROLINT_TOOL_INPUT_H

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstddef>
#include <memory>

namespace corolint::tool {

/// Opens \p Path for reading without waiting for a writer: a FIFO with no
/// writer reads as empty instead of blocking in open(2). Reads on the
/// descriptor block as usual. A directory is an error.
llvm::Expected<int> openInputWithoutWaiting(llvm::StringRef Path);

/// The whole of \p Path. A regular file is mapped as it is; anything else
/// (a pipe, a FIFO, a device) is read to its end, and is an error past
/// \p Limit bytes.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedInput(llvm::StringRef Path, std::size_t Limit);

} // namespace corolint::tool

#endif
