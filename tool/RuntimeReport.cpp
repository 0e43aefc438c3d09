//===--- RuntimeReport.cpp - Reading and symbolizing the runtime's report -===//

#include "RuntimeReport.h"
#include "Input.h"

#include "support/Nesting.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstring>
#include <map>

using namespace llvm;

namespace corolint::tool {

std::string RuntimeEvent::evidence() const {
  if (Kind == Stall)
    return formatv("stalled {0} ms{1}", static_cast<long>(DurationMs + 0.5),
                   Ended ? "" : " (still stalled when the report ended)")
        .str();
  return formatv("blocking call '{0}' took {1:f1} ms", Function, DurationMs)
      .str();
}

namespace {

std::optional<std::uint64_t> hexField(const json::Object &O, StringRef Key) {
  std::optional<StringRef> S = O.getString(Key);
  std::uint64_t V;
  if (!S || !S->starts_with("0x") || S->drop_front(2).getAsInteger(16, V))
    return std::nullopt;
  return V;
}

/// Reads one record; an error says what is wrong with it.
Expected<std::optional<RuntimeEvent>> parseRecord(const json::Object &O,
                                                  RuntimeReport &Report) {
  std::optional<StringRef> Kind = O.getString("kind");
  if (!Kind)
    return createStringError(inconvertibleErrorCode(), "record has no 'kind'");
  if (*Kind == "start") {
    if (std::optional<std::int64_t> Pid = O.getInteger("pid"))
      Report.StartedPids.push_back(*Pid);
    return std::nullopt;
  }
  if (*Kind == "summary") {
    std::int64_t Pid = O.getInteger("pid").value_or(0);
    Report.Summarized.insert(Pid);
    Report.SuppressedStalls += O.getInteger("suppressed_stalls").value_or(0);
    Report.SuppressedBlockingCalls +=
        O.getInteger("suppressed_blocking_calls").value_or(0);
    Report.LoopThreads += O.getInteger("loop_threads").value_or(0);
    if (const json::Array *Buckets = O.getArray("busy_us_log2"))
      for (const json::Value &V : *Buckets)
        if (const json::Object *B = V.getAsObject())
          Report.BusyHistogram[B->getInteger("from_us").value_or(0)] +=
              B->getInteger("count").value_or(0);
    if (const json::Array *Sites = O.getArray("suppressed_sites"))
      for (const json::Value &V : *Sites)
        if (const json::Object *Site = V.getAsObject())
          Report.SuppressedAtSite[{Pid, Site->getInteger("site").value_or(-1)}] =
              Site->getInteger("suppressed").value_or(0);
    return std::nullopt;
  }
  if (*Kind == "warning") {
    if (O.getString("warning").value_or("") == "blind-thread") {
      std::string Name =
          formatv("{0} '{1}'", O.getInteger("tid").value_or(0),
                  O.getString("thread").value_or(""))
              .str();
      if (!llvm::is_contained(Report.BlindThreads, Name))
        Report.BlindThreads.push_back(std::move(Name));
    }
    return std::nullopt;
  }
  RuntimeEvent E;
  if (*Kind == "stall")
    E.Kind = RuntimeEvent::Stall;
  else if (*Kind == "blocking-call")
    E.Kind = RuntimeEvent::BlockingCall;
  else // A newer runtime's record; not an error.
    return std::nullopt;

  std::optional<double> Duration = O.getNumber("duration_ms");
  const json::Array *Frames = O.getArray("frames");
  const json::Array *Modules = O.getArray("modules");
  if (!Duration || !Frames || !Modules)
    return createStringError(inconvertibleErrorCode(),
                             "'%s' record lacks duration_ms, frames or modules",
                             Kind->str().c_str());
  E.DurationMs = *Duration;
  E.Pid = O.getInteger("pid").value_or(0);
  E.Tid = O.getInteger("tid").value_or(0);
  E.Thread = O.getString("thread").value_or("").str();
  E.Id = O.getInteger("id").value_or(0);
  E.Ended = O.getBoolean("ended").value_or(true);
  E.Function = O.getString("function").value_or("").str();
  E.NoStack = O.getString("no_stack").value_or("").str();
  E.Site = O.getInteger("site").value_or(-1);
  E.SampledAtMs = O.getNumber("detected_after_ms").value_or(0);
  E.SampleIndex = O.getInteger("sample").value_or(-1);
  E.SampleCount = O.getInteger("samples").value_or(-1);
  E.AtMs = O.getNumber("at_ms").value_or(0);
  E.TimeMs = O.getNumber("time_ms").value_or(0);
  E.Suppressed = O.getInteger("suppressed").value_or(0);
  if (const json::Object *H = O.getObject("handler")) {
    E.HandlerObject = H->getString("object").value_or("").str();
    E.HandlerOperation = H->getString("operation").value_or("").str();
  }
  bool FirstExact = O.getBoolean("pc0_exact").value_or(false);

  std::vector<std::pair<std::string, std::string>> ModuleList;
  for (const json::Value &M : *Modules) {
    const json::Object *MO = M.getAsObject();
    if (!MO || !MO->getString("path"))
      return createStringError(inconvertibleErrorCode(),
                               "module without a 'path'");
    ModuleList.emplace_back(MO->getString("path")->str(),
                            MO->getString("build_id").value_or("").str());
  }
  for (const json::Value &F : *Frames) {
    const json::Object *FO = F.getAsObject();
    if (!FO)
      return createStringError(inconvertibleErrorCode(),
                               "frame is not an object");
    RuntimeFrame Frame;
    Frame.Exact = FirstExact && E.Frames.empty();
    std::optional<std::int64_t> M = FO->getInteger("m");
    std::optional<std::uint64_t> Off = hexField(*FO, "o");
    if (M && Off) {
      if (*M < 0 || static_cast<std::size_t>(*M) >= ModuleList.size())
        return createStringError(inconvertibleErrorCode(),
                                 "frame refers to module %lld of %zu",
                                 static_cast<long long>(*M), ModuleList.size());
      Frame.Module = ModuleList[*M].first;
      Frame.BuildId = ModuleList[*M].second;
      Frame.Offset = *Off;
    } else if (!hexField(*FO, "pc")) {
      return createStringError(inconvertibleErrorCode(),
                               "frame has neither 'm'+'o' nor 'pc'");
    }
    E.Frames.push_back(std::move(Frame));
  }
  return E;
}

} // namespace

namespace {
/// Reads a report one line at a time, so that a report of any size (or an
/// endless one) costs one line of memory beyond the events kept.
class ReportReader {
public:
  explicit ReportReader(StringRef Path) : Path(Path.str()) {}

