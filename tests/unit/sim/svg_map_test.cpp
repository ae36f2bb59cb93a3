#include "sim/svg_map.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/caribbean_demo.hpp"
#include "sim/radar_geometry.hpp"
#include "sim/rng.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;

// A small XML reader for checking the output: well-formedness (one root, balanced and
// matching tags, quoted unique attributes, no raw '<' or stray '&' in text or values, only
// the five predefined entities and character references, valid UTF-8), and a tree to query.

struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;  // values decoded
  std::string text;                          // direct text content, decoded
  std::vector<XmlNode> children;

  [[nodiscard]] std::string attr(const std::string& key) const {
    const auto it = attrs.find(key);
    return it == attrs.end() ? std::string() : it->second;
  }
  [[nodiscard]] bool hasClass(std::string_view cls) const {
    std::istringstream in(attr("class"));
    std::string word;
    while (in >> word) {
      if (word == cls) return true;
    }
    return false;
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view s) : s_(s) {}

  // The root element, or an error naming the offset.
  std::optional<XmlNode> read(std::string& error) {
    try {
      if (!validUtf8()) fail("invalid UTF-8");
      if (s_.substr(0, 5) == "<?xml") {
        const std::size_t end = s_.find("?>");
        if (end == std::string_view::npos) fail("unterminated XML declaration");
        pos_ = end + 2;
      }
      skipMisc();
      XmlNode root = element();
      skipMisc();
      if (pos_ != s_.size()) fail("content after the root element");
      return root;
    } catch (const std::runtime_error& e) {
      error = e.what();
      return std::nullopt;
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what + " at offset " + std::to_string(pos_));
  }

  bool validUtf8() const {
    for (std::size_t i = 0; i < s_.size();) {
      const auto c = static_cast<unsigned char>(s_[i]);
      std::size_t n = 1;
      if (c >= 0x80) {
        if (c >= 0xC2 && c <= 0xDF)
          n = 2;
        else if (c >= 0xE0 && c <= 0xEF)
          n = 3;
        else if (c >= 0xF0 && c <= 0xF4)
          n = 4;
        else
          return false;
        if (i + n > s_.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
          if ((static_cast<unsigned char>(s_[i + k]) & 0xC0) != 0x80) return false;
        }
      } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
      i += n;
    }
    return true;
  }

  void skipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])) != 0) ++pos_;
  }

  void skipMisc() {
    while (true) {
      skipSpace();
      if (s_.substr(pos_, 4) != "<!--") return;
      const std::size_t end = s_.find("-->", pos_ + 4);
      if (end == std::string_view::npos) fail("unterminated comment");
      pos_ = end + 3;
    }
  }

  std::string name() {
    const std::size_t start = pos_;
    const auto ok = [&](char c, bool first) {
      return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':' ||
             (!first && (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.'));
    };
    while (pos_ < s_.size() && ok(s_[pos_], pos_ == start)) ++pos_;
    if (pos_ == start) fail("expected a name");
    return std::string(s_.substr(start, pos_ - start));
  }

  // Decodes character data up to `stop`, rejecting '<' and bad '&'.
  std::string chars(char stop) {
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != stop) {
      const char c = s_[pos_];
      if (c == '<') fail("raw '<' in text or attribute");
      if (c != '&') {
        out += c;
        ++pos_;
        continue;
      }
      const std::size_t semi = s_.find(';', pos_);
      if (semi == std::string_view::npos || semi - pos_ > 10) fail("stray '&'");
      const std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
      if (ref == "amp")
        out += '&';
      else if (ref == "lt")
        out += '<';
      else if (ref == "gt")
        out += '>';
      else if (ref == "quot")
        out += '"';
      else if (ref == "apos")
        out += '\'';
      else if (ref.size() > 1 && ref[0] == '#') {
        const bool hex = ref[1] == 'x';
        const std::string digits(ref.substr(hex ? 2 : 1));
        if (digits.empty()) fail("empty character reference");
        const long code = std::strtol(digits.c_str(), nullptr, hex ? 16 : 10);
        if (code < 0x20 || code > 0x7E) fail("character reference outside the test's range");
        out += static_cast<char>(code);
      } else {
        fail("unknown entity &" + std::string(ref) + ";");
      }
      pos_ = semi + 1;
    }
    return out;
  }

  XmlNode element() {
    if (pos_ >= s_.size() || s_[pos_] != '<') fail("expected '<'");
    ++pos_;
    XmlNode node;
    node.name = name();
    while (true) {
      const std::size_t before = pos_;
      skipSpace();
      if (pos_ >= s_.size()) fail("unterminated start tag");
      if (s_.substr(pos_, 2) == "/>") {
        pos_ += 2;
        return node;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      if (pos_ == before) fail("attributes must be separated by space");
      const std::string key = name();
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '=') fail("expected '=' after " + key);
      ++pos_;
      skipSpace();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) fail("unquoted value");
      const char quote = s_[pos_++];
      std::string value = chars(quote);
      if (pos_ >= s_.size()) fail("unterminated attribute value");
      ++pos_;
      if (!node.attrs.emplace(key, std::move(value)).second) fail("duplicate attribute " + key);
    }
    while (true) {
      node.text += chars('<');
      if (pos_ >= s_.size()) fail("unclosed element <" + node.name + ">");
      if (s_.substr(pos_, 4) == "<!--") {
        skipMisc();
        continue;
      }
      if (s_.substr(pos_, 2) == "</") {
        pos_ += 2;
        const std::string closing = name();
        if (closing != node.name) fail("</" + closing + "> closes <" + node.name + ">");
        skipSpace();
        if (pos_ >= s_.size() || s_[pos_] != '>') fail("bad end tag");
        ++pos_;
        return node;
      }
      node.children.push_back(element());
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

XmlNode parseSvg(const std::string& svg) {
  std::string error;
  const auto root = XmlReader(svg).read(error);
  if (!root) {
    ADD_FAILURE() << "not well-formed: " << error;
    return {};
  }
  return *root;
}

template <typename F>
void walk(const XmlNode& n, F&& f) {
  f(n);
  for (const XmlNode& c : n.children) walk(c, f);
}

const XmlNode* findId(const XmlNode& root, const std::string& id) {
  const XmlNode* found = nullptr;
  walk(root, [&](const XmlNode& n) {
    if (found == nullptr && n.attr("id") == id) found = &n;
  });
  return found;
}

std::vector<const XmlNode*> withClass(const XmlNode& root, std::string_view cls) {
  std::vector<const XmlNode*> out;
  walk(root, [&](const XmlNode& n) {
    if (n.hasClass(cls)) out.push_back(&n);
  });
  return out;
}

std::string titleOf(const XmlNode& n) {
  for (const XmlNode& c : n.children) {
    if (c.name == "title") return c.text;
  }
  return {};
}

// A point of SVG path data, parsed from the commands the writer uses (M m L l H h V v Z z).
struct Pt {
  double x = 0.0;
  double y = 0.0;
};

struct SubPath {
  std::vector<Pt> points;
  bool closed = false;
};

std::vector<SubPath> parsePath(const std::string& d) {
  std::vector<SubPath> out;
  std::size_t i = 0;
  char cmd = 0;
  Pt cur;
  const auto skip = [&] {
    while (i < d.size() && (d[i] == ' ' || d[i] == ',')) ++i;
  };
  const auto number = [&]() {
    skip();
    char* end = nullptr;
    const double v = std::strtod(d.c_str() + i, &end);
    EXPECT_NE(end, d.c_str() + i) << "number expected at " << i << " in " << d.substr(0, 80);
    i = static_cast<std::size_t>(end - d.c_str());
    return v;
  };
  while (true) {
    skip();
    if (i >= d.size()) break;
    if (std::isalpha(static_cast<unsigned char>(d[i])) != 0) cmd = d[i++];
    switch (cmd) {
      case 'M':
      case 'm': {
        const double x = number();
        const double y = number();
        cur = cmd == 'M' ? Pt{x, y} : Pt{cur.x + x, cur.y + y};
        out.push_back({{cur}, false});
        cmd = cmd == 'M' ? 'L' : 'l';  // further pairs are line-tos
        break;
      }
      case 'L':
      case 'l': {
        const double x = number();
        const double y = number();
        cur = cmd == 'L' ? Pt{x, y} : Pt{cur.x + x, cur.y + y};
        out.back().points.push_back(cur);
        break;
      }
      case 'H':
      case 'h': {
        const double x = number();
        cur.x = cmd == 'H' ? x : cur.x + x;
        out.back().points.push_back(cur);
        break;
      }
      case 'V':
      case 'v': {
        const double y = number();
        cur.y = cmd == 'V' ? y : cur.y + y;
        out.back().points.push_back(cur);
        break;
      }
      case 'Z':
      case 'z':
        out.back().closed = true;
        cur = out.back().points.front();
        cmd = 0;
        break;
      default:
        ADD_FAILURE() << "unexpected path command '" << cmd << "' in " << d.substr(0, 80);
        return out;
    }
  }
  return out;
}

constexpr double knots(double kn) { return kn * geo::kKnotToMps; }

Platform platform(std::string id, PlatformClass c, std::vector<GeoPoint> waypoints, double kn,
                  bool illicit = false, RouteEnd end = RouteEnd::Stop) {
  Platform p;
  p.id = std::move(id);
  p.platform_class = c;
  p.illicit = illicit;
  p.route = Route(std::move(waypoints), knots(kn), end);
  return p;
}

// A small scenario of every kind of thing the map draws, around 20 N 80 W.
Scenario mixedScenario() {
  Scenario s;
  s.name = "mixed";
  s.description = "Test scenario with <every> kind & \"quote\"";
  s.duration = Duration::fromSeconds(6.0 * 3600.0);
  s.seed = 42;
  s.area = {17.0, 23.0, -84.0, -76.0};
  s.platforms.push_back(
      platform("merchant-1", PlatformClass::Merchant, {{19.0, -83.5}, {20.5, -77.0}}, 14.0));
  s.platforms.push_back(
      platform("merchant-2", PlatformClass::Merchant, {{21.0, -83.0}, {21.2, -77.5}}, 12.0));
  s.platforms.push_back(
      platform("tanker-1", PlatformClass::Tanker, {{18.0, -77.0}, {22.0, -82.0}}, 15.0));
  s.platforms.push_back(platform("fishing-1", PlatformClass::Fishing,
                                 {{18.5, -80.0}, {18.6, -79.8}, {18.4, -79.7}, {18.5, -80.0}},
                                 4.0));
  s.platforms.push_back(
      platform("pleasure-1", PlatformClass::Pleasure, {{19.5, -79.0}, {19.7, -78.6}}, 8.0));
  s.platforms.push_back(platform("go-fast-1", PlatformClass::GoFast,
                                 {{17.5, -81.0}, {19.0, -80.2}, {21.5, -80.5}}, 40.0, true));
  s.platforms.push_back(platform("semi-sub-1", PlatformClass::SemiSubmersible,
                                 {{17.2, -83.0}, {18.4, -82.0}}, 6.0, true));
  s.platforms.push_back(
      platform("fishing-ill", PlatformClass::Fishing, {{20.0, -81.5}, {20.3, -81.0}}, 9.0, true));
  s.platforms.push_back(
      platform("mpa-1", PlatformClass::PatrolAircraft,
               racetrackWaypoints({20.0, -79.0, 2000.0}, 90.0, 80000.0, 8000.0, 6), 230.0, false,
               RouteEnd::Loop));
  s.platforms.push_back(platform("cutter-1", PlatformClass::PatrolShip,
                                 {{18.0, -78.5}, {19.0, -78.0}, {18.0, -77.5}}, 12.0));
  s.platforms.push_back(platform("airliner-1", PlatformClass::CommercialAircraft,
                                 {{17.1, -83.9, 11000.0}, {22.9, -76.1, 11000.0}}, 460.0));
  s.platforms.push_back(platform("suspect-air-1", PlatformClass::SuspectAircraft,
                                 {{22.5, -83.5, 3000.0}, {18.0, -79.5, 3000.0}}, 180.0, true));
  // Enters at 1 h, leaves at 3 h.
  Platform late =
      platform("merchant-late", PlatformClass::Merchant, {{22.5, -79.0}, {22.5, -77.0}}, 16.0);
  late.active_from = Duration::fromSeconds(3600.0);
  late.active_until = Duration::fromSeconds(3.0 * 3600.0);
  s.platforms.push_back(late);

  SurfaceRadarConfig radar;
  radar.source_id = "radar-1";
  radar.site = {19.3, -81.2, 60.0};
  radar.max_range_m = 100000.0;
  s.surface_radars.push_back(radar);
  SurfaceRadarConfig ship_radar;
  ship_radar.source_id = "cutter-1-radar";
  ship_radar.carrier_platform_id = "cutter-1";
  ship_radar.antenna_height_m = 25.0;
  s.surface_radars.push_back(ship_radar);
  AisReceiverConfig ais;
  ais.source_id = "ais-1";
  ais.site = {19.3, -81.2, 60.0};
  ais.range_m = 40.0 * geo::kNauticalMileM;
  s.ais_receivers.push_back(ais);
  AirborneRadarConfig mpa;
  mpa.source_id = "mpa-1-radar";
  mpa.carrier_platform_id = "mpa-1";
  mpa.max_range_m = 90000.0;
  s.airborne_radars.push_back(mpa);
  AirSurveillanceRadarConfig air;
  air.source_id = "otr-1";
  air.site = {21.0, -79.0, 0.0};
  air.min_range_m = 100000.0;
  air.max_range_m = 300000.0;
  s.air_radars.push_back(air);
  SatelliteAisConfig sat;
  sat.source_id = "sat-ais";
  s.satellite_ais.push_back(sat);

  s.events.push_back(PlantedEvent{"dark-run-1",
                                  EventKind::DarkGoFastRun,
                                  Duration{},
                                  Duration::fromSeconds(7200.0),
                                  {"go-fast-1"},
                                  {17.5, -81.0, 0.0},
                                  "go-fast <dark> & fast"});
  s.events.push_back(PlantedEvent{"rendezvous-1",
                                  EventKind::Rendezvous,
                                  Duration::fromSeconds(3600.0),
                                  Duration::fromSeconds(9000.0),
                                  {"fishing-ill", "semi-sub-1"},
                                  {20.0, -81.5, 0.0},
                                  ""});
  s.events.push_back(PlantedEvent{"spoof-1",
                                  EventKind::SpoofedMmsi,
                                  Duration{},
                                  Duration::fromSeconds(600.0),
                                  {"merchant-2"},
                                  {21.0, -83.0, 0.0},
                                  ""});
  s.events.push_back(PlantedEvent{"far-away",
                                  EventKind::SuspectFlight,
                                  Duration{},
                                  Duration::fromSeconds(600.0),
                                  {},
                                  {30.0, -60.0, 0.0},
                                  ""});
  return s;
}

std::string render(const Scenario& s, const MapOptions& o = {},
                   const std::vector<geo::GeoPolygon>& land = {},
                   const std::vector<MapZone>& zones = {}) {
  std::ostringstream out;
  writeSvgMap(out, s, land, o, zones);
  return out.str();
}

std::vector<const XmlNode*> tracks(const XmlNode& root) {
  std::vector<const XmlNode*> out;
  for (const char* group : {"tracks", "illicit-tracks"}) {
    const XmlNode* g = findId(root, group);
    if (g == nullptr) continue;
    for (const XmlNode& c : g->children) {
      if (c.hasClass("trk")) out.push_back(&c);
    }
  }
  return out;
}

// The body of the CSS rule ".name{...}" in the style sheet.
std::string cssRule(const XmlNode& root, const std::string& name) {
  std::string css;
  walk(root, [&](const XmlNode& n) {
    if (n.name == "style") css = n.text;
  });
  const std::string open = "." + name + "{";
  const std::size_t at = css.find(open);
  if (at == std::string::npos) return {};
  const std::size_t end = css.find('}', at);
  return css.substr(at + open.size(), end - at - open.size());
}

double cssNumber(const std::string& rule, const std::string& property) {
  const std::size_t at = rule.find(property + ":");
  if (at == std::string::npos) return std::nan("");
  return std::strtod(rule.c_str() + at + property.size() + 1, nullptr);
}

// Every vertex of every path in the document, in picture pixels.
std::vector<Pt> allPathVertices(const XmlNode& root, const XmlNode* skip = nullptr) {
  std::vector<Pt> out;
  walk(root, [&](const XmlNode& n) {
    if (n.name != "path" || &n == skip || n.attr("d").empty()) return;
    for (const SubPath& sp : parsePath(n.attr("d"))) {
      out.insert(out.end(), sp.points.begin(), sp.points.end());
    }
  });
  return out;
}

TEST(SvgMap, OutputIsWellFormedXml) {
  for (const Scenario& s : {makeCaribbeanDemo(), mixedScenario()}) {
    const std::string svg = render(s);
    const XmlNode root = parseSvg(svg);
    EXPECT_EQ(root.name, "svg") << s.name;
    EXPECT_EQ(root.attr("xmlns"), "http://www.w3.org/2000/svg");
    EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0U);
  }
}

TEST(SvgMap, EscapesTextAndRepairsWhatXmlCannotHold) {
  // GIVEN ids, a title and a description with XML specials, a control character and a byte
  // that is not UTF-8
  Scenario s = mixedScenario();
  s.platforms[0].id = "<m&1> \"q\" 'a'";
  s.platforms[1].id = std::string("bell\x07") + "\xff" + "end";
  s.events[0].id = "ev<&>";
  MapOptions o;
  o.title = "Title & <subtitle>";
  // WHEN rendered
  const XmlNode root = parseSvg(render(s, o));
  // THEN the document parses and the text reads back as written (repaired bytes as '?')
  std::vector<std::string> titles;
  for (const XmlNode* t : tracks(root)) titles.push_back(titleOf(*t));
  EXPECT_NE(std::find(titles.begin(), titles.end(), "<m&1> \"q\" 'a' (merchant)"), titles.end());
  EXPECT_NE(std::find(titles.begin(), titles.end(), "bell??end (merchant)"), titles.end());
  const XmlNode* title = findId(root, "title");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->children.at(0).text, "Title & <subtitle>");
  EXPECT_EQ(title->children.at(2).text, "Test scenario with <every> kind & \"quote\"");
  bool event_label = false;
  walk(root, [&](const XmlNode& n) {
    event_label = event_label || (n.name == "text" && n.text == "ev<&>");
  });
  EXPECT_TRUE(event_label);
}

