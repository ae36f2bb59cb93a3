#include "sim/svg_map.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "geo/wgs84.hpp"
#include "sim/radar_geometry.hpp"

namespace picket::sim {

namespace {

using core::Duration;
using core::GeoPoint;

// Picture layout, pixels.
constexpr double kMarginPx = 16.0;
constexpr double kTitleBlockPx = 74.0;
constexpr double kLegendWidthPx = 290.0;
constexpr double kLegendGapPx = 16.0;
constexpr double kLegendRowPx = 18.0;
constexpr double kMinMapWidthPx = 100.0;
constexpr int kMinWidthPx = 400;
constexpr int kMaxWidthPx = 20000;
constexpr double kMaxHeightPx = 20000.0;
constexpr double kMaxLatDeg = 85.0;

// Coverage is drawn for a target whose reflecting structure stands 10 m above the sea (a
// merchant's superstructure), the height sensors-sim/README.md quotes horizons for.
constexpr double kTargetHeightM = 10.0;
// Largest gap between a geodesic circle and its polygon, pixels.
constexpr double kCircleSagittaPx = 0.25;
constexpr int kMinCircleVertices = 24;
constexpr int kMaxCircleVertices = 720;
constexpr double kMinAutoStepS = 1.0;
constexpr double kMaxAutoStepS = 600.0;

// Coordinates travel as integer tenths of a pixel: rounding happens once, relative path steps
// are exact differences of rounded values (no drift), and printing needs no floating point.
using Tenths = std::int64_t;

Tenths toTenths(double px) { return std::llround(px * 10.0); }

void appendTenths(std::string& s, Tenths v) {
  if (v < 0) {
    s += '-';
    v = -v;
  }
  std::array<char, 24> buffer{};
  const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v / 10);
  s.append(buffer.data(), r.ptr);
  if (v % 10 != 0) {
    s += '.';
    s += static_cast<char>('0' + v % 10);
  }
}

std::string px(double value) {
  std::string s;
  appendTenths(s, toTenths(value));
  return s;
}

// std::to_chars does not consult the locale, unlike printf and iostreams.
std::string fixed(double value, int decimals) {
  std::array<char, 64> buffer{};
  const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                               std::chars_format::fixed, decimals);
  return std::string(buffer.data(), r.ptr);
}

template <typename Int>
std::string integer(Int value) {
  std::array<char, 32> buffer{};
  const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), r.ptr);
}

// "1,234" for legend counts.
std::string grouped(std::size_t n) {
  std::string digits = integer(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Length of a valid UTF-8 sequence starting at s[i], 0 when invalid (overlong forms,
// surrogates and code points above U+10FFFF included, RFC 3629).
std::size_t utf8Length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  unsigned min_second = 0x80;
  unsigned max_second = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) min_second = 0xA0;
    if (c == 0xED) max_second = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) min_second = 0x90;
    if (c == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// Text and attribute values: the five XML specials escaped; characters XML 1.0 forbids
// (controls other than tab, LF, CR) and invalid UTF-8 become '?', so any platform id or zone
// name gives a well-formed document.
std::string escapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          out += (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ? '?' : static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8Length(text, i);
    if (n == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

// "1 h 30 min", "24 h", "45 min", "30 s".
std::string formatDuration(Duration d) {
  const std::int64_t s = d.ns / 1'000'000'000;
  const std::int64_t h = s / 3600;
  const std::int64_t m = (s % 3600) / 60;
  const std::int64_t rest = s % 60;
  std::string out;
  const auto add = [&](std::int64_t v, const char* unit) {
    if (!out.empty()) out += ' ';
    out += integer(v) + ' ' + unit;
  };
  if (h > 0) add(h, "h");
  if (m > 0) add(m, "min");
  if (rest > 0 || out.empty()) add(rest, "s");
  return out;
}

// Scenario time as "h:mm" from the start.
std::string formatClock(Duration d) {
  const std::int64_t minutes = std::max<std::int64_t>(0, d.ns) / 60'000'000'000;
  const std::int64_t m = minutes % 60;
  return integer(minutes / 60) + (m < 10 ? ":0" : ":") + integer(m);
}

// A degree label: "15°N", "70.5°W", "0°".
std::string degreeLabel(double value_deg, bool latitude) {
  const double rounded = std::round(value_deg * 100.0) / 100.0;
  std::array<char, 32> buffer{};
  const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::abs(rounded));
  std::string out(buffer.data(), r.ptr);
  out += "\u00B0";
  if (rounded > 0.0) out += latitude ? "N" : "E";
  if (rounded < 0.0) out += latitude ? "S" : "W";
  return out;
}

// Words of `text` in lines of at most `width` characters (a longer word gets its own line).
std::vector<std::string> wrapWords(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t space = text.find(' ', i);
    const std::size_t end = space == std::string::npos ? text.size() : space;
    const std::string word = text.substr(i, end - i);
    i = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

struct Px {
  double x = 0.0;
  double y = 0.0;
};

struct Rect {
  double x0 = 0.0;
  double y0 = 0.0;
  double x1 = 0.0;
  double y1 = 0.0;
};

Px project(const MapFrame& frame, const GeoPoint& p) {
  return {frame.xPx(p.lon_deg), frame.yPx(p.lat_deg)};
}

double distancePx(Px a, Px b) { return std::hypot(a.x - b.x, a.y - b.y); }

double distanceToSegmentPx(Px p, Px a, Px b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  if (len2 <= 0.0) return distancePx(p, a);
  const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
  return distancePx(p, {a.x + t * dx, a.y + t * dy});
}

// Indices of the points kept by (1) dropping every point closer than min_step_px to the last
// kept one (the final point is always kept, replacing a too-close predecessor) and (2)
// Douglas-Peucker with tolerance_px on what is left (Douglas & Peucker, The Canadian
// Cartographer 10(2), 1973), iterative so that long tracks cannot overflow the stack.
std::vector<std::size_t> simplify(const std::vector<Px>& pts, double min_step_px,
                                  double tolerance_px) {
  std::vector<std::size_t> kept;
  if (pts.empty()) return kept;
  kept.push_back(0);
  for (std::size_t i = 1; i < pts.size(); ++i) {
    if (distancePx(pts[i], pts[kept.back()]) >= min_step_px) {
      kept.push_back(i);
    } else if (i + 1 == pts.size()) {
      if (kept.size() > 1)
        kept.back() = i;
      else
        kept.push_back(i);
    }
  }
  if (kept.size() <= 2 || tolerance_px <= 0.0) return kept;

  std::vector<char> keep(kept.size(), 0);
  keep.front() = 1;
  keep.back() = 1;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, kept.size() - 1}};
  while (!stack.empty()) {
    const auto [first, last] = stack.back();
    stack.pop_back();
    double worst = 0.0;
    std::size_t worst_at = first;
    for (std::size_t k = first + 1; k < last; ++k) {
      const double d = distanceToSegmentPx(pts[kept[k]], pts[kept[first]], pts[kept[last]]);
      if (d > worst) {
        worst = d;
        worst_at = k;
      }
    }
    if (worst > tolerance_px) {
      keep[worst_at] = 1;
      stack.emplace_back(first, worst_at);
      stack.emplace_back(worst_at, last);
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < kept.size(); ++k) {
    if (keep[k] != 0) out.push_back(kept[k]);
  }
  return out;
}

// Liang-Barsky: the part [t0, t1] of a -> b inside the rectangle; false when none.
bool clipSegment(Px a, Px b, const Rect& r, double& t0, double& t1) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const std::array<double, 4> p{-dx, dx, -dy, dy};
  const std::array<double, 4> q{a.x - r.x0, r.x1 - a.x, a.y - r.y0, r.y1 - a.y};
  t0 = 0.0;
  t1 = 1.0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (p[i] == 0.0) {
      if (q[i] < 0.0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0.0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return false;
  }
  return true;
}

bool inside(Px p, const Rect& r) {
  return p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1;
}

Px lerp(Px a, Px b, double t) { return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}; }

// The pieces of a polyline inside the rectangle (a track leaving and re-entering the box gives
// several). A single point inside is one piece of one point.
std::vector<std::vector<Px>> clipPolyline(const std::vector<Px>& pts, const Rect& r) {
  std::vector<std::vector<Px>> pieces;
  if (pts.size() == 1) {
    if (inside(pts[0], r)) pieces.push_back(pts);
    return pieces;
  }
  std::vector<Px> current;
  const auto flush = [&] {
    if (!current.empty()) pieces.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 1; i < pts.size(); ++i) {
    double t0 = 0.0;
    double t1 = 1.0;
    if (!clipSegment(pts[i - 1], pts[i], r, t0, t1)) {
      flush();
      continue;
    }
    if (t0 > 0.0) flush();  // enters the box here
    if (current.empty()) current.push_back(lerp(pts[i - 1], pts[i], t0));
    current.push_back(lerp(pts[i - 1], pts[i], t1));
    if (t1 < 1.0) flush();  // leaves the box here
  }
  flush();
  return pieces;
}

// Sutherland-Hodgman against the rectangle (Sutherland & Hodgman, CACM 17(1), 1974). The
// result runs along the rectangle where the ring is cut; it keeps the ring's orientation.
std::vector<Px> clipRing(const std::vector<Px>& ring, const Rect& r) {
  std::vector<Px> out = ring;
  for (int side = 0; side < 4 && !out.empty(); ++side) {
    const auto in = [&](Px p) {
      switch (side) {
        case 0:
          return p.x >= r.x0;
        case 1:
          return p.x <= r.x1;
        case 2:
          return p.y >= r.y0;
        default:
          return p.y <= r.y1;
      }
    };
    const auto cut = [&](Px a, Px b) {
      double t = 0.0;
      switch (side) {
        case 0:
          t = (r.x0 - a.x) / (b.x - a.x);
          break;
        case 1:
          t = (r.x1 - a.x) / (b.x - a.x);
          break;
        case 2:
          t = (r.y0 - a.y) / (b.y - a.y);
          break;
        default:
          t = (r.y1 - a.y) / (b.y - a.y);
          break;
      }
      return lerp(a, b, t);
    };
    std::vector<Px> next;
    next.reserve(out.size() + 4);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const Px a = out[(i + out.size() - 1) % out.size()];
      const Px b = out[i];
      if (in(b)) {
        if (!in(a)) next.push_back(cut(a, b));
        next.push_back(b);
      } else if (in(a)) {
        next.push_back(cut(a, b));
      }
    }
    out = std::move(next);
  }
  return out;
}

// Twice the signed area in picture coordinates (y down): positive for a ring that runs
// clockwise on the ground seen from above (north, east, south, west).
double signedArea2(const std::vector<Px>& ring) {
  double sum = 0.0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Px a = ring[i];
    const Px b = ring[(i + 1) % ring.size()];
    sum += a.x * b.y - b.x * a.y;
  }
  return sum;
}

