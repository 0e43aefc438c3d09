//===--- Baseline.cpp - Fingerprints and the findings a team accepted -----===//

#include "Baseline.h"
#include "support/Nesting.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <tuple>

using namespace llvm;

namespace corolint::tool {

namespace {

bool isIdentChar(char C) { return isAlnum(C) || C == '_'; }

/// The function a block's head defines, or empty: `task<> Server::run(int
/// port) const` gives `Server::run`; `if (x)`, `[&](int) -> task<>`,
/// `struct S`, `namespace n` give nothing.
std::string definedFunction(StringRef Head) {
  Head = Head.trim();
  size_t Paren = Head.find('(');
  if (Paren == StringRef::npos)
    return {};
  StringRef Before = Head.take_front(Paren).rtrim();
  // `operator()`, `operator==`: keep the operator as the name.
  size_t Op = Before.rfind("operator");
  if (Op != StringRef::npos && (Op == 0 || !isIdentChar(Before[Op - 1])) &&
      (Op + 8 == Before.size() || !isIdentChar(Before[Op + 8]))) {
    size_t Start = Op;
    while (Start >= 2 && Before.substr(Start - 2, 2) == "::") {
      size_t S = Start - 2;
      while (S > 0 && isIdentChar(Before[S - 1]))
        --S;
      Start = S;
    }
    std::string Name;
    for (char C : Before.substr(Start))
      if (!isSpace(C))
        Name += C;
    if (StringRef(Name).ends_with("operator") &&
        Head.substr(Paren).starts_with("()"))
      Name += "()";
    return Name;
  }
  // The (possibly qualified) identifier right before the parenthesis.
  size_t End = Before.size();
  size_t Start = End;
  while (Start > 0) {
    if (isIdentChar(Before[Start - 1])) {
      --Start;
    } else if (Start >= 2 && Before.substr(Start - 2, 2) == "::") {
      Start -= 2;
    } else if (Before[Start - 1] == '~') {
      --Start;
    } else {
      break;
    }
  }
  StringRef Name = Before.substr(Start, End - Start);
  if (Name.empty() || isDigit(Name.front()))
    return {};
  static const char *const Statements[] = {
      "if",     "for",   "while", "switch", "catch",   "return",
      "sizeof", "alignof", "decltype", "co_await", "co_return", "co_yield",
      "requires", "noexcept", "static_assert"};
  for (const char *K : Statements)
    if (Name == K)
      return {};
  // A function-like macro's block (`TEST_CASE("name")`, `TEST_F(a, b)`):
  // its name says little, its arguments say which test.
  if (llvm::all_of(Name, [](char C) {
        return isUpper(C) || isDigit(C) || C == '_' || C == ':';
      })) {
    std::string Whole;
    for (char C : Head)
      if (!isSpace(C))
        Whole += C;
    return Whole.substr(0, 200);
  }
  return Name.str();
}

/// `s.read(buf)  ;` → `s.read(buf);`: indentation and spacing changes do
/// not rename a finding.
std::string withoutSpace(StringRef Line) {
  std::string Out;
  for (char C : Line)
    if (!isSpace(C))
      Out += C;
  return Out;
}

std::string hex16(StringRef Data) {
  SHA1 Hash;
  Hash.update(Data);
  std::array<uint8_t, 20> Digest = Hash.final();
  return toHex(ArrayRef<uint8_t>(Digest.data(), 8), /*LowerCase=*/true);
}

} // namespace

std::string enclosingFunction(StringRef Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  std::vector<std::string> Heads; // One per open brace.
  std::string Head;               // Text since the last ; { or }.
  bool LineStart = true;
  for (size_t I = 0; I < Offset; ++I) {
    char C = Text[I];
    if (C == '\n') {
      LineStart = true;
      Head += ' ';
      continue;
    }
    if (LineStart && C == '#') { // A preprocessor line, with continuations.
      while (I < Offset && Text[I] != '\n')
        I += (Text[I] == '\\' && I + 1 < Offset) ? 2 : 1;
      --I;
      continue;
    }
    if (!isSpace(C))
      LineStart = false;
    if (C == '/' && I + 1 < Offset && Text[I + 1] == '/') {
      while (I < Offset && Text[I] != '\n')
        ++I;
      --I;
      continue;
    }
    if (C == '/' && I + 1 < Offset && Text[I + 1] == '*') {
      size_t End = Text.find("*/", I + 2);
      I = End == StringRef::npos ? Offset : End + 1;
      Head += ' ';
      continue;
    }
    if (C == 'R' && I + 1 < Offset && Text[I + 1] == '"' &&
        (I == 0 || !isIdentChar(Text[I - 1]))) { // R"delim( ... )delim"
      size_t Open = Text.find('(', I + 2);
      if (Open != StringRef::npos) {
        std::string Close =
            ")" + Text.substr(I + 2, Open - I - 2).str() + "\"";
        size_t End = Text.find(Close, Open);
        I = End == StringRef::npos ? Offset : End + Close.size() - 1;
        Head += "\"\"";
        continue;
      }
    }
    if (C == '"' || (C == '\'' && !(I > 0 && isHexDigit(Text[I - 1]) &&
                                    I + 1 < Offset && isHexDigit(Text[I + 1])))) {
      // A literal (a digit separator 1'000 is not a quote).
      // Its text stays in the head (a test macro's name argument).
      char Quote = C;
      size_t Start = I;
      for (++I; I < Offset && Text[I] != Quote && Text[I] != '\n'; ++I)
        if (Text[I] == '\\')
          ++I;
      Head += Text.substr(Start, I + 1 - Start).str();
      continue;
    }
    if (C == '{') {
      Heads.push_back(Head);
      Head.clear();
    } else if (C == '}') {
      if (!Heads.empty())
        Heads.pop_back();
      Head.clear();
    } else if (C == ';') {
      Head.clear();
    } else {
      Head += C;
    }
  }
  for (const std::string &H : Heads)
    if (std::string Name = definedFunction(H); !Name.empty())
      return Name;
  return {};
}

void fingerprint(Report &R, StringRef SourceRoot) {
  StringMap<std::unique_ptr<MemoryBuffer>> Files;
  auto TextOf = [&](StringRef File) -> StringRef {
    auto [It, Inserted] = Files.try_emplace(File);
    if (Inserted)
      if (auto Buf = MemoryBuffer::getFile(File, /*IsText=*/true))
        It->second = std::move(*Buf);
    return It->second ? It->second->getBuffer() : StringRef();
  };
  std::string Root = SourceRoot.rtrim('/').str() + "/";
  // Findings are sorted by file and position: the occurrence index counts
  // in that order.
  std::map<std::string, unsigned> Seen;
  for (Finding &F : R.Findings) {
    StringRef Path(F.Loc.File);
    if (!SourceRoot.empty())
      Path.consume_front(Root);
    StringRef Text = TextOf(F.Loc.File);
    size_t Offset = 0;
    for (unsigned L = 1; L < F.Loc.Line && Offset < Text.size(); ++L) {
      size_t NL = Text.find('\n', Offset);
      Offset = NL == StringRef::npos ? Text.size() : NL + 1;
    }
    StringRef Line = Text.substr(Offset).split('\n').first;
    std::string Key;
    raw_string_ostream OS(Key);
    OS << "corolint-fingerprint-v1" << '\0' << F.Check << '\0' << Path << '\0'
       << enclosingFunction(Text, Offset + (F.Loc.Column ? F.Loc.Column - 1 : 0))
       << '\0' << withoutSpace(Line);
    unsigned Index = Seen[Key]++;
    OS << '\0' << Index;
    F.Fingerprint = hex16(Key);
  }
}

Expected<Baseline> readBaseline(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read baseline '%s': %s",
                             Path.str().c_str(),
                             Buf.getError().message().c_str());
  Expected<json::Value> V = support::parseJson((*Buf)->getBuffer(), Path);
  if (!V)
    return createStringError(inconvertibleErrorCode(),
                             "%s (the baseline is not JSON)",
                             toString(V.takeError()).c_str());
  const json::Object *Root = V->getAsObject();
  const json::Array *List = Root ? Root->getArray("findings") : nullptr;
  if (!List || Root->getString("tool") != "corolint")
    return createStringError(inconvertibleErrorCode(),
                             "baseline '%s' is not a corolint baseline (no "
                             "\"tool\": \"corolint\" and \"findings\" list)",
                             Path.str().c_str());
  Baseline B;
  for (size_t I = 0; I < List->size(); ++I) {
    const json::Object *E = (*List)[I].getAsObject();
    std::optional<StringRef> FP = E ? E->getString("fingerprint") : std::nullopt;
    if (!FP)
      return createStringError(inconvertibleErrorCode(),
                               "baseline '%s': entry %zu has no fingerprint",
                               Path.str().c_str(), I + 1);
    ++B[*FP];
  }
  return B;
}

