//===--- Confirm.cpp - Joining static findings with runtime evidence ------===//

#include "Confirm.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace corolint::tool {

namespace {

std::string uriToPath(StringRef Uri, StringRef Base) {
  if (Uri.consume_front("file://"))
    return Uri.str();
  if (sys::path::is_absolute(Uri) || Base.empty())
    return Uri.str();
  SmallString<256> P(Base);
  sys::path::append(P, Uri);
  return std::string(P);
}

std::optional<Location> readLocation(const json::Object *Physical,
                                     const StringMap<std::string> &Bases) {
  if (!Physical)
    return std::nullopt;
  const json::Object *Artifact = Physical->getObject("artifactLocation");
  std::optional<StringRef> Uri = Artifact ? Artifact->getString("uri")
                                          : std::nullopt;
  if (!Uri)
    return std::nullopt;
  std::string Base;
  if (std::optional<StringRef> Id = Artifact->getString("uriBaseId"))
    Base = Bases.lookup(*Id);
  Location L;
  L.File = uriToPath(*Uri, Base);
  if (const json::Object *Region = Physical->getObject("region")) {
    L.Line = Region->getInteger("startLine").value_or(0);
    L.Column = Region->getInteger("startColumn").value_or(0);
  }
  return L;
}

} // namespace

SarifFindings parseSarifFindings(StringRef Text, StringRef Path) {
  SarifFindings Out;
  Expected<json::Value> Doc = json::parse(Text);
  if (!Doc) {
    // LLVM's message carries "[LINE:COL, byte=N]"; keep it whole.
    Out.Errors.push_back(formatv("{0}: not valid SARIF (JSON): {1}", Path,
                                 toString(Doc.takeError()))
                             .str());
    return Out;
  }
  const json::Object *Root = Doc->getAsObject();
  const json::Array *Runs = Root ? Root->getArray("runs") : nullptr;
  const json::Object *Run =
      Runs && !Runs->empty() ? (*Runs)[0].getAsObject() : nullptr;
  const json::Array *Results = Run ? Run->getArray("results") : nullptr;
  if (!Results) {
    Out.Errors.push_back(
        formatv("{0}: not SARIF: no runs[0].results array", Path).str());
    return Out;
  }
  StringMap<std::string> Bases;
  if (const json::Object *Ids = Run->getObject("originalUriBaseIds"))
    for (const auto &[Id, V] : *Ids)
      if (const json::Object *B = V.getAsObject())
        if (std::optional<StringRef> U = B->getString("uri"))
          Bases[Id] = uriToPath(*U, "");

  for (std::size_t I = 0; I < Results->size(); ++I) {
    const json::Object *R = (*Results)[I].getAsObject();
    auto Fail = [&](const char *Why) {
      Out.Errors.push_back(
          formatv("{0}: runs[0].results[{1}]: {2}; skipped", Path, I, Why)
              .str());
    };
    if (!R) {
      Fail("not an object");
      continue;
    }
    Finding F;
    F.Check = R->getString("ruleId").value_or("").str();
    if (const json::Object *M = R->getObject("message"))
      F.Message = M->getString("text").value_or("").str();
    const json::Array *Locs = R->getArray("locations");
    std::optional<Location> L;
    if (Locs && !Locs->empty())
      if (const json::Object *LO = (*Locs)[0].getAsObject())
        L = readLocation(LO->getObject("physicalLocation"), Bases);
    if (!L || !L->Line) {
      Fail("no file and line in locations[0]");
      continue;
    }
    F.Loc = *L;
    if (const json::Array *Related = R->getArray("relatedLocations"))
      for (const json::Value &RV : *Related)
        if (const json::Object *RO = RV.getAsObject())
          if (std::optional<Location> NL =
                  readLocation(RO->getObject("physicalLocation"), Bases)) {
            Note N;
            N.Loc = *NL;
            if (const json::Object *M = RO->getObject("message"))
              N.Message = M->getString("text").value_or("").str();
            F.Notes.push_back(std::move(N));
          }
    Out.Findings.push_back(std::move(F));
    Out.ResultIndex.push_back(I);
  }
  Out.Document = std::move(*Doc);
  return Out;
}

SarifFindings readSarifFindings(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf) {
    SarifFindings Out;
    Out.Errors.push_back(formatv("{0}: cannot read the findings: {1}", Path,
                                 Buf.getError().message())
                             .str());
    return Out;
  }
  return parseSarifFindings((*Buf)->getBuffer(), Path);
}

bool sameLine(StringRef FileA, unsigned LineA, StringRef FileB,
              unsigned LineB) {
  if (LineA != LineB || !LineA || FileA.empty() || FileB.empty())
    return false;
  SmallString<256> A(FileA), B(FileB);
  sys::path::remove_dots(A, /*remove_dot_dot=*/true);
  sys::path::remove_dots(B, /*remove_dot_dot=*/true);
  if (A == B)
    return true;
  if (sys::path::filename(A) != sys::path::filename(B))
    return false;
  SmallString<256> RA, RB;
  return !sys::fs::real_path(A, RA) && !sys::fs::real_path(B, RB) && RA == RB;
}

namespace {
bool onStack(const RuntimeEvent &E, const Location &L) {
  for (const RuntimeFrame &F : E.Frames)
    for (const RuntimeFrame::Location &S : F.Inlined)
      if (sameLine(S.File, S.Line, L.File, L.Line))
        return true;
  return false;
}

/// A stall outranks a blocking call; a longer event outranks a shorter.
bool stronger(const RuntimeEvent &A, const RuntimeEvent *B) {
  if (!B)
    return true;
  if (A.Kind != B->Kind)
    return A.Kind == RuntimeEvent::Stall;
  return A.DurationMs > B->DurationMs;
}
} // namespace

Confirmation confirm(const std::vector<Finding> &Findings,
                     const std::vector<RuntimeEvent> &Events) {
  Confirmation C;
  C.Evidence.assign(Findings.size(), nullptr);
  C.Matches.assign(Findings.size(), 0);
  for (const RuntimeEvent &E : Events) {
    bool Matched = false;
    for (std::size_t I = 0; I < Findings.size(); ++I) {
      const Finding &F = Findings[I];
      bool Hit = onStack(E, F.Loc);
      for (const Note &N : F.Notes)
        Hit = Hit || onStack(E, N.Loc);
      if (!Hit)
        continue;
      Matched = true;
      ++C.Matches[I];
      if (stronger(E, C.Evidence[I]))
        C.Evidence[I] = &E;
    }
    if (!Matched)
      C.Missed.push_back(&E);
  }
  return C;
}

const RuntimeFrame::Location *userFrame(const RuntimeEvent &E) {
  for (const RuntimeFrame &F : E.Frames) {
    if (StringRef(F.Module).contains("libcorolint-rt"))
      continue;
    for (const RuntimeFrame::Location &L : F.Inlined) {
      StringRef File(L.File);
      if (File.empty() || !L.Line || File.starts_with("/usr/") ||
          File.starts_with("/lib/") || File.starts_with("/build/") ||
          File.starts_with("./") || File.starts_with("../sysdeps"))
        continue;
      return &L;
    }
  }
  return nullptr;
}

} // namespace corolint::tool