TEST(SvgMap, DrawsOnePathPerPlatformWithItsIdAndClass) {
  const Scenario s = mixedScenario();
  const XmlNode root = parseSvg(render(s));
  const auto drawn = tracks(root);
  // Every platform of the mixed scenario crosses its area.
  ASSERT_EQ(drawn.size(), s.platforms.size());
  std::map<std::string, const XmlNode*> by_id;
  for (const XmlNode* t : drawn) {
    const std::string title = titleOf(*t);
    by_id[title.substr(0, title.find(' '))] = t;
  }
  for (const Platform& p : s.platforms) {
    ASSERT_EQ(by_id.count(p.id), 1U) << p.id;
    const XmlNode& t = *by_id[p.id];
    EXPECT_TRUE(
        t.hasClass(std::string("s-") + toString(p.platform_class) + (p.illicit ? "-ill" : "")))
        << p.id << ": " << t.attr("class");
    EXPECT_EQ(t.hasClass("ill"), p.illicit) << p.id;
    EXPECT_GE(parsePath(t.attr("d")).front().points.size(), 2U) << p.id;
  }
}

TEST(SvgMap, TrackFollowsTheTruthWhileActive) {
  // GIVEN a platform active from 1 h to 3 h of a 6 h run, moving east at 16 kn
  const Scenario s = mixedScenario();
  const Platform& late = *s.findPlatform("merchant-late");
  const MapFrame frame = mapFrame(s, {});
  const XmlNode root = parseSvg(render(s));
  const XmlNode* t = nullptr;
  for (const XmlNode* n : tracks(root)) {
    if (titleOf(*n).rfind("merchant-late ", 0) == 0) t = n;
  }
  ASSERT_NE(t, nullptr);
  const auto path = parsePath(t->attr("d"));
  ASSERT_EQ(path.size(), 1U);
  // THEN it starts where the route starts and ends where the platform is when it leaves
  // (its route starts at active_from), within the 0.1 px rounding
  const GeoPoint first = late.stateAt(late.active_from).position;
  const GeoPoint last = late.stateAt(*late.active_until - Duration{1}).position;
  EXPECT_NEAR(path[0].points.front().x, frame.xPx(first.lon_deg), 0.051);
  EXPECT_NEAR(path[0].points.front().y, frame.yPx(first.lat_deg), 0.051);
  EXPECT_NEAR(path[0].points.back().x, frame.xPx(last.lon_deg), 0.051);
  EXPECT_NEAR(path[0].points.back().y, frame.yPx(last.lat_deg), 0.051);
  // AND every vertex lies on the truth: within the simplification tolerance of its parallel
  for (const Pt& p : path[0].points) {
    EXPECT_NEAR(frame.toGeo(p.x, p.y).lat_deg, 22.5, 0.02);
  }
}