Error writeBaseline(const Report &R, StringRef Path, StringRef SourceRoot) {
  std::string Root = SourceRoot.rtrim('/').str() + "/";
  json::Array List;
  for (const Finding &F : R.Findings) {
    StringRef File(F.Loc.File);
    if (!SourceRoot.empty())
      File.consume_front(Root);
    // Where and what, for the reader; only the fingerprint is matched.
    List.push_back(json::Object{{"fingerprint", F.Fingerprint},
                                {"check", F.Check},
                                {"file", File},
                                {"line", F.Loc.Line},
                                {"message", F.Message}});
  }
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC)
    return createStringError(EC, "cannot write baseline '%s': %s",
                             Path.str().c_str(), EC.message().c_str());
  OS << formatv("{0:2}", json::Value(json::Object{
                             {"version", 1},
                             {"tool", "corolint"},
                             {"findings", std::move(List)}}))
     << "\n";
  return Error::success();
}

BaselineOutcome applyBaseline(Report &R, const Baseline &B) {
  BaselineOutcome Out;
  StringMap<unsigned> Left;
  for (const auto &E : B)
    Left[E.getKey()] = E.getValue();
  llvm::erase_if(R.Findings, [&](const Finding &F) {
    auto It = Left.find(F.Fingerprint);
    if (It == Left.end() || It->second == 0)
      return false;
    --It->second;
    ++Out.Known;
    return true;
  });
  for (const auto &E : Left)
    Out.Gone += E.getValue();
  return Out;
}

} // namespace corolint::tool
