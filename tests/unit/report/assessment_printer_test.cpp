// SPDX-License-Identifier: Apache-2.0
#include "exray/report/assessment_printer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace exray::report {
namespace {

using namespace std::chrono;

class AssessmentPrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = kb::KnowledgeBase::builtin();
    ASSERT_TRUE(loaded);
    kb_ = std::move(*loaded);
  }
  std::string print(Format format, std::string_view input) {
    std::ostringstream out;
    auto printer = make_assessment_printer(format, out, kb_, 2026y / November / 23);
    auto a = kb::assess(kb_, *kb::parse_build(input));
    printer->print(input, *a);
    return out.str();
  }
  kb::KnowledgeBase kb_;
};

TEST_F(AssessmentPrinterTest, JsonLinesCarriesVerdictsAndWhatToInstall) {
  auto j = nlohmann::json::parse(print(Format::jsonl, "15.01.2176.009"));
  EXPECT_EQ(j["type"], "build");
  EXPECT_EQ(j["input"], "15.01.2176.009");
  EXPECT_EQ(j["build"], "15.1.2176.9");
  EXPECT_EQ(j["precision"], "exact");
  EXPECT_EQ(j["release"]["update"], "Mar21SU");
  EXPECT_EQ(j["support"]["supported"], false);
  EXPECT_EQ(j["verdicts"][0]["advisory"], "proxylogon");
  EXPECT_EQ(j["verdicts"][0]["state"], "patched");
  EXPECT_EQ(j["verdicts"][1]["state"], "su-missing");
  EXPECT_EQ(j["verdicts"][1]["vulnerable"], true);
  EXPECT_EQ(j["verdicts"][1]["install"]["kb"], "KB5001779");
  EXPECT_EQ(j["latest"]["build"], "15.1.2507.72");
}

TEST_F(AssessmentPrinterTest, CsvHasAColumnPairPerAdvisory) {
  std::istringstream in(print(Format::csv, "15.1.2176"));
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header,
            "input,build,precision,release,release_build,product,released,kb,support_ended,supported,proxylogon,"
            "proxylogon_install,april-2021,april-2021_install,may-2021,may-2021_install,proxynotshell,"
            "proxynotshell_install,latest_build,latest_release,error");
  EXPECT_EQ(row.substr(0, row.find(",2020-12-15")),
            "15.1.2176,15.1.2176,cu-level,Exchange 2016 CU19,15.1.2176.2,Exchange 2016");
  EXPECT_NE(row.find(",su-unknown,15.1.2176.9,"), std::string::npos);
}

TEST_F(AssessmentPrinterTest, SupportIsJudgedAgainstToday) {
  std::ostringstream out;
  auto printer = make_assessment_printer(Format::jsonl, out, kb_, 2025y / October / 1);
  printer->print("15.2.1748.10", *kb::assess(kb_, *kb::parse_build("15.2.1748.10")));
  EXPECT_EQ(nlohmann::json::parse(out.str())["support"]["supported"], true);
}

}  // namespace
}  // namespace exray::report
