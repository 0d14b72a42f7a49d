// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/formats.hpp"

#include <gtest/gtest.h>

namespace exray::loghunt {
namespace {

std::string get(const Record& r, std::string_view name) {
  std::string scratch;
  auto v = r.get(name, scratch);
  return v ? std::string(*v) : std::string("<none>");
}

TEST(ExchangeCsv, FirstLineHeaderThenRowsByName) {
  LineParser p(LogType::httpproxy);
  EXPECT_TRUE(p.on_header_candidate("DateTime,RequestId,AnchorMailbox,HttpStatus", true));
  Record r;
  ASSERT_TRUE(p.parse(R"(2021-03-03T04:57:08.123Z,abc,"ServerInfo~a]@x:444/ecp/""y"",.js?#",200)", r));
  EXPECT_EQ(get(r, "anchormailbox"), R"(ServerInfo~a]@x:444/ecp/"y",.js?#)");
  EXPECT_EQ(get(r, "status"), "200");
  EXPECT_EQ(get(r, "timestamp"), "2021-03-03T04:57:08.123Z");
  EXPECT_EQ(get(r, "cs-uri-stem"), "<none>");
}

TEST(ExchangeCsv, FieldsDirectiveReplacesTheHeader) {
  LineParser p(LogType::httpproxy);
  EXPECT_TRUE(p.on_header_candidate("#Software: Microsoft Exchange Server", false));
  EXPECT_TRUE(p.on_header_candidate("#Fields: HttpStatus,AnchorMailbox", false));
  Record r;
  ASSERT_TRUE(p.parse("404,SMTP:a@b", r));
  EXPECT_EQ(get(r, "AnchorMailbox"), "SMTP:a@b");
}

TEST(ExchangeCsv, DataOnLineOneIsNotAHeader) {
  LineParser p(LogType::httpproxy);
  EXPECT_FALSE(p.on_header_candidate("2021-03-03T04:57:08.123Z,abc,15,1", true));
}

TEST(ExchangeCsv, BrokenQuoteIsAnErrorNotACrash) {
  LineParser p(LogType::ecp_server);
  p.on_header_candidate("TimeStamp,ServerName,EventId,EventData", true);
  Record r;
  EXPECT_FALSE(p.parse(R"(2021,EXCH01,x,"unterminated)", r));
}

TEST(ExchangeCsv, MissingColumnsReadAsAbsent) {
  LineParser p(LogType::httpproxy);
  p.on_header_candidate("DateTime,RequestId,AnchorMailbox", true);
  Record r;
  ASSERT_TRUE(p.parse("2021-03-03T00:00:00Z", r));
  EXPECT_EQ(get(r, "AnchorMailbox"), "<none>");
}

TEST(W3c, DefaultFieldsWithoutDirectiveAndDashIsEmpty) {
  LineParser p(LogType::iis);
  Record r;
  ASSERT_TRUE(p.parse("2021-08-23 09:13:18 172.28.30.86 POST /autodiscover/autodiscover.json @a.a/powershell/ 443 - "
                      "10.255.249.78 Python+PSRP+Client - 200 0 0 55",
                      r));
  EXPECT_EQ(get(r, "user"), "");
  EXPECT_EQ(get(r, "uri"), "/autodiscover/autodiscover.json?@a.a/powershell/");
  EXPECT_EQ(get(r, "timestamp"), "2021-08-23 09:13:18");
  EXPECT_EQ(get(r, "status"), "200");
}

TEST(W3c, FieldsMayChangeMidFile) {
  LineParser p(LogType::iis);
  EXPECT_TRUE(p.on_header_candidate("#Fields: date time cs-method cs-uri-stem", false));
  Record r;
  ASSERT_TRUE(p.parse("2021-03-03 00:00:01 GET /owa/", r));
  EXPECT_EQ(get(r, "url_path"), "/owa/");
  EXPECT_TRUE(p.on_header_candidate("#Fields: date time cs-uri-stem cs-method", false));
  ASSERT_TRUE(p.parse("2021-03-03 00:00:01 /ecp/ POST", r));
  EXPECT_EQ(get(r, "url_path"), "/ecp/");
  EXPECT_EQ(get(r, "method"), "POST");
  EXPECT_EQ(get(r, "uri"), "/ecp/");  // no query column: no '?'
}

TEST(Sniff, ByContentThenPath) {
  EXPECT_EQ(sniff_log_type("#Software: Microsoft Internet Information Services 10.0\n", "/x/a.log"), LogType::iis);
  EXPECT_EQ(sniff_log_type("DateTime,RequestId,MajorVersion\n#Software: Microsoft Exchange Server\n", "/a.log"),
            LogType::httpproxy);
  EXPECT_EQ(sniff_log_type("#Software: Microsoft Exchange Server\n#Log-type: HttpProxy Logs\n", "/a.log"),
            LogType::httpproxy);
  EXPECT_EQ(sniff_log_type("TimeStamp,ServerName,EventId,EventData\n", "/a.log"), LogType::ecp_server);
  EXPECT_EQ(sniff_log_type("#Software: Microsoft Exchange Server\n#Log-type: Rps Http Logs\n", "/a.log"),
            LogType::exchange);
  EXPECT_EQ(sniff_log_type("anything\n", "/V15/Logging/OABGeneratorLog/x.LOG"), LogType::oab_generator);
  EXPECT_EQ(sniff_log_type("anything\n", "C:\\V15\\Logging\\HttpProxy\\Owa\\x.LOG"), LogType::httpproxy);
  EXPECT_EQ(sniff_log_type("2021-08-23 09:13:18 1.2.3.4 POST /x - 443 - 5.6.7.8 - - 200 0 0 5\n", "/loose.txt"),
            LogType::iis);
  EXPECT_EQ(sniff_log_type(std::string_view("ElfFile\0rest", 12), "/a"), LogType::evtx);
  EXPECT_EQ(sniff_log_type(std::string_view("MZ\x90\0\x03", 5), "/a.log"), std::nullopt);
  EXPECT_EQ(sniff_log_type("", "/empty.log"), LogType::text);
  EXPECT_EQ(sniff_log_type("free text\n", "/notes.txt"), LogType::text);
}

TEST(Sniff, FirstDate) {
  EXPECT_EQ(sniff_first_date("DateTime,RequestId\n#Software: x\n#Date: 2021-03-02T00:00:00.000Z\n"),
            std::optional<Date>(std::chrono::year{2021} / 3 / 2));
  EXPECT_EQ(sniff_first_date("2019-09-03 10:13:36 10.0.2.15 GET /erp/conn.aspx\n"),
            std::optional<Date>(std::chrono::year{2019} / 9 / 3));
  EXPECT_EQ(sniff_first_date("no date here\n2021-01-01\n"), std::nullopt);
}

}  // namespace
}  // namespace exray::loghunt
