//===--- Nesting.cpp - Bounded nesting for JSON and YAML inputs -----------===//

#include "support/Nesting.h"

#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <vector>

namespace corolint::support {

static std::string tooDeepMessage(unsigned Max) {
  return "nested deeper than " + std::to_string(Max) +
         " levels; corolint does not read such a document";
}

std::optional<TooDeep> jsonTooDeep(llvm::StringRef Text, unsigned Max) {
  unsigned Depth = 0, Line = 1, Column = 0;
  bool InString = false, Escaped = false;
  for (char C : Text) {
    if (C == '\n') {
      ++Line;
      Column = 0;
    } else {
      ++Column;
    }
    if (InString) {
      if (Escaped)
        Escaped = false;
      else if (C == '\\')
        Escaped = true;
      else if (C == '"')
        InString = false;
      continue;
    }
    switch (C) {
    case '"':
      InString = true;
      break;
    case '[':
    case '{':
      if (++Depth > Max)
        return TooDeep{Line, Column, tooDeepMessage(Max)};
      break;
    case ']':
    case '}':
      if (Depth)
        --Depth;
      break;
    default:
      break;
    }
  }
  return std::nullopt;
}

std::optional<TooDeep> yamlTooDeep(llvm::StringRef Text, unsigned Max) {
  llvm::SourceMgr SM;
  // Syntax errors are the reader's to report, with its own wording.
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream Stream(Text, SM, /*ShowColors=*/false);

  // Each frame yields the children of one node, in order; a child is
  // walked completely before the next is asked for, as the lazy parser
  // requires.
  using Next = std::function<llvm::yaml::Node *()>;
  auto Entries = [](auto *Collection) -> Next {
    auto It = Collection->begin();
    bool Started = false;
    return [Collection, It, Started]() mutable -> llvm::yaml::Node * {
      if (Started && It != Collection->end())
        ++It;
      Started = true;
      return It == Collection->end() ? nullptr : &*It;
    };
  };
  auto ChildrenOf = [&](llvm::yaml::Node *N) -> Next {
    if (auto *Seq = llvm::dyn_cast<llvm::yaml::SequenceNode>(N))
      return Entries(Seq);
    if (auto *Map = llvm::dyn_cast<llvm::yaml::MappingNode>(N))
      return Entries(Map);
    if (auto *KV = llvm::dyn_cast<llvm::yaml::KeyValueNode>(N)) {
      int State = 0;
      return [KV, State]() mutable -> llvm::yaml::Node * {
        switch (State++) {
        case 0:
          return KV->getKey();
        case 1:
          return KV->getValue();
        default:
          return nullptr;
        }
      };
    }
    return [] { return nullptr; };
  };

  for (llvm::yaml::Document &Doc : Stream) {
    llvm::yaml::Node *Root = Doc.getRoot();
    if (!Root || Stream.failed())
      return std::nullopt;
    std::vector<Next> Stack;
    Stack.push_back(ChildrenOf(Root));
    while (!Stack.empty()) {
      if (Stream.failed())
        return std::nullopt;
      llvm::yaml::Node *Child = Stack.back()();
      if (!Child) {
        Stack.pop_back();
        continue;
      }
      // A mapping's key-value pairs take a frame each, so a mapping
      // nested N deep takes 2N frames.
      if ((llvm::isa<llvm::yaml::SequenceNode>(Child) ||
           llvm::isa<llvm::yaml::MappingNode>(Child)) &&
          Stack.size() > 2 * Max) {
        auto LC = SM.getLineAndColumn(Child->getSourceRange().Start);
        return TooDeep{LC.first, LC.second, tooDeepMessage(Max)};
      }
      Stack.push_back(ChildrenOf(Child));
    }
    if (Stream.failed())
      return std::nullopt;
  }
  return std::nullopt;
}

llvm::Expected<llvm::json::Value> parseJson(llvm::StringRef Text,
                                            llvm::StringRef Name) {
  // `NAME:` leads unless the caller names the document itself.
  std::string Lead = Name.empty() ? "" : Name.str() + ":";
  if (auto Deep = jsonTooDeep(Text))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s%u:%u: %s", Lead.c_str(), Deep->Line,
                                   Deep->Column, Deep->Message.c_str());
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (V)
    return V;
  // LLVM says `[3:7, byte=40]: Expected , or ]`.
  std::string Message = llvm::toString(V.takeError());
  llvm::SmallVector<llvm::StringRef, 4> M;
  if (llvm::Regex("^\\[([0-9]+):([0-9]+), byte=[0-9]+\\]: (.*)$")
          .match(Message, &M))
    Message = (M[1] + ":" + llvm::Twine(std::stoul(M[2].str()) + 1) + ": " + M[3])
                  .str(); // LLVM counts columns from 0.
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s%s",
                                 Lead.c_str(), Message.c_str());
}

} // namespace corolint::support
