//===--- RunCommand.cpp - `corolint run` and `corolint confirm` -----------===//

#include "Confirm.h"
#include "Options.h"
#include "RuntimeReport.h"
#include "support/Nesting.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <csignal>
#include <map>
#include <cstring>
#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace llvm;

namespace corolint::tool {

int run(const Options &O) {
  switch (O.Cmd) {
  case Command::Run:
    return runProgram(O);
  case Command::Confirm:
    return confirmFindings(O);
  case Command::Report:
    return reportRuntime(O);
  case Command::Check:
    break;
  }
  return runCheck(O);
}

namespace {

/// libcorolint-rt beside the command: the build tree's runtime/ or the
/// installation's library directory (as configured, so also
/// lib/x86_64-linux-gnu); COROLINT_RT_LIBRARY overrides.
Expected<std::string> findRuntimeLibrary() {
  if (const char *Env = std::getenv("COROLINT_RT_LIBRARY"); Env && *Env) {
    if (sys::fs::exists(Env))
      return std::string(Env);
    return createStringError(inconvertibleErrorCode(),
                             "COROLINT_RT_LIBRARY=%s does not exist", Env);
  }
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable("corolint", &Anchor);
  StringRef Dir = sys::path::parent_path(Exe);
  for (const char *Rel :
       {"../runtime/libcorolint-rt.so", COROLINT_RT_INSTALL_REL,
        "../lib/libcorolint-rt.so", "libcorolint-rt.so"}) {
    SmallString<256> P(Dir);
    sys::path::append(P, Rel);
    sys::path::remove_dots(P, true);
    if (sys::fs::exists(P))
      return std::string(P);
  }
  return createStringError(inconvertibleErrorCode(),
                           "cannot find libcorolint-rt.so next to %s; set "
                           "COROLINT_RT_LIBRARY",
                           Exe.c_str());
}

std::string absolute(StringRef Path) {
  SmallString<256> P(Path);
  sys::fs::make_absolute(P);
  return std::string(P);
}

} // namespace

namespace {

std::string describeFrame(const RuntimeFrame &F,
                          const RuntimeFrame::Location &L) {
  SmallString<128> File(L.File);
  sys::path::remove_dots(File, /*remove_dot_dot=*/true);
  std::string Where =
      L.File.empty()
          ? fmt::format("({}+{:#x})", sys::path::filename(F.Module).str(),
                        F.Offset)
          : fmt::format("{}:{}:{}", File.str().str(), L.Line, L.Column);
  return fmt::format("{} {}",
                     L.Function.empty() ? "??"
                                        : shortFunctionName(L.Function),
                     Where);
}

/// The stack as the reader wants it: inlined frames expanded, the
/// runtime's own frames left out, at most \p Max lines.
void writeStack(raw_ostream &OS, const std::vector<RuntimeFrame> &Frames,
                unsigned Max = 16, StringRef Indent = "    ") {
  unsigned N = 0;
  for (const RuntimeFrame &F : Frames) {
    if (StringRef(F.Module).contains("libcorolint-rt"))
      continue;
    if (F.Inlined.empty()) {
      RuntimeFrame::Location Unknown;
      if (N < Max)
        OS << fmt::format("{}#{} {}\n", Indent.str(), N,
                          describeFrame(F, Unknown));
      ++N;
      continue;
    }
    for (const RuntimeFrame::Location &L : F.Inlined) {
      if (N < Max)
        OS << fmt::format("{}#{} {}\n", Indent.str(), N, describeFrame(F, L));
      ++N;
    }
  }
  if (N > Max)
    OS << fmt::format("{}... {} more frames\n", Indent.str(), N - Max);
}

std::string eventHeading(const RuntimeEvent &E) {
  std::string S = E.Kind == RuntimeEvent::Stall
                      ? fmt::format("stall: {:.0f} ms", E.DurationMs)
                      : fmt::format("blocking call: '{}' took {:.1f} ms",
                                    E.Function, E.DurationMs);
  if (E.Kind == RuntimeEvent::Stall && !E.Ended)
    S += " (still stalled when the report ended)";
  S += fmt::format(" on thread {} '{}'", E.Tid, E.Thread);
  if (!E.HandlerObject.empty() || !E.HandlerOperation.empty())
    S += fmt::format(" in handler {}.{}", E.HandlerObject, E.HandlerOperation);
  return S;
}

void writeReportErrors(const std::vector<std::string> &Errors) {
  for (const std::string &E : Errors)
    errs() << "corolint: error: " << E << "\n";
}

} // namespace

int runProgram(const Options &O) {
  Expected<std::string> Lib = findRuntimeLibrary();
  if (!Lib) {
    errs() << "corolint: error: " << toString(Lib.takeError()) << "\n";
    return 2;
  }
  std::string Report = O.ReportFile.empty() ? "" : absolute(O.ReportFile);
  if (!Report.empty()) {
    // The runtime appends (a program's children share the file); a new run
    // starts a new report.
    std::error_code EC;
    raw_fd_ostream Truncate(Report, EC);
    if (EC) {
      errs() << fmt::format("corolint: error: cannot write {}: {}\n", Report,
                            EC.message());
      return 2;
    }
  }

  std::vector<std::string> Env;
  std::string Preload = *Lib;
  for (char **E = environ; *E; ++E) {
    StringRef Var(*E);
    if (Var.consume_front("LD_PRELOAD=")) {
      if (!Var.empty())
        Preload += ":" + Var.str();
      continue;
    }
    if (Var.starts_with("COROLINT_RT_THRESHOLD_MS=") ||
        Var.starts_with("COROLINT_RT_REPORT=") ||
        Var.starts_with("COROLINT_RT_DISABLE=") ||
        (O.Histogram && Var.starts_with("COROLINT_RT_HISTOGRAM=")) ||
        (O.FileIo && (Var.starts_with("COROLINT_RT_FILE_IO=") ||
                      Var.starts_with("COROLINT_RT_FILE_IO_MIN_US=") ||
                      Var.starts_with("COROLINT_RT_FILE_IO_ALLOW="))))
      continue;
    Env.push_back(*E);
  }
  Env.push_back("LD_PRELOAD=" + Preload);
  Env.push_back(fmt::format("COROLINT_RT_THRESHOLD_MS={}", O.ThresholdMs));
  if (!Report.empty())
    Env.push_back("COROLINT_RT_REPORT=" + Report);
  if (O.FileIo) {
    Env.push_back("COROLINT_RT_FILE_IO=1");
    Env.push_back(fmt::format("COROLINT_RT_FILE_IO_MIN_US={}", O.FileIoMinUs));
    Env.push_back("COROLINT_RT_FILE_IO_ALLOW=" + O.FileIoAllow);
  }
  if (O.Histogram)
    Env.push_back("COROLINT_RT_HISTOGRAM=1");

  std::vector<char *> Argv, Envp;
  for (const std::string &A : O.Program)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  for (std::string &E : Env)
    Envp.push_back(E.data());
  Envp.push_back(nullptr);

  // While the program runs, Ctrl-C is for it; we stay to write the summary.
  struct sigaction Ignore = {}, OldInt, OldQuit;
  Ignore.sa_handler = SIG_IGN;
  sigaction(SIGINT, &Ignore, &OldInt);
  sigaction(SIGQUIT, &Ignore, &OldQuit);
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  sigset_t Default;
  sigemptyset(&Default);
  sigaddset(&Default, SIGINT);
  sigaddset(&Default, SIGQUIT);
  posix_spawnattr_setsigdefault(&Attr, &Default);
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETSIGDEF);
  pid_t Pid;
  int E = posix_spawnp(&Pid, Argv[0], nullptr, &Attr, Argv.data(),
                       Envp.data());
  posix_spawnattr_destroy(&Attr);
  int Status = 0;
  if (!E)
    while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
    }
  sigaction(SIGINT, &OldInt, nullptr);
  sigaction(SIGQUIT, &OldQuit, nullptr);
  if (E) {
    errs() << fmt::format("corolint: error: cannot run '{}': {}\n",
                          O.Program[0], std::strerror(E));
    return 2;
  }
  int Exit = 0;
  if (WIFEXITED(Status)) {
    Exit = WEXITSTATUS(Status);
  } else if (WIFSIGNALED(Status)) {
    Exit = 128 + WTERMSIG(Status);
    errs() << fmt::format("corolint: '{}' was killed by signal {} ({})\n",
                          O.Program[0], WTERMSIG(Status),
                          strsignal(WTERMSIG(Status)));
  }

  if (Report.empty())
    Report = absolute(fmt::format("corolint-rt.{}.jsonl", Pid));
  if (!sys::fs::exists(Report)) {
    errs() << fmt::format("corolint: warning: the runtime wrote no report "
                          "({}); was '{}' statically linked, or setuid?\n",
                          Report, O.Program[0]);
    return Exit;
  }
  RuntimeReport R = readRuntimeReport(Report);
  // The report exists when --report named it (corolint created it), or
  // when the program's children wrote to it: the program itself was
  // watched only if its own runtime started.
  if (!llvm::is_contained(R.StartedPids, static_cast<std::int64_t>(Pid)))
    errs() << fmt::format("corolint: warning: the runtime did not start in "
                          "'{}' (pid {}); was it statically linked, or "
                          "setuid? Its own threads were not watched\n",
                          O.Program[0], Pid);
  writeReportErrors(R.Errors);
  symbolize(R.Events);
  unsigned Stalls = 0, Calls = 0;
  for (const RuntimeEvent &Ev : R.Events)
    ++(Ev.Kind == RuntimeEvent::Stall ? Stalls : Calls);
  raw_ostream &OS = errs();
  OS << fmt::format("corolint run: {} stall{} and {} blocking call{} on loop "
                    "threads; report: {}\n",
                    Stalls, Stalls == 1 ? "" : "s", Calls,
                    Calls == 1 ? "" : "s", Report);
  if (R.SuppressedStalls || R.SuppressedBlockingCalls)
    OS << fmt::format("  ({} stalls and {} blocking calls over the rate "
                      "limit were counted but not recorded)\n",
                      R.SuppressedStalls, R.SuppressedBlockingCalls);
  for (const std::string &T : R.BlindThreads)
    OS << fmt::format("  loop thread {} blocks the runtime's signal: its "
                      "stalls are timed, but have no stack\n",
                      T);
  if (!R.Reconstructed.empty())
    OS << "  (the program wrote no summary, killed by a signal: the counts "
          "of suppressed records are added up from the records it wrote)\n";
  // Blocking calls of one site (function and top of the stack) are shown
  // once, with how often they were recorded and suppressed; stalls each.
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<const RuntimeEvent *>>
      BySite;
  // Site 0 is where the runtime puts every site its table had no room
  // for: not one site.
  for (const RuntimeEvent &Ev : R.Events)
    if (Ev.Kind == RuntimeEvent::BlockingCall && Ev.Site > 0)
      BySite[{Ev.Pid, Ev.Site}].push_back(&Ev);
  for (const RuntimeEvent &Ev : R.Events) {
    auto Group = BySite.find({Ev.Pid, Ev.Site});
    bool Grouped = Ev.Kind == RuntimeEvent::BlockingCall && Ev.Site > 0;
    if (Grouped && Group->second.front() != &Ev)
      continue;
    OS << eventHeading(Ev) << "\n";
    auto Suppressed = R.SuppressedAtSite.find({Ev.Pid, Ev.Site});
    if (Grouped && (Group->second.size() > 1 ||
                    Suppressed != R.SuppressedAtSite.end())) {
      double Longest = 0;
      for (const RuntimeEvent *Same : Group->second)
        Longest = std::max(Longest, Same->DurationMs);
      OS << fmt::format("    (this site: {} recorded, longest {:.1f} ms",
                        Group->second.size(), Longest);
      if (Suppressed != R.SuppressedAtSite.end())
        OS << fmt::format(", and {} more over the rate limit",
                          Suppressed->second);
      OS << ")\n";
    } else if (!Grouped && Suppressed != R.SuppressedAtSite.end() &&
               Ev.Site > 0) {
      OS << fmt::format("    (this site: {} more stalls over the rate limit)\n",
                        Suppressed->second);
    }
    if (!Ev.NoStack.empty())
      OS << fmt::format("    (no stack: {})\n", Ev.NoStack);
    writeStack(OS, Ev.Frames);
    // Where a long stall was when sampled again, briefly.
    for (const RuntimeEvent::Sample &S : Ev.LaterSamples) {
      if (S.Frames.empty())
        continue;
      OS << fmt::format("    sampled again after {:.0f} ms:\n", S.AtMs);
      writeStack(OS, S.Frames, 3, "      ");
    }
  }
  return Exit;
}