struct Bounds {
  double x0 = 0.0;
  double y0 = 0.0;
  double x1 = 0.0;
  double y1 = 0.0;
};

Bounds boundsOf(const std::vector<Px>& pts) {
  Bounds b{pts.front().x, pts.front().y, pts.front().x, pts.front().y};
  for (const Px& p : pts) {
    b.x0 = std::min(b.x0, p.x);
    b.y0 = std::min(b.y0, p.y);
    b.x1 = std::max(b.x1, p.x);
    b.y1 = std::max(b.y1, p.y);
  }
  return b;
}

bool overlaps(const Bounds& b, const Rect& r) {
  return b.x1 >= r.x0 && b.x0 <= r.x1 && b.y1 >= r.y0 && b.y0 <= r.y1;
}

// SVG path data: "M x y" then relative "l dx dy ..." steps between points rounded to 0.1 px,
// "z" closing rings. A number is preceded by a space unless it starts with '-'.
class PathData {
 public:
  /// False (nothing added) when fewer than 2 distinct points remain after rounding.
  bool addPolyline(const std::vector<Px>& pts) { return add(pts, false); }
  /// False when fewer than 3 distinct points remain.
  bool addRing(const std::vector<Px>& pts) { return add(pts, true); }
  /// A dot: a zero-length subpath, drawn by round line caps.
  void addDot(Px p) {
    d_ += 'M';
    appendTenths(d_, toTenths(p.x));
    number(toTenths(p.y));
    d_ += "h0";
  }
  [[nodiscard]] bool empty() const { return d_.empty(); }
  [[nodiscard]] const std::string& str() const { return d_; }

 private:
  void number(Tenths v) {
    if (v >= 0) d_ += ' ';
    appendTenths(d_, v);
  }

  bool add(const std::vector<Px>& pts, bool ring) {
    std::vector<std::pair<Tenths, Tenths>> q;
    q.reserve(pts.size());
    for (const Px& p : pts) {
      const std::pair<Tenths, Tenths> t{toTenths(p.x), toTenths(p.y)};
      if (q.empty() || q.back() != t) q.push_back(t);
    }
    if (ring && q.size() > 1 && q.back() == q.front()) q.pop_back();
    if (q.size() < (ring ? 3U : 2U)) return false;
    d_ += 'M';
    appendTenths(d_, q[0].first);
    number(q[0].second);
    d_ += 'l';
    for (std::size_t i = 1; i < q.size(); ++i) {
      const Tenths dx = q[i].first - q[i - 1].first;
      const Tenths dy = q[i].second - q[i - 1].second;
      if (i == 1) {
        appendTenths(d_, dx);
      } else {
        number(dx);
      }
      number(dy);
    }
    if (ring) d_ += 'z';
    return true;
  }

  std::string d_;
};

double wrap180(double deg) { return std::remainder(deg, 360.0); }

// Vertices of a circle of radius r_px whose chords stay within kCircleSagittaPx of the arc.
int circleVertices(double r_px) {
  if (!(r_px > 2.0 * kCircleSagittaPx)) return kMinCircleVertices;
  const double n = std::ceil(geo::kPi / std::acos(1.0 - kCircleSagittaPx / r_px));
  return static_cast<int>(std::clamp(n, static_cast<double>(kMinCircleVertices),
                                     static_cast<double>(kMaxCircleVertices)));
}

// The points at geodesic distance radius_m from the centre, azimuth 0, 360/n, ... clockwise;
// longitudes unwrapped around the centre's.
std::vector<GeoPoint> geodesicCircle(const GeoPoint& centre, double radius_m, int vertices) {
  std::vector<GeoPoint> ring;
  ring.reserve(static_cast<std::size_t>(vertices));
  for (int i = 0; i < vertices; ++i) {
    const double azimuth_deg = 360.0 * static_cast<double>(i) / static_cast<double>(vertices);
    GeoPoint p = geo::geodesicDirect(centre, azimuth_deg, radius_m);
    p.lon_deg = centre.lon_deg + wrap180(p.lon_deg - centre.lon_deg);
    ring.push_back(p);
  }
  return ring;
}

std::vector<Px> projectAll(const MapFrame& frame, const std::vector<GeoPoint>& pts) {
  std::vector<Px> out;
  out.reserve(pts.size());
  for (const GeoPoint& p : pts) out.push_back(project(frame, p));
  return out;
}

// A ring's picture vertices without those closer than kMinStepPx to the previous one: they add
// bytes, not shape (the Natural Earth 10m coast or an EEZ at theatre scale).
std::vector<Px> thinRing(const MapFrame& frame, const std::vector<GeoPoint>& ring) {
  const std::vector<Px> all = projectAll(frame, ring);
  std::vector<Px> kept;
  for (const std::size_t i : simplify(all, kMinStepPx, 0.0)) kept.push_back(all[i]);
  return kept;
}

Rect mapRect(const MapFrame& f) {
  return {f.x0Px(), f.y0Px(), f.x0Px() + f.widthPx(), f.y0Px() + f.heightPx()};
}

// Adds the clipped ring; false when nothing of it is in the map.
bool addClippedRing(PathData& d, const std::vector<Px>& ring, const Rect& r) {
  if (ring.size() < 3 || !overlaps(boundsOf(ring), r)) return false;
  return d.addRing(clipRing(ring, r));
}

void addCircle(PathData& d, const MapFrame& f, const GeoPoint& centre, double radius_m) {
  const int n = circleVertices(radius_m / f.metresPerPx());
  addClippedRing(d, projectAll(f, geodesicCircle(centre, radius_m, n)), mapRect(f));
}

// The ground within radius_m of a centre line (its vertices in order): a circle at every
// vertex and a quadrilateral along every segment between the points abeam of its ends, all
// clockwise so that SVG's nonzero fill paints their union once.
void addSwath(PathData& d, const MapFrame& f, const std::vector<GeoPoint>& line, double radius_m) {
  const Rect r = mapRect(f);
  const int n = circleVertices(radius_m / f.metresPerPx());
  for (const GeoPoint& p : line)
    addClippedRing(d, projectAll(f, geodesicCircle(p, radius_m, n)), r);
  for (std::size_t i = 1; i < line.size(); ++i) {
    const GeoPoint& a = line[i - 1];
    const GeoPoint& b = line[i];
    const geo::GeodesicInverse g = geo::geodesicInverse(a, b);
    if (g.distance_m < 1.0) continue;
    std::vector<GeoPoint> quad{geo::geodesicDirect(a, g.azimuth1_deg - 90.0, radius_m),
                               geo::geodesicDirect(b, g.azimuth2_deg - 90.0, radius_m),
                               geo::geodesicDirect(b, g.azimuth2_deg + 90.0, radius_m),
                               geo::geodesicDirect(a, g.azimuth1_deg + 90.0, radius_m)};
    for (GeoPoint& q : quad) q.lon_deg = a.lon_deg + wrap180(q.lon_deg - a.lon_deg);
    std::vector<Px> ring = projectAll(f, quad);
    if (signedArea2(ring) < 0.0) std::reverse(ring.begin(), ring.end());
    addClippedRing(d, ring, r);
  }
}

// Sampling step of one platform's track (see MapOptions::sample_interval).
Duration trackStep(const Platform& p, const MapOptions& options, double metres_per_px) {
  if (options.sample_interval) return *options.sample_interval;
  double top_mps = 0.0;
  for (const Waypoint& w : p.route.waypoints()) top_mps = std::max(top_mps, w.speed_mps);
  if (!(top_mps > 0.0)) return Duration::fromSeconds(kMaxAutoStepS);
  const double step_s =
      std::clamp(std::round(kAutoSamplePx * metres_per_px / top_mps), kMinAutoStepS, kMaxAutoStepS);
  return Duration::fromSeconds(step_s);
}