TEST(SvgMap, IllicitTracksAreDrawnOnTopThickAndRedWithStartAndEndMarkers) {
  const Scenario s = mixedScenario();
  const XmlNode root = parseSvg(render(s));
  const XmlNode* legit = findId(root, "tracks");
  const XmlNode* illicit = findId(root, "illicit-tracks");
  ASSERT_NE(legit, nullptr);
  ASSERT_NE(illicit, nullptr);
  // The illicit group comes after (above) the legitimate one.
  const XmlNode* map = findId(root, "map");
  ASSERT_NE(map, nullptr);
  std::ptrdiff_t legit_at = -1;
  std::ptrdiff_t illicit_at = -1;
  for (std::size_t i = 0; i < map->children.size(); ++i) {
    if (&map->children[i] == legit) legit_at = static_cast<std::ptrdiff_t>(i);
    if (&map->children[i] == illicit) illicit_at = static_cast<std::ptrdiff_t>(i);
  }
  EXPECT_LT(legit_at, illicit_at);

  double widest_legit = 0.0;
  for (const XmlNode& t : legit->children) {
    EXPECT_FALSE(t.hasClass("ill"));
    const std::string cls = t.attr("class");
    const std::string key = cls.substr(cls.rfind(' ') + 1);
    widest_legit = std::max(widest_legit, cssNumber(cssRule(root, key), "stroke-width"));
  }
  std::size_t illicit_tracks = 0;
  std::size_t starts = 0;
  std::size_t ends = 0;
  for (const XmlNode& t : illicit->children) {
    if (t.hasClass("start")) ++starts;
    if (t.hasClass("end")) ++ends;
    if (!t.hasClass("trk")) continue;
    ++illicit_tracks;
    EXPECT_TRUE(t.hasClass("ill"));
    const std::string cls = t.attr("class");
    const std::string rule = cssRule(root, cls.substr(cls.rfind(' ') + 1));
    EXPECT_GT(cssNumber(rule, "stroke-width"), widest_legit) << cls;
    // Red or orange: a strong red channel, a weak blue one.
    const std::size_t at = rule.find("stroke:#");
    ASSERT_NE(at, std::string::npos) << rule;
    const long rgb = std::strtol(rule.substr(at + 8, 6).c_str(), nullptr, 16);
    EXPECT_GE((rgb >> 16) & 0xFF, 0x99) << rule;
    EXPECT_LE(rgb & 0xFF, 0x40) << rule;
  }
  const auto n_illicit = static_cast<std::size_t>(std::count_if(
      s.platforms.begin(), s.platforms.end(), [](const Platform& p) { return p.illicit; }));
  EXPECT_EQ(illicit_tracks, n_illicit);
  EXPECT_EQ(starts, n_illicit);  // every illicit track starts and ends inside the area
  EXPECT_EQ(ends, n_illicit);
}