namespace {

json::Object evidenceJson(const RuntimeEvent &E) {
  json::Array Stack;
  for (const RuntimeFrame &F : E.Frames) {
    if (StringRef(F.Module).contains("libcorolint-rt"))
      continue;
    auto Frame = [&](const RuntimeFrame::Location *L) {
      json::Object O{{"module", F.Module},
                     {"offset", formatv("{0:x}", F.Offset).str()}};
      if (L) {
        if (!L->Function.empty())
          O["function"] = L->Function;
        if (!L->File.empty()) {
          O["file"] = L->File;
          O["line"] = L->Line;
          O["column"] = L->Column;
        }
      }
      Stack.push_back(std::move(O));
    };
    if (F.Inlined.empty())
      Frame(nullptr);
    for (const RuntimeFrame::Location &L : F.Inlined)
      Frame(&L);
  }
  json::Object O{{"kind", E.Kind == RuntimeEvent::Stall ? "stall"
                                                        : "blocking-call"},
                 {"durationMs", E.DurationMs},
                 {"summary", E.evidence()},
                 {"pid", E.Pid},
                 {"tid", E.Tid},
                 {"thread", E.Thread},
                 {"report", E.Origin},
                 {"stack", std::move(Stack)}};
  if (E.Kind == RuntimeEvent::BlockingCall)
    O["function"] = E.Function;
  if (E.Kind == RuntimeEvent::Stall)
    O["ended"] = E.Ended;
  if (!E.HandlerObject.empty() || !E.HandlerOperation.empty())
    O["handler"] = E.HandlerObject + "." + E.HandlerOperation;
  return O;
}

std::string missedMessage(const RuntimeEvent &E, unsigned Count = 1) {
  std::string Where;
  if (const RuntimeFrame::Location *L = userFrame(E); L && !L->Function.empty())
    Where = " in '" + shortFunctionName(L->Function) + "'";
  std::string Times =
      Count > 1 ? fmt::format(" ({} times from this call site; the longest)",
                              Count)
                : "";
  return "missed by static analysis: " + E.evidence() + Where + Times;
}

/// A SARIF physical location for a frame's source position.
json::Object physicalLocation(const RuntimeFrame::Location &L) {
  json::Object Region{{"startLine", L.Line}};
  if (L.Column)
    Region["startColumn"] = L.Column;
  return json::Object{
      {"artifactLocation", json::Object{{"uri", "file://" + L.File}}},
      {"region", std::move(Region)}};
}

const char *missedRule(const RuntimeEvent &E) {
  return E.Kind == RuntimeEvent::Stall ? "corolint-runtime-stall"
                                       : "corolint-runtime-blocking-call";
}

void writeConfirmText(const SarifFindings &S, const Confirmation &C,
                      raw_ostream &OS) {
  unsigned Confirmed = 0;
  for (std::size_t I = 0; I < S.Findings.size(); ++I) {
    const RuntimeEvent *E = C.Evidence[I];
    if (!E)
      continue;
    ++Confirmed;
    const Finding &F = S.Findings[I];
    OS << fmt::format("{}:{}:{}: warning: {} [{}] [confirmed: {}]\n",
                      F.Loc.File, F.Loc.Line, F.Loc.Column, F.Message,
                      F.Check, E->evidence());
    OS << fmt::format("  {} ({})\n", eventHeading(*E), E->Origin);
    writeStack(OS, E->Frames, 8);
  }
  for (std::size_t I = 0; I < C.Missed.size(); ++I) {
    const RuntimeEvent *E = C.Missed[I];
    if (const RuntimeFrame::Location *L = userFrame(*E))
      OS << fmt::format("{}:{}:{}: ", L->File, L->Line, L->Column);
    OS << fmt::format("warning: {} [{}]\n", missedMessage(*E, C.MissedCount[I]),
                      missedRule(*E));
    OS << fmt::format("  {} ({})\n", eventHeading(*E), E->Origin);
    writeStack(OS, E->Frames, 8);
  }
  OS << fmt::format("corolint confirm: {} of {} finding{} confirmed; {} "
                    "runtime event{} missed by static analysis\n",
                    Confirmed, S.Findings.size(),
                    S.Findings.size() == 1 ? "" : "s", C.Missed.size(),
                    C.Missed.size() == 1 ? "" : "s");
}

json::Object locationJson(const Location &L) {
  return json::Object{{"file", L.File}, {"line", L.Line}, {"column", L.Column}};
}

void writeConfirmJson(const SarifFindings &S, const Confirmation &C,
                      const std::vector<std::string> &Errors,
                      raw_ostream &OS) {
  json::Array Findings, Missed;
  for (std::size_t I = 0; I < S.Findings.size(); ++I) {
    const Finding &F = S.Findings[I];
    json::Object O = locationJson(F.Loc);
    O["check"] = F.Check;
    O["message"] = F.Message;
    O["confirmed"] = C.Evidence[I] != nullptr;
    O["matchingEvents"] = C.Matches[I];
    if (C.Evidence[I])
      O["evidence"] = evidenceJson(*C.Evidence[I]);
    Findings.push_back(std::move(O));
  }
  for (std::size_t I = 0; I < C.Missed.size(); ++I) {
    const RuntimeEvent *E = C.Missed[I];
    json::Object O = evidenceJson(*E);
    if (const RuntimeFrame::Location *L = userFrame(*E))
      O["location"] = json::Object{
          {"file", L->File}, {"line", L->Line}, {"column", L->Column}};
    O["message"] = missedMessage(*E, C.MissedCount[I]);
    O["count"] = C.MissedCount[I];
    Missed.push_back(std::move(O));
  }
  json::Object Root{{"version", 1},
                    {"tool", "corolint"},
                    {"findings", std::move(Findings)},
                    {"missedByStaticAnalysis", std::move(Missed)},
                    {"errors", json::Array(Errors)}};
  OS << formatv("{0:2}", json::Value(std::move(Root))) << "\n";
}

void writeConfirmSarif(SarifFindings &S, const Confirmation &C,
                       raw_ostream &OS) {
  if (!S.Document)
    S.Document = json::Object{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", json::Array{json::Object{
                     {"tool", json::Object{{"driver",
                                            json::Object{{"name", "corolint"},
                                                         {"rules",
                                                          json::Array{}}}}}},
                     {"results", json::Array{}}}}}};
  std::map<std::size_t, std::size_t> FindingOf; // Result index -> finding.
  for (std::size_t I = 0; I < S.ResultIndex.size(); ++I)
    FindingOf[S.ResultIndex[I]] = I;

  // The results are written one at a time, as they were read.
  auto WriteResults = [&](json::OStream &J) {
    for (std::size_t I = 0; I < S.ResultTexts.size(); ++I) {
      // With the same nesting limit as when it was read: a result refused
      // then (100,000 deep) must not overflow the stack now.
      Expected<json::Value> V = support::parseJson(S.ResultTexts[I], "");
      if (!V) { // Reported when read; kept, as a string.
        consumeError(V.takeError());
        J.value(S.ResultTexts[I]);
        continue;
      }
      auto It = FindingOf.find(I);
      json::Object *R = V->getAsObject();
      if (It != FindingOf.end() && R) {
        const RuntimeEvent *E = C.Evidence[It->second];
        json::Object *Props = R->getObject("properties");
        if (!Props) {
          R->try_emplace("properties", json::Object{});
          Props = R->getObject("properties");
        }
        (*Props)["corolint/confirmed"] = E != nullptr;
        if (E) {
          (*Props)["corolint/evidence"] = evidenceJson(*E);
          (*Props)["corolint/matchingEvents"] = C.Matches[It->second];
          // And where the program was seen blocking, as a related location
          // an editor or code-scanning view can jump to.
          if (const RuntimeFrame::Location *L = userFrame(*E)) {
            json::Array *Related = R->getArray("relatedLocations");
            if (!Related) {
              R->try_emplace("relatedLocations", json::Array{});
              Related = R->getArray("relatedLocations");
            }
            std::int64_t Id = 0;
            for (const json::Value &V : *Related)
              if (const json::Object *O = V.getAsObject())
                Id = std::max(Id, O->getInteger("id").value_or(0));
            Related->push_back(json::Object{
                {"id", Id + 1},
                {"physicalLocation", physicalLocation(*L)},
                {"message",
                 json::Object{{"text", "runtime evidence: " +
                                           eventHeading(*E)}}}});
          }
        }
      }
      J.value(*V);
    }
    for (std::size_t I = 0; I < C.Missed.size(); ++I) {
      const RuntimeEvent *E = C.Missed[I];
      json::Object R{
          {"ruleId", missedRule(*E)},
          {"level", "warning"},
          {"message",
           json::Object{{"text", missedMessage(*E, C.MissedCount[I])}}},
          {"occurrenceCount", C.MissedCount[I]},
          {"properties",
           json::Object{{"corolint/missedByStaticAnalysis", true},
                        {"corolint/evidence", evidenceJson(*E)}}}};
      if (const RuntimeFrame::Location *L = userFrame(*E))
        R["locations"] = json::Array{
            json::Object{{"physicalLocation", physicalLocation(*L)}}};
      J.value(json::Value(std::move(R)));
    }
  };
  // Keys in order, as json::Value prints them.
  auto Sorted = [](const json::Object &O) {
    std::vector<const json::Object::value_type *> Members;
    for (const auto &M : O)
      Members.push_back(&M);
    llvm::sort(Members, [](auto *A, auto *B) { return A->first < B->first; });
    return Members;
  };
  json::OStream J(OS, 2);
  const json::Object &Root = *S.Document->getAsObject();
  J.object([&] {
    for (const auto *M : Sorted(Root)) {
      const json::Array *Runs = M->second.getAsArray();
      if (M->first != "runs" || !Runs || Runs->empty() ||
          !(*Runs)[0].getAsObject()) {
        J.attribute(M->first, M->second);
        continue;
      }
      J.attributeArray("runs", [&] {
        for (std::size_t R = 0; R < Runs->size(); ++R) {
          if (R) {
            J.value((*Runs)[R]);
            continue;
          }
          J.object([&] {
            for (const auto *RM : Sorted(*(*Runs)[0].getAsObject())) {
              if (RM->first == "results")
                J.attributeArray("results", [&] { WriteResults(J); });
              else
                J.attribute(RM->first, RM->second);
            }
          });
        }
      });
    }
  });
  OS << "\n";
}

} // namespace