  void line(StringRef Line) {
    ++LineNo;
    if (Line.trim().empty())
      return;
    // A bad line is only known to be "cut short" when nothing follows it.
    flushPending(/*Last=*/false);
    Expected<json::Value> V = support::parseJson(Line, "");
    if (!V) {
      Pending = {LineNo, toString(V.takeError())};
      return;
    }
    record(*V);
  }

  void tooLong() {
    ++LineNo;
    flushPending(false);
    fail(LineNo, formatv("a line longer than {0} MiB; the rest of the "
                         "report is not read",
                         MaxLine >> 20));
  }

  RuntimeReport finish() {
    flushPending(/*Last=*/true);
    // A process killed by a signal wrote no summary: what its records say
    // of what was suppressed before each of them is the count (a lower
    // bound: what came after its last record is lost with it).
    for (std::int64_t Pid : Report.StartedPids) {
      if (Report.Summarized.count(Pid) ||
          llvm::is_contained(Report.Reconstructed, Pid))
        continue;
      Report.Reconstructed.push_back(Pid);
      for (const RuntimeEvent &E : Report.Events) {
        if (E.Pid != Pid || !E.Suppressed)
          continue;
        Report.SuppressedAtSite[{Pid, E.Site}] += E.Suppressed;
        (E.Kind == RuntimeEvent::Stall ? Report.SuppressedStalls
                                       : Report.SuppressedBlockingCalls) +=
            E.Suppressed;
      }
    }
    return std::move(Report);
  }

  static constexpr size_t MaxLine = 16u << 20;

private:
  void fail(unsigned Line, const Twine &Why) {
    Report.Errors.push_back(formatv("{0}:{1}: {2}", Path, Line, Why.str()).str());
  }

  void flushPending(bool Last) {
    if (!Pending)
      return;
    auto [Line, Why] = *Pending;
    Pending.reset();
    // The runtime writes whole lines: a bad last line is a record cut
    // short (a copy, a full disk, a kill).
    fail(Line, !Last ? "not a JSON record: " + Why
                     : "truncated record (the program stopped while "
                       "writing it?): " +
                           Why);
  }

