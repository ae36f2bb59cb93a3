#include "io/cot.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <pugixml.hpp>
#include <regex>
#include <string>
#include <vector>

#include "io/transport.hpp"

namespace picket::io {
namespace {

// 2026-03-01T12:00:00Z
constexpr std::int64_t kT0 = 1'772'366'400LL * 1'000'000'000LL;

v1::Track makeTrack(std::uint64_t id, v1::Domain domain = v1::DOMAIN_SURFACE) {
  v1::Track t;
  t.mutable_header()->set_source_id("fusiond-1");
  t.mutable_header()->set_sequence(7);
  t.mutable_header()->set_time_ns(kT0 + 250'000'000);
  t.set_track_id(id);
  t.mutable_position()->set_lat_deg(12.5);
  t.mutable_position()->set_lon_deg(-69.9);
  t.mutable_position()->set_alt_m(domain == v1::DOMAIN_AIR ? 3000.0 : 0.0);
  t.set_vel_east_mps(10.0);
  t.set_vel_north_mps(10.0);
  // Diagonal covariance: east 40 m, north 30 m, up 20 m, velocities 2 m/s (1-sigma).
  const double sd[6] = {40, 30, 20, 2, 2, 2};
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) t.add_covariance_enu(i == j ? sd[i] * sd[i] : 0.0);
  }
  t.set_status(v1::TRACK_STATUS_CONFIRMED);
  t.set_domain(domain);
  auto* s = t.add_sensors();
  s->set_sensor_id("radar-aruba");
  s->set_updates(12);
  return t;
}

v1::Alert makeAlert(v1::AlertState state = v1::ALERT_STATE_OPEN) {
  v1::Alert a;
  a.mutable_header()->set_source_id("fusiond-1");
  a.mutable_header()->set_time_ns(kT0 + 250'000'000);
  a.set_stream_sequence(3);
  a.set_alert_id("dark_target-42");
  a.set_rule("dark_target");
  a.set_severity(v1::SEVERITY_HIGH);
  a.set_state(state);
  a.set_confidence(0.82);
  *a.mutable_track() = makeTrack(42);
  a.set_reason("no AIS for a fast surface track");
  for (int k = 1; k <= 3; ++k) {
    auto* p = a.add_predicted();
    p->set_time_ns(kT0 + 250'000'000 + k * 30LL * 60 * 1'000'000'000);
    p->mutable_position()->set_lat_deg(12.5 + 0.1 * k);
    p->mutable_position()->set_lon_deg(-69.9 + 0.1 * k);
    p->set_semi_major_95_m(1000.0 * k);
    p->set_semi_minor_95_m(500.0 * k);
    p->set_orientation_deg(45.0);
  }
  auto* partner = a.add_partners();
  partner->set_partner_id("USCG-LEDET");
  partner->set_name("US Coast Guard LEDET");
  partner->set_basis("high seas");
  auto* j = a.add_jurisdiction();
  j->set_time_ns(a.header().time_ns());
  j->set_description("high seas");
  auto* j30 = a.add_jurisdiction();
  j30->set_time_ns(a.predicted(0).time_ns());
  j30->set_description("territorial sea of ABW");
  a.add_releasable_to("USCG-LEDET");
  return a;
}

/// Parses one event; fails the test on malformed XML.
pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  const auto result = doc.load_string(xml.c_str(), pugi::parse_default);
  EXPECT_TRUE(result) << result.description() << " at " << result.offset << " in\n" << xml;
  return doc;
}

/// Seconds since the epoch of a CoT time, or -1 when it is not "YYYY-MM-DDThh:mm:ss[.f+]Z".
double parseTime(const std::string& text) {
  static const std::regex kIso(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$)");
  std::smatch m;
  if (!std::regex_match(text, m, kIso)) return -1;
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = std::stoi(m[4]);
  tm.tm_min = std::stoi(m[5]);
  tm.tm_sec = std::stoi(m[6]);
  const double frac = m[7].matched ? std::stod("0" + m[7].str()) : 0.0;
  return static_cast<double>(timegm(&tm)) + frac;
}