// The vertices of a coverage path: picture pixels to ground points.
std::vector<std::vector<GeoPoint>> coverageRings(const XmlNode& root, const MapFrame& frame,
                                                 const std::string& title_prefix) {
  std::vector<std::vector<GeoPoint>> rings;
  walk(root, [&](const XmlNode& n) {
    if (!n.hasClass("cov") || titleOf(n).rfind(title_prefix, 0) != 0) return;
    for (const SubPath& sp : parsePath(n.attr("d"))) {
      EXPECT_TRUE(sp.closed) << title_prefix;
      std::vector<GeoPoint> ring;
      for (const Pt& p : sp.points) ring.push_back(frame.toGeo(p.x, p.y));
      rings.push_back(ring);
    }
  });
  return rings;
}

// Ground error allowed for a vertex rounded to 0.1 px: half a tenth on each axis, at the
// east-west scale of the latitude (the projection stretches it by cos(mid) / cos(lat)).
double roundingToleranceM(const MapFrame& f, double lat_deg) {
  const double stretch =
      std::cos(f.trueScaleLatDeg() * geo::kDegToRad) / std::cos(lat_deg * geo::kDegToRad);
  return 0.05 * std::sqrt(2.0) * f.metresPerPx() * std::max(1.0, 1.0 / stretch) * 1.01 + 1.0;
}

TEST(SvgMap, CoverageCirclesAreClosedGeodesicPolygonsAtTheSensorRange) {
  // GIVEN AIS receivers at 2 N and 32 N in one box (mid-latitude 17 N)
  Scenario s;
  s.name = "circles";
  s.area = {0.0, 34.0, -90.0, -70.0};
  for (const double lat : {2.0, 32.0}) {
    AisReceiverConfig ais;
    ais.source_id = "ais-" + std::to_string(static_cast<int>(lat));
    ais.site = {lat, -80.0, 30.0};
    ais.range_m = 150000.0;
    s.ais_receivers.push_back(ais);
  }
  SurfaceRadarConfig radar;
  radar.source_id = "radar-20";
  radar.site = {20.0, -84.0, 100.0};
  radar.max_range_m = 200000.0;  // the horizon binds: 4.12 km (10 + sqrt 10) = 54.2 km
  s.surface_radars.push_back(radar);
  AirSurveillanceRadarConfig air;
  air.source_id = "otr-10";
  air.site = {12.0, -76.0, 0.0};
  air.min_range_m = 150000.0;
  air.max_range_m = 500000.0;
  s.air_radars.push_back(air);
  MapOptions o;
  o.width_px = 3000;
  const MapFrame frame = mapFrame(s, o);
  const XmlNode root = parseSvg(render(s, o));

  const auto check = [&](const std::string& prefix, const GeoPoint& site,
                         const std::vector<double>& ranges_m) {
    const auto rings = coverageRings(root, frame, prefix);
    ASSERT_EQ(rings.size(), ranges_m.size()) << prefix;
    for (std::size_t r = 0; r < rings.size(); ++r) {
      const auto& ring = rings[r];
      ASSERT_GE(ring.size(), 24U) << prefix;
      double previous_azimuth = -1.0;
      for (std::size_t i = 0; i < ring.size(); ++i) {
        const geo::GeodesicInverse g = geo::geodesicInverse(site, ring[i]);
        EXPECT_NEAR(g.distance_m, ranges_m[r], roundingToleranceM(frame, ring[i].lat_deg))
            << prefix << " vertex " << i;
        // Vertices go once round the site, clockwise from north.
        double azimuth = wrapDeg360(g.azimuth1_deg);
        if (i == 0 && azimuth > 180.0) azimuth -= 360.0;  // north, seen a hair west of it
        if (i > 0) {
          EXPECT_GT(azimuth, previous_azimuth) << prefix << " vertex " << i;
        }
        previous_azimuth = azimuth;
      }
    }
  };
  check("ais-2:", s.ais_receivers[0].site, {150000.0});
  check("ais-32:", s.ais_receivers[1].site, {150000.0});
  check("radar-20:", radar.site, {radarHorizonM(100.0, 10.0)});
  check("otr-10:", air.site, {500000.0, 150000.0});

  // The same ground circle is wider in the picture at 32 N than at 2 N: the projection's
  // east-west stretch, cos(17) / cos(lat), which an SVG circle would not show.
  const auto aspect = [&](const std::string& prefix) {
    double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
    walk(root, [&](const XmlNode& n) {
      if (!n.hasClass("cov") || titleOf(n).rfind(prefix, 0) != 0) return;
      for (const SubPath& sp : parsePath(n.attr("d"))) {
        for (const Pt& p : sp.points) {
          x0 = std::min(x0, p.x);
          x1 = std::max(x1, p.x);
          y0 = std::min(y0, p.y);
          y1 = std::max(y1, p.y);
        }
      }
    });
    return (x1 - x0) / (y1 - y0);
  };
  const double c17 = std::cos(17.0 * geo::kDegToRad);
  EXPECT_NEAR(aspect("ais-2:"), c17 / std::cos(2.0 * geo::kDegToRad), 0.02);
  EXPECT_NEAR(aspect("ais-32:"), c17 / std::cos(32.0 * geo::kDegToRad), 0.02);
}

// Winding number of the closed subpaths around p (SVG's nonzero rule: inside when not 0).
int winding(const std::vector<SubPath>& path, Pt p) {
  int w = 0;
  for (const SubPath& sp : path) {
    const auto& v = sp.points;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Pt a = v[i];
      const Pt b = v[(i + 1) % v.size()];
      const double side = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
      if (a.y <= p.y && b.y > p.y && side > 0) ++w;
      if (b.y <= p.y && a.y > p.y && side < 0) --w;
    }
  }
  return w;
}

