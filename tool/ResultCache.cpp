//===--- ResultCache.cpp - Findings of unchanged files, kept --------------===//

#include "ResultCache.h"
#include "support/Nesting.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace llvm;

namespace corolint::tool {

namespace {

/// Entries of this layout; another number is a miss.
constexpr int64_t Format = 3;

std::string sha256Hex(StringRef Data) {
  return toHex(SHA256::hash(arrayRefFromStringRef(Data)), /*LowerCase=*/true);
}

json::Value toJson(const Location &L) {
  return json::Array{L.File, L.Line, L.Column};
}

bool fromJson(const json::Value *V, Location &L) {
  const json::Array *A = V ? V->getAsArray() : nullptr;
  if (!A || A->size() != 3)
    return false;
  std::optional<StringRef> File = (*A)[0].getAsString();
  std::optional<int64_t> Line = (*A)[1].getAsInteger();
  std::optional<int64_t> Column = (*A)[2].getAsInteger();
  if (!File || !Line || !Column || *Line < 0 || *Column < 0)
    return false;
  L = {File->str(), static_cast<unsigned>(*Line),
       static_cast<unsigned>(*Column)};
  return true;
}

json::Value toJson(const Finding &F) {
  json::Array Notes, Fix;
  for (const Note &N : F.Notes)
    Notes.push_back(json::Object{
        {"loc", toJson(N.Loc)}, {"message", N.Message}, {"offset", N.Offset}});
  for (const Edit &E : F.Fix)
    Fix.push_back(json::Array{E.File, E.Offset, E.Length, E.Text});
  return json::Object{{"check", F.Check},     {"error", F.IsError},
                      {"loc", toJson(F.Loc)}, {"offset", F.Offset},
                      {"message", F.Message}, {"notes", std::move(Notes)},
                      {"fix", std::move(Fix)}};
}

bool unsignedField(const json::Object &O, StringRef Key, unsigned &Out) {
  std::optional<int64_t> V = O.getInteger(Key);
  if (!V || *V < 0 || *V > UINT32_MAX)
    return false;
  Out = static_cast<unsigned>(*V);
  return true;
}

bool fromJson(const json::Value &V, Finding &F) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return false;
  std::optional<StringRef> Check = O->getString("check");
  std::optional<StringRef> Message = O->getString("message");
  std::optional<bool> Error = O->getBoolean("error");
  const json::Array *Notes = O->getArray("notes");
  const json::Array *Fix = O->getArray("fix");
  if (!Check || !Message || !Error || !Notes || !Fix ||
      !fromJson(O->get("loc"), F.Loc) || !unsignedField(*O, "offset", F.Offset))
    return false;
  F.Check = Check->str();
  F.Message = Message->str();
  F.IsError = *Error;
  for (const json::Value &NV : *Notes) {
    const json::Object *NO = NV.getAsObject();
    Note N;
    std::optional<StringRef> NM = NO ? NO->getString("message") : std::nullopt;
    if (!NM || !fromJson(NO->get("loc"), N.Loc) ||
        !unsignedField(*NO, "offset", N.Offset))
      return false;
    N.Message = NM->str();
    F.Notes.push_back(std::move(N));
  }
  for (const json::Value &EV : *Fix) {
    const json::Array *EA = EV.getAsArray();
    if (!EA || EA->size() != 4)
      return false;
    std::optional<StringRef> File = (*EA)[0].getAsString();
    std::optional<int64_t> Offset = (*EA)[1].getAsInteger();
    std::optional<int64_t> Length = (*EA)[2].getAsInteger();
    std::optional<StringRef> Text = (*EA)[3].getAsString();
    if (!File || !Offset || !Length || !Text || *Offset < 0 || *Length < 0)
      return false;
    F.Fix.push_back({File->str(), static_cast<unsigned>(*Offset),
                     static_cast<unsigned>(*Length), Text->str()});
  }
  return true;
}

} // namespace

ResultCache::ResultCache(std::string Dir, uint64_t LimitBytes)
    : Dir(std::move(Dir)), LimitBytes(LimitBytes) {}

std::string ResultCache::keyOf(ArrayRef<std::string> Parts) {
  // Each part with its length, so that no two lists of parts collide.
  std::string All;
  for (const std::string &P : Parts) {
    All += std::to_string(P.size());
    All += ':';
    All += P;
  }
  return sha256Hex(All);
}