/// Checks every attribute the CoT 2.0 schema requires and its format; returns the event node.
pugi::xml_node checkSchema(const pugi::xml_document& doc, bool expect_live = true) {
  const pugi::xml_node e = doc.child("event");
  EXPECT_TRUE(e) << "root is not <event>";
  EXPECT_STREQ(doc.first_child().name(), "event");
  EXPECT_STREQ(e.attribute("version").value(), "2.0");
  EXPECT_FALSE(std::string(e.attribute("uid").value()).empty());
  // Event-PUBLIC.xsd: type is \w+(-\w+)*(;[^;]*)?, how is \w(-\w+)*.
  EXPECT_TRUE(std::regex_match(e.attribute("type").value(), std::regex(R"(\w+(-\w+)*(;[^;]*)?)")))
      << e.attribute("type").value();
  EXPECT_TRUE(std::regex_match(e.attribute("how").value(), std::regex(R"(\w(-\w+)*)")))
      << e.attribute("how").value();
  const double time = parseTime(e.attribute("time").value());
  const double start = parseTime(e.attribute("start").value());
  const double stale = parseTime(e.attribute("stale").value());
  EXPECT_GE(time, 0) << e.attribute("time").value();
  EXPECT_GE(start, 0) << e.attribute("start").value();
  EXPECT_GE(stale, 0) << e.attribute("stale").value();
  if (expect_live) {
    EXPECT_GT(stale, time);
  }
  const pugi::xml_node p = e.child("point");
  EXPECT_TRUE(p) << "no <point>";
  for (const char* a : {"lat", "lon", "hae", "ce", "le"}) {
    EXPECT_TRUE(p.attribute(a)) << "point has no " << a;
    EXPECT_TRUE(std::regex_match(p.attribute(a).value(), std::regex(R"(-?\d+(\.\d+)?)")))
        << a << "=" << p.attribute(a).value();
  }
  EXPECT_LE(std::abs(p.attribute("lat").as_double()), 90.0);
  EXPECT_LE(std::abs(p.attribute("lon").as_double()), 180.0);
  EXPECT_GE(p.attribute("ce").as_double(), 0.0);
  EXPECT_GE(p.attribute("le").as_double(), 0.0);
  return e;
}

double staleMinusTime(const pugi::xml_node& e) {
  return parseTime(e.attribute("stale").value()) - parseTime(e.attribute("time").value());
}