TEST(SvgMap, AirborneSwathCoversTheGroundRangeAlongTheCarrier) {
  // GIVEN a patrol aircraft at 2000 m on a racetrack with a 90 km slant-range radar
  const Scenario s = mixedScenario();
  MapOptions o;
  o.box = geo::LatLonBox{18.0, 22.0, -81.5, -76.5};
  const MapFrame frame = mapFrame(s, o);
  const XmlNode root = parseSvg(render(s, o));
  const double ground_m = std::sqrt(90000.0 * 90000.0 - 2000.0 * 2000.0);
  const XmlNode* swath = nullptr;
  walk(root, [&](const XmlNode& n) {
    if (n.hasClass("cov") && titleOf(n).rfind("mpa-1-radar:", 0) == 0) swath = &n;
  });
  ASSERT_NE(swath, nullptr);
  const auto path = parsePath(swath->attr("d"));
  const Platform& mpa = *s.findPlatform("mpa-1");
  std::vector<GeoPoint> truth;
  // Samples 1.2 km apart: the nearest sample is within 2 m of the nearest point of the track.
  for (Duration t{}; t < mpa.route.passDuration(); t = t + Duration::fromSeconds(10.0)) {
    truth.push_back(mpa.stateAt(t).position);
  }
  const auto nearestTruthM = [&](const GeoPoint& q) {
    double nearest = 1e12;
    for (const GeoPoint& p : truth)
      nearest = std::min(nearest, geo::geodesicInverse(p, q).distance_m);
    return nearest;
  };
  // The 0.5 px simplification moves the centre line by up to half a pixel, rounding 0.07 px.
  const double tolerance_m = 0.6 * frame.metresPerPx() * 1.1;
  // THEN every outline vertex lies within the ground range of the carrier's track
  std::size_t vertices = 0;
  for (const SubPath& sp : path) {
    EXPECT_TRUE(sp.closed);
    for (const Pt& v : sp.points) {
      ++vertices;
      EXPECT_LE(nearestTruthM(frame.toGeo(v.x, v.y)), ground_m + tolerance_m);
    }
  }
  EXPECT_GT(vertices, 100U);
  // AND around the track, points a little inside the ground range are covered and points a
  // little beyond it are not, in every direction
  for (std::size_t i = 0; i < truth.size(); i += 12) {
    for (double azimuth = 0.0; azimuth < 360.0; azimuth += 30.0) {
      const GeoPoint in = geo::geodesicDirect(truth[i], azimuth, ground_m - 3.0 * tolerance_m);
      EXPECT_NE(winding(path, {frame.xPx(in.lon_deg), frame.yPx(in.lat_deg)}), 0)
          << "sample " << i << " azimuth " << azimuth;
      const GeoPoint out = geo::geodesicDirect(truth[i], azimuth, ground_m + 3.0 * tolerance_m);
      if (nearestTruthM(out) > ground_m + 2.0 * tolerance_m) {
        EXPECT_EQ(winding(path, {frame.xPx(out.lon_deg), frame.yPx(out.lat_deg)}), 0)
            << "sample " << i << " azimuth " << azimuth;
      }
    }
  }
}

TEST(SvgMap, RendersAreByteIdentical) {
  const std::vector<geo::GeoPolygon> land = makeCaribbeanDemo().land;
  for (const Scenario& s : {makeCaribbeanDemo(), mixedScenario()}) {
    const Scenario copy = s;
    MapOptions o;
    o.box = fitMapBox(s, Duration::fromSeconds(60.0));
    const std::string a = render(s, o, land);
    const std::string b = render(copy, o, land);
    EXPECT_EQ(a, b) << s.name;
    EXPECT_EQ(render(s, o, land), a) << s.name;
  }
}

TEST(SvgMap, ClipsEverythingToTheBox) {
  // GIVEN a box over the middle of the mixed scenario (the west and north are out)
  const Scenario s = mixedScenario();
  MapOptions o;
  o.box = geo::LatLonBox{18.2, 20.8, -80.6, -77.2};
  std::vector<geo::GeoPolygon> land;
  land.emplace_back(
      std::vector<GeoPoint>{{19.8, -79.5}, {20.2, -79.5}, {20.2, -78.9}, {19.8, -78.9}});
  land.emplace_back(std::vector<GeoPoint>{{22.0, -83.0}, {22.5, -83.0}, {22.5, -82.0}});  // outside
  const MapFrame frame = mapFrame(s, o);
  const XmlNode root = parseSvg(render(s, o, land));
  // THEN no vertex of any map path lies outside the map rectangle
  const XmlNode* map = findId(root, "map");
  ASSERT_NE(map, nullptr);
  for (const Pt& p : allPathVertices(*map)) {
    EXPECT_GE(p.x, frame.x0Px() - 0.051);
    EXPECT_LE(p.x, frame.x0Px() + frame.widthPx() + 0.051);
    EXPECT_GE(p.y, frame.y0Px() - 0.051);
    EXPECT_LE(p.y, frame.y0Px() + frame.heightPx() + 0.051);
  }
  // AND only the platforms that pass through the box are drawn
  std::vector<std::string> drawn;
  for (const XmlNode* t : tracks(root)) {
    const std::string title = titleOf(*t);
    drawn.push_back(title.substr(0, title.find(' ')));
  }
  std::sort(drawn.begin(), drawn.end());
  EXPECT_EQ(std::count(drawn.begin(), drawn.end(), "semi-sub-1"), 0);     // south-west
  EXPECT_EQ(std::count(drawn.begin(), drawn.end(), "merchant-late"), 0);  // north
  EXPECT_EQ(std::count(drawn.begin(), drawn.end(), "fishing-1"), 1);
  EXPECT_EQ(std::count(drawn.begin(), drawn.end(), "go-fast-1"), 1);
  // AND the land outside the box costs nothing: one ring
  const XmlNode* land_path = findId(root, "land");
  ASSERT_NE(land_path, nullptr);
  EXPECT_EQ(parsePath(land_path->attr("d")).size(), 1U);
  // AND the go-fast, which starts and ends outside, has neither marker
  const XmlNode* illicit = findId(root, "illicit-tracks");
  ASSERT_NE(illicit, nullptr);
  EXPECT_EQ(withClass(*illicit, "start").size() + withClass(*illicit, "end").size(), 0U);
}

TEST(SvgMap, ATrackLeavingAndReenteringTheBoxIsOnePathOfSeveralPieces) {
  Scenario s;
  s.name = "zigzag";
  s.duration = Duration::fromSeconds(12.0 * 3600.0);
  s.platforms.push_back(platform("zigzag", PlatformClass::Merchant,
                                 {{10.0, -80.0}, {10.0, -78.0}, {11.0, -78.0}, {11.0, -80.0}},
                                 30.0));
  MapOptions o;
  o.box = geo::LatLonBox{9.5, 11.5, -79.5, -77.0};
  const XmlNode root = parseSvg(render(s, o));
  const auto drawn = tracks(root);
  ASSERT_EQ(drawn.size(), 1U);
  // The corners at 78 W are inside: in across the west edge along 10 N, out across it along
  // 11 N, one piece.
  EXPECT_EQ(parsePath(drawn[0]->attr("d")).size(), 1U);
  // A box that cuts the corner off leaves two pieces.
  o.box = geo::LatLonBox{9.5, 11.5, -82.0, -78.5};
  const XmlNode cut_root = parseSvg(render(s, o));
  const auto cut = tracks(cut_root);
  ASSERT_EQ(cut.size(), 1U);
  EXPECT_EQ(parsePath(cut[0]->attr("d")).size(), 2U);
}

// The legend's rows: label -> count.
std::map<std::string, std::size_t> legendCounts(const XmlNode& root) {
  std::map<std::string, std::size_t> rows;
  const XmlNode* legend = findId(root, "legend");
  if (legend == nullptr) return rows;
  for (const XmlNode* row : withClass(*legend, "lrow")) {
    std::string label;
    std::string count;
    for (const XmlNode& c : row->children) {
      if (c.hasClass("lab")) label = c.text;
      if (c.hasClass("n")) count = c.text;
    }
    count.erase(std::remove(count.begin(), count.end(), ','), count.end());
    if (!count.empty()) rows[label] = std::stoul(count);
  }
  return rows;
}

