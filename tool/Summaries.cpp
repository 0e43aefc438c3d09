//===--- Summaries.cpp - Blocking calls across translation units ----------===//

#include "Summaries.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include <deque>

using namespace llvm;

namespace corolint::tool {

namespace {
Location locationOf(const support::SummaryLoc &L) {
  return {L.File, L.Line, L.Column};
}
} // namespace

std::vector<Finding>
joinSummaries(ArrayRef<support::TranslationUnitSummary> Summaries) {
  // A function defined at two places (two programs in one database) is
  // ambiguous: followed in neither. A header's inline function, defined in
  // every file that includes it, is at one place.
  StringMap<std::pair<std::string, unsigned>> DefinedAt;
  StringSet<> Ambiguous;
  for (const support::TranslationUnitSummary &S : Summaries)
    for (const support::DefinedFunction &D : S.Defined) {
      auto [It, New] = DefinedAt.try_emplace(
          D.Usr, std::make_pair(D.At.File, D.At.Line));
      if (!New && It->second != std::make_pair(D.At.File, D.At.Line))
        Ambiguous.insert(D.Usr);
    }
  StringMap<const support::BlockingFunction *> Blocking;
  StringMap<std::vector<const support::ExternalCall *>> CallsFrom;
  for (const support::TranslationUnitSummary &S : Summaries) {
    for (const support::BlockingFunction &B : S.Blocking)
      if (!Ambiguous.contains(B.Usr))
        Blocking.try_emplace(B.Usr, &B);
    for (const support::ExternalCall &C : S.Calls)
      if (C.Coroutine.empty() && !Ambiguous.contains(C.CallerUsr))
        CallsFrom[C.CallerUsr].push_back(&C);
  }

  std::vector<Finding> Out;
  for (const support::TranslationUnitSummary &S : Summaries)
    for (const support::ExternalCall &Start : S.Calls) {
      if (Start.Coroutine.empty())
        continue;
      // Breadth first over calls across files, so that the chain shown is
      // a shortest one.
      struct Node {
        const support::ExternalCall *Via;
        int Parent;
      };
      std::vector<Node> Nodes{{&Start, -1}};
      StringSet<> Seen{Start.CalleeUsr};
      std::deque<std::pair<int, unsigned>> Work{{0, 1}};
      const support::BlockingFunction *Found = nullptr;
      int At = -1;
      while (!Work.empty() && !Found) {
        auto [I, Depth] = Work.front();
        Work.pop_front();
        StringRef Usr = Nodes[I].Via->CalleeUsr;
        if (auto It = Blocking.find(Usr); It != Blocking.end()) {
          Found = It->second;
          At = I;
          break;
        }
        if (Depth >= S.MaxCallDepth)
          continue;
        if (auto It = CallsFrom.find(Usr); It != CallsFrom.end())
          for (const support::ExternalCall *Next : It->second)
            if (Seen.insert(Next->CalleeUsr).second) {
              Nodes.push_back({Next, I});
              Work.push_back({static_cast<int>(Nodes.size() - 1), Depth + 1});
            }
      }
      if (!Found)
        continue;
      Finding F;
      F.Check = "corolint-blocking-call";
      F.Loc = locationOf(Start.At);
      F.Offset = Start.At.Offset;
      F.Message = Start.CalleeName + " " + Found->Verb + " the thread of " +
                  Start.Coroutine + " through a call to '" +
                  Found->BlockingName + "'; " + Found->Instead;
      std::vector<const support::ExternalCall *> Hops;
      for (int N = At; N > 0; N = Nodes[N].Parent)
        Hops.push_back(Nodes[N].Via);
      for (auto It = Hops.rbegin(); It != Hops.rend(); ++It)
        F.Notes.push_back({locationOf((*It)->At),
                           (*It)->CallerName + " calls " + (*It)->CalleeName +
                               " here",
                           (*It)->At.Offset});
      for (const support::SummaryNote &N : Found->Notes)
        F.Notes.push_back({locationOf(N.At), N.Message, N.At.Offset});
      if (!silencedByNolint(F.Loc, F.Check))
        Out.push_back(std::move(F));
    }
  return Out;
}

namespace {
/// Whether a NOLINT comment's check list (after the marker) names Check.
bool listNames(StringRef Rest, StringRef Check) {
  if (!Rest.consume_front("("))
    return true; // No list: every check.
  StringRef List = Rest.split(')').first;
  for (StringRef Glob : llvm::split(List, ',')) {
    Glob = Glob.trim();
    if (Expected<GlobPattern> P = GlobPattern::create(Glob)) {
      if (P->match(Check))
        return true;
    } else {
      consumeError(P.takeError());
    }
  }
  return false;
}
} // namespace

bool silencedByNolint(const Location &At, StringRef Check) {
  if (At.File.empty() || At.Line == 0)
    return false;
  auto Buffer = MemoryBuffer::getFile(At.File);
  if (!Buffer)
    return false;
  StringRef Text = (*Buffer)->getBuffer(), Previous;
  for (unsigned No = 1; !Text.empty(); ++No) {
    auto [Line, Rest] = Text.split('\n');
    if (No == At.Line) {
      if (size_t P = Line.find("NOLINT");
          P != StringRef::npos && !Line.substr(P).starts_with("NOLINTNEXTLINE") &&
          !Line.substr(P).starts_with("NOLINTBEGIN") &&
          !Line.substr(P).starts_with("NOLINTEND") &&
          listNames(Line.substr(P + 6), Check))
        return true;
      if (size_t P = Previous.find("NOLINTNEXTLINE");
          P != StringRef::npos && listNames(Previous.substr(P + 14), Check))
        return true;
      return false;
    }
    Previous = Line;
    Text = Rest;
  }
  return false;
}

} // namespace corolint::tool