  void record(const json::Value &V) {
    const json::Object *O = V.getAsObject();
    if (!O) {
      fail(LineNo, "record is not a JSON object");
      return;
    }
    Expected<std::optional<RuntimeEvent>> E = parseRecord(*O, Report);
    if (!E) {
      fail(LineNo, toString(E.takeError()));
      return;
    }
    if (!*E)
      return;
    (*E)->Origin = formatv("{0}:{1}", Path, LineNo).str();
    // A stall is written when sampled and again when it ends: keep one
    // event per (pid, id), the final record when there is one.
    if ((*E)->Kind == RuntimeEvent::Stall) {
      auto [It, New] =
          StallIndex.try_emplace({(*E)->Pid, (*E)->Id}, Report.Events.size());
      if (!New) {
        // The first record holds the first sample; later ongoing records
        // are later samples; the final one has the whole duration (and
        // the last sample's frames again).
        RuntimeEvent &Old = Report.Events[It->second];
        RuntimeEvent &Next = **E;
        Old.Suppressed += Next.Suppressed;
        Old.AtMs = Next.AtMs;
        Old.TimeMs = Next.TimeMs;
        // The samples are placed by their number (the watchdog's records
        // and the thread's final one may come in either order); a number
        // seen twice is kept once.
        auto SampleAt = [&](std::int64_t Index) -> std::vector<RuntimeFrame> * {
          if (Index <= 0)
            return &Old.Frames;
          for (RuntimeEvent::Sample &S : Old.LaterSamples)
            if (S.Index == Index)
              return &S.Frames;
          return nullptr;
        };
        if (Next.Ended) {
          Old.Ended = true;
          Old.DurationMs = Next.DurationMs;
          // The final record repeats the last sample, with the modules
          // loaded since the watchdog last looked resolved: it replaces it.
          std::int64_t Last =
              Next.SampleCount > 0
                  ? Next.SampleCount - 1
                  : (Old.LaterSamples.empty() ? 0
                                              : Old.LaterSamples.back().Index);
          std::vector<RuntimeFrame> *Into = SampleAt(Last);
          if (Into && (!Next.Frames.empty() || Into->empty()))
            *Into = std::move(Next.Frames);
        } else {
          Old.DurationMs = std::max(Old.DurationMs, Next.DurationMs);
          std::int64_t Index = Next.SampleIndex >= 0
                                   ? Next.SampleIndex
                                   : static_cast<std::int64_t>(
                                         Old.LaterSamples.size() + 1);
          if (!SampleAt(Index)) {
            RuntimeEvent::Sample S{Next.SampledAtMs, std::move(Next.Frames),
                                   Index};
            auto At = llvm::find_if(Old.LaterSamples,
                                    [&](const RuntimeEvent::Sample &Have) {
                                      return Have.Index > Index;
                                    });
            Old.LaterSamples.insert(At, std::move(S));
          }
        }
        return;
      }
    }
    Report.Events.push_back(std::move(**E));
  }

  std::string Path;
  RuntimeReport Report;
  unsigned LineNo = 0;
  std::optional<std::pair<unsigned, std::string>> Pending;
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> StallIndex;
};
} // namespace

RuntimeReport parseRuntimeReport(StringRef Text, StringRef Path) {
  ReportReader Reader(Path);
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    if (Line.size() > ReportReader::MaxLine) {
      Reader.tooLong();
      break;
    }
    Reader.line(Line);
  }
  return Reader.finish();
}

RuntimeReport readRuntimeReport(StringRef Path) {
  auto Unreadable = [&](const Twine &Why) {
    RuntimeReport R;
    R.Unreadable = true;
    R.Errors.push_back(
        formatv("{0}: cannot read the runtime report: {1}", Path, Why.str())
            .str());
    return R;
  };
  // A FIFO with no writer reads as empty instead of blocking in open(2).
  Expected<int> FD = openInputWithoutWaiting(Path);
  if (!FD)
    return Unreadable(toString(FD.takeError()));
  ReportReader Reader(Path);
  std::string Line;
  SmallVector<char, 0> Chunk;
  Chunk.resize(1 << 16);
  while (true) {
    Expected<size_t> Got = sys::fs::readNativeFile(*FD, Chunk);
    if (!Got) {
      sys::fs::closeFile(*FD);
      RuntimeReport R = Reader.finish();
      R.Errors.push_back(formatv("{0}: read failed: {1}", Path,
                                 toString(Got.takeError()))
                             .str());
      return R;
    }
    if (!*Got)
      break;
    StringRef Data(Chunk.data(), *Got);
    while (!Data.empty()) {
      auto [Part, Rest] = Data.split('\n');
      bool Complete = Part.size() < Data.size();
      Data = Rest;
      Line.append(Part.begin(), Part.end());
      if (Line.size() > ReportReader::MaxLine) {
        Reader.tooLong();
        sys::fs::closeFile(*FD);
        return Reader.finish();
      }
      if (Complete) {
        Reader.line(Line);
        Line.clear();
      }
    }
  }
  sys::fs::closeFile(*FD);
  if (!Line.empty())
    Reader.line(Line);
  return Reader.finish();
}

