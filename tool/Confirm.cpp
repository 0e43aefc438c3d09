//===--- Confirm.cpp - Joining static findings with runtime evidence ------===//

#include "Confirm.h"
#include "Input.h"

#include "support/Nesting.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <limits>

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
    // Out of range is no position (4294967303 must not wrap to line 7).
    auto Position = [&](StringRef Key) -> unsigned {
      std::int64_t V = Region->getInteger(Key).value_or(0);
      return V > 0 && V <= std::numeric_limits<std::int32_t>::max()
                 ? static_cast<unsigned>(V)
                 : 0;
    };
    L.Line = Position("startLine");
    L.Column = Position("startColumn");
  }
  return L;
}

} // namespace

namespace {
/// Just enough of a JSON scanner to find where each element of
/// runs[0].results lies in the text, without building it: a large SARIF
/// file (hundreds of thousands of results) would take gigabytes as one
/// json::Value.
class ResultScanner {
public:
  explicit ResultScanner(StringRef Text) : T(Text) {}

  /// The byte range of the results array and of each element, or false
  /// when the document is not shaped as expected (the caller then parses
  /// it whole, for the error or for an unusual layout).
  bool scan(size_t &ArrayBegin, size_t &ArrayEnd,
            std::vector<StringRef> &Elements) {
    if (!enter('{'))
      return false;
    while (true) {
      std::optional<StringRef> Key = key();
      if (!Key)
        return false;
      if (*Key != "runs") {
        if (!skipValue())
          return false;
      } else {
        if (!enter('[') || !enter('{'))
          return false;
        while (true) {
          std::optional<StringRef> RunKey = key();
          if (!RunKey)
            return false;
          if (*RunKey == "results") {
            space();
            ArrayBegin = At;
            if (!enter('['))
              return false;
            space();
            if (peek() == ']') {
              ++At;
              ArrayEnd = At;
              return true;
            }
            while (true) {
              space();
              size_t Start = At;
              if (!skipValue())
                return false;
              Elements.push_back(T.slice(Start, At));
              space();
              if (peek() == ',') {
                ++At;
                continue;
              }
              if (peek() != ']')
                return false;
              ++At;
              ArrayEnd = At;
              return true;
            }
          }
          if (!skipValue() || !next())
            return false;
        }
      }
      if (!next())
        return false;
    }
  }

private:
  char peek() const { return At < T.size() ? T[At] : '\0'; }
  void space() {
    while (At < T.size() && (T[At] == ' ' || T[At] == '\n' ||
                             T[At] == '\r' || T[At] == '\t'))
      ++At;
  }
  bool enter(char Open) {
    space();
    if (peek() != Open)
      return false;
    ++At;
    return true;
  }
  /// After a member: a ',' means another follows; the closing bracket
  /// (or anything else) means the member looked for is not there.
  bool next() {
    space();
    if (peek() != ',')
      return false;
    ++At;
    return true;
  }
  bool string() {
    if (peek() != '"')
      return false;
    for (++At; At < T.size(); ++At) {
      if (T[At] == '\\')
        ++At;
      else if (T[At] == '"') {
        ++At;
        return true;
      }
    }
    return false;
  }
  std::optional<StringRef> key() {
    space();
    size_t Start = At;
    if (!string())
      return std::nullopt;
    StringRef K = T.slice(Start + 1, At - 1);
    space();
    if (peek() != ':')
      return std::nullopt;
    ++At;
    return K;
  }
  /// Skips one value; nesting is counted, not recursed into.
  bool skipValue() {
    space();
    unsigned Depth = 0;
    do {
      char C = peek();
      if (C == '"') {
        if (!string())
          return false;
      } else if (C == '[' || C == '{') {
        ++Depth;
        ++At;
      } else if (C == ']' || C == '}') {
        if (!Depth)
          return false;
        --Depth;
        ++At;
      } else if (C == '\0') {
        return false;
      } else {
        ++At;
        if (!Depth && (peek() == ',' || peek() == '}' || peek() == ']' ||
                       peek() == ' ' || peek() == '\n' || peek() == '\r' ||
                       peek() == '\t'))
          return true;
        continue;
      }
    } while (Depth);
    return true;
  }

  StringRef T;
  size_t At = 0;
};

/// One result of runs[0].results as a finding, or why not.
Expected<Finding> readResult(const json::Value &V,
                             const StringMap<std::string> &Bases) {
  const json::Object *R = V.getAsObject();
  if (!R)
    return createStringError(inconvertibleErrorCode(), "not an object");
  Finding F;
  F.Check = R->getString("ruleId").value_or("").str();
  if (const json::Object *M = R->getObject("message"))
    F.Message = M->getString("text").value_or("").str();
  const json::Array *Locs = R->getArray("locations");
  std::optional<Location> L;
  if (Locs && !Locs->empty())
    if (const json::Object *LO = (*Locs)[0].getAsObject())
      L = readLocation(LO->getObject("physicalLocation"), Bases);
  if (!L || !L->Line)
    return createStringError(inconvertibleErrorCode(),
                             "no file and valid line in locations[0]");
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
  return F;
}
} // namespace

