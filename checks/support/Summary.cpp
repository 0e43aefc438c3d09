//===--- Summary.cpp - What one translation unit tells the others ---------===//

#include "support/Summary.h"
#include "support/Nesting.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace corolint::support {

namespace {

json::Value toJson(const SummaryLoc &L) {
  return json::Array{L.File, L.Line, L.Column, L.Offset};
}

bool fromJson(const json::Value *V, SummaryLoc &L) {
  const json::Array *A = V ? V->getAsArray() : nullptr;
  if (!A || A->size() != 4)
    return false;
  std::optional<StringRef> File = (*A)[0].getAsString();
  std::optional<int64_t> Line = (*A)[1].getAsInteger(),
                         Column = (*A)[2].getAsInteger(),
                         Offset = (*A)[3].getAsInteger();
  if (!File || !Line || !Column || !Offset || *Line < 0 || *Column < 0 ||
      *Offset < 0)
    return false;
  L = {File->str(), unsigned(*Line), unsigned(*Column), unsigned(*Offset)};
  return true;
}

bool string(const json::Object &O, StringRef Key, std::string &Out) {
  std::optional<StringRef> V = O.getString(Key);
  if (!V)
    return false;
  Out = V->str();
  return true;
}

Error bad(StringRef What) {
  return createStringError(inconvertibleErrorCode(),
                           "not a corolint summary: %s", What.str().c_str());
}

} // namespace

std::string writeSummary(const TranslationUnitSummary &S) {
  json::Array Blocking, Calls, Defined;
  for (const DefinedFunction &D : S.Defined)
    Defined.push_back(json::Array{D.Usr, toJson(D.At)});
  for (const BlockingFunction &B : S.Blocking) {
    json::Array Notes;
    for (const SummaryNote &N : B.Notes)
      Notes.push_back(json::Object{{"at", toJson(N.At)}, {"message", N.Message}});
    Blocking.push_back(json::Object{{"usr", B.Usr},
                                    {"category", B.Category},
                                    {"verb", B.Verb},
                                    {"blocking", B.BlockingName},
                                    {"instead", B.Instead},
                                    {"notes", std::move(Notes)}});
  }
  for (const ExternalCall &C : S.Calls)
    Calls.push_back(json::Object{{"caller", C.CallerUsr},
                                 {"callerName", C.CallerName},
                                 {"coroutine", C.Coroutine},
                                 {"callee", C.CalleeUsr},
                                 {"calleeName", C.CalleeName},
                                 {"at", toJson(C.At)}});
  std::string Out;
  raw_string_ostream(Out) << json::Value(
      json::Object{{"version", TranslationUnitSummary::Version},
                   {"maxCallDepth", S.MaxCallDepth},
                   {"defined", std::move(Defined)},
                   {"blocking", std::move(Blocking)},
                   {"calls", std::move(Calls)}});
  return Out;
}

Expected<TranslationUnitSummary> readSummary(StringRef Text) {
  if (auto Deep = jsonTooDeep(Text))
    return bad(Deep->Message);
  Expected<json::Value> Doc = json::parse(Text);
  if (!Doc)
    return Doc.takeError();
  const json::Object *O = Doc->getAsObject();
  if (!O || O->getInteger("version") != TranslationUnitSummary::Version)
    return bad("version");
  TranslationUnitSummary S;
  std::optional<int64_t> Depth = O->getInteger("maxCallDepth");
  const json::Array *Blocking = O->getArray("blocking");
  const json::Array *Calls = O->getArray("calls");
  const json::Array *Defined = O->getArray("defined");
  if (!Depth || *Depth < 0 || !Blocking || !Calls || !Defined)
    return bad("fields");
  S.MaxCallDepth = unsigned(*Depth);
  for (const json::Value &V : *Defined) {
    const json::Array *A = V.getAsArray();
    DefinedFunction D;
    std::optional<StringRef> Usr =
        A && A->size() == 2 ? (*A)[0].getAsString() : std::nullopt;
    if (!Usr || !fromJson(&(*A)[1], D.At))
      return bad("defined function");
    D.Usr = Usr->str();
    S.Defined.push_back(std::move(D));
  }
  for (const json::Value &V : *Blocking) {
    const json::Object *B = V.getAsObject();
    BlockingFunction F;
    const json::Array *Notes = B ? B->getArray("notes") : nullptr;
    if (!B || !Notes || !string(*B, "usr", F.Usr) ||
        !string(*B, "category", F.Category) || !string(*B, "verb", F.Verb) ||
        !string(*B, "blocking", F.BlockingName) ||
        !string(*B, "instead", F.Instead))
      return bad("blocking function");
    for (const json::Value &NV : *Notes) {
      const json::Object *N = NV.getAsObject();
      SummaryNote Note;
      if (!N || !fromJson(N->get("at"), Note.At) ||
          !string(*N, "message", Note.Message))
        return bad("note");
      F.Notes.push_back(std::move(Note));
    }
    S.Blocking.push_back(std::move(F));
  }
  for (const json::Value &V : *Calls) {
    const json::Object *C = V.getAsObject();
    ExternalCall Call;
    if (!C || !string(*C, "caller", Call.CallerUsr) ||
        !string(*C, "callerName", Call.CallerName) ||
        !string(*C, "coroutine", Call.Coroutine) ||
        !string(*C, "callee", Call.CalleeUsr) ||
        !string(*C, "calleeName", Call.CalleeName) ||
        !fromJson(C->get("at"), Call.At))
      return bad("call");
    S.Calls.push_back(std::move(Call));
  }
  return S;
}

} // namespace corolint::support