// Truth positions at a, a + step, ... while active, and at the last active instant: over
// [0, duration), one lap of a looping route, and no further than where a stopping route ends.
std::vector<GeoPoint> sampleTrack(const Platform& p, Duration duration, Duration step) {
  std::vector<GeoPoint> pts;
  const Duration one{1};
  const Duration a = std::max(Duration{}, p.active_from);
  Duration b = duration;
  if (p.active_until) b = std::min(b, *p.active_until);
  const Duration pass = p.route.passDuration();
  if (p.route.end() == RouteEnd::Loop) {
    b = std::min(b, a + pass + one);
  } else {
    b = std::min(b, std::max(a, p.active_from + pass) + one);
  }
  if (a >= b) return pts;
  Duration last_sampled{-1};
  for (Duration t = a; t < b; t = t + step) {
    if (!p.activeAt(t)) continue;
    pts.push_back(p.stateAt(t).position);
    last_sampled = t;
  }
  const Duration last = b - one;
  if (last > last_sampled && p.activeAt(last)) pts.push_back(p.stateAt(last).position);
  return pts;
}

struct TrackStyle {
  const char* stroke;
  double width_px;
  const char* dash;  // nullptr: solid
  double opacity;
  int rank;              // drawing order among legitimate tracks, lowest first
  bool illicit = false;  // drawn at its width whatever the density
};

// Legitimate traffic muted and thin so that thousands of tracks read as lanes and grounds;
// illicit platforms red/orange, thick and opaque (drawn last, over a white halo).
TrackStyle trackStyle(PlatformClass c, bool illicit) {
  constexpr double kIllicitWidth = 2.4;
  switch (c) {
    case PlatformClass::GoFast:
      return {"#e31a1c", illicit ? kIllicitWidth : 1.2, nullptr, 0.95, 3, illicit};
    case PlatformClass::SemiSubmersible:
      return {"#99000d", illicit ? kIllicitWidth : 1.2, nullptr, 0.95, 3, illicit};
    case PlatformClass::LogisticsVessel:
      return {"#ff7f00", illicit ? kIllicitWidth : 1.2, nullptr, 0.95, 3, illicit};
    case PlatformClass::SuspectAircraft:
      return {"#f4511e", illicit ? 2.2 : 1.0, "7 3", 0.95, 3, illicit};
    default:
      break;
  }
  TrackStyle s{"#71839c", 0.8, nullptr, 0.65, 1};
  switch (c) {
    case PlatformClass::Merchant:
      s = {"#71839c", 0.8, nullptr, 0.65, 1};
      break;
    case PlatformClass::Tanker:
      s = {"#4f6384", 0.8, nullptr, 0.65, 1};
      break;
    case PlatformClass::Fishing:
      s = {"#2c9a48", 0.9, nullptr, 0.75, 2};
      break;
    case PlatformClass::Pleasure:
      s = {"#c291c9", 0.9, nullptr, 0.8, 2};
      break;
    case PlatformClass::PatrolShip:
      s = {"#111111", 1.4, "5 3", 0.9, 4};
      break;
    case PlatformClass::PatrolAircraft:
      s = {"#111111", 1.1, "2 2.5", 0.9, 4};
      break;
    case PlatformClass::CommercialAircraft:
      s = {"#8a8a8a", 0.5, nullptr, 0.35, 0};
      break;
    default:
      break;
  }
  if (illicit) {
    // An illicit platform of an ordinary class (a fishing boat running drugs) keeps its dash
    // but wears the illicit colour and width.
    s.stroke = "#e31a1c";
    s.width_px = kIllicitWidth;
    s.opacity = 0.95;
    s.illicit = true;
  }
  return s;
}

std::string styleKey(PlatformClass c, bool illicit) {
  return std::string("s-") + toString(c) + (illicit ? "-ill" : "");
}

std::string classLabel(PlatformClass c, bool illicit) {
  return std::string(toString(c)) + (illicit ? " (illicit)" : "");
}

enum class Glyph { Diamond, Ring, Triangle, Square };

struct EventStyle {
  Glyph glyph;
  const char* colour;
};

// Near misses (legitimate behaviour a rule could mistake for an event) are all drawn in grey.
constexpr const char* kNearMissColour = "#9e9e9e";

// One shape per family (runs, meetings, AIS anomalies, air), the label says which event.
EventStyle eventStyle(EventKind k) {
  switch (k) {
    case EventKind::DarkGoFastRun:
      return {Glyph::Diamond, "#e31a1c"};
    case EventKind::SemiSubmersibleRun:
      return {Glyph::Diamond, "#99000d"};
    case EventKind::Rendezvous:
      return {Glyph::Ring, "#ff7f00"};
    case EventKind::SmallCraftMeeting:
      return {Glyph::Ring, "#c77c00"};
    case EventKind::AisSwitchedOff:
      return {Glyph::Triangle, "#6a3d9a"};
    case EventKind::SpoofedPosition:
      return {Glyph::Triangle, "#984ea3"};
    case EventKind::SpoofedMmsi:
      return {Glyph::Triangle, "#7b4173"};
    case EventKind::IdentityChange:
      return {Glyph::Triangle, "#5e3c99"};
    case EventKind::SuspectFlight:
      return {Glyph::Square, "#f4511e"};
    case EventKind::TransponderOff:
      return {Glyph::Square, "#a63603"};
    default:
      return {Glyph::Diamond, "#444444"};
  }
}

// The glyph's outline centred on (x, y), as path data or an SVG circle.
std::string glyphElement(Glyph g, double x, double y, const char* colour, double size) {
  const std::string fill = std::string(" fill=\"") + colour + "\"";
  switch (g) {
    case Glyph::Ring:
      return "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(size * 0.8) +
             "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2.5\"/>";
    case Glyph::Triangle:
      return "<path d=\"M" + px(x) + ' ' + px(y - size) + 'l' + px(size) + ' ' + px(size * 1.7) +
             ' ' + px(-2.0 * size) + " 0z\"" + fill + " class=\"ev\"/>";
    case Glyph::Square:
      return "<path d=\"M" + px(x - size * 0.8) + ' ' + px(y - size * 0.8) + 'h' + px(size * 1.6) +
             'v' + px(size * 1.6) + 'h' + px(-size * 1.6) + "z\"" + fill + " class=\"ev\"/>";
    case Glyph::Diamond:
    default:
      return "<path d=\"M" + px(x) + ' ' + px(y - size) + 'l' + px(size) + ' ' + px(size) + ' ' +
             px(-size) + ' ' + px(size) + ' ' + px(-size) + ' ' + px(-size) + "z\"" + fill +
             " class=\"ev\"/>";
  }
}

// Coverage ranges, metres (see writeSvgMap's comment).
double fixedRadarRangeM(const SurfaceRadarConfig& r) {
  return std::min(radarHorizonM(r.site.alt_m, kTargetHeightM), r.max_range_m);
}

double shipRadarRangeM(const SurfaceRadarConfig& r) {
  return std::min(radarHorizonM(r.antenna_height_m, kTargetHeightM), r.max_range_m);
}

double airborneGroundRangeM(const AirborneRadarConfig& r, const Platform& carrier) {
  double alt_m = 0.0;
  for (const Waypoint& w : carrier.route.waypoints()) alt_m = std::max(alt_m, w.position.alt_m);
  const double ground_m = std::sqrt(std::max(0.0, r.max_range_m * r.max_range_m - alt_m * alt_m));
  return std::min(ground_m, radarHorizonM(alt_m, kTargetHeightM));
}

void validate(const MapOptions& o, const geo::LatLonBox& box) {
  if (o.width_px < kMinWidthPx || o.width_px > kMaxWidthPx) {
    throw std::invalid_argument("map width_px must be in [" + integer(kMinWidthPx) + ", " +
                                integer(kMaxWidthPx) + "], got " + integer(o.width_px));
  }
  const bool finite = std::isfinite(box.min_lat_deg) && std::isfinite(box.max_lat_deg) &&
                      std::isfinite(box.min_lon_deg) && std::isfinite(box.max_lon_deg);
  if (!finite || !(box.min_lat_deg < box.max_lat_deg) || !(box.min_lon_deg < box.max_lon_deg) ||
      box.min_lat_deg < -kMaxLatDeg || box.max_lat_deg > kMaxLatDeg || box.min_lon_deg < -180.0 ||
      box.max_lon_deg > 180.0) {
    throw std::invalid_argument(
        "map box must have lat_min < lat_max in [-85, 85] and lon_min < lon_max in [-180, 180]");
  }
  if (o.sample_interval && o.sample_interval->ns <= 0) {
    throw std::invalid_argument("map sample_interval must be > 0");
  }
  if (!(o.simplify_px >= 0.0) || !std::isfinite(o.simplify_px)) {
    throw std::invalid_argument("map simplify_px must be a finite number >= 0");
  }
}

double mapWidthPx(const MapOptions& o) {
  const double w = static_cast<double>(o.width_px) - 2.0 * kMarginPx;
  return o.layers.legend ? w - kLegendWidthPx - kLegendGapPx : w;
}