static SarifFindings parseSarif(std::shared_ptr<MemoryBuffer> Source,
                                StringRef Path) {
  SarifFindings Out;
  Out.Source = Source;
  StringRef Text = Source->getBuffer();
  // The document without its results, and each result's text, which is
  // parsed (and freed) one at a time.
  size_t ArrayBegin = 0, ArrayEnd = 0;
  std::vector<StringRef> Elements;
  std::string Skeleton;
  StringRef Parsed = Text;
  if (ResultScanner(Text).scan(ArrayBegin, ArrayEnd, Elements)) {
    Skeleton = (Text.take_front(ArrayBegin) + "[]" + Text.drop_front(ArrayEnd))
                   .str();
    Parsed = Skeleton;
  } else {
    Elements.clear();
  }
  Expected<json::Value> Doc = support::parseJson(Parsed, Path);
  if (!Doc) {
    Out.Errors.push_back(formatv("{0} (the findings are not valid SARIF)",
                                 toString(Doc.takeError()))
                             .str());
    return Out;
  }
  json::Object *Root = Doc->getAsObject();
  json::Array *Runs = Root ? Root->getArray("runs") : nullptr;
  json::Object *Run =
      Runs && !Runs->empty() ? (*Runs)[0].getAsObject() : nullptr;
  json::Array *Results = Run ? Run->getArray("results") : nullptr;
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

  // Results kept in the document (a layout the scanner did not follow)
  // are read from it, as text, like the others.
  if (Elements.empty() && !Results->empty()) {
    std::string Kept;
    std::vector<std::pair<size_t, size_t>> Ranges;
    for (const json::Value &V : *Results) {
      size_t Begin = Kept.size();
      Kept += formatv("{0}", V).str();
      Ranges.push_back({Begin, Kept.size()});
    }
    Results->clear();
    Out.Source = MemoryBuffer::getMemBufferCopy(Kept, Path);
    for (auto [Begin, End] : Ranges)
      Elements.push_back(Out.Source->getBuffer().slice(Begin, End));
  }
  for (std::size_t I = 0; I < Elements.size(); ++I) {
    auto Fail = [&](const Twine &Why) {
      Out.Errors.push_back(formatv("{0}: runs[0].results[{1}]: {2}; skipped",
                                   Path, I, Why.str())
                               .str());
    };
    Expected<json::Value> V = support::parseJson(Elements[I], "");
    if (!V) {
      Fail(toString(V.takeError()));
      continue;
    }
    Expected<Finding> F = readResult(*V, Bases);
    if (!F) {
      Fail(toString(F.takeError()));
      continue;
    }
    Out.Findings.push_back(std::move(*F));
    Out.ResultIndex.push_back(I);
  }
  Out.ResultTexts = std::move(Elements);
  Out.Document = std::move(*Doc);
  return Out;
}

SarifFindings parseSarifFindings(StringRef Text, StringRef Path) {
  return parseSarif(MemoryBuffer::getMemBufferCopy(Text, Path), Path);
}