TEST(SvgMap, LegendCountsMatchTheScenario) {
  const Scenario s = mixedScenario();
  const auto rows = legendCounts(parseSvg(render(s)));
  std::map<std::string, std::size_t> expected;
  for (const Platform& p : s.platforms) {
    ++expected[std::string(toString(p.platform_class)) + (p.illicit ? " (illicit)" : "")];
  }
  for (const PlantedEvent& e : s.events) ++expected[toString(e.kind)];
  expected["coastal radar, 10 m target horizon"] = 1;
  expected["ship-borne radar swath"] = 1;
  expected["AIS receiver range"] = 1;
  expected["air surveillance radar, min-max"] = 1;
  expected["airborne radar swath"] = 1;
  expected["satellite AIS (not drawn)"] = 1;
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(rows.at("merchant"), 3U);
  EXPECT_EQ(rows.at("fishing (illicit)"), 1U);
}

TEST(SvgMap, LegendCountsAreGroupedForThousands) {
  Scenario s;
  s.name = "many";
  for (int i = 0; i < 1234; ++i) {
    s.platforms.push_back(platform("m-" + std::to_string(i), PlatformClass::Merchant,
                                   {{10.0, -80.0 + 0.001 * i}, {11.0, -80.0}}, 12.0));
  }
  EXPECT_EQ(legendCounts(parseSvg(render(s))).at("merchant"), 1234U);
  EXPECT_NE(render(s).find(">1,234</text>"), std::string::npos);
}

// The event marker groups by event id (the first word of their tooltip), and their labels.
std::map<std::string, const XmlNode*> eventMarkers(const XmlNode& root) {
  std::map<std::string, const XmlNode*> out;
  const XmlNode* events = findId(root, "events");
  if (events == nullptr) return out;
  for (const XmlNode& g : events->children) {
    const std::string tip = titleOf(g);
    out[tip.substr(0, tip.find(' '))] = &g;
  }
  return out;
}

std::string labelOf(const XmlNode& marker) {
  for (const XmlNode& c : marker.children) {
    if (c.name == "text") return c.text;
  }
  return {};
}

TEST(SvgMap, EventsAreLabelledMarkersAtTheirPositions) {
  const Scenario s = mixedScenario();
  const MapFrame frame = mapFrame(s, {});
  const XmlNode root = parseSvg(render(s));
  const auto markers = eventMarkers(root);
  // The one outside the area is not drawn.
  ASSERT_EQ(markers.size(), 3U);
  EXPECT_EQ(markers.count("far-away"), 0U);
  for (const PlantedEvent& e : s.events) {
    if (e.id == "far-away") continue;
    ASSERT_EQ(markers.count(e.id), 1U) << e.id;
    const XmlNode& g = *markers.at(e.id);
    EXPECT_EQ(labelOf(g), e.id);
    EXPECT_NE(titleOf(g).find(toString(e.kind)), std::string::npos) << titleOf(g);
    // The marker is centred on the event: the circle's centre, or the middle of the outline
    // whose apex is 6 px above the centre.
    double cx = 0.0;
    double cy = 0.0;
    for (const XmlNode& c : g.children) {
      if (c.name == "circle") {
        cx = std::stod(c.attr("cx"));
        cy = std::stod(c.attr("cy"));
      } else if (c.name == "path") {
        const auto pts = parsePath(c.attr("d")).at(0).points;
        double minx = 1e9;
        double maxx = -1e9;
        for (const Pt& p : pts) {
          minx = std::min(minx, p.x);
          maxx = std::max(maxx, p.x);
        }
        cx = 0.5 * (minx + maxx);
        cy = pts.front().y + 6.0;
      }
    }
    EXPECT_NEAR(cx, frame.xPx(e.position.lon_deg), 0.11) << e.id;
    EXPECT_NEAR(cy, frame.yPx(e.position.lat_deg), 0.11) << e.id;
  }
  EXPECT_NE(titleOf(*markers.at("dark-run-1")).find("go-fast <dark> & fast"), std::string::npos);
}

TEST(SvgMap, NearMissesAreGreyUnlabelledAndCountedApart) {
  // GIVEN the mixed scenario with one of its events turned into a near miss
  Scenario s = mixedScenario();
  PlantedEvent* near = nullptr;
  for (PlantedEvent& e : s.events) {
    if (e.id != "far-away") near = &e;
  }
  ASSERT_NE(near, nullptr);
  near->near_miss = true;
  const std::string id = near->id;
  // WHEN it is rendered
  const XmlNode root = parseSvg(render(s));
  // THEN its marker is grey and has no label, and the legend counts it as a near miss only
  const auto markers = eventMarkers(root);
  ASSERT_EQ(markers.count(id), 1U);
  EXPECT_EQ(labelOf(*markers.at(id)), "");
  EXPECT_NE(titleOf(*markers.at(id)).find(", near miss)"), std::string::npos)
      << titleOf(*markers.at(id));
  bool grey = false;
  for (const XmlNode& c : markers.at(id)->children) grey = grey || c.attr("fill") == "#9e9e9e";
  EXPECT_TRUE(grey);
  const auto rows = legendCounts(root);
  EXPECT_EQ(rows.at("near miss (legitimate look-alike)"), 1U);
  std::size_t real = 0;
  for (const PlantedEvent& e : s.events) real += e.near_miss ? 0 : 1;
  std::size_t legend_events = 0;
  for (const auto& [name, n] : rows) {
    for (int k = 0; k <= static_cast<int>(EventKind::Loitering); ++k) {
      if (name == toString(static_cast<EventKind>(k))) legend_events += n;
    }
  }
  EXPECT_EQ(legend_events, real);
}

TEST(SvgMap, EventLabelsDoNotOverlapAndTheRunsAreLabelledFirst) {
  // GIVEN an AIS anomaly listed before a dark run at the same place, and a third event 16 px
  // to the east, whose marker stands where a label on the right of the first two would go
  Scenario s = mixedScenario();
  s.events.clear();
  const auto event = [](std::string id, EventKind kind, double lat, double lon) {
    return PlantedEvent{std::move(id),   kind, Duration{}, Duration::fromSeconds(60.0), {},
                        {lat, lon, 0.0}, ""};
  };
  s.events.push_back(event("spoof-here", EventKind::SpoofedPosition, 19.0, -80.0));
  s.events.push_back(event("run-here", EventKind::DarkGoFastRun, 19.0, -80.0));
  s.events.push_back(event("id-change-east", EventKind::IdentityChange, 19.0, -79.9));
  // A fourth by the east edge of the map, alone.
  s.events.push_back(event("edge", EventKind::TransponderOff, 20.0, -76.01));
  const XmlNode root = parseSvg(render(s));
  const auto markers = eventMarkers(root);
  ASSERT_EQ(markers.size(), 4U);  // every marker is drawn
  const auto anchor = [&](const std::string& id) {
    for (const XmlNode& c : markers.at(id)->children) {
      if (c.name == "text") return c.attr("text-anchor");
    }
    return std::string("none");
  };
  // THEN the dark run, first in EventKind order, is labelled on its left (its right is
  // blocked by the east marker); the anomaly at the same spot finds both sides taken; the
  // east event and the one at the edge are labelled where there is room
  EXPECT_EQ(labelOf(*markers.at("run-here")), "run-here");
  EXPECT_EQ(anchor("run-here"), "end");
  EXPECT_EQ(labelOf(*markers.at("spoof-here")), "");
  EXPECT_EQ(labelOf(*markers.at("id-change-east")), "id-change-east");
  EXPECT_EQ(anchor("id-change-east"), "");
  EXPECT_EQ(labelOf(*markers.at("edge")), "edge");
  EXPECT_EQ(anchor("edge"), "end");
}

TEST(SvgMap, TitleBlockNamesTheScenarioDurationPlatformsAndSeed) {
  const Scenario s = mixedScenario();
  const XmlNode root = parseSvg(render(s));
  const XmlNode* title = findId(root, "title");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->children.at(0).text, "Scenario mixed");
  const std::string facts = title->children.at(1).text;
  EXPECT_NE(facts.find("6 h"), std::string::npos) << facts;
  EXPECT_NE(facts.find("13 platforms, 13 in view"), std::string::npos) << facts;
  EXPECT_NE(facts.find("seed 42"), std::string::npos) << facts;
}