std::string ResultCache::entryPath(StringRef Key) const {
  SmallString<256> P(Dir);
  sys::path::append(P, Key.take_front(2), Key);
  return std::string(P);
}

bool ResultCache::makeDirectory() {
  std::lock_guard<std::mutex> Lock(M);
  if (Made)
    return true;
  bool Existed = sys::fs::is_directory(Dir);
  if (sys::fs::create_directories(Dir))
    return false;
  // The cache is no part of the project: git ignores it wherever it is.
  // Only in a directory made for it: `--cache-dir=.` must not hide the
  // project from git.
  SmallString<256> Ignore(Dir);
  sys::path::append(Ignore, ".gitignore");
  if (!Existed && !sys::fs::exists(Ignore)) {
    std::error_code EC;
    raw_fd_ostream OS(Ignore, EC);
    if (!EC)
      OS << "# corolint's result cache (--no-cache, --cache-dir)\n*\n";
  }
  Made = true;
  return true;
}

std::optional<std::string> ResultCache::contentHash(StringRef Path) {
  {
    std::lock_guard<std::mutex> Lock(M);
    if (auto It = Hashes.find(Path); It != Hashes.end())
      return It->second;
  }
  std::optional<std::string> Hash;
  if (auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false))
    Hash = sha256Hex((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> Lock(M);
  Hashes[Path] = Hash;
  return Hash;
}

std::optional<CachedAnalysis> ResultCache::lookup(StringRef Key) {
  auto Miss = [&]() -> std::optional<CachedAnalysis> {
    ++Misses;
    return std::nullopt;
  };
  std::string Path = entryPath(Key);
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return Miss();
  // The first line is the SHA-256 of the rest.
  auto [Checksum, Payload] = (*Buffer)->getBuffer().split('\n');
  if (Checksum != sha256Hex(Payload) || support::jsonTooDeep(Payload))
    return Miss();
  Expected<json::Value> Doc = json::parse(Payload);
  if (!Doc) {
    consumeError(Doc.takeError());
    return Miss();
  }
  const json::Object *O = Doc->getAsObject();
  if (!O || O->getInteger("format") != Format || O->getString("key") != Key)
    return Miss();
  const json::Array *Deps = O->getArray("deps");
  const json::Array *Findings = O->getArray("findings");
  CachedAnalysis A;
  std::optional<StringRef> Summary = O->getString("summary");
  if (!Deps || !Findings || !Summary ||
      !unsignedField(*O, "hiddenInHeaders", A.HiddenInHeaders) ||
      !unsignedField(*O, "hiddenByNolint", A.HiddenByNolint))
    return Miss();
  A.Summary = Summary->str();
  for (const json::Value &D : *Deps) {
    const json::Array *Pair = D.getAsArray();
    std::optional<StringRef> File =
        Pair && Pair->size() == 2 ? (*Pair)[0].getAsString() : std::nullopt;
    std::optional<StringRef> Hash =
        Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
    if (!File || !Hash || contentHash(*File) != Hash->str())
      return Miss();
  }
  for (const json::Value &FV : *Findings) {
    Finding F;
    if (!fromJson(FV, F))
      return Miss();
    A.Findings.push_back(std::move(F));
  }
  // Recently used: what prune() keeps.
  int FD;
  if (!sys::fs::openFileForWrite(Path, FD, sys::fs::CD_OpenExisting,
                                 sys::fs::OF_Append)) {
    sys::fs::setLastAccessAndModificationTime(FD, std::chrono::system_clock::now());
    sys::Process::SafelyCloseFileDescriptor(FD);
  }
  ++Hits;
  return A;
}

void ResultCache::store(StringRef Key, const CachedAnalysis &A,
                        ArrayRef<std::string> Dependencies) {
  json::Array Deps;
  for (const std::string &D : Dependencies) {
    std::optional<std::string> Hash = contentHash(D);
    if (!Hash)
      return; // A file read then gone: nothing to key on.
    Deps.push_back(json::Array{D, *Hash});
  }
  json::Array Findings;
  for (const Finding &F : A.Findings)
    Findings.push_back(toJson(F));
  std::string Payload;
  raw_string_ostream(Payload)
      << json::Value(json::Object{{"format", Format},
                                  {"key", Key},
                                  {"deps", std::move(Deps)},
                                  {"findings", std::move(Findings)},
                                  {"hiddenInHeaders", A.HiddenInHeaders},
                                  {"hiddenByNolint", A.HiddenByNolint},
                                  {"summary", A.Summary}});
  if (!makeDirectory())
    return;
  std::string Path = entryPath(Key);
  if (sys::fs::create_directories(sys::path::parent_path(Path)))
    return;
  std::string Temp = temporaryPath(".entry");
  if (Temp.empty())
    return;
  std::error_code EC;
  {
    raw_fd_ostream OS(Temp, EC);
    if (EC)
      return;
    OS << sha256Hex(Payload) << '\n' << Payload;
    OS.close();
    EC = OS.error();
  }
  if (EC || sys::fs::rename(Temp, Path))
    sys::fs::remove(Temp);
}

std::string ResultCache::temporaryPath(StringRef Suffix) {
  if (!makeDirectory())
    return "";
  SmallString<256> P(Dir);
  sys::path::append(P, formatv("tmp-{0}-{1}{2}", sys::Process::getProcessId(),
                               Counter++, Suffix)
                           .str());
  return std::string(P);
}

void ResultCache::prune() {
  struct Entry {
    std::string Path;
    uint64_t Size;
    sys::TimePoint<> Used;
  };
  std::vector<Entry> Entries;
  uint64_t Total = 0;
  // Only what the cache itself wrote: `XX/<64 hex digits>` entries, never
  // another file of a directory the user named, nor through a link.
  auto IsHex = [](StringRef S) {
    return llvm::all_of(S, [](char C) { return isHexDigit(C) && !isUpper(C); });
  };
  std::error_code EC;
  for (sys::fs::directory_iterator Sub(Dir, EC, /*FollowSymlinks=*/false), End;
       Sub != End && !EC; Sub.increment(EC)) {
    StringRef Prefix = sys::path::filename(Sub->path());
    if (Prefix.size() != 2 || !IsHex(Prefix) ||
        Sub->type() != sys::fs::file_type::directory_file)
      continue;
    std::error_code InnerEC;
    for (sys::fs::directory_iterator It(Sub->path(), InnerEC, false);
         It != End && !InnerEC; It.increment(InnerEC)) {
      StringRef Name = sys::path::filename(It->path());
      sys::fs::file_status S;
      if (Name.size() != 64 || !IsHex(Name) || !Name.starts_with(Prefix) ||
          sys::fs::status(It->path(), S, /*Follow=*/false) ||
          S.type() != sys::fs::file_type::regular_file)
        continue;
      Entries.push_back({It->path(), S.getSize(), S.getLastModificationTime()});
      Total += S.getSize();
    }
  }
  if (Total <= LimitBytes)
    return;
  std::sort(Entries.begin(), Entries.end(),
            [](const Entry &A, const Entry &B) { return A.Used < B.Used; });
  for (const Entry &E : Entries) {
    if (Total <= LimitBytes)
      break;
    if (!sys::fs::remove(E.Path))
      Total -= E.Size;
  }
}

std::vector<std::string> parseDependencyFile(StringRef Text) {
  // `target: dep dep \<newline> dep`, spaces in names escaped as `\ `.
  std::vector<std::string> Out;
  std::string Word;
  bool SawTarget = false;
  auto Flush = [&] {
    if (Word.empty())
      return;
    if (!SawTarget && StringRef(Word).ends_with(":")) {
      SawTarget = true;
    } else if (SawTarget) {
      Out.push_back(Word);
    }
    Word.clear();
  };
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\\' && I + 1 < Text.size()) {
      char Next = Text[I + 1];
      if (Next == '\n') {
        ++I;
        Flush();
        continue;
      }
      if (Next == ' ' || Next == '#' || Next == '\\') {
        Word += Next;
        ++I;
        continue;
      }
    }
    if (C == '$' && I + 1 < Text.size() && Text[I + 1] == '$') {
      Word += '$';
      ++I;
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      Flush();
      continue;
    }
    Word += C;
  }
  Flush();
  return Out;
}

} // namespace corolint::tool
