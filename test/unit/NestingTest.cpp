#include "support/Nesting.h"

#include "gtest/gtest.h"
#include <string>

using namespace corolint::support;

TEST(JsonNesting, MeasuresWithoutRecursing) {
  EXPECT_FALSE(jsonTooDeep(R"({"a": [1, {"b": [[]]}]})"));
  // Brackets inside strings are text.
  EXPECT_FALSE(jsonTooDeep("\"" + std::string(1000, '[') + "\"", 10));
  EXPECT_FALSE(jsonTooDeep(R"(["\"[[[["])", 1));
  auto Deep = jsonTooDeep("\n  " + std::string(100000, '['));
  ASSERT_TRUE(Deep);
  EXPECT_EQ(Deep->Line, 2u);
  EXPECT_EQ(Deep->Column, 3u + MaxNesting);
}

TEST(YamlNesting, MeasuresBlockAndFlowNesting) {
  EXPECT_FALSE(yamlTooDeep("a:\n  b:\n    - c\n    - [d, {e: f}]\n"));
  auto Flow = yamlTooDeep("key: " + std::string(100000, '['));
  ASSERT_TRUE(Flow);
  EXPECT_EQ(Flow->Line, 1u);
  std::string Seq;
  for (int I = 0; I < 100000; ++I)
    Seq += "- ";
  auto Block = yamlTooDeep("top:\n" + Seq + "x\n");
  ASSERT_TRUE(Block);
  EXPECT_EQ(Block->Line, 2u);
  // A document that does not parse is the reader's to report.
  EXPECT_FALSE(yamlTooDeep("a: [b\n  : : :"));
}

TEST(ParseJson, NamesTheDocumentLineAndColumn) {
  auto V = parseJson("[1,\n 2,,]", "f.json");
  ASSERT_FALSE(V);
  std::string Message = llvm::toString(V.takeError());
  EXPECT_EQ(Message.rfind("f.json:2:", 0), 0u) << Message;
  EXPECT_EQ(Message.find("byte="), std::string::npos) << Message;
  auto Deep = parseJson(std::string(200, '{'), "d.json");
  ASSERT_FALSE(Deep);
  EXPECT_NE(llvm::toString(Deep.takeError()).find("d.json:1:101: nested"),
            std::string::npos);
  auto Ok = parseJson(R"({"a": 1})", "");
  ASSERT_TRUE(bool(Ok));
  EXPECT_EQ(Ok->getAsObject()->getInteger("a"), 1);
}