TEST(SvgMap, LayersCanBeLeftOut) {
  const Scenario s = mixedScenario();
  MapOptions o;
  o.layers.tracks = false;
  o.layers.coverage = false;
  o.layers.legend = false;
  const XmlNode root = parseSvg(render(s, o));
  EXPECT_TRUE(tracks(root).empty());
  EXPECT_TRUE(withClass(root, "cov").empty());
  EXPECT_EQ(findId(root, "legend"), nullptr);
  EXPECT_EQ(findId(root, "title"), nullptr);
  EXPECT_NE(findId(root, "events"), nullptr);
  // Without the legend the map takes the whole width but the margins.
  const MapFrame frame = mapFrame(s, o);
  EXPECT_DOUBLE_EQ(frame.widthPx(), 1600.0 - 32.0);
  EXPECT_DOUBLE_EQ(frame.y0Px(), 16.0);
}

TEST(SvgMap, ZonesAreOutlinedAndLabelledUnderTheLand) {
  const Scenario s = mixedScenario();
  std::vector<MapZone> zones;
  zones.push_back({{geo::GeoPolygon({{18.0, -83.0}, {22.0, -83.0}, {22.0, -79.0}, {18.0, -79.0}})},
                   "Zone <A> & B"});
  zones.push_back({{geo::GeoPolygon({{40.0, -10.0}, {41.0, -10.0}, {41.0, -9.0}})}, "Far"});
  std::vector<geo::GeoPolygon> land{
      geo::GeoPolygon({{19.8, -79.5}, {20.2, -79.5}, {20.2, -78.9}, {19.8, -78.9}})};
  const XmlNode root = parseSvg(render(s, {}, land, zones));
  const XmlNode* group = findId(root, "zones");
  ASSERT_NE(group, nullptr);
  const auto outlines = withClass(*group, "zone");
  ASSERT_EQ(outlines.size(), 1U);  // the far zone is outside the box
  EXPECT_EQ(titleOf(*outlines[0]), "Zone <A> & B");
  const XmlNode* label_group = findId(root, "zone-labels");
  ASSERT_NE(label_group, nullptr);
  const auto labels = withClass(*label_group, "zl");
  ASSERT_EQ(labels.size(), 1U);
  EXPECT_EQ(labels[0]->text, "Zone <A> & B");
  // Outlines come before (under) the land, labels after (over) it.
  const XmlNode* map = findId(root, "map");
  ASSERT_NE(map, nullptr);
  std::size_t zones_at = 0;
  std::size_t land_at = 0;
  std::size_t labels_at = 0;
  for (std::size_t i = 0; i < map->children.size(); ++i) {
    if (map->children[i].attr("id") == "zones") zones_at = i;
    if (map->children[i].attr("id") == "land") land_at = i;
    if (map->children[i].attr("id") == "zone-labels") labels_at = i;
  }
  EXPECT_LT(zones_at, land_at);
  EXPECT_LT(land_at, labels_at);
  EXPECT_EQ(legendCounts(root).at("maritime zone outline"), 2U);
}

TEST(SvgMap, LandHolesAreSubpathsAndSubPixelVerticesAreDropped) {
  Scenario s;
  s.name = "land";
  s.area = {0.0, 10.0, -80.0, -70.0};
  std::vector<GeoPoint> outer;
  // A 4 deg square with 4000 vertices along its south side (0.001 deg apart, far below a pixel).
  for (int i = 0; i <= 4000; ++i) outer.push_back({2.0, -78.0 + 0.001 * i});
  outer.push_back({6.0, -74.0});
  outer.push_back({6.0, -78.0});
  std::vector<geo::GeoPolygon> land{
      geo::GeoPolygon(outer, {{{3.0, -77.0}, {3.0, -75.0}, {5.0, -75.0}, {5.0, -77.0}}})};
  const XmlNode root = parseSvg(render(s, {}, land));
  const XmlNode* path = findId(root, "land");
  ASSERT_NE(path, nullptr);
  const auto rings = parsePath(path->attr("d"));
  ASSERT_EQ(rings.size(), 2U);
  EXPECT_TRUE(rings[0].closed);
  EXPECT_TRUE(rings[1].closed);
  EXPECT_LT(rings[0].points.size(), 700U);  // 4 deg is ~600 px here
  EXPECT_EQ(rings[1].points.size(), 4U);
}