constexpr const char* kStyleSheet =
    "text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#25323d}"
    ".sea{fill:#dce9f3}"
    ".land{fill:#efebdf;stroke:#8f8675;stroke-width:0.6;fill-rule:evenodd;stroke-linejoin:round}"
    ".zone{fill:none;stroke:#3f6f9c;stroke-width:0.8;stroke-dasharray:5 3;stroke-opacity:0.75;"
    "fill-rule:evenodd}"
    ".zl{font-size:10px;font-style:italic;fill:#3f6f9c;text-anchor:middle}"
    ".grat{fill:none;stroke:#6d8aa3;stroke-width:0.5;stroke-opacity:0.6}"
    ".gl{font-size:10px;fill:#3f5b73}"
    ".halo{paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}"
    ".cov-sr{fill:#1b9e77;fill-opacity:0.1;stroke:#1b9e77;stroke-width:1;stroke-opacity:0.8}"
    ".cov-ss{fill:#1b9e77;fill-opacity:0.12;fill-rule:nonzero}"
    ".cov-ais{fill:#7570b3;fill-opacity:0.06;stroke:#7570b3;stroke-width:1;"
    "stroke-dasharray:6 3;stroke-opacity:0.9}"
    ".cov-air{fill:#a6761d;fill-opacity:0.035;stroke:#a6761d;stroke-width:1;"
    "stroke-dasharray:2 3;fill-rule:evenodd}"
    ".cov-ab{fill:#1f78b4;fill-opacity:0.12;fill-rule:nonzero}"
    ".site{stroke:#ffffff;stroke-width:0.8}"
    ".trk{fill:none;stroke-linecap:round;stroke-linejoin:round}"
    ".key{fill:none;stroke-linecap:round}"
    ".thalo{fill:none;stroke:#ffffff;stroke-opacity:0.85;stroke-width:4.4;stroke-linecap:round;"
    "stroke-linejoin:round}"
    ".mk{stroke-width:1.6}"
    ".ev{stroke:#ffffff;stroke-width:1}"
    ".evl{font-size:10px;font-weight:bold}"
    ".title{font-size:20px;font-weight:bold}"
    ".sub{font-size:12px}"
    ".desc{font-size:11px;fill:#52606b}"
    ".lh{font-size:12px;font-weight:bold}"
    ".lab{font-size:11px}"
    ".n{font-size:11px;text-anchor:end}"
    ".note{font-size:10px;fill:#52606b}"
    ".frame{fill:none;stroke:#4c5d6c;stroke-width:1}";

struct DrawnTrack {
  std::size_t index = 0;  // in scenario.platforms
  std::string d;
  Px start;
  Px end;
  bool start_inside = false;
  bool end_inside = false;
};

std::string trackElement(const Platform& p, const std::string& d) {
  std::string e = "<path class=\"trk ";
  if (p.illicit) e += "ill ";
  e += styleKey(p.platform_class, p.illicit) + "\" d=\"" + d + "\"><title>" + escapeXml(p.id) +
       " (" + toString(p.platform_class) + (p.illicit ? ", illicit" : "") + ")</title></path>\n";
  return e;
}

// Thin lines keep thousands of tracks apart; a handful of tracks can afford to be bolder, but
// never as bold as the illicit ones (2.2 px and more).
constexpr double kMaxLegitimateWidthPx = 2.0;

double widthFactor(std::size_t tracks) {
  if (tracks <= 50) return 2.0;
  if (tracks <= 500) return 1.5;
  return 1.0;
}

// Hundreds of ships share a lane: fainter lines keep a lane's density readable instead of
// saturating (the transit-zone-24h picture has ~1,800 merchants and ~1,500 airliners).
double opacityFactor(std::size_t tracks) {
  if (tracks <= 500) return 1.0;
  if (tracks <= 2000) return 0.6;
  return 0.45;
}

std::string cssForTrackStyle(const std::string& key, const TrackStyle& s, std::size_t tracks) {
  // Illicit tracks keep their width and opacity whatever the density.
  const double w =
      s.illicit ? s.width_px : std::min(s.width_px * widthFactor(tracks), kMaxLegitimateWidthPx);
  const double opacity = s.illicit ? s.opacity : s.opacity * opacityFactor(tracks);
  std::string css = "." + key + "{stroke:" + s.stroke + ";stroke-width:" + px(w) +
                    ";stroke-opacity:" + fixed(opacity, 2);
  if (s.dash != nullptr) css += std::string(";stroke-dasharray:") + s.dash;
  return css + "}";
}

// The point where a label fits inside a ring: its area centroid when that lies inside, else
// the middle of the widest stretch of the horizontal line through the centroid.
std::optional<Px> labelPoint(const std::vector<Px>& ring) {
  double a2 = 0.0;
  double cx = 0.0;
  double cy = 0.0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Px p = ring[i];
    const Px q = ring[(i + 1) % ring.size()];
    const double cross = p.x * q.y - q.x * p.y;
    a2 += cross;
    cx += (p.x + q.x) * cross;
    cy += (p.y + q.y) * cross;
  }
  if (std::abs(a2) < 1e-9) return std::nullopt;
  cx /= 3.0 * a2;
  cy /= 3.0 * a2;
  std::vector<double> xs;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Px p = ring[i];
    const Px q = ring[(i + 1) % ring.size()];
    if ((p.y > cy) != (q.y > cy)) xs.push_back(p.x + (cy - p.y) * (q.x - p.x) / (q.y - p.y));
  }
  std::sort(xs.begin(), xs.end());
  double best = -1.0;
  double best_x = cx;
  for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
    if (cx >= xs[i] && cx <= xs[i + 1]) return Px{cx, cy};
    if (xs[i + 1] - xs[i] > best) {
      best = xs[i + 1] - xs[i];
      best_x = 0.5 * (xs[i] + xs[i + 1]);
    }
  }
  if (best < 0.0) return std::nullopt;
  return Px{best_x, cy};
}

// Number of multiples of step in [lo, hi].
double graticuleLines(double lo, double hi, double step) {
  return std::floor(hi / step + 1e-9) - std::ceil(lo / step - 1e-9) + 1.0;
}

// Largest graticule step among 5, 2, 1, 0.5, 0.25, 0.1 degrees that puts at least three lines
// across [lo, hi] (5 degrees on theatre maps).
double graticuleStep(double lo, double hi) {
  for (const double step : {5.0, 2.0, 1.0, 0.5, 0.25, 0.1}) {
    if (graticuleLines(lo, hi, step) >= 3.0) return step;
  }
  return 0.1;
}

std::vector<double> graticuleValues(double lo, double hi, double step) {
  std::vector<double> values;
  const auto first = static_cast<std::int64_t>(std::ceil(lo / step - 1e-9));
  const auto last = static_cast<std::int64_t>(std::floor(hi / step + 1e-9));
  for (std::int64_t k = first; k <= last; ++k) values.push_back(static_cast<double>(k) * step);
  return values;
}

// A round scale-bar length: 1, 2 or 5 times a power of ten not longer than max_units.
double roundLength(double max_units) {
  double power = std::pow(10.0, std::floor(std::log10(max_units)));
  for (const double m : {5.0, 2.0, 1.0}) {
    if (m * power <= max_units) return m * power;
  }
  return power;
}

class LegendWriter {
 public:
  LegendWriter(double x, double y) : x_(x), y_(y) {}

  void heading(const std::string& text) {
    y_ += 8.0;
    body_ += "<text class=\"lh\" x=\"" + px(x_) + "\" y=\"" + px(y_ + 12.0) + "\">" +
             escapeXml(text) + "</text>\n";
    y_ += kLegendRowPx;
  }

  // A row: a symbol (drawn by `symbol` at the row's symbol centre), a label and a count.
  template <typename Symbol>
  void row(const std::string& label, std::optional<std::size_t> count, Symbol&& symbol) {
    const double cy = y_ + kLegendRowPx / 2.0;
    body_ += "<g class=\"lrow\">";
    body_ += symbol(x_ + 14.0, cy);
    body_ += "<text class=\"lab\" x=\"" + px(x_ + 36.0) + "\" y=\"" + px(cy + 4.0) + "\">" +
             escapeXml(label) + "</text>";
    if (count) {
      body_ += "<text class=\"n\" x=\"" + px(x_ + kLegendWidthPx - 8.0) + "\" y=\"" + px(cy + 4.0) +
               "\">" + grouped(*count) + "</text>";
    }
    body_ += "</g>\n";
    y_ += kLegendRowPx;
  }

  void note(const std::string& text) {
    for (const std::string& line : wrapWords(text, 52)) {
      body_ += "<text class=\"note\" x=\"" + px(x_) + "\" y=\"" + px(y_ + 11.0) + "\">" +
               escapeXml(line) + "</text>\n";
      y_ += 14.0;
    }
  }

  void raw(const std::string& svg, double height) {
    body_ += svg;
    y_ += height;
  }

  [[nodiscard]] double x() const { return x_; }
  [[nodiscard]] double y() const { return y_; }
  [[nodiscard]] const std::string& body() const { return body_; }

 private:
  double x_;
  double y_;
  std::string body_;
};

// A legend line: the track's style at full opacity (dense maps fade the tracks themselves).
std::string lineSymbol(double cx, double cy, const std::string& cls) {
  return "<path class=\"" + cls + "\" style=\"stroke-opacity:1\" d=\"M" + px(cx - 12.0) + ' ' +
         px(cy) + "h24\"/>";
}

