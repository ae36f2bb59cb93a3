// Decoded AIS -> Picket feed messages, and the result through fusiond's own FeedValidator.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "io/ais_decoder.hpp"
#include "io/ais_feed.hpp"
#include "io/config.hpp"
#include "io/feed_validator.hpp"
#include "picket/v1/sensors.pb.h"

namespace {

namespace ais = picket::io::ais;
namespace core = picket::core;
namespace v1 = picket::v1;

// 2007-05-14T19:57:39Z, the base station time in gpsd's sample.
const core::Timestamp kRx{1179172659LL * 1'000'000'000LL};

struct Converted {
  ais::FeedOutput out;
  v1::FeedMessage msg[2];
};

Converted convert(ais::FeedConverter& c, ais::Decoder& d, const std::string& line,
                  std::uint64_t& seq) {
  Converted r;
  const auto* m = d.feedLine(line, 0);
  EXPECT_NE(m, nullptr) << line;
  if (m != nullptr) r.out = c.convert(*m, kRx, seq, r.msg);
  return r;
}

TEST(AisFeed, ClassAPositionReportCarriesItsFields) {
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 7;
  // gpsd sample: type 1, MMSI 371798000, 12.3 kn, COG 224.0, heading 215, second 33, PA 1.
  const auto r = convert(c, d, "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", seq);
  ASSERT_EQ(r.out.count, 1);
  ASSERT_TRUE(r.msg[0].has_ais_position());
  const auto& p = r.msg[0].ais_position();
  EXPECT_EQ(p.header().source_id(), "ais-test");
  EXPECT_EQ(p.header().sequence(), 7u);
  EXPECT_EQ(seq, 8u);
  EXPECT_EQ(p.mmsi(), 371798000u);
  EXPECT_NEAR(p.lat_deg(), 48.3816333, 1e-7);
  EXPECT_NEAR(p.lon_deg(), -123.3953833, 1e-7);
  EXPECT_DOUBLE_EQ(p.sog_kn(), 12.3);
  EXPECT_DOUBLE_EQ(p.cog_deg(), 224.0);
  EXPECT_DOUBLE_EQ(p.heading_deg(), 215.0);
  EXPECT_EQ(p.nav_status(), 0u);
  EXPECT_EQ(p.ais_class(), v1::AIS_CLASS_A);
  EXPECT_TRUE(p.position_accuracy_high());
  EXPECT_EQ(p.received_time_ns(), kRx.ns);
  // Received at :39, fix stamped :33.
  EXPECT_EQ(p.header().time_ns(), kRx.ns - 6'000'000'000LL);
}

TEST(AisFeed, NotAvailableFieldsAreAbsent) {
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 1;
  // gpsd sample: type 1 with heading 511; type 18 with heading 511.
  auto r = convert(c, d, "!AIVDM,1,1,,A,16SteH0P00Jt63hHaa6SagvJ087r,0*42", seq);
  ASSERT_EQ(r.out.count, 1);
  EXPECT_FALSE(r.msg[0].ais_position().has_heading_deg());
  EXPECT_TRUE(r.msg[0].ais_position().has_sog_kn());
  r = convert(c, d, "!AIVDM,1,1,,A,B52K>;h00Fc>jpUlNV@ikwpUoP06,0*4C", seq);
  ASSERT_EQ(r.out.count, 1);
  EXPECT_EQ(r.msg[0].ais_position().ais_class(), v1::AIS_CLASS_B);
  EXPECT_EQ(r.msg[0].ais_position().nav_status(), 15u);
  EXPECT_FALSE(r.msg[0].ais_position().has_heading_deg());
}

TEST(AisFeed, BaseStationsAidsToNavigationAndBadPositionsAreSkipped) {
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 1;
  auto r = convert(c, d, "!AIVDM,1,1,,A,403OviQuMGCqWrRO9>E6fE700@GO,0*4D", seq);
  EXPECT_EQ(r.out.count, 0);
  EXPECT_EQ(r.out.skipped, ais::Skip::BaseStation);
  r = convert(c, d, "!AIVDM,1,1,,B,ENk`sBG37a:@84Ra1Rh4W62b@61=8Ab37o5n000003vP08=P,0*6C", seq);
  EXPECT_EQ(r.out.skipped, ais::Skip::AidToNavigation);
  // Type 9 from a SAR aircraft (MMSI 111265591, 111MIDxxx): a position report like any other.
  r = convert(c, d, "!AIVDM,1,1,,A,91b77=h3h00nHt0Q3r@@07000<0b,0*69", seq);
  EXPECT_EQ(r.out.count, 1);
  EXPECT_EQ(seq, 2u);
  // libais typeexamples: type 2 at latitude -101.5 deg: not a position.
  r = convert(c, d, "!AIVDM,1,1,,B,2T8Mur>pJNw77ks5q?7mdfhoOgMo,0*3A", seq);
  EXPECT_EQ(r.out.count, 0);
  EXPECT_EQ(r.out.skipped, ais::Skip::PositionUnavailable);
}

TEST(AisFeed, Type24PartsAreMergedPerVessel) {
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 1;
  // gpsd sample: part A (PROGUY) then part B (TC6163, type 60) of MMSI 271041815.
  auto r = convert(c, d, "!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2*6D", seq);
  ASSERT_EQ(r.out.count, 1);
  EXPECT_EQ(r.msg[0].ais_static().name(), "PROGUY");
  EXPECT_EQ(r.msg[0].ais_static().call_sign(), "");
  r = convert(c, d, "!AIVDM,1,1,,A,H42O55lti4hhhilD3nink000?050,0*40", seq);
  ASSERT_EQ(r.out.count, 1);
  const auto& s = r.msg[0].ais_static();
  EXPECT_EQ(s.mmsi(), 271041815u);
  EXPECT_EQ(s.name(), "PROGUY");
  EXPECT_EQ(s.call_sign(), "TC6163");
  EXPECT_EQ(s.ship_type(), 60u);
  EXPECT_EQ(s.to_stern_m(), 15u);
  EXPECT_EQ(s.ais_class(), v1::AIS_CLASS_B);
}

TEST(AisFeed, Type19IsBothPositionAndStaticAndType5IsStatic) {
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 1;
  auto r = convert(c, d,
                   "!AIVDM,1,1,,B,C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220,0*0B", seq);
  ASSERT_EQ(r.out.count, 2);
  EXPECT_TRUE(r.msg[0].has_ais_position());
  EXPECT_EQ(r.msg[1].ais_static().name(), "CAPT.J.RIMES");
  EXPECT_EQ(r.msg[1].ais_static().ship_type(), 70u);
  EXPECT_EQ(r.msg[0].ais_position().header().sequence() + 1,
            r.msg[1].ais_static().header().sequence());
  d.feedLine("!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C", 0);
  r = convert(c, d, "!AIVDM,2,2,1,A,88888888880,2*25", seq);
  ASSERT_EQ(r.out.count, 1);
  const auto& s = r.msg[0].ais_static();
  EXPECT_EQ(s.name(), "EVER DIADEM");
  EXPECT_EQ(s.call_sign(), "3FOF8");
  EXPECT_EQ(s.imo(), 9134270u);
  EXPECT_EQ(s.destination(), "NEW YORK");
  EXPECT_DOUBLE_EQ(s.draught_m(), 12.2);
  EXPECT_EQ(s.ais_class(), v1::AIS_CLASS_A);
}

TEST(AisFeed, LongRangeReportIsScaledFromTenthsOfMinutes) {
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 1;
  // gpsd sample: type 27, MMSI 206914217, lat 4.84, lon 137.0233, 57 kn, COG 167.
  const auto r = convert(c, d, "!AIVDM,1,1,,B,KC5E2b@U19PFdLbMuc5=ROv62<7m,0*16", seq);
  ASSERT_EQ(r.out.count, 1);
  const auto& p = r.msg[0].ais_position();
  EXPECT_NEAR(p.lat_deg(), 4.84, 1e-4);
  EXPECT_NEAR(p.lon_deg(), 137.0233, 1e-4);
  EXPECT_DOUBLE_EQ(p.sog_kn(), 57.0);
  EXPECT_DOUBLE_EQ(p.cog_deg(), 167.0);
  EXPECT_EQ(p.header().time_ns(), kRx.ns);  // no time stamp in message 27
}

TEST(AisFeed, FixTimeIsTheLatestMatchingSecondWithinBounds) {
  const core::Timestamp rx{1'000'000'020LL * 1'000'000'000LL + 400'000'000LL};
  const std::int64_t minute = (rx.ns / 60'000'000'000LL) * 60'000'000'000LL;
  const std::int64_t sec_in_minute = (rx.ns - minute) / 1'000'000'000LL;
  const std::int64_t whole = minute + sec_in_minute * 1'000'000'000LL;  // rx without its 0.4 s
  // Same second: the start of the receive time's second.
  EXPECT_EQ(ais::FeedConverter::fixTime(rx, static_cast<unsigned>(sec_in_minute)).ns,
            minute + sec_in_minute * 1'000'000'000LL);
  // Three seconds earlier.
  EXPECT_EQ(ais::FeedConverter::fixTime(rx, static_cast<unsigned>((sec_in_minute + 57) % 60)).ns,
            whole - 3'000'000'000LL);
  // One second later than the receiver (its clock lags): kept.
  EXPECT_EQ(ais::FeedConverter::fixTime(rx, static_cast<unsigned>((sec_in_minute + 1) % 60)).ns,
            whole + 1'000'000'000LL);
  // 30 s old: a clock is wrong; the receive time is used.
  EXPECT_EQ(ais::FeedConverter::fixTime(rx, static_cast<unsigned>((sec_in_minute + 30) % 60)).ns,
            rx.ns);
  // 60 (not available) and 61-63 (special): the receive time.
  EXPECT_EQ(ais::FeedConverter::fixTime(rx, 60).ns, rx.ns);
  EXPECT_EQ(ais::FeedConverter::fixTime(rx, 63).ns, rx.ns);
}

TEST(AisFeed, FusiondAcceptsWhatTheConverterPublishes) {
  // The converter's output goes through fusiond's own validator, configured with one AIS
  // sensor; every published message of the gpsd sample must be accepted.
  picket::io::FusiondConfig config;
  picket::io::SensorConfig sensor;
  sensor.info.id = "ais-test";
  sensor.info.kind = core::SensorKind::Ais;
  config.sensors.push_back(sensor);
  config.input.time_reference = picket::io::TimeReference::Data;
  picket::io::Counters counters;
  picket::io::FeedValidator validator(config, counters);
  ais::Decoder d;
  ais::FeedConverter c("ais-test");
  std::uint64_t seq = 1;
  std::ifstream in(std::string(PICKET_TEST_DATA_DIR) + "/ais/sample.aivdm");
  std::string line;
  int published = 0;
  while (std::getline(in, line)) {
    const auto* m = d.feedLine(line, 0);
    if (m == nullptr) continue;
    v1::FeedMessage out[2];
    const auto r = c.convert(*m, kRx, seq, out);
    for (int i = 0; i < r.count; ++i) {
      ++published;
      EXPECT_TRUE(validator.validate(out[i], kRx).has_value()) << line << "\n" << counters.report();
    }
  }
  EXPECT_GT(published, 15);
  EXPECT_EQ(counters.items_rejected.load(), 0u) << counters.report();
}

}  // namespace