int confirmFindings(const Options &O) {
  SarifFindings S = readSarifFindings(O.Findings);
  RuntimeReport R = readRuntimeReport(O.ReportFile);
  std::vector<std::string> Errors = S.Errors;
  Errors.insert(Errors.end(), R.Errors.begin(), R.Errors.end());
  symbolize(R.Events, &Errors);
  writeReportErrors(Errors);
  Confirmation C = confirm(S.Findings, R.Events);

  ReportOutput Out;
  if (!Out.open(O.Output))
    return 2;
  raw_ostream &OS = Out.stream();
  switch (O.Format) {
  case OutputFormat::Text:
    writeConfirmText(S, C, OS);
    break;
  case OutputFormat::Json:
    writeConfirmJson(S, C, Errors, OS);
    break;
  case OutputFormat::Sarif:
  case OutputFormat::CodeClimate: // Refused by parseCommandLine.
  case OutputFormat::Github:
    writeConfirmSarif(S, C, OS);
    break;
  }
  if (!Out.finish())
    return 2;
  if (!Errors.empty())
    return 2;
  bool AnyConfirmed = false;
  for (const RuntimeEvent *E : C.Evidence)
    AnyConfirmed = AnyConfirmed || E;
  return AnyConfirmed || !C.Missed.empty() ? 1 : 0;
}

} // namespace corolint::tool