std::string areaSymbol(double cx, double cy, const char* cls) {
  return "<path class=\"" + std::string(cls) + "\" d=\"M" + px(cx - 11.0) + ' ' + px(cy - 6.0) +
         "h22v12h-22z\"/>";
}

// A two-tone scale bar of `length` units, `units_m` metres each.
std::string scaleBar(double x, double y, double length, double units_m, double metres_per_px,
                     const char* unit) {
  const double w = length * units_m / metres_per_px;
  std::string s = "<path d=\"M" + px(x) + ' ' + px(y) + 'h' + px(w / 2.0) + "v5h" + px(-w / 2.0) +
                  "z\" fill=\"#25323d\"/>";
  s += "<path d=\"M" + px(x + w / 2.0) + ' ' + px(y) + 'h' + px(w / 2.0) + "v5h" + px(-w / 2.0) +
       "z\" fill=\"#ffffff\" stroke=\"#25323d\" stroke-width=\"0.6\"/>";
  std::array<char, 32> buffer{};
  const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), length);
  s += "<text class=\"note\" x=\"" + px(x + w + 6.0) + "\" y=\"" + px(y + 6.0) + "\">" +
       std::string(buffer.data(), r.ptr) + ' ' + unit + "</text>\n";
  return s;
}

// What every layer needs.
struct MapContext {
  const Scenario& scenario;
  const MapOptions& options;
  const MapFrame& frame;
  Rect rect;
};

// Each platform's truth, sampled, projected and simplified once on first use: carriers serve
// both their radar's swath and the track layer.
class TrackCache {
 public:
  explicit TrackCache(const MapContext& ctx)
      : ctx_(ctx),
        samples_(ctx.scenario.platforms.size()),
        projected_(ctx.scenario.platforms.size()),
        kept_(ctx.scenario.platforms.size()),
        prepared_(ctx.scenario.platforms.size(), 0) {}

  // The simplified track in picture pixels (empty: never active in the run).
  std::vector<Px> line(std::size_t i) {
    prepare(i);
    std::vector<Px> out;
    for (const std::size_t k : kept_[i]) out.push_back(projected_[i][k]);
    return out;
  }

  // The same vertices on the ground.
  std::vector<GeoPoint> centreLine(std::size_t i) {
    prepare(i);
    std::vector<GeoPoint> out;
    for (const std::size_t k : kept_[i]) out.push_back(samples_[i][k]);
    return out;
  }

  [[nodiscard]] std::optional<std::size_t> indexOf(std::string_view id) const {
    for (std::size_t i = 0; i < ctx_.scenario.platforms.size(); ++i) {
      if (ctx_.scenario.platforms[i].id == id) return i;
    }
    return std::nullopt;
  }

 private:
  void prepare(std::size_t i) {
    if (prepared_[i] != 0) return;
    prepared_[i] = 1;
    const Platform& p = ctx_.scenario.platforms[i];
    samples_[i] = sampleTrack(p, ctx_.scenario.duration,
                              trackStep(p, ctx_.options, ctx_.frame.metresPerPx()));
    projected_[i] = projectAll(ctx_.frame, samples_[i]);
    kept_[i] = simplify(projected_[i], kMinStepPx, ctx_.options.simplify_px);
  }

  const MapContext& ctx_;
  std::vector<std::vector<GeoPoint>> samples_;
  std::vector<std::vector<Px>> projected_;
  std::vector<std::vector<std::size_t>> kept_;
  std::vector<char> prepared_;
};

struct ZoneLayer {
  std::string outlines;  // under the land
  std::string labels;    // over it
};

// Zones: outlines, and a label in the largest visible polygon of each when it is wide enough
// and clear of the labels placed before it.
ZoneLayer zonesLayer(const MapContext& ctx, const std::vector<MapZone>& zones) {
  ZoneLayer layer;
  std::vector<Bounds> placed;
  std::vector<std::string> placed_text;
  layer.outlines += "<g id=\"zones\">\n";
  for (const MapZone& zone : zones) {
    PathData d;
    std::vector<Px> widest;
    double widest_area = 0.0;
    for (const geo::GeoPolygon& polygon : zone.polygons) {
      if (polygon.empty()) continue;
      std::vector<Px> outer = clipRing(thinRing(ctx.frame, polygon.outer()), ctx.rect);
      if (!d.addRing(outer)) continue;
      for (const auto& hole : polygon.holes()) {
        addClippedRing(d, thinRing(ctx.frame, hole), ctx.rect);
      }
      const double area = std::abs(signedArea2(outer)) / 2.0;
      if (area > widest_area) {
        widest_area = area;
        widest = std::move(outer);
      }
    }
    if (d.empty()) continue;
    layer.outlines += "<path class=\"zone\" d=\"" + d.str() + "\"><title>" + escapeXml(zone.label) +
                      "</title></path>\n";
    if (zone.label.empty() || widest.empty()) continue;
    const Bounds b = boundsOf(widest);
    const double text_w = 6.0 * static_cast<double>(zone.label.size());
    const auto at = labelPoint(widest);
    if (!at || b.x1 - b.x0 <= text_w || b.y1 - b.y0 <= 14.0) continue;
    const Bounds box{at->x - text_w / 2.0, at->y - 6.0, at->x + text_w / 2.0, at->y + 6.0};
    // Clear of the other labels, and not repeating a name within 200 px (a territory's EEZ
    // and its territorial sea).
    bool clear = true;
    for (std::size_t k = 0; k < placed.size() && clear; ++k) {
      const Bounds& o = placed[k];
      const bool overlap = box.x1 >= o.x0 && box.x0 <= o.x1 && box.y1 >= o.y0 && box.y0 <= o.y1;
      const bool repeat =
          placed_text[k] == zone.label &&
          std::hypot(at->x - 0.5 * (o.x0 + o.x1), at->y - 0.5 * (o.y0 + o.y1)) < 200.0;
      clear = !overlap && !repeat;
    }
    if (!clear) continue;
    placed.push_back(box);
    placed_text.push_back(zone.label);
    layer.labels += "<text class=\"zl halo\" x=\"" + px(at->x) + "\" y=\"" + px(at->y + 3.5) +
                    "\">" + escapeXml(zone.label) + "</text>\n";
  }
  layer.outlines += "</g>\n";
  if (!layer.labels.empty()) layer.labels = "<g id=\"zone-labels\">\n" + layer.labels + "</g>\n";
  return layer;
}

std::string landLayer(const MapContext& ctx, const std::vector<geo::GeoPolygon>& land) {
  const geo::LatLonBox& box = ctx.frame.box();
  PathData d;
  for (const geo::GeoPolygon& polygon : land) {
    if (polygon.empty()) continue;
    const geo::LatLonBox b = polygon.bounds();
    if (b.max_lat_deg < box.min_lat_deg || b.min_lat_deg > box.max_lat_deg ||
        b.max_lon_deg < box.min_lon_deg || b.min_lon_deg > box.max_lon_deg) {
      continue;
    }
    if (!addClippedRing(d, thinRing(ctx.frame, polygon.outer()), ctx.rect)) continue;
    for (const auto& hole : polygon.holes()) addClippedRing(d, thinRing(ctx.frame, hole), ctx.rect);
  }
  if (d.empty()) return {};
  return "<path id=\"land\" class=\"land\" d=\"" + d.str() + "\"/>\n";
}

std::string graticuleLayer(const MapContext& ctx) {
  const geo::LatLonBox& box = ctx.frame.box();
  const Rect& rect = ctx.rect;
  // One step for both axes (square cells) unless that would crowd the longer axis.
  double lat_step = graticuleStep(box.min_lat_deg, box.max_lat_deg);
  double lon_step = graticuleStep(box.min_lon_deg, box.max_lon_deg);
  const double common = std::min(lat_step, lon_step);
  if (graticuleLines(box.min_lat_deg, box.max_lat_deg, common) <= 30.0 &&
      graticuleLines(box.min_lon_deg, box.max_lon_deg, common) <= 30.0) {
    lat_step = common;
    lon_step = common;
  }
  std::string lines;
  std::string labels;
  for (const double lat : graticuleValues(box.min_lat_deg, box.max_lat_deg, lat_step)) {
    const double y = ctx.frame.yPx(lat);
    if (y - rect.y0 < 0.5 || rect.y1 - y < 0.5) continue;
    lines += 'M' + px(rect.x0) + ' ' + px(y) + 'H' + px(rect.x1);
    if (rect.y1 - y > 16.0) {
      labels += "<text class=\"gl halo\" x=\"" + px(rect.x0 + 4.0) + "\" y=\"" + px(y - 3.0) +
                "\">" + degreeLabel(lat, true) + "</text>\n";
    }
  }
  for (const double lon : graticuleValues(box.min_lon_deg, box.max_lon_deg, lon_step)) {
    const double x = ctx.frame.xPx(lon);
    if (x - rect.x0 < 0.5 || rect.x1 - x < 0.5) continue;
    lines += 'M' + px(x) + ' ' + px(rect.y0) + 'V' + px(rect.y1);
    if (x - rect.x0 > 40.0) {
      labels += "<text class=\"gl halo\" x=\"" + px(x + 3.0) + "\" y=\"" + px(rect.y1 - 4.0) +
                "\">" + degreeLabel(lon, false) + "</text>\n";
    }
  }
  std::string layer = "<g id=\"graticule\">\n";
  if (!lines.empty()) layer += "<path class=\"grat\" d=\"" + lines + "\"/>\n";
  return layer + labels + "</g>\n";
}