TEST(SvgMap, CaribbeanDemoRendersToASaneSize) {
  const Scenario s = makeCaribbeanDemo();
  // The scenario's area (the whole theatre) and a box fitted to its action.
  MapOptions fitted;
  fitted.box = fitMapBox(s, Duration::fromSeconds(60.0));
  for (const MapOptions& o : {MapOptions{}, fitted}) {
    const std::string svg = render(s, o, s.land);
    EXPECT_GT(svg.size(), 5'000U);
    EXPECT_LT(svg.size(), 100'000U);
    const XmlNode root = parseSvg(svg);
    EXPECT_EQ(tracks(root).size(), s.platforms.size());
    EXPECT_EQ(withClass(root, "cov").size(), 3U);  // radar, AIS, the aircraft's swath
  }
}

TEST(SvgMap, ThousandsOfTracksOverADayStayWithinAFewMegabytes) {
  // GIVEN 5,000 platforms over 24 h across the theatre: ships on 30 lanes, fishing boats
  // wandering, airliners, a few illicit runs
  Scenario s;
  s.name = "load";
  s.duration = Duration::fromSeconds(24.0 * 3600.0);
  Rng rng(7);
  std::vector<std::pair<GeoPoint, GeoPoint>> lanes;
  for (int i = 0; i < 30; ++i) {
    lanes.emplace_back(GeoPoint{rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 0.0},
                       GeoPoint{rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 0.0});
  }
  for (int i = 0; i < 5000; ++i) {
    const std::string id = "p-" + std::to_string(i);
    Platform p;
    if (i % 10 < 6) {
      const auto& lane = lanes[rng.below(lanes.size())];
      const auto jitter = [&](GeoPoint q) {
        q.lat_deg += rng.uniform(-0.1, 0.1);
        q.lon_deg += rng.uniform(-0.1, 0.1);
        return q;
      };
      p = platform(id, i % 2 == 0 ? PlatformClass::Merchant : PlatformClass::Tanker,
                   {jitter(lane.first), jitter(lane.second)}, rng.uniform(10.0, 20.0));
    } else if (i % 10 < 8) {
      const GeoPoint c{rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 0.0};
      std::vector<GeoPoint> w;
      for (int k = 0; k < 8; ++k) {
        w.push_back({c.lat_deg + rng.uniform(-0.3, 0.3), c.lon_deg + rng.uniform(-0.3, 0.3), 0.0});
      }
      p = platform(id, PlatformClass::Fishing, w, rng.uniform(3.0, 8.0));
    } else if (i % 10 < 9) {
      p = platform(id, PlatformClass::CommercialAircraft,
                   {{rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 11000.0},
                    {rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 11000.0}},
                   460.0);
    } else {
      p = platform(id, i % 20 == 9 ? PlatformClass::GoFast : PlatformClass::Pleasure,
                   {{rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 0.0},
                    {rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 0.0}},
                   i % 20 == 9 ? 40.0 : 15.0, i % 20 == 9);
    }
    p.active_from = Duration::fromSeconds(rng.uniform(0.0, 20.0 * 3600.0));
    s.platforms.push_back(std::move(p));
  }
  // WHEN rendered on the theatre box
  const std::string svg = render(s);
  // THEN it stays within a few megabytes and draws every platform
  EXPECT_LT(svg.size(), 3'000'000U);
  const XmlNode root = parseSvg(svg);
  EXPECT_EQ(tracks(root).size(), 5000U);
  // AND the ordinary traffic is faded so that lanes do not saturate, the illicit tracks not
  EXPECT_LT(cssNumber(cssRule(root, "s-merchant"), "stroke-opacity"), 0.4);
  EXPECT_EQ(cssNumber(cssRule(root, "s-go-fast-ill"), "stroke-opacity"), 0.95);
  std::cout << "[          ] 5,000 platforms over 24 h: " << svg.size() << " bytes\n";
}

TEST(SvgMap, AutomaticSamplingFollowsTurnsAtTheMapScale) {
  // GIVEN the demo's patrol aircraft on its racetrack, mapped over a 1 deg box (~70 m/px)
  const Scenario s = makeCaribbeanDemo();
  MapOptions o;
  o.box = geo::LatLonBox{12.5, 13.2, -70.9, -70.0};
  const MapFrame frame = mapFrame(s, o);
  const XmlNode root = parseSvg(render(s, o));
  const XmlNode* mpa = nullptr;
  for (const XmlNode* t : tracks(root)) {
    if (titleOf(*t).rfind("mpa-1 ", 0) == 0) mpa = t;
  }
  ASSERT_NE(mpa, nullptr);
  // THEN every point of the truth lies within 2 px of the drawn line (one lap of the loop)
  const auto path = parsePath(mpa->attr("d"));
  ASSERT_EQ(path.size(), 1U);
  const auto& pts = path[0].points;
  const Platform& p = *s.findPlatform("mpa-1");
  for (Duration t{}; t < p.route.passDuration(); t = t + Duration::fromSeconds(1.0)) {
    const GeoPoint g = p.stateAt(t).position;
    const Pt q{frame.xPx(g.lon_deg), frame.yPx(g.lat_deg)};
    double nearest = 1e9;
    for (std::size_t i = 1; i < pts.size(); ++i) {
      const double dx = pts[i].x - pts[i - 1].x;
      const double dy = pts[i].y - pts[i - 1].y;
      const double len2 = dx * dx + dy * dy;
      const double u =
          len2 > 0
              ? std::clamp(((q.x - pts[i - 1].x) * dx + (q.y - pts[i - 1].y) * dy) / len2, 0.0, 1.0)
              : 0.0;
      nearest =
          std::min(nearest, std::hypot(pts[i - 1].x + u * dx - q.x, pts[i - 1].y + u * dy - q.y));
    }
    ASSERT_LT(nearest, 2.0) << "at " << t.seconds() << " s";
  }
}

TEST(SvgMap, BadOptionsThrowAndWriteNothing) {
  const Scenario s = makeCaribbeanDemo();
  const auto throws = [&](const MapOptions& o) {
    std::ostringstream out;
    EXPECT_THROW(writeSvgMap(out, s, {}, o), std::invalid_argument);
    EXPECT_TRUE(out.str().empty());
  };
  MapOptions o;
  o.width_px = 399;
  throws(o);
  o = {};
  o.width_px = 20001;
  throws(o);
  o = {};
  o.box = geo::LatLonBox{13.0, 12.0, -71.0, -69.0};
  throws(o);
  o.box = geo::LatLonBox{80.0, 89.0, -71.0, -69.0};
  throws(o);
  o.box = geo::LatLonBox{12.0, 13.0, -69.0, -69.0};
  throws(o);
  o.box = geo::LatLonBox{-60.0, 60.0, -70.0, -69.9};  // 1200 deg of latitude per degree of width
  throws(o);
  o = {};
  o.sample_interval = Duration{};
  throws(o);
  o = {};
  o.simplify_px = -1.0;
  throws(o);
}

TEST(MapFrame, ProjectsEquirectangularlyScaledAtTheMiddleLatitude) {
  const MapFrame f({0.0, 40.0, -100.0, -60.0}, 10.0, 20.0, 1000.0);
  EXPECT_DOUBLE_EQ(f.trueScaleLatDeg(), 20.0);
  EXPECT_DOUBLE_EQ(f.xPx(-100.0), 10.0);
  EXPECT_DOUBLE_EQ(f.xPx(-60.0), 1010.0);
  EXPECT_DOUBLE_EQ(f.yPx(40.0), 20.0);
  EXPECT_NEAR(f.heightPx(), 1000.0 / std::cos(20.0 * geo::kDegToRad), 1e-9);
  EXPECT_NEAR(f.yPx(0.0), 20.0 + f.heightPx(), 1e-9);
  // One degree of longitude is cos(20 deg) of one degree of latitude.
  EXPECT_NEAR((f.xPx(-79.0) - f.xPx(-80.0)) / (f.yPx(10.0) - f.yPx(11.0)),
              std::cos(20.0 * geo::kDegToRad), 1e-12);
  const GeoPoint back = f.toGeo(f.xPx(-73.25), f.yPx(17.5));
  EXPECT_NEAR(back.lat_deg, 17.5, 1e-12);
  EXPECT_NEAR(back.lon_deg, -73.25, 1e-12);
  // Metres per pixel from the meridian arc (about 110.6 km per degree at these latitudes).
  EXPECT_NEAR(f.metresPerPx() * f.heightPx() / 40.0, 110'650.0, 150.0);
}

TEST(FitMapBox, ContainsEveryTrackSampleSiteAndEventWithAMargin) {
  const Scenario s = mixedScenario();
  const geo::LatLonBox box = fitMapBox(s, Duration::fromSeconds(60.0));
  for (const Platform& p : s.platforms) {
    for (Duration t{}; t < s.duration; t = t + Duration::fromSeconds(600.0)) {
      if (!p.activeAt(t)) continue;
      const GeoPoint q = p.stateAt(t).position;
      EXPECT_TRUE(box.contains(q.lat_deg, q.lon_deg)) << p.id << " at " << t.seconds();
    }
  }
  for (const PlantedEvent& e : s.events) {
    EXPECT_TRUE(box.contains(e.position.lat_deg, e.position.lon_deg)) << e.id;
  }
  // The AIS circle (40 nm) around its site fits too.
  const GeoPoint north = geo::geodesicDirect(s.ais_receivers[0].site, 0.0, 40.0 * 1852.0);
  EXPECT_TRUE(box.contains(north.lat_deg, north.lon_deg));
  // The far event sets the north-east corner: 5 % beyond it.
  EXPECT_GT(box.max_lat_deg, 30.0);
  EXPECT_LT(box.max_lat_deg, 31.0);
}

TEST(ParseMapBox, ReadsFourDegreesInOrder) {
  const auto box = parseMapBox("11.5, 13.5,-71.25,-68.5");
  ASSERT_TRUE(box.has_value());
  EXPECT_EQ(*box, (geo::LatLonBox{11.5, 13.5, -71.25, -68.5}));
  EXPECT_FALSE(parseMapBox("").has_value());
  EXPECT_FALSE(parseMapBox("1,2,3").has_value());
  EXPECT_FALSE(parseMapBox("1,2,3,4,5").has_value());
  EXPECT_FALSE(parseMapBox("13.5,11.5,-71,-68").has_value());  // lat_min > lat_max
  EXPECT_FALSE(parseMapBox("11,13,-68,-71").has_value());      // lon_min > lon_max
  EXPECT_FALSE(parseMapBox("11,13,-71,-68x").has_value());
  EXPECT_FALSE(parseMapBox("11,,-71,-68").has_value());
  EXPECT_FALSE(parseMapBox("-89,13,-71,-68").has_value());
  EXPECT_FALSE(parseMapBox("11,13,-181,-68").has_value());
  EXPECT_FALSE(parseMapBox("nan,13,-71,-68").has_value());
}

}  // namespace
}  // namespace picket::sim
