//===--- ChangedLines.cpp - Report only findings on changed lines ---------===//

#include "ChangedLines.h"
#include "support/Nesting.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace corolint::tool {

namespace {

/// Runs git with \p Args in \p Dir; its standard output, or why not.
Expected<std::string> git(ArrayRef<StringRef> Args, StringRef Dir) {
  ErrorOr<std::string> Git = sys::findProgramByName("git");
  if (!Git)
    return createStringError(Git.getError(), "--diff needs git on PATH");
  SmallString<128> Out, Err;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("corolint-git", "out", Out))
    return createStringError(EC, "cannot create a temporary file: %s",
                             EC.message().c_str());
  if (std::error_code EC =
          sys::fs::createTemporaryFile("corolint-git", "err", Err))
    return createStringError(EC, "cannot create a temporary file: %s",
                             EC.message().c_str());
  std::vector<StringRef> Argv{"git", "-C", Dir};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(Out),
                                          StringRef(Err)};
  std::string Why;
  int RC = sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects, 0, 0,
                               &Why);
  auto Read = [](StringRef Path) {
    auto Buf = MemoryBuffer::getFile(Path);
    return Buf ? (*Buf)->getBuffer().str() : std::string();
  };
  std::string Text = Read(Out), Problem = Read(Err);
  sys::fs::remove(Out);
  sys::fs::remove(Err);
  if (RC != 0)
    return createStringError(
        inconvertibleErrorCode(), "git %s failed: %s",
        join(ArrayRef<StringRef>(Args), " ").c_str(),
        StringRef(Problem.empty() ? Why : Problem).trim().str().c_str());
  return Text;
}

} // namespace

ChangedLines ChangedLines::fromUnifiedDiff(StringRef Diff, StringRef Top) {
  ChangedLines C;
  FileLines *Current = nullptr;
  for (StringRef Line : split(Diff, '\n')) {
    if (Line.consume_front("+++ ")) {
      Current = nullptr;
      if (Line.trim() == "/dev/null")
        continue; // A deleted file.
      Line.consume_front("b/");
      SmallString<256> Path(Top);
      sys::path::append(Path, Line.rtrim());
      Current = &C.Files[Path];
      continue;
    }
    // @@ -a[,b] +c[,d] @@: lines c .. c+d-1 are new (d = 0: none).
    if (!Current || !Line.starts_with("@@ "))
      continue;
    StringRef New = Line.drop_front(3).split(' ').second;
    if (!New.consume_front("+"))
      continue;
    StringRef Start = New.split(' ').first;
    auto [First, Count] = Start.split(',');
    unsigned From = 0, N = 1;
    if (First.getAsInteger(10, From))
      continue;
    if (!Count.empty() && Count.getAsInteger(10, N))
      continue;
    if (N)
      Current->Ranges.push_back({From, From + N - 1});
  }
  return C;
}

Expected<ChangedLines> ChangedLines::fromGit(StringRef Ref, StringRef Dir) {
  Expected<std::string> Top = git({"rev-parse", "--show-toplevel"}, Dir);
  if (!Top)
    return Top.takeError();
  std::vector<StringRef> Args{"diff", "-U0", "--no-color", "--no-ext-diff",
                              "--no-renames"};
  if (Ref == "staged")
    Args.push_back("--cached");
  else
    Args.push_back(Ref);
  Args.push_back("--");
  Expected<std::string> Diff = git(Args, StringRef(*Top).trim());
  if (!Diff)
    return Diff.takeError();
  return fromUnifiedDiff(*Diff, StringRef(*Top).trim());
}

Expected<ChangedLines> ChangedLines::fromLineFilter(StringRef Json) {
  auto Bad = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             "--line-filter: %s (expected "
                             "[{\"name\": \"file.cpp\", \"lines\": [[1, 3]]}])",
                             Why.str().c_str());
  };
  Expected<json::Value> V = support::parseJson(Json, "");
  if (!V)
    return Bad(toString(V.takeError()));
  const json::Array *List = V->getAsArray();
  if (!List)
    return Bad("not a list");
  ChangedLines C;
  C.BySuffix = true;
  for (const json::Value &E : *List) {
    const json::Object *O = E.getAsObject();
    std::optional<StringRef> Name = O ? O->getString("name") : std::nullopt;
    if (!Name)
      return Bad("an entry has no \"name\"");
    FileLines &F = C.Files[*Name];
    const json::Array *Lines = O->getArray("lines");
    if (!Lines) {
      F.Whole = true;
      continue;
    }
    for (const json::Value &R : *Lines) {
      const json::Array *Pair = R.getAsArray();
      std::optional<int64_t> A = Pair && Pair->size() == 2
                                     ? (*Pair)[0].getAsInteger()
                                     : std::nullopt;
      std::optional<int64_t> B =
          A ? (*Pair)[1].getAsInteger() : std::nullopt;
      if (!A || !B || *A < 1 || *B < *A)
        return Bad("a range of \"" + *Name + "\" is not [first, last]");
      F.Ranges.push_back({unsigned(*A), unsigned(*B)});
    }
  }
  return C;
}

bool ChangedLines::touches(const Location &L) const {
  auto Match = [&](const FileLines &F) {
    if (F.Whole)
      return true;
    for (auto [From, To] : F.Ranges)
      if (L.Line >= From && L.Line <= To)
        return true;
    return false;
  };
  if (!BySuffix) {
    auto It = Files.find(L.File);
    return It != Files.end() && Match(It->second);
  }
  StringRef Path(L.File);
  for (const auto &E : Files) {
    StringRef Name = E.getKey();
    if ((Path == Name || (Path.ends_with(Name) &&
                          Path.drop_back(Name.size()).ends_with("/"))) &&
        Match(E.getValue()))
      return true;
  }
  return false;
}

bool ChangedLines::touches(const Finding &F) const {
  if (touches(F.Loc))
    return true;
  for (const Note &N : F.Notes)
    if (touches(N.Loc))
      return true;
  return false;
}

std::vector<std::string> ChangedLines::files() const {
  std::vector<std::string> Out;
  for (const auto &E : Files)
    Out.push_back(E.getKey().str());
  llvm::sort(Out);
  return Out;
}

} // namespace corolint::tool