std::string coverageLayer(const MapContext& ctx, TrackCache& tracks) {
  const Scenario& scenario = ctx.scenario;
  const MapFrame& frame = ctx.frame;
  std::string cov;
  std::string sites;
  const auto area = [&](const char* cls, const PathData& d, const std::string& tip) {
    if (d.empty()) return;
    cov += "<path class=\"cov " + std::string(cls) + "\" d=\"" + d.str() + "\"><title>" +
           escapeXml(tip) + "</title></path>\n";
  };
  // A sensor site: its glyph, with the tooltip.
  const auto site = [&](const GeoPoint& p, const char* colour, Glyph g, const std::string& tip) {
    const Px c = project(frame, p);
    if (!inside(c, ctx.rect)) return;
    sites += "<g class=\"site\"><title>" + escapeXml(tip) + "</title>" +
             glyphElement(g, c.x, c.y, colour, 4.0) + "</g>\n";
  };
  for (const AirSurveillanceRadarConfig& r : scenario.air_radars) {
    PathData d;
    addCircle(d, frame, r.site, r.max_range_m);
    if (r.min_range_m > 0.0) addCircle(d, frame, r.site, r.min_range_m);
    const std::string tip = r.source_id + ": air surveillance radar, " +
                            fixed(r.min_range_m / 1000.0, 0) + "-" +
                            fixed(r.max_range_m / 1000.0, 0) + " km";
    area("cov-air", d, tip);
    site(r.site, "#a6761d", Glyph::Square, tip);
  }
  for (const AisReceiverConfig& r : scenario.ais_receivers) {
    PathData d;
    addCircle(d, frame, r.site, r.range_m);
    const std::string tip =
        r.source_id + ": AIS receiver, " + fixed(r.range_m / geo::kNauticalMileM, 0) + " nm";
    area("cov-ais", d, tip);
    site(r.site, "#7570b3", Glyph::Ring, tip);
  }
  for (const SurfaceRadarConfig& r : scenario.surface_radars) {
    PathData d;
    if (r.carrier_platform_id) {
      const auto carrier = tracks.indexOf(*r.carrier_platform_id);
      if (!carrier) continue;
      const double range_m = shipRadarRangeM(r);
      addSwath(d, frame, tracks.centreLine(*carrier), range_m);
      area("cov-ss", d,
           r.source_id + ": surface radar on " + *r.carrier_platform_id + ", " +
               fixed(range_m / 1000.0, 1) + " km (10 m target)");
    } else {
      const double range_m = fixedRadarRangeM(r);
      addCircle(d, frame, r.site, range_m);
      const std::string tip = r.source_id + ": surface radar, " + fixed(range_m / 1000.0, 1) +
                              " km (horizon of a 10 m target, instrumented " +
                              fixed(r.max_range_m / 1000.0, 0) + " km)";
      area("cov-sr", d, tip);
      site(r.site, "#1b9e77", Glyph::Triangle, tip);
    }
  }
  for (const AirborneRadarConfig& r : scenario.airborne_radars) {
    const auto carrier = tracks.indexOf(r.carrier_platform_id);
    if (!carrier) continue;
    const double range_m = airborneGroundRangeM(r, scenario.platforms[*carrier]);
    PathData d;
    addSwath(d, frame, tracks.centreLine(*carrier), range_m);
    area("cov-ab", d,
         r.source_id + ": airborne radar on " + r.carrier_platform_id + ", " +
             fixed(range_m / 1000.0, 1) + " km ground range");
  }
  return "<g id=\"coverage\">\n" + cov + sites + "</g>\n";
}

struct TrackLayer {
  std::string svg;
  std::size_t drawn = 0;                     // platforms with a path
  std::map<std::string, TrackStyle> styles;  // by CSS class, for the style sheet
};

TrackLayer tracksLayer(const MapContext& ctx, TrackCache& tracks) {
  const Scenario& scenario = ctx.scenario;
  TrackLayer layer;
  std::vector<DrawnTrack> legit;
  std::vector<DrawnTrack> illicit;
  for (std::size_t i = 0; i < scenario.platforms.size(); ++i) {
    const std::vector<Px> line = tracks.line(i);
    if (line.empty()) continue;
    // A track shorter than a pixel (a platform at anchor) becomes a dot.
    PathData d;
    for (const auto& piece : clipPolyline(line, ctx.rect)) {
      if (!d.addPolyline(piece) && !piece.empty()) d.addDot(piece.front());
    }
    if (d.empty()) continue;
    const Platform& p = scenario.platforms[i];
    DrawnTrack t{i,
                 d.str(),
                 line.front(),
                 line.back(),
                 inside(line.front(), ctx.rect),
                 inside(line.back(), ctx.rect)};
    layer.styles.emplace(styleKey(p.platform_class, p.illicit),
                         trackStyle(p.platform_class, p.illicit));
    (p.illicit ? illicit : legit).push_back(std::move(t));
  }
  layer.drawn = legit.size() + illicit.size();
  std::stable_sort(legit.begin(), legit.end(), [&](const DrawnTrack& a, const DrawnTrack& b) {
    const Platform& pa = scenario.platforms[a.index];
    const Platform& pb = scenario.platforms[b.index];
    return trackStyle(pa.platform_class, false).rank < trackStyle(pb.platform_class, false).rank;
  });
  std::string& svg = layer.svg;
  svg += "<g id=\"tracks\">\n";
  for (const DrawnTrack& t : legit) svg += trackElement(scenario.platforms[t.index], t.d);
  svg += "</g>\n<g id=\"illicit-tracks\">\n";
  for (const DrawnTrack& t : illicit) svg += "<path class=\"thalo\" d=\"" + t.d + "\"/>\n";
  for (const DrawnTrack& t : illicit) {
    const Platform& p = scenario.platforms[t.index];
    svg += trackElement(p, t.d);
    const TrackStyle s = trackStyle(p.platform_class, true);
    if (t.start_inside) {
      svg += "<circle class=\"mk start\" cx=\"" + px(t.start.x) + "\" cy=\"" + px(t.start.y) +
             "\" r=\"4\" fill=\"#ffffff\" stroke=\"" + s.stroke + "\"/>\n";
    }
    if (t.end_inside) {
      svg += "<path class=\"mk end\" d=\"M" + px(t.end.x - 4.0) + ' ' + px(t.end.y - 4.0) +
             "h8v8h-8z\" fill=\"" + s.stroke + "\" stroke=\"#ffffff\"/>\n";
    }
  }
  svg += "</g>\n";
  return layer;
}

std::string eventsLayer(const MapContext& ctx) {
  struct Shown {
    const PlantedEvent* event;
    Px at;
  };
  std::vector<Shown> shown;
  for (const PlantedEvent& e : ctx.scenario.events) {
    const Px c = project(ctx.frame, e.position);
    if (inside(c, ctx.rect)) shown.push_back({&e, c});
  }
  // Labels go to the primary kinds first (EventKind order: runs, meetings, AIS and transponder
  // anomalies), then in scenario order; a label that would cover a marker or a label placed
  // before it on both sides is left out, its marker keeping the id in its tooltip. Text width is
  // estimated at 6.3 px a character (10 px bold DejaVu Sans).
  std::vector<Bounds> taken;
  for (const Shown& e : shown) {
    taken.push_back({e.at.x - 7.0, e.at.y - 7.0, e.at.x + 7.0, e.at.y + 7.0});
  }
  std::vector<std::size_t> order(shown.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return static_cast<int>(shown[a].event->kind) < static_cast<int>(shown[b].event->kind);
  });
  std::vector<std::string> labels(shown.size());
  for (const std::size_t i : order) {
    // Near misses (legitimate behaviour that resembles an event) are not labelled.
    if (shown[i].event->near_miss) continue;
    const Px c = shown[i].at;
    const std::string& id = shown[i].event->id;
    const double w = 6.3 * static_cast<double>(id.size());
    // Right of the marker, else left of it; within the map and clear of the others.
    for (const bool left : {false, true}) {
      const Bounds box = left ? Bounds{c.x - 9.0 - w, c.y - 7.0, c.x - 9.0, c.y + 5.0}
                              : Bounds{c.x + 9.0, c.y - 7.0, c.x + 9.0 + w, c.y + 5.0};
      const bool fits = box.x0 >= ctx.rect.x0 && box.x1 <= ctx.rect.x1;
      const bool clear = std::none_of(taken.begin(), taken.end(), [&](const Bounds& o) {
        return box.x1 >= o.x0 && box.x0 <= o.x1 && box.y1 >= o.y0 && box.y0 <= o.y1;
      });
      if (!fits || !clear) continue;
      taken.push_back(box);
      labels[i] = "<text class=\"evl halo\" x=\"" + px(left ? c.x - 9.0 : c.x + 9.0) + "\" y=\"" +
                  px(c.y + 4.0) + (left ? "\" text-anchor=\"end\">" : "\">") + escapeXml(id) +
                  "</text>";
      break;
    }
  }
  // Near misses first, small and grey, so the planted events are drawn over them.
  std::vector<std::size_t> draw;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (shown[i].event->near_miss) draw.push_back(i);
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (!shown[i].event->near_miss) draw.push_back(i);
  }
  std::string markers;
  for (const std::size_t i : draw) {
    const PlantedEvent& e = *shown[i].event;
    const Px c = shown[i].at;
    const EventStyle style = eventStyle(e.kind);
    std::string tip = e.id + " (" + toString(e.kind) + (e.near_miss ? ", near miss" : "") +
                      "), " + formatClock(e.start) + "-" + formatClock(e.end);
    if (!e.platform_ids.empty()) {
      tip += ":";
      for (const std::string& id : e.platform_ids) tip += " " + id;
    }
    if (!e.description.empty()) tip += ". " + e.description;
    markers += "<g class=\"evt\"><title>" + escapeXml(tip) + "</title>" +
               glyphElement(style.glyph, c.x, c.y, e.near_miss ? kNearMissColour : style.colour,
                            e.near_miss ? 4.0 : 6.0) +
               labels[i] + "</g>\n";
  }
  return "<g id=\"events\">\n" + markers + "</g>\n";
}