TEST(CotTime, IsIso8601UtcWithMillisecondsAndZ) {
  EXPECT_EQ(cotTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(cotTime(kT0 + 123'456'789), "2026-03-01T12:00:00.123Z");
  EXPECT_EQ(cotTime(-1), "1969-12-31T23:59:59.999Z");
}

TEST(CotTrackEvent, CarriesEveryRequiredAttributeAndTheTrack) {
  const v1::Track t = makeTrack(7);
  const auto doc = parse(cotTrackEvent(t, false, CotOptions{}));
  const auto e = checkSchema(doc);
  EXPECT_STREQ(e.attribute("uid").value(), "picket.fusiond-1.track.7");
  EXPECT_STREQ(e.attribute("how").value(), "m-f");
  EXPECT_STREQ(e.attribute("time").value(), "2026-03-01T12:00:00.250Z");
  EXPECT_STREQ(e.attribute("start").value(), e.attribute("time").value());
  const auto p = e.child("point");
  EXPECT_DOUBLE_EQ(p.attribute("lat").as_double(), 12.5);
  EXPECT_DOUBLE_EQ(p.attribute("lon").as_double(), -69.9);
  // Surface: height not estimated, so unknown (9999999), and so is its error.
  EXPECT_DOUBLE_EQ(p.attribute("hae").as_double(), kCotUnknown);
  EXPECT_DOUBLE_EQ(p.attribute("le").as_double(), kCotUnknown);
  // ce: 1-sigma along the major axis of the horizontal covariance (east 40 m > north 30 m).
  EXPECT_NEAR(p.attribute("ce").as_double(), 40.0, 0.05);
  const auto track = e.child("detail").child("track");
  EXPECT_NEAR(track.attribute("course").as_double(), 45.0, 0.05);
  EXPECT_NEAR(track.attribute("speed").as_double(), std::hypot(10.0, 10.0), 0.005);
  EXPECT_STREQ(e.child("detail").child("contact").attribute("callsign").value(), "TRK-7");
  EXPECT_NE(std::string(e.child("detail").child_value("remarks")).find("radar-aruba"),
            std::string::npos);
}

TEST(CotTrackEvent, CircularErrorIsTheMajorAxisOfACorrelatedCovariance) {
  v1::Track t = makeTrack(7);
  // [[100, 80], [80, 100]]: eigenvalues 180 and 20.
  t.set_covariance_enu(0, 100.0);
  t.set_covariance_enu(7, 100.0);
  t.set_covariance_enu(1, 80.0);
  t.set_covariance_enu(6, 80.0);
  const auto doc = parse(cotTrackEvent(t, false, CotOptions{}));
  EXPECT_NEAR(doc.child("event").child("point").attribute("ce").as_double(), std::sqrt(180.0),
              0.05);
  t.clear_covariance_enu();
  const auto unknown = parse(cotTrackEvent(t, false, CotOptions{}));
  EXPECT_DOUBLE_EQ(unknown.child("event").child("point").attribute("ce").as_double(), kCotUnknown);
}

TEST(CotTrackEvent, AirTrackHasHeightAndLinearError) {
  const auto doc = parse(cotTrackEvent(makeTrack(9, v1::DOMAIN_AIR), false, CotOptions{}));
  const auto e = checkSchema(doc);
  EXPECT_STREQ(e.attribute("type").value(), "a-u-A");
  EXPECT_DOUBLE_EQ(e.child("point").attribute("hae").as_double(), 3000.0);
  EXPECT_NEAR(e.child("point").attribute("le").as_double(), 20.0, 0.05);
  EXPECT_NEAR(staleMinusTime(e), 60.0, 1e-3);
}

TEST(CotTrackEvent, StaleDependsOnDomainStatusAndOptions) {
  v1::Track t = makeTrack(1);
  EXPECT_NEAR(staleMinusTime(parse(cotTrackEvent(t, false, CotOptions{})).child("event")), 300.0,
              1e-3);
  t.set_status(v1::TRACK_STATUS_COASTING);
  EXPECT_NEAR(staleMinusTime(parse(cotTrackEvent(t, false, CotOptions{})).child("event")), 150.0,
              1e-3);
  CotOptions o;
  o.stale_surface_s = 42.0;
  t.set_status(v1::TRACK_STATUS_CONFIRMED);
  EXPECT_NEAR(staleMinusTime(parse(cotTrackEvent(t, false, o)).child("event")), 42.0, 1e-3);
}

TEST(CotTrackType, FollowsDomainSuspicionIdentityAndStatus) {
  const CotOptions o;
  v1::Track surface = makeTrack(1);
  v1::Track air = makeTrack(2, v1::DOMAIN_AIR);
  EXPECT_EQ(cotTrackType(surface, false, o), "a-u-S");
  EXPECT_EQ(cotTrackType(surface, true, o), "a-s-S");
  EXPECT_EQ(cotTrackType(air, false, o), "a-u-A");
  EXPECT_EQ(cotTrackType(air, true, o), "a-s-A");
  surface.mutable_identity()->set_mmsi(244123456);
  EXPECT_EQ(cotTrackType(surface, false, o), "a-n-S");
  EXPECT_EQ(cotTrackType(surface, true, o), "a-s-S");  // suspicion beats identity
  CotOptions unknown_ais;
  unknown_ais.ais_affiliation = 'u';
  EXPECT_EQ(cotTrackType(surface, false, unknown_ais), "a-u-S");
  surface.set_status(v1::TRACK_STATUS_TENTATIVE);
  EXPECT_EQ(cotTrackType(surface, false, o), "a-p-S");
}

TEST(CotTrackEvent, HostileNamesAndInstanceAreEscaped) {
  v1::Track t = makeTrack(3);
  t.mutable_header()->set_source_id("fd\"<x>&'");
  const std::string hostile = "<Bad & \"Boat\" 'X'> ]]> &amp;";
  t.mutable_identity()->set_mmsi(244123456);
  t.mutable_identity()->set_name(hostile + "\x01@@@   ");
  const std::string xml = cotTrackEvent(t, false, CotOptions{});
  const auto doc = parse(xml);
  const auto e = checkSchema(doc);
  EXPECT_EQ(std::string(e.attribute("uid").value()), "picket.fd\"<x>&'.track.3");
  // The padding ('@' and spaces) is trimmed; the control character becomes a space.
  EXPECT_EQ(std::string(e.child("detail").child("contact").attribute("callsign").value()),
            hostile + " ");
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(CotTrackEvent, CallsignFallsBackToMmsiThenTrackNumber) {
  v1::Track t = makeTrack(5);
  t.mutable_identity()->set_mmsi(244123456);
  t.mutable_identity()->set_name("@@@@");
  const auto doc = parse(cotTrackEvent(t, false, CotOptions{}));
  EXPECT_STREQ(doc.child("event").child("detail").child("contact").attribute("callsign").value(),
               "MMSI 244123456");
}

TEST(CotAlertEvents, OpenAlertIsASuspectWithRemarksAndEllipses) {
  const v1::Alert a = makeAlert();
  const auto events = cotAlertEvents(a, CotOptions{});
  ASSERT_EQ(events.size(), 4u);
  const auto doc = parse(events[0]);
  const auto e = checkSchema(doc);
  EXPECT_STREQ(e.attribute("uid").value(), "picket.fusiond-1.alert.dark_target-42");
  EXPECT_STREQ(e.attribute("type").value(), "a-s-S");
  EXPECT_NEAR(staleMinusTime(e), 900.0, 1e-3);
  const std::string remarks = e.child("detail").child_value("remarks");
  for (const char* want : {"dark_target", "HIGH", "OPEN", "0.82", "no AIS for a fast surface track",
                           "+30 min", "+60 min", "+90 min", "USCG-LEDET", "high seas",
                           "Jurisdiction: now high seas; +30 min territorial sea of ABW"}) {
    EXPECT_NE(remarks.find(want), std::string::npos) << want << " not in:\n" << remarks;
  }
  const auto link = e.child("detail").child("link");
  EXPECT_STREQ(link.attribute("uid").value(), "picket.fusiond-1.track.42");
  EXPECT_STREQ(link.attribute("relation").value(), "p-p");
  for (int k = 1; k <= 3; ++k) {
    const auto d = parse(events[static_cast<std::size_t>(k)]);
    const auto pe = checkSchema(d);
    EXPECT_STREQ(pe.attribute("type").value(), "u-d-c-e");
    EXPECT_STREQ(pe.attribute("how").value(), "m-p");
    EXPECT_EQ(std::string(pe.attribute("uid").value()),
              "picket.fusiond-1.alert.dark_target-42.pred." + std::to_string(k));
    const auto ellipse = pe.child("detail").child("shape").child("ellipse");
    EXPECT_DOUBLE_EQ(ellipse.attribute("major").as_double(), 1000.0 * k);
    EXPECT_DOUBLE_EQ(ellipse.attribute("minor").as_double(), 500.0 * k);
    EXPECT_DOUBLE_EQ(ellipse.attribute("angle").as_double(), 45.0);
    EXPECT_NEAR(pe.child("point").attribute("lat").as_double(), 12.5 + 0.1 * k, 1e-7);
  }
  CotOptions no_ellipses;
  no_ellipses.prediction_ellipses = false;
  EXPECT_EQ(cotAlertEvents(a, no_ellipses).size(), 1u);
}

TEST(CotAlertEvents, AirAlertIsSuspectAir) {
  v1::Alert a = makeAlert();
  *a.mutable_track() = makeTrack(8, v1::DOMAIN_AIR);
  const auto doc = parse(cotAlertEvents(a, CotOptions{})[0]);
  EXPECT_STREQ(doc.child("event").attribute("type").value(), "a-s-A");
}

TEST(CotAlertEvents, ClosedAlertIsDroppedAndDeleted) {
  const auto events = cotAlertEvents(makeAlert(v1::ALERT_STATE_CLOSED), CotOptions{});
  ASSERT_EQ(events.size(), 5u);  // the alert, its delete, three ellipse deletes
  const auto doc = parse(events[0]);
  const auto e = checkSchema(doc, false);
  // MITRE's drop-track: stale before start.
  EXPECT_LT(parseTime(e.attribute("stale").value()), parseTime(e.attribute("start").value()));
  EXPECT_NE(std::string(e.child("detail").child_value("remarks")).find("CLOSED"), std::string::npos);
  std::vector<std::string> deleted;
  for (std::size_t i = 1; i < events.size(); ++i) {
    const auto d = parse(events[i]);
    const auto de = checkSchema(d);
    EXPECT_STREQ(de.attribute("type").value(), "t-x-d-d");
    EXPECT_TRUE(de.child("detail").child("__forcedelete"));
    deleted.push_back(de.child("detail").child("link").attribute("uid").value());
  }
  EXPECT_EQ(deleted[0], "picket.fusiond-1.alert.dark_target-42");
  EXPECT_EQ(deleted[3], "picket.fusiond-1.alert.dark_target-42.pred.3");
}

TEST(CotTrackRetraction, DropsThenDeletesWithoutForce) {
  const auto events = cotTrackRetraction(makeTrack(11), false, CotOptions{});
  ASSERT_EQ(events.size(), 2u);
  const auto drop = parse(events[0]);
  const auto e = checkSchema(drop, false);
  EXPECT_LT(parseTime(e.attribute("stale").value()), parseTime(e.attribute("start").value()));
  const auto del = parse(events[1]);
  const auto d = checkSchema(del);
  EXPECT_STREQ(d.attribute("type").value(), "t-x-d-d");
  EXPECT_STREQ(d.child("detail").child("link").attribute("uid").value(),
               "picket.fusiond-1.track.11");
  EXPECT_FALSE(d.child("detail").child("__forcedelete"));
}

TEST(CotRejectReason, RefusesWhatCannotBeAnEvent) {
  EXPECT_EQ(cotRejectReason(makeTrack(1)), std::nullopt);
  EXPECT_EQ(cotRejectReason(makeAlert()), std::nullopt);
  v1::Track t = makeTrack(1);
  t.mutable_position()->set_lat_deg(std::nan(""));
  EXPECT_EQ(cotRejectReason(t), "non_finite");
  t = makeTrack(1);
  t.mutable_position()->set_lat_deg(91);
  EXPECT_EQ(cotRejectReason(t), "position_out_of_range");
  t = makeTrack(1);
  t.clear_header();
  EXPECT_EQ(cotRejectReason(t), "no_header");
  t = makeTrack(0);
  EXPECT_EQ(cotRejectReason(t), "no_track_id");
  t = makeTrack(1);
  t.set_vel_east_mps(INFINITY);
  EXPECT_EQ(cotRejectReason(t), "non_finite");
  v1::Alert a = makeAlert();
  a.mutable_predicted(1)->set_semi_major_95_m(std::nan(""));
  EXPECT_EQ(cotRejectReason(a), "non_finite");
  a = makeAlert();
  a.set_alert_id("");
  EXPECT_EQ(cotRejectReason(a), "no_alert_id");
  a = makeAlert();
  a.clear_track();
  EXPECT_EQ(cotRejectReason(a), "no_track");
}

TEST(CotEndpoint, ParsesUdpTcpAndIpv6AndRefusesTheRest) {
  EXPECT_EQ(parseCotEndpoint("udp://239.2.3.1:6969"),
            (CotEndpoint{CotEndpoint::Protocol::Udp, "239.2.3.1", 6969}));
  EXPECT_EQ(parseCotEndpoint("tcp://tak.example:8087"),
            (CotEndpoint{CotEndpoint::Protocol::Tcp, "tak.example", 8087}));
  EXPECT_EQ(parseCotEndpoint("udp://[::1]:4242"),
            (CotEndpoint{CotEndpoint::Protocol::Udp, "::1", 4242}));
  for (const char* bad : {"239.2.3.1:6969", "http://x:1", "udp://x", "udp://:1", "udp://x:0",
                          "udp://x:65536", "udp://x:12a", "udp://[::1]4242", "udp://::1:4242"}) {
    EXPECT_THROW(parseCotEndpoint(bad), std::invalid_argument) << bad;
  }
}

TEST(XmlEscape, EscapesMarkupAndBlanksForbiddenCharacters) {
  EXPECT_EQ(xmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xmlEscape(std::string("x\x01y\x7fz\t\n", 7)), "x y z\t\n");
  EXPECT_EQ(xmlEscape("Señor 🚤"), "Señor 🚤");
}

}  // namespace
}  // namespace picket::io