void symbolize(std::vector<RuntimeEvent> &Events,
               std::vector<std::string> *Problems) {
  // The module paths come from the report: only regular files are opened
  // (a FIFO would block, /dev/zero would never end).
  StringMap<bool> Readable;
  auto Usable = [&](StringRef Module) {
    auto [It, New] = Readable.try_emplace(Module, false);
    if (New) {
      sys::fs::file_status St;
      It->second = !sys::fs::status(Module, St) &&
                   St.type() == sys::fs::file_type::regular_file;
      if (!It->second && Problems && sys::fs::exists(Module))
        Problems->push_back(formatv("{0}: not a regular file; the report's "
                                    "frames in it are not symbolized",
                                    Module)
                                .str());
    }
    return It->second;
  };
  symbolize::LLVMSymbolizer::Options Opts;
  Opts.Demangle = true;
  Opts.RelativeAddresses = false;
  symbolize::LLVMSymbolizer Symbolizer(Opts);
  auto Each = [&](auto &&Fn) {
    for (RuntimeEvent &E : Events) {
      for (RuntimeFrame &F : E.Frames)
        Fn(F);
      for (RuntimeEvent::Sample &S : E.LaterSamples)
        for (RuntimeFrame &F : S.Frames)
          Fn(F);
    }
  };
  Each([&](RuntimeFrame &F) {
      if (F.Module.empty() || !F.Inlined.empty() || !Usable(F.Module))
        return;
      // A return address points after the call; look up the call itself.
      std::uint64_t Address = F.Exact || !F.Offset ? F.Offset : F.Offset - 1;
      Expected<DIInliningInfo> Info = Symbolizer.symbolizeInlinedCode(
          F.Module, {Address, object::SectionedAddress::UndefSection});
      if (!Info) {
        consumeError(Info.takeError());
        return;
      }
      for (std::uint32_t I = 0, N = Info->getNumberOfFrames(); I < N; ++I) {
        const DILineInfo &L = Info->getFrame(I);
        RuntimeFrame::Location Loc;
        if (L.FunctionName != DILineInfo::BadString)
          Loc.Function = L.FunctionName;
        if (L.FileName != DILineInfo::BadString)
          Loc.File = L.FileName;
        Loc.Line = L.Line;
        Loc.Column = L.Column;
        F.Inlined.push_back(std::move(Loc));
      }
  });
}

std::string shortFunctionName(StringRef Name) {
  // Template arguments and parameter lists go (one level of brackets each,
  // nested ones with them), and so does a leading return type; what is
  // left names the function: `std::this_thread::sleep_for`, and a
  // coroutine's `(.resume)` part is kept.
  bool Resume = Name.ends_with(" (.resume)");
  if (Resume)
    Name = Name.drop_back(strlen(" (.resume)"));
  std::string Out;
  int Angle = 0, Paren = 0;
  for (std::size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    // `operator()`, `operator<=>` and friends are names, not brackets.
    if (Angle == 0 && Paren == 0 && Name.substr(I).starts_with("operator")) {
      std::size_t End = I + strlen("operator");
      if (Name.substr(End).starts_with("()"))
        End += 2;
      else
        for (int K = 0; K < 3 && End < Name.size() &&
                        std::strchr("<>=!+-*/%&|^~[],", Name[End]);
             ++K)
          ++End;
      Out += Name.substr(I, End - I).str();
      I = End - 1;
      continue;
    }
    if (C == '<' && Paren == 0) {
      ++Angle;
      continue;
    }
    if (C == '>' && Paren == 0 && Angle > 0) {
      --Angle;
      continue;
    }
    if (C == '(' && Angle == 0) {
      ++Paren;
      continue;
    }
    if (C == ')' && Angle == 0 && Paren > 0) {
      --Paren;
      continue;
    }
    if (Angle || Paren)
      continue;
    // A space outside brackets ends a return type (`void f()`), but not a
    // trailing qualifier (`f() const`).
    if (C == ' ') {
      StringRef Rest = Name.substr(I + 1);
      if (Rest.starts_with("const") || Rest.starts_with("volatile") ||
          Rest.starts_with("&") || Rest.empty())
        break;
      Out.clear();
      continue;
    }
    Out += C;
  }
  if (Out.empty())
    Out = Name.str();
  if (Resume)
    Out += " (.resume)";
  return Out;
}

} // namespace corolint::tool