// The title block above the map: title, facts line, description.
std::string titleBlock(const MapContext& ctx, std::size_t tracks_drawn) {
  const Scenario& scenario = ctx.scenario;
  const MapOptions& options = ctx.options;
  std::string block;
  const std::string title = options.title.empty() ? "Scenario " + scenario.name : options.title;
  // The name is in the default title; a custom title gets it here.
  std::string facts = options.title.empty() ? "" : "scenario " + scenario.name + " \u00B7 ";
  facts += formatDuration(scenario.duration) + " \u00B7 " + grouped(scenario.platforms.size()) +
           " platforms";
  if (options.layers.tracks) facts += ", " + grouped(tracks_drawn) + " in view";
  facts += " \u00B7 seed " + integer(scenario.seed) + " \u00B7 " +
           degreeLabel(ctx.frame.box().min_lat_deg, true) + " to " +
           degreeLabel(ctx.frame.box().max_lat_deg, true) + ", " +
           degreeLabel(ctx.frame.box().min_lon_deg, false) + " to " +
           degreeLabel(ctx.frame.box().max_lon_deg, false);
  block += "<g id=\"title\">\n<text class=\"title\" x=\"" + px(kMarginPx) + "\" y=\"" +
           px(kMarginPx + 20.0) + "\">" + escapeXml(title) + "</text>\n";
  block += "<text class=\"sub\" x=\"" + px(kMarginPx) + "\" y=\"" + px(kMarginPx + 40.0) + "\">" +
           escapeXml(facts) + "</text>\n";
  if (!scenario.description.empty()) {
    const auto max_chars = static_cast<std::size_t>(
        std::max(20.0, (static_cast<double>(options.width_px) - 2.0 * kMarginPx) / 5.8));
    std::string desc = scenario.description;
    if (desc.size() > max_chars) {
      desc = desc.substr(0, max_chars - 3);
      while (!desc.empty() && (static_cast<unsigned char>(desc.back()) & 0xC0) == 0x80) {
        desc.pop_back();  // never cut a UTF-8 sequence
      }
      if (!desc.empty()) desc.pop_back();
      desc += "...";
    }
    block += "<text class=\"desc\" x=\"" + px(kMarginPx) + "\" y=\"" + px(kMarginPx + 58.0) +
             "\">" + escapeXml(desc) + "</text>\n";
  }
  block += "</g>\n";
  return block;
}

struct Legend {
  std::string svg;
  double bottom_px = 0.0;  // below its last line
};

// The legend panel right of the map: counts of the scenario's platforms by class (adding their
// styles to `styles`), sensors by kind and events by kind, zones, scale bars, notes.
Legend legendPanel(const MapContext& ctx, std::size_t zone_count,
                   std::map<std::string, TrackStyle>& styles) {
  const Scenario& scenario = ctx.scenario;
  const MapOptions& options = ctx.options;
  const double m_per_px = ctx.frame.metresPerPx();
  LegendWriter lg(ctx.rect.x1 + kLegendGapPx, ctx.rect.y0 - 8.0);
  if (options.layers.tracks) {
    lg.heading("Tracks (truth)");
    std::map<std::pair<int, int>, std::size_t> counts;  // (illicit, class) -> platforms
    for (const Platform& p : scenario.platforms) {
      ++counts[{p.illicit ? 1 : 0, static_cast<int>(p.platform_class)}];
    }
    if (counts.empty()) lg.note("No platforms.");
    for (const auto& [key, count] : counts) {
      const bool ill = key.first != 0;
      const auto c = static_cast<PlatformClass>(key.second);
      const std::string style = styleKey(c, ill);
      styles.emplace(style, trackStyle(c, ill));
      lg.row(classLabel(c, ill), count,
             [&](double x, double y) { return lineSymbol(x, y, "key " + style); });
    }
    if (counts.lower_bound({1, 0}) != counts.end()) {
      lg.row("illicit track start / end", std::nullopt, [&](double x, double y) {
        return "<circle cx=\"" + px(x - 6.0) + "\" cy=\"" + px(y) +
               "\" r=\"4\" fill=\"#ffffff\" stroke=\"#e31a1c\" stroke-width=\"1.6\"/>"
               "<path d=\"M" +
               px(x + 3.0) + ' ' + px(y - 4.0) +
               "h8v8h-8z\" fill=\"#e31a1c\" stroke=\"#ffffff\" stroke-width=\"1.6\"/>";
      });
    }
  }
  if (options.layers.coverage) {
    std::size_t fixed_radars = 0;
    std::size_t ship_radars = 0;
    for (const SurfaceRadarConfig& r : scenario.surface_radars) {
      ++(r.carrier_platform_id ? ship_radars : fixed_radars);
    }
    lg.heading("Sensors");
    const auto sensorRow = [&](const std::string& label, std::size_t n, const char* cls) {
      if (n == 0) return;
      lg.row(label, n, [&](double x, double y) { return areaSymbol(x, y, cls); });
    };
    sensorRow("coastal radar, 10 m target horizon", fixed_radars, "cov-sr");
    sensorRow("ship-borne radar swath", ship_radars, "cov-ss");
    sensorRow("AIS receiver range", scenario.ais_receivers.size(), "cov-ais");
    sensorRow("air surveillance radar, min-max", scenario.air_radars.size(), "cov-air");
    sensorRow("airborne radar swath", scenario.airborne_radars.size(), "cov-ab");
    if (!scenario.satellite_ais.empty()) {
      lg.row("satellite AIS (not drawn)", scenario.satellite_ais.size(), [&](double x, double y) {
        return "<text class=\"lab\" x=\"" + px(x) + "\" y=\"" + px(y + 4.0) +
               "\" text-anchor=\"middle\">sat</text>";
      });
      lg.note("Satellite AIS footprints (" +
              fixed(scenario.satellite_ais.front().footprint_radius_m / 1000.0, 0) +
              " km radius) sweep the whole area every pass.");
    }
    if (scenario.surface_radars.empty() && scenario.ais_receivers.empty() &&
        scenario.air_radars.empty() && scenario.airborne_radars.empty() &&
        scenario.satellite_ais.empty()) {
      lg.note("No sensors.");
    }
  }
  if (options.layers.events && !scenario.events.empty()) {
    lg.heading("Planted events");
    std::map<int, std::size_t> counts;
    std::size_t near_misses = 0;
    for (const PlantedEvent& e : scenario.events) {
      if (e.near_miss) {
        ++near_misses;
      } else {
        ++counts[static_cast<int>(e.kind)];
      }
    }
    for (const auto& [kind, count] : counts) {
      const auto k = static_cast<EventKind>(kind);
      const EventStyle s = eventStyle(k);
      lg.row(toString(k), count,
             [&](double x, double y) { return glyphElement(s.glyph, x, y, s.colour, 5.0); });
    }
    if (near_misses > 0) {
      lg.row("near miss (legitimate look-alike)", near_misses, [&](double x, double y) {
        return glyphElement(Glyph::Diamond, x, y, kNearMissColour, 4.0);
      });
    }
  }
  if (options.layers.zones && zone_count > 0) {
    lg.heading("Zones");
    lg.row("maritime zone outline", zone_count,
           [&](double x, double y) { return lineSymbol(x, y, "zone"); });
  }
  lg.heading("Scale (true at " + degreeLabel(ctx.frame.trueScaleLatDeg(), true) + ")");
  const double bar_max_px = kLegendWidthPx - 80.0;
  const double nm = roundLength(bar_max_px * m_per_px / geo::kNauticalMileM);
  const double km = roundLength(bar_max_px * m_per_px / 1000.0);
  lg.raw(scaleBar(lg.x(), lg.y() + 4.0, nm, geo::kNauticalMileM, m_per_px, "nm"), 16.0);
  lg.raw(scaleBar(lg.x(), lg.y() + 4.0, km, 1000.0, m_per_px, "km"), 20.0);
  lg.note("Equirectangular projection, longitudes scaled by cos " +
          degreeLabel(ctx.frame.trueScaleLatDeg(), true) +
          "; a picture, not a chart: not for navigation.");
  if (!options.credit.empty()) lg.note(options.credit);
  return {"<g id=\"legend\">\n" + lg.body() + "</g>\n", lg.y()};
}

}  // namespace