SarifFindings readSarifFindings(StringRef Path) {
  // A pipe is read to its end, up to 1 GiB (/dev/zero must not take all
  // memory); a FIFO with no writer is empty, not a hang.
  Expected<std::unique_ptr<MemoryBuffer>> Buf =
      readBoundedInput(Path, std::size_t(1) << 30);
  if (!Buf) {
    SarifFindings Out;
    Out.Errors.push_back(formatv("{0}: cannot read the findings: {1}", Path,
                                 toString(Buf.takeError()))
                             .str());
    return Out;
  }
  return parseSarif(std::move(*Buf), Path);
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
bool onStack(const std::vector<RuntimeFrame> &Frames, const Location &L) {
  for (const RuntimeFrame &F : Frames)
    for (const RuntimeFrame::Location &S : F.Inlined)
      if (sameLine(S.File, S.Line, L.File, L.Line))
        return true;
  return false;
}

/// One stack of \p E against \p F (see confirms()).
bool stackConfirms(const std::vector<RuntimeFrame> &Frames, const Finding &F) {
  const RuntimeFrame::Location *Top = userFrame(Frames);
  if (!Top)
    return false;
  if (sameLine(Top->File, Top->Line, F.Loc.File, F.Loc.Line))
    return true;
  for (const Note &N : F.Notes)
    if (sameLine(Top->File, Top->Line, N.Loc.File, N.Loc.Line))
      return onStack(Frames, F.Loc);
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

/// Where static analysis missed \p E: its kind, function and call site.
std::string missedSite(const RuntimeEvent &E) {
  const RuntimeFrame::Location *L = userFrame(E);
  return formatv("{0}|{1}|{2}:{3}", E.Kind == RuntimeEvent::Stall ? "s" : "b",
                 E.Function, L ? L->File : std::string("?"), L ? L->Line : 0)
      .str();
}
} // namespace

StringRef eventCategory(const RuntimeEvent &E) {
  if (E.Kind != RuntimeEvent::BlockingCall)
    return "";
  StringRef Fn = E.Function;
  if (Fn == "nanosleep" || Fn == "clock_nanosleep" || Fn == "sleep" ||
      Fn == "usleep")
    return "sleep";
  if (Fn == "open" || Fn == "openat" || Fn == "fopen")
    return "file-io";
  if (Fn == "getaddrinfo" || Fn == "connect" || Fn == "accept" ||
      Fn == "accept4" || Fn == "recv" || Fn == "recvfrom")
    return "network";
  if (Fn == "system" || Fn == "popen" || Fn == "waitpid")
    return "process";
  if (Fn == "pthread_join" || Fn.starts_with("sem_"))
    return "wait";
  return "";
}

std::string findingCategory(const Finding &F) {
  // The end of a call chain names it: "'read_file' blocks here (file-io)".
  if (!F.Notes.empty()) {
    StringRef Last = F.Notes.back().Message;
    if (Last.consume_back(")")) {
      size_t Open = Last.rfind('(');
      if (Open != StringRef::npos) {
        StringRef Name = Last.substr(Open + 1);
        if (Name == "sleep" || Name == "file-io" || Name == "network" ||
            Name == "database" || Name == "process" || Name == "wait" ||
            Name == "nested-loop" || Name == "mutex")
          return Name.str();
      }
    }
  }
  // A direct finding names the blocking function first, in quotes.
  StringRef M = F.Message;
  size_t Q = M.find('\'');
  if (Q == StringRef::npos)
    return "";
  StringRef Name = M.substr(Q + 1);
  Name = Name.take_until([](char C) { return C == '\''; });
  std::string Lower = Name.lower();
  StringRef L(Lower);
  if (L.contains("sleep"))
    return "sleep";
  if (L.contains("fstream") || L.contains("fopen") || L.contains("fread") ||
      L.contains("filesystem") || L.ends_with("::open"))
    return "file-io";
  if (L.contains("resolve") || L.contains("getaddrinfo") ||
      L.contains("gethostby"))
    return "network";
  if (L == "system" || L == "std::system" || L == "::system" ||
      L.contains("popen") || L.contains("waitpid"))
    return "process";
  return "";
}

bool confirms(const RuntimeEvent &E, const Finding &F) {
  if (F.Check != "corolint-blocking-call")
    return false;
  StringRef Have = eventCategory(E);
  std::string Want = findingCategory(F);
  if (!Have.empty() && !Want.empty() && Have != Want)
    return false;
  if (stackConfirms(E.Frames, F))
    return true;
  for (const RuntimeEvent::Sample &S : E.LaterSamples)
    if (stackConfirms(S.Frames, F))
      return true;
  return false;
}

Confirmation confirm(const std::vector<Finding> &Findings,
                     const std::vector<RuntimeEvent> &Events) {
  Confirmation C;
  C.Evidence.assign(Findings.size(), nullptr);
  C.Matches.assign(Findings.size(), 0);
  StringMap<std::size_t> MissedAt;
  for (const RuntimeEvent &E : Events) {
    bool Matched = false;
    for (std::size_t I = 0; I < Findings.size(); ++I) {
      if (!confirms(E, Findings[I]))
        continue;
      Matched = true;
      ++C.Matches[I];
      if (stronger(E, C.Evidence[I]))
        C.Evidence[I] = &E;
    }
    if (Matched)
      continue;
    auto [It, New] = MissedAt.try_emplace(missedSite(E), C.Missed.size());
    if (New) {
      C.Missed.push_back(&E);
      C.MissedCount.push_back(1);
      continue;
    }
    ++C.MissedCount[It->second];
    if (stronger(E, C.Missed[It->second]))
      C.Missed[It->second] = &E;
  }
  return C;
}

const RuntimeFrame::Location *userFrame(const RuntimeEvent &E) {
  return userFrame(E.Frames);
}

const RuntimeFrame::Location *
userFrame(const std::vector<RuntimeFrame> &Frames) {
  for (const RuntimeFrame &F : Frames) {
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
