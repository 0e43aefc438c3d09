//===--- Report.cpp - Findings and how they are written -------------------===//

#include "Report.h"
#include "CheckCatalog.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <memory>
#include <tuple>

using namespace llvm;

namespace corolint::tool {

static auto key(const Finding &F) {
  return std::tie(F.Loc.File, F.Loc.Line, F.Loc.Column, F.Check, F.Message);
}

void Report::normalize() {
  for (std::vector<Finding> *V : {&Findings, &Errors}) {
    std::stable_sort(V->begin(), V->end(), [](const Finding &A,
                                              const Finding &B) {
      return key(A) < key(B);
    });
    V->erase(std::unique(V->begin(), V->end(),
                         [](const Finding &A, const Finding &B) {
                           return key(A) == key(B);
                         }),
             V->end());
  }
  llvm::sort(FailedFiles);
  FailedFiles.erase(std::unique(FailedFiles.begin(), FailedFiles.end()),
                    FailedFiles.end());
}

namespace {
/// Source lines for snippets, read once per file, with each file's line
/// starts indexed once.
class SourceLines {
public:
  StringRef line(const Location &L) {
    if (L.File.empty() || L.Line == 0)
      return {};
    auto [It, Inserted] = Files.try_emplace(L.File);
    File &F = It->second;
    if (Inserted)
      if (auto Buf = MemoryBuffer::getFile(L.File, /*IsText=*/true)) {
        F.Text = std::move(*Buf);
        StringRef T = F.Text->getBuffer();
        F.Starts.push_back(0);
        for (size_t I = 0; I < T.size(); ++I)
          if (T[I] == '\n')
            F.Starts.push_back(I + 1);
      }
    if (!F.Text || L.Line > F.Starts.size())
      return {};
    StringRef T = F.Text->getBuffer();
    return T.substr(F.Starts[L.Line - 1]).split('\n').first.rtrim('\r');
  }

private:
  struct File {
    std::unique_ptr<MemoryBuffer> Text;
    std::vector<size_t> Starts;
  };
  StringMap<File> Files;
};

bool isContinuation(unsigned char C) { return (C & 0xC0) == 0x80; }

/// How a source byte is shown: control characters as clang shows them
/// (`<U+001B>`), so that source text never drives the terminal.
void showByte(raw_ostream &OS, unsigned char C) {
  if (C == '\t' || (C >= 0x20 && C != 0x7F))
    OS << static_cast<char>(C);
  else
    OS << format("<U+%04X>", C);
}

unsigned shownWidth(unsigned char C) {
  if (isContinuation(C))
    return 0; // One column per character, not per byte.
  return C == '\t' || (C >= 0x20 && C != 0x7F) ? 1 : 8;
}

void showText(raw_ostream &OS, StringRef Text) {
  for (char C : Text)
    showByte(OS, static_cast<unsigned char>(C));
}

/// At most this many bytes of a source line are shown, around the column:
/// a minified file's one line must not be printed under every finding.
constexpr size_t SnippetBytes = 160;

void writeSnippet(raw_ostream &OS, StringRef Line, unsigned Column) {
  size_t At = std::min<size_t>(Column - 1, Line.size());
  size_t Begin = 0, End = Line.size();
  if (Line.size() > SnippetBytes) {
    Begin = At > SnippetBytes / 2 ? At - SnippetBytes / 2 : 0;
    End = std::min(Line.size(), Begin + SnippetBytes);
    // Cut on character boundaries.
    while (Begin > 0 && isContinuation(Line[Begin]))
      --Begin;
    while (End < Line.size() && isContinuation(Line[End]))
      ++End;
  }
  StringRef Lead = Begin ? "..." : "";
  OS << Lead;
  showText(OS, Line.slice(Begin, End));
  if (End < Line.size())
    OS << "...";
  OS << "\n";
  for (size_t I = 0; I < Lead.size(); ++I)
    OS << ' ';
  for (size_t I = Begin; I < At && I < End; ++I) {
    unsigned char C = static_cast<unsigned char>(Line[I]);
    if (C == '\t')
      OS << '\t';
    else
      OS.indent(shownWidth(C));
  }
  OS << "^\n";
}

void writeOne(raw_ostream &OS, SourceLines &Src, const Location &L,
              StringRef Level, StringRef Message, StringRef Check) {
  if (!L.File.empty()) {
    showText(OS, L.File);
    OS << ":";
    if (L.Line)
      OS << L.Line << ":" << L.Column << ":";
    OS << " ";
  }
  OS << Level << ": ";
  showText(OS, Message);
  if (!Check.empty())
    OS << " [" << Check << "]";
  OS << "\n";
  StringRef Line = Src.line(L);
  if (!Line.empty() && L.Column)
    writeSnippet(OS, Line, L.Column);
}
} // namespace

void writeText(const Report &R, raw_ostream &OS) {
  SourceLines Src;
  for (const std::vector<Finding> *V : {&R.Errors, &R.Findings})
    for (const Finding &F : *V) {
      writeOne(OS, Src, F.Loc, F.IsError ? "error" : "warning", F.Message,
               F.Check);
      for (const Note &N : F.Notes)
        writeOne(OS, Src, N.Loc, "note", N.Message, "");
    }
}

static json::Object locationJson(const Location &L) {
  return json::Object{{"file", L.File}, {"line", L.Line}, {"column", L.Column}};
}

void writeJson(const Report &R, raw_ostream &OS) {
  auto List = [](const std::vector<Finding> &V) {
    json::Array A;
    for (const Finding &F : V) {
      json::Array Notes;
      for (const Note &N : F.Notes) {
        json::Object O = locationJson(N.Loc);
        O["message"] = N.Message;
        Notes.push_back(std::move(O));
      }
      json::Object O = locationJson(F.Loc);
      O["check"] = F.Check;
      O["severity"] = F.IsError ? "error" : "warning";
      O["message"] = F.Message;
      O["notes"] = std::move(Notes);
      if (!F.Fingerprint.empty())
        O["fingerprint"] = F.Fingerprint;
      A.push_back(std::move(O));
    }
    return A;
  };
  json::Object Root{{"version", 1},
                    {"tool", "corolint"},
                    {"filesAnalysed", R.FilesAnalysed},
                    {"findings", List(R.Findings)},
                    {"errors", List(R.Errors)},
                    {"failedFiles", json::Array(R.FailedFiles)}};
  OS << formatv("{0:2}", json::Value(std::move(Root))) << "\n";
}

namespace {
/// Paths under the source root are written relative to %SRCROOT%, which
/// code-scanning services map onto the repository.
class SarifLocations {
public:
  explicit SarifLocations(StringRef SourceRoot) {
    if (!SourceRoot.empty())
      Root = SourceRoot.rtrim('/').str() + "/";
  }
  const std::string &root() const { return Root; }
  json::Object physical(const Location &L) const {
    json::Object Artifact;
    StringRef Path(L.File);
    if (!Root.empty() && Path.consume_front(Root)) {
      Artifact["uri"] = Path.str();
      Artifact["uriBaseId"] = "%SRCROOT%";
    } else {
      Artifact["uri"] = "file://" + L.File;
    }
    json::Object Physical{{"artifactLocation", std::move(Artifact)}};
    if (L.Line) {
      json::Object Region{{"startLine", L.Line}};
      if (L.Column)
        Region["startColumn"] = L.Column;
      Physical["region"] = std::move(Region);
    }
    return Physical;
  }

private:
  std::string Root;
};
} // namespace

std::string defaultSourceRoot(StringRef Dir) {
  for (StringRef D = Dir; !D.empty(); D = sys::path::parent_path(D)) {
    SmallString<256> Git(D);
    sys::path::append(Git, ".git");
    if (sys::fs::exists(Git)) // A directory, or a file in a worktree.
      return D.str();
    if (D == sys::path::root_path(D))
      break;
  }
  return Dir.str();
}

namespace {
/// The checks' pages, by file name.
struct CheckDoc {
  StringRef Name;
  StringRef Markdown;
};
const CheckDoc CheckDocs[] = {
#include "CheckDocs.inc"
};

StringRef checkDoc(StringRef DocPath) {
  StringRef Name = sys::path::filename(DocPath);
  for (const CheckDoc &D : CheckDocs)
    if (D.Name == Name)
      return D.Markdown;
  return {};
}

/// What code scanning accepts in one run and one result.
constexpr size_t MaxResults = 25000;
constexpr size_t MaxRelatedLocations = 1000;
constexpr size_t MaxThreadFlowLocations = 10000;
} // namespace

void writeSarif(const Report &R, raw_ostream &OS, StringRef SourceRoot) {
  SarifLocations Locs(SourceRoot);
  std::string DocsUrl = StringRef(COROLINT_DOCS_URL).rtrim('/').str();
  json::Array Rules;
  StringMap<unsigned> RuleIndex;
  for (const checks::CheckInfo &C : checks::allChecks()) {
    RuleIndex[C.Name] = Rules.size();
    // docs/checks/NAME.md is checks/NAME.md under the documentation.
    std::string HelpUri =
        DocsUrl + "/" + StringRef(C.DocPath).drop_front(5).str();
    json::Object Help{{"text", (C.Summary + ". Documentation: " + HelpUri)
                                   .str()}};
    if (StringRef Markdown = checkDoc(C.DocPath); !Markdown.empty())
      Help["markdown"] = Markdown;
    Rules.push_back(json::Object{
        {"id", C.Name},
        {"shortDescription", json::Object{{"text", C.Summary}}},
        {"fullDescription", json::Object{{"text", C.Summary}}},
        {"help", std::move(Help)},
        {"helpUri", HelpUri},
        {"defaultConfiguration", json::Object{{"level", "warning"}}},
        {"properties",
         json::Object{{"documentation", C.DocPath},
                      {"tags", json::Array{"concurrency", "coroutines",
                                           C.Kind}},
                      {"precision", C.Precision}}}});
  }

  json::Array Results;
  for (const Finding &F : R.Findings) {
    if (Results.size() == MaxResults)
      break;
    json::Array Related;
    unsigned Id = 1;
    for (const Note &N : F.Notes) {
      if (Related.size() == MaxRelatedLocations)
        break;
      Related.push_back(json::Object{
          {"id", Id++},
          {"message", json::Object{{"text", N.Message}}},
          {"physicalLocation", Locs.physical(N.Loc)}});
    }
    json::Object Result{
        {"ruleId", F.Check},
        {"level", "warning"},
        {"message", json::Object{{"text", F.Message}}},
        {"locations",
         json::Array{json::Object{{"physicalLocation", Locs.physical(F.Loc)}}}},
        {"relatedLocations", std::move(Related)}};
    if (!F.Fingerprint.empty())
      Result["partialFingerprints"] =
          json::Object{{"corolint/v1", F.Fingerprint}};
    // The chain the notes tell (coroutine call site, ..., the blocking
    // call; or where the coroutine suspends), as code scanning shows a
    // path: one thread flow, the finding first.
    if (!F.Notes.empty()) {
      json::Array Steps{json::Object{
          {"location",
           json::Object{{"physicalLocation", Locs.physical(F.Loc)},
                        {"message", json::Object{{"text", F.Message}}}}}}};
      for (const Note &N : F.Notes) {
        if (Steps.size() == MaxThreadFlowLocations)
          break;
        Steps.push_back(json::Object{
            {"location",
             json::Object{{"physicalLocation", Locs.physical(N.Loc)},
                          {"message", json::Object{{"text", N.Message}}}}}});
      }
      Result["codeFlows"] = json::Array{json::Object{
          {"threadFlows",
           json::Array{json::Object{{"locations", std::move(Steps)}}}}}};
    }
    if (auto It = RuleIndex.find(F.Check); It != RuleIndex.end())
      Result["ruleIndex"] = It->second;
    Results.push_back(std::move(Result));
  }

  json::Array Notifications;
  for (const Finding &F : R.Errors) {
    json::Object N{{"level", "error"},
                   {"message", json::Object{{"text", F.Message}}},
                   {"descriptor", json::Object{{"id", F.Check}}}};
    if (!F.Loc.File.empty())
      N["locations"] = json::Array{
          json::Object{{"physicalLocation", Locs.physical(F.Loc)}}};
    Notifications.push_back(std::move(N));
  }
  if (R.Findings.size() > MaxResults)
    Notifications.push_back(json::Object{
        {"level", "warning"},
        {"message",
         json::Object{{"text", formatv("{0} findings beyond code scanning's "
                                       "limit of {1} results per run are "
                                       "left out; the text and JSON "
                                       "reports have them all",
                                       R.Findings.size() - MaxResults,
                                       MaxResults)
                                   .str()}}},
        {"descriptor", json::Object{{"id", "corolint-result-limit"}}}});

  json::Object Run{
      {"tool",
       json::Object{{"driver",
                     json::Object{{"name", "corolint"},
                                  {"version", COROLINT_VERSION},
                                  {"semanticVersion", COROLINT_VERSION},
                                  {"informationUri", DocsUrl + "/README.md"},
                                  {"rules", std::move(Rules)}}}}},
      {"invocations",
       json::Array{json::Object{
           {"executionSuccessful", R.Errors.empty()},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)}};
  if (!Locs.root().empty())
    Run["originalUriBaseIds"] = json::Object{
        {"%SRCROOT%", json::Object{{"uri", "file://" + Locs.root()}}}};
  json::Object Root{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::Array{std::move(Run)}}};
  OS << formatv("{0:2}", json::Value(std::move(Root))) << "\n";
}

namespace {
std::string relativeTo(StringRef File, StringRef SourceRoot) {
  StringRef Path(File);
  if (!SourceRoot.empty())
    Path.consume_front((SourceRoot.rtrim('/') + "/").str());
  return Path.str();
}

StringRef kindOf(StringRef Check) {
  for (const checks::CheckInfo &C : checks::allChecks())
    if (C.Name == Check)
      return C.Kind;
  return "correctness";
}
} // namespace

void writeCodeClimate(const Report &R, raw_ostream &OS,
                      StringRef SourceRoot) {
  json::Array Issues;
  for (const Finding &F : R.Findings) {
    std::string Description = F.Message;
    for (const Note &N : F.Notes)
      Description += formatv("\n{0}:{1}: {2}",
                             relativeTo(N.Loc.File, SourceRoot), N.Loc.Line,
                             N.Message)
                         .str();
    Issues.push_back(json::Object{
        {"type", "issue"},
        {"engine_name", "corolint"},
        {"check_name", F.Check},
        {"description", F.Message},
        {"content", json::Object{{"body", Description}}},
        {"categories", json::Array{kindOf(F.Check) == "performance"
                                       ? "Performance"
                                       : "Bug Risk"}},
        {"severity", "major"},
        {"fingerprint", F.Fingerprint},
        {"location",
         json::Object{{"path", relativeTo(F.Loc.File, SourceRoot)},
                      {"lines", json::Object{{"begin", F.Loc.Line}}}}}});
  }
  OS << formatv("{0:2}", json::Value(std::move(Issues))) << "\n";
}

namespace {
/// Workflow-command escaping: the message part, and properties, which
/// also may not hold `:` or `,`.
std::string escapeData(StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}
std::string escapeProperty(StringRef S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}
} // namespace

void writeGithub(const Report &R, raw_ostream &OS, StringRef SourceRoot) {
  auto One = [&](StringRef Command, const Finding &F) {
    OS << "::" << Command;
    std::string Sep = " ";
    if (!F.Loc.File.empty()) {
      OS << Sep << "file=" << escapeProperty(relativeTo(F.Loc.File, SourceRoot));
      Sep = ",";
      if (F.Loc.Line)
        OS << ",line=" << F.Loc.Line;
      if (F.Loc.Column)
        OS << ",col=" << F.Loc.Column;
    }
    OS << Sep << "title=" << escapeProperty(F.Check);
    std::string Message = F.Message;
    for (const Note &N : F.Notes)
      Message += formatv("\n{0}:{1}: {2}", relativeTo(N.Loc.File, SourceRoot),
                         N.Loc.Line, N.Message)
                     .str();
    OS << "::" << escapeData(Message) << "\n";
  };
  for (const Finding &F : R.Errors)
    One("error", F);
  for (const Finding &F : R.Findings)
    One("warning", F);
}

bool ReportOutput::open(StringRef P) {
  Path = P.str();
  if (Path.empty())
    return true;
  std::error_code EC;
  File = std::make_unique<raw_fd_ostream>(Path, EC, sys::fs::OF_Text);
  if (!EC)
    return true;
  errs() << "corolint: error: cannot write '" << Path << "': " << EC.message()
         << "\n";
  File.reset();
  return false;
}

bool ReportOutput::finish() {
  raw_fd_ostream &OS = stream();
  if (File)
    File->close();
  else
    OS.flush();
  if (!OS.has_error())
    return true;
  errs() << "corolint: error: cannot write the report to "
         << (File ? "'" + Path + "'" : std::string("standard output")) << ": "
         << OS.error().message() << "\n";
  OS.clear_error();
  return false;
}

} // namespace corolint::tool