MapFrame::MapFrame(const geo::LatLonBox& box, double x0_px, double y0_px, double width_px)
    : box_(box), x0_px_(x0_px), y0_px_(y0_px), width_px_(width_px) {
  mid_lat_deg_ = 0.5 * (box.min_lat_deg + box.max_lat_deg);
  const double lon_span = box.max_lon_deg - box.min_lon_deg;
  px_per_deg_lon_ = width_px / lon_span;
  px_per_deg_lat_ = px_per_deg_lon_ / std::cos(mid_lat_deg_ * geo::kDegToRad);
  height_px_ = (box.max_lat_deg - box.min_lat_deg) * px_per_deg_lat_;
  const double lon_mid = 0.5 * (box.min_lon_deg + box.max_lon_deg);
  const double meridian_m =
      geo::geodesicInverse({box.min_lat_deg, lon_mid, 0.0}, {box.max_lat_deg, lon_mid, 0.0})
          .distance_m;
  metres_per_px_ = meridian_m / height_px_;
}

double MapFrame::xPx(double lon_deg) const {
  return x0_px_ + (lon_deg - box_.min_lon_deg) * px_per_deg_lon_;
}

double MapFrame::yPx(double lat_deg) const {
  return y0_px_ + (box_.max_lat_deg - lat_deg) * px_per_deg_lat_;
}

GeoPoint MapFrame::toGeo(double x_px, double y_px) const {
  return {box_.max_lat_deg - (y_px - y0_px_) / px_per_deg_lat_,
          box_.min_lon_deg + (x_px - x0_px_) / px_per_deg_lon_, 0.0};
}

MapFrame mapFrame(const Scenario& scenario, const MapOptions& options) {
  const geo::LatLonBox box =
      options.box.value_or(geo::LatLonBox{scenario.area.lat_min_deg, scenario.area.lat_max_deg,
                                          scenario.area.lon_min_deg, scenario.area.lon_max_deg});
  validate(options, box);
  const double width = mapWidthPx(options);
  if (width < kMinMapWidthPx) {
    throw std::invalid_argument("map width_px leaves less than 100 px for the map");
  }
  const double top = kMarginPx + (options.layers.legend ? kTitleBlockPx : 0.0);
  MapFrame frame(box, kMarginPx, top, width);
  if (frame.heightPx() > kMaxHeightPx) {
    throw std::invalid_argument("map box is too tall for its width: the map would be " +
                                fixed(frame.heightPx(), 0) + " px high (at most 20000)");
  }
  return frame;
}

void writeSvgMap(std::ostream& out, const Scenario& scenario,
                 const std::vector<geo::GeoPolygon>& land, const MapOptions& options,
                 const std::vector<MapZone>& zones) {
  const MapFrame frame = mapFrame(scenario, options);
  const MapContext ctx{scenario, options, frame, mapRect(frame)};
  const Rect& rect = ctx.rect;
  const MapLayers& layers = options.layers;
  TrackCache tracks(ctx);

  std::string body;  // the map's layers, inside the clip group
  body += "<rect class=\"sea\" x=\"" + px(rect.x0) + "\" y=\"" + px(rect.y0) + "\" width=\"" +
          px(frame.widthPx()) + "\" height=\"" + px(frame.heightPx()) + "\"/>\n";
  ZoneLayer zone_layer;
  if (layers.zones && !zones.empty()) zone_layer = zonesLayer(ctx, zones);
  body += zone_layer.outlines;
  if (layers.land) body += landLayer(ctx, land);
  body += zone_layer.labels;
  if (layers.graticule) body += graticuleLayer(ctx);
  if (layers.coverage) body += coverageLayer(ctx, tracks);
  TrackLayer track_layer;
  if (layers.tracks) {
    track_layer = tracksLayer(ctx, tracks);
    body += track_layer.svg;
  }
  if (layers.events) body += eventsLayer(ctx);

  std::string chrome;
  double bottom = rect.y1;
  if (layers.legend) {
    chrome += titleBlock(ctx, track_layer.drawn);
    const Legend legend = legendPanel(ctx, layers.zones ? zones.size() : 0, track_layer.styles);
    chrome += legend.svg;
    bottom = std::max(bottom, legend.bottom_px);
  }

  const double image_w = static_cast<double>(options.width_px);
  const double image_h = std::ceil(bottom + kMarginPx);
  std::string css = kStyleSheet;
  for (const auto& [key, style] : track_layer.styles) {
    css += cssForTrackStyle(key, style, track_layer.drawn);
  }

  std::string svg;
  svg.reserve(body.size() + chrome.size() + css.size() + 1024);
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + px(image_w) +
         "\" height=\"" + px(image_h) + "\" viewBox=\"0 0 " + px(image_w) + ' ' + px(image_h) +
         "\">\n";
  svg += "<title>" + escapeXml(scenario.name) + "</title>\n";
  svg += "<style>" + css + "</style>\n";
  svg += "<defs><clipPath id=\"map-clip\"><rect x=\"" + px(rect.x0) + "\" y=\"" + px(rect.y0) +
         "\" width=\"" + px(frame.widthPx()) + "\" height=\"" + px(frame.heightPx()) +
         "\"/></clipPath></defs>\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  svg += "<g id=\"map\" clip-path=\"url(#map-clip)\">\n" + body + "</g>\n";
  svg += "<rect class=\"frame\" x=\"" + px(rect.x0) + "\" y=\"" + px(rect.y0) + "\" width=\"" +
         px(frame.widthPx()) + "\" height=\"" + px(frame.heightPx()) + "\"/>\n";
  svg += chrome;
  svg += "</svg>\n";
  out << svg;
}

geo::LatLonBox fitMapBox(const Scenario& scenario, core::Duration sample_interval) {
  if (sample_interval.ns <= 0) throw std::invalid_argument("sample_interval must be > 0");
  bool any = false;
  geo::LatLonBox b{};
  const auto add = [&](const GeoPoint& p) {
    if (!any) {
      b = {p.lat_deg, p.lat_deg, p.lon_deg, p.lon_deg};
      any = true;
      return;
    }
    b.min_lat_deg = std::min(b.min_lat_deg, p.lat_deg);
    b.max_lat_deg = std::max(b.max_lat_deg, p.lat_deg);
    b.min_lon_deg = std::min(b.min_lon_deg, p.lon_deg);
    b.max_lon_deg = std::max(b.max_lon_deg, p.lon_deg);
  };
  for (const Platform& p : scenario.platforms) {
    for (const GeoPoint& q : sampleTrack(p, scenario.duration, sample_interval)) add(q);
  }
  // The extreme points of a circle on the ground lie at the azimuths 0, 90, 180 and 270 deg
  // (up to a few metres of the ellipsoid's flattening).
  const auto addCircleExtent = [&](const GeoPoint& c, double radius_m) {
    add(c);
    for (const double azimuth_deg : {0.0, 90.0, 180.0, 270.0}) {
      add(geo::geodesicDirect(c, azimuth_deg, radius_m));
    }
  };
  for (const SurfaceRadarConfig& r : scenario.surface_radars) {
    if (!r.carrier_platform_id) addCircleExtent(r.site, fixedRadarRangeM(r));
  }
  for (const AisReceiverConfig& r : scenario.ais_receivers) addCircleExtent(r.site, r.range_m);
  for (const AirSurveillanceRadarConfig& r : scenario.air_radars) add(r.site);
  for (const PlantedEvent& e : scenario.events) add(e.position);
  if (!any) {
    return {scenario.area.lat_min_deg, scenario.area.lat_max_deg, scenario.area.lon_min_deg,
            scenario.area.lon_max_deg};
  }
  const double pad_lat = std::max(0.05, 0.05 * (b.max_lat_deg - b.min_lat_deg));
  const double pad_lon = std::max(0.05, 0.05 * (b.max_lon_deg - b.min_lon_deg));
  return {std::max(-kMaxLatDeg, b.min_lat_deg - pad_lat),
          std::min(kMaxLatDeg, b.max_lat_deg + pad_lat), std::max(-180.0, b.min_lon_deg - pad_lon),
          std::min(180.0, b.max_lon_deg + pad_lon)};
}

std::optional<geo::LatLonBox> parseMapBox(std::string_view text) {
  std::array<double, 4> v{};
  std::size_t n = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t comma = text.find(',', i);
    std::string_view field =
        text.substr(i, comma == std::string_view::npos ? text.npos : comma - i);
    while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
    while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
    if (n == v.size() || field.empty()) return std::nullopt;
    const auto r = std::from_chars(field.data(), field.data() + field.size(), v[n]);
    if (r.ec != std::errc() || r.ptr != field.data() + field.size() || !std::isfinite(v[n])) {
      return std::nullopt;
    }
    ++n;
    if (comma == std::string_view::npos) break;
    i = comma + 1;
  }
  if (n != 4) return std::nullopt;
  const geo::LatLonBox box{v[0], v[1], v[2], v[3]};
  if (!(box.min_lat_deg < box.max_lat_deg) || box.min_lat_deg < -kMaxLatDeg ||
      box.max_lat_deg > kMaxLatDeg || !(box.min_lon_deg < box.max_lon_deg) ||
      box.min_lon_deg < -180.0 || box.max_lon_deg > 180.0) {
    return std::nullopt;
  }
  return box;
}

}  // namespace picket::sim
