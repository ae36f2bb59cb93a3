#include "sim/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <utility>

#include "geo/wgs84.hpp"
#include "sim/radar_geometry.hpp"

namespace picket::sim {

// ---------------------------------------------------------------------------------------------
// Identities.

const std::vector<FlagState>& flagStates() {
  // MIDs: ITU "Table of Maritime Identification Digits" (ITU MARS). Call-sign series: ITU
  // Radio Regulations Appendix 42 (only the prefixes used by merchant and fishing fleets).
  static const std::vector<FlagState> kFlags = {
      {"panama",
       {351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373},
       {"3E", "3F", "H3", "H8", "H9", "HO", "HP"}},
      {"liberia", {636, 637}, {"A8", "D5", "5L", "EL"}},
      {"marshall-islands", {538}, {"V7"}},
      {"malta", {215, 229, 248, 249, 256}, {"9H"}},
      {"bahamas", {308, 309, 311}, {"C6"}},
      {"singapore", {563, 564, 565, 566}, {"9V", "S6"}},
      {"greece", {237, 239, 240, 241}, {"SV", "SX", "SY", "SZ"}},
      {"hong-kong", {477}, {"VR"}},
      {"china", {412, 413, 414}, {"BO", "BP", "BQ"}},
      {"japan", {431, 432}, {"JA", "JD", "7J"}},
      {"south-korea", {440, 441}, {"DS", "D7", "HL"}},
      {"norway", {257, 258, 259}, {"LA", "LF", "LN"}},
      {"cyprus", {209, 210, 212}, {"5B", "C4", "P3"}},
      {"antigua-barbuda", {304, 305}, {"V2"}},
      {"netherlands", {244, 245, 246}, {"PB", "PC", "PD"}},
      {"united-kingdom", {232, 233, 234, 235}, {"GB", "MA", "2A"}},
      {"france", {226, 227, 228}, {"FA", "FM"}},
      {"united-states", {338, 366, 367, 368, 369}, {"WD", "WC", "KC"}},
      {"mexico", {345}, {"XA", "XC", "6D"}},
      {"colombia", {730}, {"HJ", "HK", "5J", "5K"}},
      {"venezuela", {775}, {"YV", "YW", "YY"}},
      {"ecuador", {735}, {"HC", "HD"}},
      {"peru", {760}, {"OA", "OB", "4T"}},
      {"honduras", {334}, {"HQ", "HR"}},
      {"guatemala", {332}, {"TG", "TD"}},
      {"el-salvador", {359}, {"YS", "HU"}},
      {"nicaragua", {350}, {"YN", "H6"}},
      {"costa-rica", {321}, {"TI", "TE"}},
      {"belize", {312}, {"V3"}},
      {"jamaica", {339}, {"6Y"}},
      {"dominican-republic", {327}, {"HI"}},
      {"haiti", {336}, {"HH", "4V"}},
      {"cuba", {323}, {"CL", "CM", "CO"}},
      {"trinidad-tobago", {362}, {"9Y", "9Z"}},
      {"curacao", {306}, {"PJ"}},
      {"aruba", {307}, {"P4"}},
  };
  return kFlags;
}

const FlagState* findFlagState(std::string_view key) {
  for (const FlagState& f : flagStates()) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::uint32_t imoCheckDigit(std::uint32_t first_six) {
  std::uint32_t sum = 0;
  // Rightmost of the six digits has weight 2, the leftmost 7.
  for (std::uint32_t weight = 2; weight <= 7; ++weight) {
    sum += (first_six % 10) * weight;
    first_six /= 10;
  }
  return sum % 10;
}

bool isValidImo(std::uint32_t imo) {
  return imo >= 1'000'000 && imo <= 9'999'999 && imoCheckDigit(imo / 10) == imo % 10;
}

bool hasKnownMid(std::uint32_t mmsi) {
  if (mmsi < 100'000'000 || mmsi > 999'999'999) return false;
  const std::uint32_t mid = mmsi / 1'000'000;
  for (const FlagState& f : flagStates()) {
    if (std::find(f.mids.begin(), f.mids.end(), mid) != f.mids.end()) return true;
  }
  return false;
}

namespace {

using core::Duration;
using core::GeoPoint;

constexpr double kKn = geo::kKnotToMps;
constexpr double kNm = geo::kNauticalMileM;

Duration hours(double h) { return Duration::fromSeconds(h * 3600.0); }
Duration seconds(double s) { return Duration::fromSeconds(s); }

std::string upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '-' || c == '_') c = ' ';
  }
  return s;
}

template <typename T>
const T& pick(Rng& rng, const std::vector<T>& items) {
  return items[static_cast<std::size_t>(rng.below(items.size()))];
}

/// Index drawn with probability proportional to its weight (total > 0).
std::size_t pickWeighted(Rng& rng, const std::vector<double>& weights, double total) {
  double u = rng.uniform(0.0, total);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  // Rounding left u just above the last non-zero weight.
  for (std::size_t i = weights.size(); i-- > 0;) {
    if (weights[i] > 0.0) return i;
  }
  return 0;
}

/// An exponential variate with the given mean (inter-arrival times of a Poisson process).
double exponential(Rng& rng, double mean) { return -mean * std::log(1.0 - rng.uniform01()); }

/// Draws unique MMSIs and names: one registry per scenario build.
class Registry {
 public:
  std::uint32_t mmsi(Rng& rng, const FlagState& flag) {
    for (;;) {
      const std::uint32_t mid = pick(rng, flag.mids);
      const auto m = mid * 1'000'000U + static_cast<std::uint32_t>(rng.below(1'000'000));
      if (mmsis_.insert(m).second) return m;
    }
  }
  /// An MMSI whose first digit cannot start a ship's MID (ITU-R M.585: ship MMSIs are MIDXXXXXX
  /// with a MID of 2..7): what a careless spoofer types.
  std::uint32_t invalidMmsi(Rng& rng) {
    for (;;) {
      const auto m = 100'000'000U + static_cast<std::uint32_t>(rng.below(100'000'000));
      if (mmsis_.insert(m).second) return m;
    }
  }
  std::uint32_t imo(Rng& rng) {
    for (;;) {
      const auto six = 910'000U + static_cast<std::uint32_t>(rng.below(80'000));
      const std::uint32_t imo = six * 10 + imoCheckDigit(six);
      if (imos_.insert(imo).second) return imo;
    }
  }

 private:
  std::set<std::uint32_t> mmsis_;
  std::set<std::uint32_t> imos_;
};

const std::vector<std::string> kShipFirst = {
    "ATLANTIC", "PACIFIC", "CARIBE",  "OCEAN",  "GOLDEN", "SILVER",  "BLUE",   "NORTHERN",
    "SOUTHERN", "GLOBAL",  "STAR",    "SEA",    "ROYAL",  "GRAND",   "BRIGHT", "CRYSTAL",
    "EMERALD",  "CORAL",   "PEARL",   "ORIENT", "AURORA", "POLARIS", "NOBLE",  "EVER",
    "CAPE",     "MARINE",  "PACIFIC", "ISLAND", "GULF",   "ANDES",   "AZTECA", "MAYA"};
const std::vector<std::string> kShipSecond = {
    "PIONEER", "SPIRIT",   "HARMONY", "HORIZON",  "VOYAGER", "TRADER",     "EXPRESS", "CARRIER",
    "GLORY",   "FORTUNE",  "VENTURE", "PRIDE",    "DAWN",    "WIND",       "WAVE",    "NAVIGATOR",
    "MARINER", "CHAMPION", "BREEZE",  "LIBERTY",  "UNITY",   "PROSPERITY", "EAGLE",   "FALCON",
    "PHOENIX", "LEADER",   "QUEEN",   "SPLENDOR", "JUPITER", "MERCURY",    "ORION",   "TRIUMPH"};
const std::vector<std::string> kFishingFirst = {
    "DON",   "SANTA", "SAN", "VIRGEN DEL", "CAPITAN", "DONA",       "MARIA",
    "NUEVA", "MI",    "LA",  "EL",         "REINA",   "ESTRELLA DE"};
const std::vector<std::string> kFishingSecond = {
    "JOSE",   "ROSA",   "LUCIA",   "CARMEN", "PEDRO",    "MIGUEL",   "ESPERANZA", "FORTUNA",
    "PALOMA", "MARLIN", "DORADO",  "MAR",    "GAVIOTA",  "PELICANO", "ISABEL",    "TERESA",
    "PERLA",  "AURORA", "ANTONIO", "MANUEL", "PACIFICO", "CARIBE",   "VICTORIA",  "ELENA"};
const std::vector<std::string> kPleasureFirst = {"BLUE",  "SEA",   "LADY",     "WIND",
                                                 "SALTY", "REEL",  "LAZY",     "SUN",
                                                 "STAR",  "OCEAN", "SOUTHERN", "ISLAND"};
const std::vector<std::string> kPleasureSecond = {"DREAM", "BREEZE",  "DANCER", "SPIRIT",
                                                  "TIME",  "ESCAPE",  "LIFE",   "GYPSY",
                                                  "MAGIC", "FANTASY", "MOON",   "GRACE"};
const std::vector<std::string> kNumerals = {"", "", "", "", " I", " II", " III", " IV", " V"};

std::string shipName(Rng& rng, const std::vector<std::string>& first,
                     const std::vector<std::string>& second) {
  std::string name = pick(rng, first) + " " + pick(rng, second) + pick(rng, kNumerals);
  if (name.size() > 20) name.resize(20);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return name;
}

std::string callSign(Rng& rng, const FlagState& flag) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string cs(pick(rng, flag.call_sign_prefixes));
  while (cs.size() < 6) cs += kChars[rng.below(sizeof kChars - 1)];
  return cs;
}

/// How a class of vessel looks on AIS and radar.
struct Hull {
  double length_m = 100.0;
  std::uint32_t ship_type = 70;
  AisClass ais_class = AisClass::A;
  double draught_per_length = 0.045;
  double antenna_from_bow = 0.8;  ///< share of the length from bow to the GNSS antenna
};

AisIdentity makeIdentity(Rng& rng, Registry& registry, const FlagState& flag, const Hull& hull,
                         const std::string& name, const std::string& destination) {
  AisIdentity id;
  id.mmsi = registry.mmsi(rng, flag);
  id.imo = hull.ais_class == AisClass::A && hull.length_m >= 24.0 ? registry.imo(rng) : 0;
  id.name = name;
  id.call_sign = callSign(rng, flag);
  id.ship_type = hull.ship_type;
  const double beam = std::max(3.0, hull.length_m / rng.uniform(5.5, 7.0));
  id.to_bow_m = static_cast<std::uint32_t>(std::lround(hull.length_m * hull.antenna_from_bow));
  id.to_stern_m = static_cast<std::uint32_t>(std::lround(hull.length_m)) - id.to_bow_m;
  id.to_port_m = static_cast<std::uint32_t>(std::lround(beam / 2.0));
  id.to_starboard_m = id.to_port_m;
  id.draught_m = std::min(25.5, std::round(hull.length_m * hull.draught_per_length * 10.0) / 10.0);
  id.destination = destination.substr(0, 20);
  id.ais_class = hull.ais_class;
  return id;
}

const FlagState& drawFlag(Rng& rng, const std::vector<FlagShare>& flags) {
  std::vector<double> w;
  double total = 0.0;
  for (const auto& f : flags) {
    w.push_back(f.weight);
    total += f.weight;
  }
  if (total <= 0.0) throw TrafficError("a fleet's flag weights sum to zero");
  const std::string& key = flags[pickWeighted(rng, w, total)].flag;
  const FlagState* flag = findFlagState(key);
  if (flag == nullptr) throw TrafficError("unknown flag state '" + key + "'");
  return *flag;
}

const FlagState& flagOf(const std::string& key, const std::string& where) {
  const FlagState* f = findFlagState(key);
  if (f == nullptr) throw TrafficError(where + ": unknown flag state '" + key + "'");
  return *f;
}

/// A Mode 3/A code (four octal digits) that is none of the reserved ones (ICAO Annex 10
/// vol. IV: 7500, 7600, 7700 emergencies, 7000/2000/1200 conspicuity, 0000).
std::uint32_t squawk(Rng& rng) {
  for (;;) {
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) code = code * 10 + static_cast<std::uint32_t>(rng.below(8));
    if (code != 7500 && code != 7600 && code != 7700 && code != 7000 && code != 2000 &&
        code != 1200 && code != 0) {
      return code;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Geometry on the land mask.

class Sea {
 public:
  Sea(const geo::LandMask* land, const Area& area) : land_(land), area_(area) {}

  [[nodiscard]] bool isSea(const GeoPoint& p) const {
    return area_.contains(p.lat_deg, p.lon_deg) &&
           (land_ == nullptr || !land_->isLand(p.lat_deg, p.lon_deg));
  }
  /// At sea and at least `clearance_m` from the coast.
  [[nodiscard]] bool isOpenSea(const GeoPoint& p, double clearance_m) const {
    return isSea(p) && (land_ == nullptr || !land_->nearLand(p.lat_deg, p.lon_deg, clearance_m));
  }
  [[nodiscard]] bool legClear(const GeoPoint& a, const GeoPoint& b) const {
    return isSea(a) && isSea(b) && (land_ == nullptr || !land_->segmentCrossesLand(a, b));
  }
  [[nodiscard]] bool routeClear(const std::vector<GeoPoint>& points) const {
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      if (!legClear(points[i], points[i + 1])) return false;
    }
    return points.size() != 1 || isSea(points[0]);
  }
  /// Distance to the coast, capped at max_m (max_m without a land mask).
  [[nodiscard]] double coastDistanceM(const GeoPoint& p, double max_m) const {
    return land_ == nullptr ? max_m : land_->distanceToCoastM(p.lat_deg, p.lon_deg, max_m);
  }
  /// The point itself when at sea, else the first sea point found on rings of 250 m steps out
  /// to kSnapM (port positions are given to an arc-minute and coastlines are generalised, so
  /// a harbour's point often falls just inland). Throws TrafficError beyond that.
  [[nodiscard]] GeoPoint snap(const GeoPoint& p, const std::string& what) const {
    if (isSea(p)) return p;
    for (double r = 250.0; r <= kSnapM; r += 250.0) {
      for (int k = 0; k < 24; ++k) {
        GeoPoint q = geo::geodesicDirect(p, 15.0 * k, r);
        q.alt_m = p.alt_m;
        if (isSea(q)) return q;
      }
    }
    throw TrafficError(what + " lies on land more than 2.5 km from the sea (or outside the area)");
  }
  /// How far a point may be moved off land: see config/scenarios/README.md.
  static constexpr double kSnapM = 2500.0;

 private:
  const geo::LandMask* land_;
  Area area_;
};

double legLengthM(const GeoPoint& a, const GeoPoint& b) {
  return geo::geodesicInverse(a, b).distance_m;
}

double polylineLengthM(const std::vector<GeoPoint>& pts) {
  double sum = 0.0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) sum += legLengthM(pts[i], pts[i + 1]);
  return sum;
}

/// A point `offset_m` to the right (positive) of the direction a -> b at `p`.
GeoPoint lateral(const GeoPoint& p, double course_deg, double offset_m) {
  GeoPoint q =
      geo::geodesicDirect(p, course_deg + (offset_m >= 0.0 ? 90.0 : -90.0), std::abs(offset_m));
  q.alt_m = p.alt_m;
  return q;
}

/// Course through an interior vertex: the mean of the incoming and outgoing directions.
double courseThrough(const GeoPoint& prev, const GeoPoint& p, const GeoPoint& next) {
  const double a = geo::geodesicInverse(prev, p).azimuth2_deg * geo::kDegToRad;
  const double b = geo::geodesicInverse(p, next).azimuth1_deg * geo::kDegToRad;
  return std::atan2(std::sin(a) + std::sin(b), std::cos(a) + std::cos(b)) * geo::kRadToDeg;
}

/// The interior points moved sideways by offsets[i] (metres, right positive), ends fixed.
std::vector<GeoPoint> offsetPolyline(const std::vector<GeoPoint>& pts,
                                     const std::vector<double>& offsets) {
  std::vector<GeoPoint> out = pts;
  for (std::size_t i = 1; i + 1 < pts.size(); ++i) {
    if (offsets[i] == 0.0) continue;
    out[i] = lateral(pts[i], courseThrough(pts[i - 1], pts[i], pts[i + 1]), offsets[i]);
  }
  return out;
}

/// Independent random lateral offsets of the interior points within +-half_width_m; legs that
/// would cross land get their interior ends put back on the centre line until none does.
std::vector<GeoPoint> scatterRoute(Rng& rng, const std::vector<GeoPoint>& centre,
                                   double half_width_m, const Sea& sea) {
  std::vector<double> offsets(centre.size(), 0.0);
  for (std::size_t i = 1; i + 1 < centre.size(); ++i)
    offsets[i] = rng.uniform(-half_width_m, half_width_m);
  std::vector<GeoPoint> pts = offsetPolyline(centre, offsets);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      if (sea.legClear(pts[i], pts[i + 1])) continue;
      for (std::size_t j : {i, i + 1}) {
        if (j == 0 || j + 1 == pts.size() || offsets[j] == 0.0) continue;
        offsets[j] = 0.0;
        pts[j] = centre[j];
        changed = true;
      }
    }
  }
  return pts;
}

/// Waypoints at one speed from a polyline.
std::vector<Waypoint> atSpeed(const std::vector<GeoPoint>& pts, double speed_mps) {
  std::vector<Waypoint> w;
  w.reserve(pts.size());
  for (const GeoPoint& p : pts) w.push_back(Waypoint{p, speed_mps, {}});
  return w;
}

/// Time to run a route's waypoints from the first (holds included), seconds.
double routeSeconds(const std::vector<Waypoint>& w) {
  double t = 0.0;
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    t += w[i].hold.seconds() + legLengthM(w[i].position, w[i + 1].position) / w[i].speed_mps;
  }
  return t;
}

/// Seconds from the start of the route until it reaches waypoint k (holds before k included,
/// k's own hold not).
double secondsTo(const std::vector<Waypoint>& w, std::size_t k) {
  double t = 0.0;
  for (std::size_t i = 0; i < k && i + 1 < w.size(); ++i) {
    t += w[i].hold.seconds() + legLengthM(w[i].position, w[i + 1].position) / w[i].speed_mps;
  }
  return t;
}

/// The route without its first `elapsed_s` seconds: it starts where the platform is then.
std::vector<Waypoint> cutRoute(const std::vector<Waypoint>& w, double elapsed_s) {
  double t = 0.0;
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    const double hold = w[i].hold.seconds();
    if (elapsed_s < t + hold) {
      std::vector<Waypoint> out(w.begin() + static_cast<std::ptrdiff_t>(i), w.end());
      out.front().hold = seconds(t + hold - elapsed_s);
      return out;
    }
    t += hold;
    const auto inv = geo::geodesicInverse(w[i].position, w[i + 1].position);
    const double leg_s = inv.distance_m / w[i].speed_mps;
    if (elapsed_s < t + leg_s) {
      GeoPoint q =
          geo::geodesicDirect(w[i].position, inv.azimuth1_deg, (elapsed_s - t) * w[i].speed_mps);
      q.alt_m = w[i].position.alt_m;
      std::vector<Waypoint> out;
      out.push_back(Waypoint{q, w[i].speed_mps, {}});
      out.insert(out.end(), w.begin() + static_cast<std::ptrdiff_t>(i + 1), w.end());
      return out;
    }
    t += leg_s;
  }
  return {w.back()};
}

/// Splits the leg on which the route is `at_s` seconds after its start (measured while
/// moving) and stops there for `hold`; returns the new waypoint's index. The point lies on the
/// leg, so no new leg crosses land.
std::size_t insertStop(std::vector<Waypoint>& w, double at_s, Duration hold) {
  double t = 0.0;
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    t += w[i].hold.seconds();
    const auto inv = geo::geodesicInverse(w[i].position, w[i + 1].position);
    const double leg_s = inv.distance_m / w[i].speed_mps;
    if (at_s < t + leg_s || i + 2 == w.size()) {
      const double into = std::clamp(at_s - t, 0.0, leg_s) * w[i].speed_mps;
      GeoPoint q = geo::geodesicDirect(w[i].position, inv.azimuth1_deg, into);
      q.alt_m = w[i].position.alt_m;
      w.insert(w.begin() + static_cast<std::ptrdiff_t>(i + 1), Waypoint{q, w[i].speed_mps, hold});
      return i + 1;
    }
    t += leg_s;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The lane network.

struct Path {
  std::vector<GeoPoint> points;
  std::vector<double> half_width_m;  ///< per point: the narrowest lane it belongs to
  double length_m = 0.0;
};

class Network {
 public:
  Network(const TrafficSpec& spec, const Sea& sea) {
    for (const LaneNode& n : spec.nodes) {
      if (index_.contains(n.id))
        throw TrafficError(n.where + ": node '" + n.id + "' is defined twice");
      LaneNode node = n;
      node.position = sea.snap(n.position, n.where + ": node '" + n.id + "'");
      node.position.alt_m = 0.0;
      index_.emplace(node.id, nodes_.size());
      nodes_.push_back(std::move(node));
    }
    adjacent_.resize(nodes_.size());
    for (const Lane& lane : spec.lanes) {
      const auto from = index_.find(lane.from);
      const auto to = index_.find(lane.to);
      if (from == index_.end() || to == index_.end()) {
        throw TrafficError(lane.where + ": lane '" + lane.id + "' joins an unknown node");
      }
      std::vector<GeoPoint> pts;
      pts.push_back(nodes_[from->second].position);
      for (GeoPoint p : lane.via) {
        p.alt_m = 0.0;
        pts.push_back(p);
      }
      pts.push_back(nodes_[to->second].position);
      for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        if (!sea.legClear(pts[i], pts[i + 1])) {
          std::ostringstream os;
          os << lane.where << ": lane '" << lane.id << "' leg " << i << " from " << pts[i] << " to "
             << pts[i + 1] << " crosses land (or leaves the area)";
          throw TrafficError(os.str());
        }
      }
      const std::size_t id = lanes_.size();
      lanes_.push_back(LaneGeometry{pts, lane.half_width_m, polylineLengthM(pts)});
      adjacent_[from->second].push_back({id, to->second, true});
      adjacent_[to->second].push_back({id, from->second, false});
    }
  }

  [[nodiscard]] const std::vector<LaneNode>& nodes() const { return nodes_; }

  /// Shortest path over the lanes (Dijkstra); nullptr when unreachable. Cached.
  const Path* path(std::size_t from, std::size_t to) {
    const auto key = std::make_pair(from, to);
    if (const auto it = cache_.find(key); it != cache_.end())
      return it->second ? &*it->second : nullptr;
    std::vector<double> dist(nodes_.size(), std::numeric_limits<double>::infinity());
    std::vector<std::pair<std::size_t, std::size_t>> via(nodes_.size(), {SIZE_MAX, 0});
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    dist[from] = 0.0;
    queue.emplace(0.0, from);
    while (!queue.empty()) {
      const auto [d, u] = queue.top();
      queue.pop();
      if (d > dist[u]) continue;
      for (std::size_t k = 0; k < adjacent_[u].size(); ++k) {
        const Edge& e = adjacent_[u][k];
        const double nd = d + lanes_[e.lane].length_m;
        if (nd < dist[e.to]) {
          dist[e.to] = nd;
          via[e.to] = {u, k};
          queue.emplace(nd, e.to);
        }
      }
    }
    std::optional<Path> result;
    if (from != to && std::isfinite(dist[to])) {
      std::vector<const Edge*> edges;
      for (std::size_t v = to; v != from; v = via[v].first)
        edges.push_back(&adjacent_[via[v].first][via[v].second]);
      std::reverse(edges.begin(), edges.end());
      Path p;
      p.points.push_back(nodes_[from].position);
      p.half_width_m.push_back(0.0);
      for (const Edge* e : edges) {
        const LaneGeometry& lane = lanes_[e->lane];
        std::vector<GeoPoint> pts = lane.points;
        if (!e->forward) std::reverse(pts.begin(), pts.end());
        // The shared node takes the narrower of the two lanes' widths.
        p.half_width_m.back() =
            p.points.size() == 1 ? 0.0 : std::min(p.half_width_m.back(), lane.half_width_m);
        for (std::size_t i = 1; i < pts.size(); ++i) {
          p.points.push_back(pts[i]);
          p.half_width_m.push_back(lane.half_width_m);
        }
      }
      p.half_width_m.back() = 0.0;
      p.length_m = dist[to];
      result = std::move(p);
    }
    auto& slot = cache_[key];
    slot = std::move(result);
    return slot ? &*slot : nullptr;
  }

 private:
  struct LaneGeometry {
    std::vector<GeoPoint> points;
    double half_width_m = 0.0;
    double length_m = 0.0;
  };
  struct Edge {
    std::size_t lane = 0;
    std::size_t to = 0;
    bool forward = true;
  };
  std::vector<LaneNode> nodes_;
  std::map<std::string, std::size_t> index_;
  std::vector<LaneGeometry> lanes_;
  std::vector<std::vector<Edge>> adjacent_;
  std::map<std::pair<std::size_t, std::size_t>, std::optional<Path>> cache_;
};

// ---------------------------------------------------------------------------------------------
// The builder.

/// An event before it is numbered.
struct Draft {
  PlantedEvent event;
};

class Builder {
 public:
  Builder(const TrafficSpec& spec, const geo::LandMask* land, Scenario& scenario)
      : spec_(spec),
        scenario_(scenario),
        sea_(land, scenario.area),
        run_s_(scenario.duration.seconds()) {
    for (const auto& p : scenario.platforms) used_ids_.insert(p.id);
  }

  void build() {
    if (spec_.merchant.count > 0 || spec_.tanker.count > 0) {
      Network network(spec_, sea_);
      shipping(network, spec_.merchant, PlatformClass::Merchant);
      shipping(network, spec_.tanker, PlatformClass::Tanker);
    } else if (!spec_.nodes.empty()) {
      Network network(spec_, sea_);  // still checks the authored lanes
    }
    fishing();
    pleasure();
    patrolShips();
    patrolAircraft();
    commercialAir();
    illicit();
    behaviours();
    finishEvents();
  }

 private:
  // --- platforms --------------------------------------------------------------------------

  /// "<class>-<n>", skipping ids the file's explicit platforms already use.
  std::string nextId(PlatformClass c) {
    for (;;) {
      std::string id = std::string(toString(c)) + "-" + std::to_string(++counters_[c]);
      if (!used_ids_.contains(id)) return id;
    }
  }

  Platform& add(Platform p) {
    scenario_.platforms.push_back(std::move(p));
    return scenario_.platforms.back();
  }

  void event(EventKind kind, double start_s, double end_s, std::vector<std::string> platforms,
             const GeoPoint& where, std::string description, bool near_miss = false) {
    if (start_s >= run_s_) return;  // after the run: nothing to score
    PlantedEvent e;
    e.kind = kind;
    const double from = std::clamp(start_s, 0.0, run_s_);
    e.start = seconds(from);
    e.end = seconds(std::clamp(end_s, from, run_s_));
    e.platform_ids = std::move(platforms);
    e.position = where;
    e.position.alt_m = 0.0;
    e.description = std::move(description);
    e.near_miss = near_miss;
    drafts_.push_back(Draft{std::move(e)});
  }

  /// Seconds from the scenario start to the platform's state; its position at that time.
  static GeoPoint positionAt(const Platform& p, double t_s) {
    return p.stateAt(seconds(t_s)).position;
  }

  // --- merchants and tankers --------------------------------------------------------------

  void shipping(Network& network, const ShippingSpec& spec, PlatformClass cls) {
    if (spec.count == 0) return;
    const bool tanker = cls == PlatformClass::Tanker;
    Rng rng = Rng::forStream(scenario_.seed, tanker ? "traffic/tanker" : "traffic/merchant");
    // Origin-destination pairs: weight w_o * w_d, reachable over the lanes.
    const auto& nodes = network.nodes();
    struct Pair {
      std::size_t o, d;
      const Path* path;
      double weight;
    };
    std::vector<Pair> pairs;
    for (std::size_t o = 0; o < nodes.size(); ++o) {
      const double wo = tanker ? nodes[o].tanker_weight : nodes[o].merchant_weight;
      if (wo <= 0.0) continue;
      for (std::size_t d = 0; d < nodes.size(); ++d) {
        const double wd = tanker ? nodes[d].tanker_weight : nodes[d].merchant_weight;
        if (d == o || wd <= 0.0) continue;
        if (const Path* p = network.path(o, d)) pairs.push_back({o, d, p, wo * wd});
      }
    }
    if (pairs.empty()) {
      throw TrafficError(std::string(toString(cls)) +
                         ": no two weighted nodes are joined by lanes");
    }
    // Steady state (renewal theory): ships under way on a pair in proportion to its weight
    // times its voyage time; departures at count / E[voyage time].
    const double mean_kn = spec.speed_kn.mid();
    std::vector<double> w_depart;
    std::vector<double> w_underway;
    double total_depart = 0.0;
    double total_underway = 0.0;
    for (const Pair& p : pairs) {
      const double t = p.path->length_m / (mean_kn * kKn);
      w_depart.push_back(p.weight);
      w_underway.push_back(p.weight * t);
      total_depart += p.weight;
      total_underway += p.weight * t;
    }
    const double mean_voyage_s = total_underway / total_depart;
    for (std::size_t i = 0; i < spec.count; ++i) {
      const Pair& p = pairs[pickWeighted(rng, w_underway, total_underway)];
      ship(rng, spec, cls, *p.path, nodes[p.d], rng.uniform01(), 0.0);
    }
    if (!spec.departures) return;
    const double mean_gap_s = mean_voyage_s / static_cast<double>(spec.count);
    for (double t = exponential(rng, mean_gap_s); t < run_s_; t += exponential(rng, mean_gap_s)) {
      const Pair& p = pairs[pickWeighted(rng, w_depart, total_depart)];
      ship(rng, spec, cls, *p.path, nodes[p.d], 0.0, t);
    }
  }

  void ship(Rng& rng, const ShippingSpec& spec, PlatformClass cls, const Path& path,
            const LaneNode& destination, double progress, double depart_s) {
    const bool tanker = cls == PlatformClass::Tanker;
    const double speed = spec.speed_kn.draw(rng) * kKn;
    // Keep to starboard: every interior point moved right of the lane's centre line by a share
    // of its half width; halved, then the centre line, while a leg would cross land.
    const double share = rng.uniform(0.1, 1.0);
    std::vector<GeoPoint> pts;
    for (double f = share;; f *= 0.5) {
      std::vector<double> offsets(path.points.size());
      for (std::size_t i = 0; i < offsets.size(); ++i) offsets[i] = f * path.half_width_m[i];
      pts = f < 0.05 ? path.points : offsetPolyline(path.points, offsets);
      if (f < 0.05 || sea_.routeClear(pts)) break;
    }
    std::vector<Waypoint> w = atSpeed(pts, speed);
    const double full_s = routeSeconds(w);
    double start_s = depart_s;
    if (progress > 0.0) {
      w = cutRoute(w, progress * full_s);
      start_s = 0.0;
    }
    Platform p;
    p.id = nextId(cls);
    p.platform_class = cls;
    // Near miss: a stop at sea inside the run, later than 10 min after the start.
    double stop_at_s = -1.0;
    Duration stop{};
    const double left_s = routeSeconds(w);
    if (rng.bernoulli(spec.stop_share)) {
      const double window_s = std::min(left_s, run_s_ - start_s) - 600.0;
      if (window_s > 1800.0) {
        stop_at_s = rng.uniform(600.0, window_s);
        stop = hours(spec.stop_h.draw(rng));
        insertStop(w, stop_at_s, stop);
      }
    }
    Hull hull;
    hull.length_m = spec.length_m.draw(rng);
    hull.ship_type = tanker ? 80 : (rng.bernoulli(0.15) ? 79 : 70);
    hull.draught_per_length = tanker ? 0.055 : 0.045;
    hull.antenna_from_bow = 0.82;
    const FlagState& flag = drawFlag(rng, spec.flags);
    const std::string dest =
        destination.destination.empty() ? upper(destination.id) : destination.destination;
    p.ais = makeIdentity(rng, registry_, flag, hull, shipName(rng, kShipFirst, kShipSecond), dest);
    // Cross-section grows with size: 1,000 m^2 for a 100 m coaster to ~10,000 m^2 at 300 m+
    // (Skolnik, ch. 2.7, ship RCS ~ displacement^(3/2) flattened over aspect).
    const double size = std::clamp((hull.length_m - 100.0) / 200.0, 0.0, 1.0);
    p.rcs_m2 = 1000.0 * std::pow(10.0, size) * rng.uniform(0.8, 1.2);
    p.radar_height_m = 12.0 + 0.06 * hull.length_m;
    p.route = Route(std::move(w), RouteEnd::Stop);
    p.active_from = seconds(start_s);
    p.active_until = seconds(start_s + p.route.passDuration().seconds());
    Platform& added = add(std::move(p));
    if (stop_at_s >= 0.0) {
      // The stop begins when the ship reaches the stop point.
      const double begin = start_s + stop_at_s;
      event(EventKind::Loitering, begin, begin + stop.seconds(), {added.id},
            positionAt(added, begin + 1.0),
            std::string(toString(cls)) + " " + added.ais->name + " stops at sea for " +
                formatHours(stop.seconds()) +
                " (engine repair or waiting for a berth): short of a loitering alert",
            true);
    }
  }

  static std::string formatHours(double s) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(1);
    os << s / 3600.0 << " h";
    return os.str();
  }

  // --- fishing ----------------------------------------------------------------------------

  GeoPoint randomPointIn(Rng& rng, const GeoPoint& centre, double radius_m, double clearance_m) {
    for (int attempt = 0; attempt < 200; ++attempt) {
      // Uniform by area over the disc.
      const double r = radius_m * std::sqrt(rng.uniform01());
      GeoPoint q = geo::geodesicDirect(centre, rng.uniform(0.0, 360.0), r);
      q.alt_m = 0.0;
      if (sea_.isOpenSea(q, clearance_m)) return q;
    }
    return centre;
  }

  void fishing() {
    const FishingSpec& spec = spec_.fishing;
    for (const FishingGround& ground : spec.grounds) {
      Rng rng = Rng::forStream(scenario_.seed, "traffic/fishing/" + ground.id);
      const GeoPoint centre =
          sea_.snap(ground.centre, ground.where + ": fishing ground '" + ground.id + "'");
      const FlagState& flag = flagOf(ground.flag, ground.where);
      for (std::size_t i = 0; i < ground.count; ++i) {
        Platform p;
        p.id = nextId(PlatformClass::Fishing);
        p.platform_class = PlatformClass::Fishing;
        const double speed = spec.trawl_kn.draw(rng) * kKn;
        std::vector<Waypoint> w;
        w.push_back(Waypoint{randomPointIn(rng, centre, ground.radius_m, 500.0), speed, {}});
        // Passes of 2-10 nm across the ground, drifting between some of them, until past the
        // end of the run.
        double t = 0.0;
        while (t < run_s_ + 3600.0) {
          const GeoPoint& last = w.back().position;
          GeoPoint next = last;
          for (int attempt = 0; attempt < 12; ++attempt) {
            GeoPoint q =
                geo::geodesicDirect(last, rng.uniform(0.0, 360.0), rng.uniform(2.0, 10.0) * kNm);
            q.alt_m = 0.0;
            if (legLengthM(centre, q) <= ground.radius_m && sea_.isOpenSea(q, 300.0) &&
                sea_.legClear(last, q)) {
              next = q;
              break;
            }
          }
          if (next == last) {
            // Boxed in by the coast: head back towards the centre of the ground.
            next = sea_.legClear(last, centre) ? centre : w.front().position;
            if (next == last) break;
          }
          if (rng.bernoulli(0.5)) w.back().hold = hours(spec.stop_h.draw(rng));
          t += w.back().hold.seconds() + legLengthM(last, next) / speed;
          w.push_back(Waypoint{next, speed, {}});
        }
        // Near miss: a long drift near the shore (inside 20 nm), short of a loitering alert
        // (which needs 20 nm).
        double long_from = -1.0;
        Duration long_stop{};
        if (ground.near_shore && rng.bernoulli(spec.long_stop_share) && w.size() > 2) {
          for (std::size_t k = 1; k + 1 < w.size(); ++k) {
            const double at = secondsTo(w, k);
            if (at > run_s_ * 0.7) break;
            if (sea_.coastDistanceM(w[k].position, 40'000.0) < 18.0 * kNm && rng.bernoulli(0.5)) {
              long_stop = hours(spec.long_stop_h.draw(rng));
              w[k].hold = long_stop;
              long_from = at;
              break;
            }
          }
        }
        const bool has_ais = rng.bernoulli(spec.ais_share);
        const bool class_b = rng.bernoulli(spec.class_b_share);
        Hull hull;
        hull.length_m = class_b ? rng.uniform(10.0, 24.0) : rng.uniform(24.0, 70.0);
        hull.ship_type = 30;
        hull.ais_class = class_b ? AisClass::B : AisClass::A;
        hull.draught_per_length = 0.1;
        hull.antenna_from_bow = 0.6;
        const std::string name = shipName(rng, kFishingFirst, kFishingSecond);
        if (has_ais) p.ais = makeIdentity(rng, registry_, flag, hull, name, upper(ground.id));
        p.rcs_m2 = 50.0 + 150.0 * std::clamp((hull.length_m - 10.0) / 60.0, 0.0, 1.0);
        p.radar_height_m = 4.0 + hull.length_m / 15.0;
        p.route = Route(std::move(w), RouteEnd::Stop);
        Platform& added = add(std::move(p));
        if (long_from >= 0.0) {
          event(EventKind::Loitering, long_from, long_from + long_stop.seconds(), {added.id},
                positionAt(added, long_from + 1.0),
                "fishing boat drifts " + formatHours(long_stop.seconds()) +
                    " on the near-shore ground " + ground.id +
                    ", inside 20 nm: short of a loitering alert",
                true);
        }
      }
    }
  }

  // --- pleasure craft ---------------------------------------------------------------------

  void pleasure() {
    const PleasureSpec& spec = spec_.pleasure;
    for (const PleasureArea& area : spec.areas) {
      Rng rng = Rng::forStream(scenario_.seed, "traffic/pleasure/" + area.id);
      const GeoPoint home =
          sea_.snap(area.centre, area.where + ": pleasure area '" + area.id + "'");
      const FlagState& flag = flagOf(area.flag, area.where);
      for (std::size_t i = 0; i < area.count; ++i) {
        const bool fast = rng.bernoulli(spec.fast_share);
        const double speed = (fast ? spec.fast_kn : spec.speed_kn).draw(rng) * kKn;
        std::vector<Waypoint> w;
        w.push_back(Waypoint{home, speed, {}});
        const auto stops = 1 + rng.below(3);
        for (std::uint64_t k = 0; k < stops; ++k) {
          const GeoPoint& last = w.back().position;
          for (int attempt = 0; attempt < 20; ++attempt) {
            GeoPoint q = randomPointIn(rng, home, area.radius_m, 200.0);
            if (q != home && sea_.legClear(last, q) && sea_.legClear(q, home)) {
              w.push_back(Waypoint{q, speed, hours(spec.stop_h.draw(rng))});
              break;
            }
          }
        }
        w.push_back(Waypoint{home, speed, {}});
        if (w.size() < 3) continue;  // nowhere to go from this harbour
        const double trip_s = routeSeconds(w);
        const double start =
            rng.uniform(0.0, std::max(0.0, run_s_ - std::min(trip_s, run_s_ * 0.5)));
        Platform p;
        p.id = nextId(PlatformClass::Pleasure);
        p.platform_class = PlatformClass::Pleasure;
        Hull hull;
        hull.length_m = rng.uniform(8.0, 25.0);
        hull.ship_type = rng.bernoulli(0.3) && !fast ? 36 : 37;  // sailing, pleasure craft
        hull.ais_class = AisClass::B;
        hull.draught_per_length = 0.1;
        hull.antenna_from_bow = 0.6;
        if (fast || rng.bernoulli(spec.ais_share)) {
          p.ais = makeIdentity(rng, registry_, flag, hull,
                               shipName(rng, kPleasureFirst, kPleasureSecond), upper(area.id));
        }
        p.rcs_m2 = 5.0 + 15.0 * (hull.length_m - 8.0) / 17.0;
        p.radar_height_m = 2.0 + hull.length_m / 12.0;
        p.route = Route(std::move(w), RouteEnd::Stop);
        p.active_from = seconds(start);
        p.active_until = seconds(start + trip_s);
        Platform& added = add(std::move(p));
        if (fast) {
          event(EventKind::DarkGoFastRun, start, start + trip_s, {added.id}, home,
                "sport boat at " + formatKnots(speed) + " with class B AIS on out of " + area.id +
                    ": fast but not dark, short of a go-fast alert",
                true);
        }
      }
    }
  }

  static std::string formatKnots(double mps) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(0);
    os << mps / kKn << " kn";
    return os.str();
  }

  // --- patrol ships and aircraft ----------------------------------------------------------

  void patrolShips() {
    for (const PatrolShipSpec& spec : spec_.patrol_ships) {
      Rng rng = Rng::forStream(scenario_.seed, "traffic/patrol-ship/" + spec.id);
      const Area& box = spec.box;
      const double speed = spec.speed_kn.draw(rng) * kKn;
      std::vector<Waypoint> w;
      w.push_back(Waypoint{
          sea_.snap(spec.start, spec.where + ": patrol ship '" + spec.id + "' start"), speed, {}});
      w.front().position.alt_m = 0.0;
      double t = 0.0;
      int failures = 0;
      while (t < run_s_ + 3600.0 && failures < 50) {
        GeoPoint q{rng.uniform(box.lat_min_deg, box.lat_max_deg),
                   rng.uniform(box.lon_min_deg, box.lon_max_deg), 0.0};
        if (!sea_.isOpenSea(q, 2000.0) || !sea_.legClear(w.back().position, q)) {
          ++failures;
          continue;
        }
        if (rng.bernoulli(spec.hold_share)) w.back().hold = hours(spec.hold_h.draw(rng));
        t += w.back().hold.seconds() + legLengthM(w.back().position, q) / speed;
        w.push_back(Waypoint{q, speed, {}});
      }
      if (w.size() < 2)
        throw TrafficError(spec.where + ": patrol ship '" + spec.id +
                           "' finds no sea to patrol in its box");
      Platform p;
      p.id = spec.id;
      p.platform_class = PlatformClass::PatrolShip;
      p.rcs_m2 = spec.rcs_m2;
      p.radar_height_m = spec.radar_height_m;
      if (spec.ais) {
        Hull hull;
        hull.length_m = 110.0;
        hull.ship_type = 55;  // law enforcement
        p.ais = makeIdentity(rng, registry_, flagOf(spec.flag, spec.where), hull,
                             spec.name.empty() ? upper(spec.id) : spec.name, "PATROL");
      }
      p.route = Route(std::move(w), RouteEnd::Stop);
      add(std::move(p));
    }
  }

  void patrolAircraft() {
    // Patrol aircraft squawk like any aircraft in controlled airspace (a code of their own
    // stream, so adding one leaves the other fleets' draws alone).
    Rng rng = Rng::forStream(scenario_.seed, "traffic/patrol-aircraft");
    for (const PatrolAircraftSpec& spec : spec_.patrol_aircraft) {
      const double speed = spec.speed_kn * kKn;
      GeoPoint centre = spec.centre;
      centre.alt_m = spec.altitude_m;
      std::vector<GeoPoint> lap;
      if (spec.pattern == PatrolAircraftSpec::Pattern::Racetrack) {
        lap = racetrackWaypoints(centre, spec.axis_deg, spec.leg_length_m, spec.width_m / 2.0, 6);
      } else {
        for (const auto& [along, across] :
             {std::pair{-1.0, -1.0}, {1.0, -1.0}, {1.0, 1.0}, {-1.0, 1.0}}) {
          GeoPoint q = geo::geodesicDirect(centre, spec.axis_deg, along * spec.leg_length_m / 2.0);
          q = geo::geodesicDirect(q, spec.axis_deg + 90.0, across * spec.width_m / 2.0);
          q.alt_m = spec.altitude_m;
          lap.push_back(q);
        }
      }
      double lap_m = polylineLengthM(lap) + legLengthM(lap.back(), lap.front());
      const auto laps = static_cast<std::size_t>(
          std::max(1.0, std::ceil(spec.on_station.seconds() * speed / lap_m)));
      std::vector<Waypoint> w;
      GeoPoint base = spec.base;
      base.alt_m = spec.transit_altitude_m;
      w.push_back(Waypoint{base, speed, {}});
      for (std::size_t k = 0; k < laps; ++k) {
        for (const GeoPoint& q : lap) w.push_back(Waypoint{q, speed, {}});
      }
      w.push_back(Waypoint{lap.front(), speed, {}});
      w.back().position.alt_m = spec.transit_altitude_m;  // the return leg's height
      GeoPoint home = spec.base;
      home.alt_m = 0.0;
      w.push_back(Waypoint{home, speed, {}});
      Platform p;
      p.id = spec.id;
      p.platform_class = PlatformClass::PatrolAircraft;
      p.rcs_m2 = spec.rcs_m2;
      p.radar_height_m = 0.0;
      p.transponder_code = squawk(rng);
      p.route = Route(std::move(w), RouteEnd::Stop);
      p.active_from = spec.takeoff;
      p.active_until = spec.takeoff + p.route.passDuration();
      add(std::move(p));
    }
  }

  // --- commercial aircraft ----------------------------------------------------------------

  void commercialAir() {
    const CommercialAirSpec& spec = spec_.commercial_air;
    if (spec.airborne_at_start == 0) return;
    Rng rng = Rng::forStream(scenario_.seed, "traffic/commercial-air");
    struct Pair {
      std::size_t o, d;
      double length_m;
    };
    std::vector<Pair> pairs;
    std::vector<double> w_depart;
    std::vector<double> w_airborne;
    double total_depart = 0.0;
    double total_airborne = 0.0;
    const double mean_speed = spec.speed_kn.mid() * kKn;
    for (std::size_t o = 0; o < spec.airports.size(); ++o) {
      for (std::size_t d = 0; d < spec.airports.size(); ++d) {
        const double w = spec.airports[o].weight * spec.airports[d].weight;
        if (o == d || w <= 0.0) continue;
        const double len = legLengthM(spec.airports[o].position, spec.airports[d].position);
        if (len < 100'000.0) continue;  // no hops across a bay
        pairs.push_back({o, d, len});
        w_depart.push_back(w);
        w_airborne.push_back(w * len / mean_speed);
        total_depart += w;
        total_airborne += w * len / mean_speed;
      }
    }
    if (pairs.empty())
      throw TrafficError("commercial_air: needs two weighted airports over 100 km apart");
    const double mean_flight_s = total_airborne / total_depart;
    for (std::size_t i = 0; i < spec.airborne_at_start; ++i) {
      const Pair& p = pairs[pickWeighted(rng, w_airborne, total_airborne)];
      flight(rng, spec, p.o, p.d, rng.uniform01(), 0.0);
    }
    const double mean_gap_s = mean_flight_s / static_cast<double>(spec.airborne_at_start);
    for (double t = exponential(rng, mean_gap_s); t < run_s_; t += exponential(rng, mean_gap_s)) {
      const Pair& p = pairs[pickWeighted(rng, w_depart, total_depart)];
      flight(rng, spec, p.o, p.d, 0.0, t);
    }
  }

  void flight(Rng& rng, const CommercialAirSpec& spec, std::size_t o, std::size_t d,
              double progress, double depart_s) {
    const GeoPoint a = spec.airports[o].position;
    const GeoPoint b = spec.airports[d].position;
    const double speed = spec.speed_kn.draw(rng) * kKn;
    const double cruise = spec.cruise_alt_m.draw(rng);
    const auto inv = geo::geodesicInverse(a, b);
    // Level segments standing in for the climb and descent: 3,000 m within 150 km of either
    // airport (a quarter of the way on short hops), cruise between.
    const double edge = std::min(150'000.0, inv.distance_m / 4.0);
    auto along = [&](double s, double alt) {
      GeoPoint q = geo::geodesicDirect(a, inv.azimuth1_deg, s);
      q.alt_m = alt;
      return q;
    };
    std::vector<GeoPoint> pts = {along(0.0, 3000.0), along(edge, cruise),
                                 along(inv.distance_m - edge, 3000.0),
                                 GeoPoint{b.lat_deg, b.lon_deg, 0.0}};
    std::vector<Waypoint> w = atSpeed(pts, speed);
    double start = depart_s;
    if (progress > 0.0) {
      w = cutRoute(w, progress * routeSeconds(w));
      start = 0.0;
    }
    Platform p;
    p.id = nextId(PlatformClass::CommercialAircraft);
    p.platform_class = PlatformClass::CommercialAircraft;
    p.rcs_m2 = spec.rcs_m2 * rng.uniform(0.5, 1.0);
    p.radar_height_m = 0.0;
    p.transponder_code = squawk(rng);
    p.route = Route(std::move(w), RouteEnd::Stop);
    p.active_from = seconds(start);
    p.active_until = seconds(start + p.route.passDuration().seconds());
    flights_.push_back(scenario_.platforms.size());
    add(std::move(p));
  }

  // --- illicit traffic --------------------------------------------------------------------

  const IllicitRoute& route(const std::string& id, const std::string& where) {
    for (const IllicitRoute& r : spec_.illicit_routes) {
      if (r.id == id) return r;
    }
    throw TrafficError(where + ": unknown illicit route '" + id + "'");
  }

  /// The authored route's points, ends moved off land, every authored leg checked.
  std::vector<GeoPoint> centreLine(const IllicitRoute& r) {
    std::vector<GeoPoint> pts = r.points;
    if (!r.airborne) {
      pts.front() = sea_.snap(pts.front(), r.where + ": route '" + r.id + "' start");
      pts.back() = sea_.snap(pts.back(), r.where + ": route '" + r.id + "' end");
      for (GeoPoint& p : pts) p.alt_m = 0.0;
      for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        if (!sea_.legClear(pts[i], pts[i + 1])) {
          std::ostringstream os;
          os << r.where << ": route '" << r.id << "' leg " << i << " from " << pts[i] << " to "
             << pts[i + 1] << " crosses land (or leaves the area)";
          throw TrafficError(os.str());
        }
      }
    }
    return pts;
  }

  std::vector<GeoPoint> instance(Rng& rng, const IllicitRoute& r) {
    const std::vector<GeoPoint> centre = centreLine(r);
    if (r.airborne) {
      std::vector<double> offsets(centre.size(), 0.0);
      for (std::size_t i = 1; i + 1 < centre.size(); ++i)
        offsets[i] = rng.uniform(-r.half_width_m, r.half_width_m);
      return offsetPolyline(centre, offsets);
    }
    return scatterRoute(rng, centre, r.half_width_m, sea_);
  }

  static Platform goFastPlatform(Rng& rng, std::string id) {
    Platform p;
    p.id = std::move(id);
    p.platform_class = PlatformClass::GoFast;
    p.illicit = true;
    p.radar_height_m = 1.5;            // low freeboard, no superstructure
    p.rcs_m2 = rng.uniform(3.0, 5.0);  // open fibreglass hull with outboards
    return p;
  }

  void illicit() {
    std::size_t k = 0;
    for (const GoFastSpec& spec : spec_.go_fasts) goFasts(spec, k++);
    k = 0;
    for (const SemiSubmersibleSpec& spec : spec_.semi_submersibles) semiSubmersibles(spec, k++);
    k = 0;
    for (const RendezvousSpec& spec : spec_.rendezvous) rendezvous(spec, k++);
    k = 0;
    for (const SuspectFlightSpec& spec : spec_.suspect_flights) suspectFlights(spec, k++);
  }

  void goFasts(const GoFastSpec& spec, std::size_t index) {
    Rng rng = Rng::forStream(scenario_.seed, "traffic/go-fast/" + std::to_string(index));
    const IllicitRoute& r = route(spec.route, spec.where);
    for (std::size_t i = 0; i < spec.count; ++i) {
      const double speed = spec.speed_kn.draw(rng) * kKn;
      const double depart = spec.depart_h.draw(rng) * 3600.0;
      std::vector<Waypoint> w = atSpeed(instance(rng, r), speed);
      Platform p = goFastPlatform(rng, nextId(PlatformClass::GoFast));
      const bool meets = spec.meeting && spec.meeting->at_point > 0 &&
                         spec.meeting->at_point + 1 < w.size() &&
                         rng.bernoulli(spec.meeting->share);
      const GeoPoint meet_point = meets ? w[spec.meeting->at_point].position : GeoPoint{};
      double meet_s = 0.0;
      double meet_len_s = 0.0;
      if (meets) {
        meet_len_s = spec.meeting->duration_min.draw(rng) * 60.0;
        w[spec.meeting->at_point].hold = seconds(meet_len_s);
        meet_s = depart + secondsTo(w, spec.meeting->at_point);
      }
      const double arrive = depart + routeSeconds(w);
      const GeoPoint launch = w.front().position;
      // A negative departure: the run is under way at the start.
      if (depart < 0.0) w = cutRoute(w, -depart);
      p.route = Route(w, RouteEnd::Stop);
      p.active_from = seconds(std::max(0.0, depart));
      p.active_until = seconds(arrive);
      const std::string id = p.id;
      event(EventKind::DarkGoFastRun, depart, arrive, {id},
            depart < 0.0 ? w.front().position : launch,
            "go-fast without AIS at " + formatKnots(speed) + " on route " + r.id +
                (depart < 0.0 ? ", under way at the start" : ""));
      add(std::move(p));
      if (meets && meet_s + meet_len_s > 0.0) {  // a meeting before the start left no trace
        const MeetingSpec& m = *spec.meeting;
        GeoPoint alongside =
            geo::geodesicDirect(meet_point, rng.uniform(0.0, 360.0), rng.uniform(50.0, 200.0));
        alongside.alt_m = 0.0;
        const GeoPoint base = sea_.snap(m.local_base, spec.where + ": meeting local_base");
        if (!sea_.legClear(base, alongside)) {
          throw TrafficError(spec.where + ": the meeting's local boat cannot reach route point " +
                             std::to_string(m.at_point) + " of '" + r.id +
                             "' without crossing land");
        }
        const double local_speed = rng.uniform(16.0, 22.0) * kKn;
        const double out_s = legLengthM(base, alongside) / local_speed;
        // The local boat is there a few minutes early and leaves with the go-fast.
        const double early_s = rng.uniform(120.0, 600.0);
        std::vector<Waypoint> lw = {Waypoint{base, local_speed, {}},
                                    Waypoint{alongside, local_speed, seconds(early_s + meet_len_s)},
                                    Waypoint{base, local_speed, {}}};
        Platform local;
        local.id = nextId(PlatformClass::Pleasure);
        local.platform_class = PlatformClass::Pleasure;
        local.illicit = true;
        local.radar_height_m = 2.0;
        local.rcs_m2 = rng.uniform(5.0, 10.0);
        local.route = Route(std::move(lw), RouteEnd::Stop);
        const double local_start = meet_s - early_s - out_s;
        local.active_from = seconds(std::max(0.0, local_start));
        if (local_start < 0.0) {
          local.route = Route(cutRoute(local.route.waypoints(), -local_start), RouteEnd::Stop);
        }
        local.active_until = local.active_from + local.route.passDuration();
        event(EventKind::SmallCraftMeeting, meet_s, meet_s + meet_len_s, {id, local.id}, meet_point,
              "go-fast hands its load to a local boat without AIS, both stopped alongside");
        add(std::move(local));
      }
    }
  }

  void semiSubmersibles(const SemiSubmersibleSpec& spec, std::size_t index) {
    Rng rng = Rng::forStream(scenario_.seed, "traffic/semi-submersible/" + std::to_string(index));
    const IllicitRoute& r = route(spec.route, spec.where);
    for (std::size_t i = 0; i < spec.count; ++i) {
      const double speed = spec.speed_kn.draw(rng) * kKn;
      std::vector<Waypoint> w = atSpeed(instance(rng, r), speed);
      w = cutRoute(w, spec.progress_at_start.draw(rng) * routeSeconds(w));
      Platform p;
      p.id = nextId(PlatformClass::SemiSubmersible);
      p.platform_class = PlatformClass::SemiSubmersible;
      p.illicit = true;
      p.radar_height_m = 0.5;  // awash: only the cockpit and exhausts show
      p.rcs_m2 = 0.5;
      p.route = Route(std::move(w), RouteEnd::Stop);
      const double arrive = p.route.passDuration().seconds();
      p.active_until = seconds(arrive);
      event(EventKind::SemiSubmersibleRun, 0.0, arrive, {p.id},
            p.route.waypoints().front().position,
            "semi-submersible at " + formatKnots(speed) + " on route " + r.id +
                ", under way at the start");
      add(std::move(p));
    }
  }

  void rendezvous(const RendezvousSpec& spec, std::size_t index) {
    Rng rng = Rng::forStream(scenario_.seed, "traffic/rendezvous/" + std::to_string(index));
    const IllicitRoute& lr = route(spec.logistics_route, spec.where);
    const IllicitRoute& gr = route(spec.go_fast_route, spec.where);
    for (std::size_t i = 0; i < spec.count; ++i) {
      const double gf_speed = spec.go_fast_kn.draw(rng) * kKn;
      std::vector<Waypoint> gw = atSpeed(instance(rng, gr), gf_speed);
      if (spec.meet_point == 0 || spec.meet_point + 1 >= gw.size()) {
        throw TrafficError(spec.where + ": meet_point must be an interior point of route '" +
                           gr.id + "'");
      }
      const GeoPoint meet = gw[spec.meet_point].position;
      const double arrive_s = spec.arrive_h.draw(rng) * 3600.0;
      const double meet_len_s = spec.meet_h.draw(rng) * 3600.0;
      gw[spec.meet_point].hold = seconds(meet_len_s);
      // The go-fast leaves its launch point so as to reach the meeting point at arrive_s.
      const double gf_depart = arrive_s - secondsTo(gw, spec.meet_point);
      Platform gf = goFastPlatform(rng, nextId(PlatformClass::GoFast));
      if (gf_depart < 0.0) gw = cutRoute(gw, -gf_depart);
      gf.route = Route(gw, RouteEnd::Stop);
      gf.active_from = seconds(std::max(0.0, gf_depart));
      gf.active_until = gf.active_from + gf.route.passDuration();

      // The logistics vessel: out along its route to a spot 100-400 m from the meeting point,
      // there `wait` before the go-fast comes, through the meeting, then back the way it came.
      const double lv_speed = spec.logistics_kn.draw(rng) * kKn;
      std::vector<GeoPoint> lpts = instance(rng, lr);
      GeoPoint spot = meet;
      for (int attempt = 0; attempt < 20; ++attempt) {
        GeoPoint q = geo::geodesicDirect(meet, rng.uniform(0.0, 360.0), rng.uniform(100.0, 400.0));
        q.alt_m = 0.0;
        if (sea_.legClear(lpts[lpts.size() - 2], q)) {
          spot = q;
          break;
        }
      }
      lpts.back() = spot;
      if (!sea_.routeClear(lpts)) {
        throw TrafficError(spec.where + ": logistics route '" + lr.id +
                           "' cannot reach the meeting point of '" + gr.id +
                           "' without crossing land");
      }
      const double wait_s = spec.wait_h.draw(rng) * 3600.0;
      const double linger_s = rng.uniform(600.0, 1800.0);
      std::vector<GeoPoint> round_trip = lpts;
      for (std::size_t k = lpts.size() - 1; k-- > 0;) round_trip.push_back(lpts[k]);
      std::vector<Waypoint> lw = atSpeed(round_trip, lv_speed);
      const std::size_t spot_index = lpts.size() - 1;
      lw[spot_index].hold = seconds(wait_s + meet_len_s + linger_s);
      const double lv_arrive = arrive_s - wait_s;
      const double lv_depart = lv_arrive - secondsTo(lw, spot_index);
      Platform lv;
      lv.id = nextId(PlatformClass::LogisticsVessel);
      lv.platform_class = PlatformClass::LogisticsVessel;
      lv.illicit = true;
      Hull hull;
      hull.length_m = rng.uniform(20.0, 35.0);
      hull.ship_type = 30;  // it passes for a fishing boat
      hull.draught_per_length = 0.1;
      hull.antenna_from_bow = 0.6;
      const FlagState& flag = flagOf(spec.flag, spec.where);
      lv.ais = makeIdentity(rng, registry_, flag, hull,
                            shipName(rng, kFishingFirst, kFishingSecond), "PESCA");
      lv.rcs_m2 = rng.uniform(60.0, 150.0);
      lv.radar_height_m = 6.0;
      if (lv_depart < 0.0) lw = cutRoute(lw, -lv_depart);
      lv.route = Route(std::move(lw), RouteEnd::Stop);
      lv.active_from = seconds(std::max(0.0, lv_depart));
      lv.active_until = lv.active_from + lv.route.passDuration();
      const double dark_from = std::max(0.0, lv_arrive - 2.0 * 3600.0);
      const double dark_until = arrive_s + meet_len_s + linger_s + 3600.0;
      if (spec.logistics_goes_dark) {
        lv.ais_behaviour.push_back(AisBehaviour{AisBehaviour::Kind::Silent, seconds(dark_from),
                                                seconds(dark_until), std::nullopt, std::nullopt});
        event(
            EventKind::AisSwitchedOff, dark_from, dark_until, {lv.id}, positionAt(lv, dark_from),
            "logistics vessel " + lv.ais->name + " switches its AIS off on the way to the meeting");
      }
      event(EventKind::Rendezvous, arrive_s, arrive_s + meet_len_s, {lv.id, gf.id}, meet,
            "logistics vessel refuels go-fast " + gf.id + " at sea, both stopped within 500 m");
      event(EventKind::Loitering, std::max(0.0, lv_arrive), arrive_s + meet_len_s + linger_s,
            {lv.id}, spot,
            "logistics vessel waits " + formatHours(wait_s) + " for the go-fast, then refuels it");
      event(EventKind::DarkGoFastRun, std::max(0.0, gf_depart), gf.active_until->seconds(), {gf.id},
            gf.route.waypoints().front().position,
            "go-fast without AIS at " + formatKnots(gf_speed) + " on route " + gr.id +
                ", refuelled at sea");
      add(std::move(gf));
      add(std::move(lv));
    }
  }

  void suspectFlights(const SuspectFlightSpec& spec, std::size_t index) {
    Rng rng = Rng::forStream(scenario_.seed, "traffic/suspect-flight/" + std::to_string(index));
    const IllicitRoute& r = route(spec.route, spec.where);
    for (std::size_t i = 0; i < spec.count; ++i) {
      const double speed = spec.speed_kn.draw(rng) * kKn;
      const double alt = spec.altitude_m.draw(rng);
      std::vector<GeoPoint> pts = instance(rng, r);
      for (std::size_t k = 0; k + 1 < pts.size(); ++k) pts[k].alt_m = alt;
      pts.back().alt_m = 0.0;
      const double depart = spec.depart_h.draw(rng) * 3600.0;
      Platform p;
      p.id = nextId(PlatformClass::SuspectAircraft);
      p.platform_class = PlatformClass::SuspectAircraft;
      p.illicit = true;
      p.radar_height_m = 0.0;
      p.rcs_m2 = rng.uniform(10.0, 20.0);  // light twin
      p.route = Route(atSpeed(pts, speed), RouteEnd::Stop);
      p.active_from = seconds(depart);
      const double land = depart + p.route.passDuration().seconds();
      p.active_until = seconds(land);
      event(EventKind::SuspectFlight, depart, land, {p.id}, pts.front(),
            "light twin without transponder at " + formatKnots(speed) + " on route " + r.id);
      add(std::move(p));
    }
  }

  // --- AIS behaviours ---------------------------------------------------------------------

  /// The part of the run the platform is in the theatre: [from, until) in seconds.
  std::pair<double, double> window(const Platform& p) const {
    const double from = std::max(0.0, p.active_from.seconds());
    const double until = std::min(run_s_, p.active_until ? p.active_until->seconds() : run_s_);
    return {from, until};
  }

  void behaviours() {
    const BehaviourSpec& spec = spec_.behaviour;
    Rng rng = Rng::forStream(scenario_.seed, "traffic/behaviour");
    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < scenario_.platforms.size(); ++i) {
      const Platform& p = scenario_.platforms[i];
      const bool kind = p.platform_class == PlatformClass::Merchant ||
                        p.platform_class == PlatformClass::Tanker ||
                        p.platform_class == PlatformClass::Fishing;
      if (!kind || !p.ais || !p.ais_behaviour.empty() || used_ids_.contains(p.id)) continue;
      const auto [from, until] = window(p);
      if (until - from >= 3.0 * 3600.0) eligible.push_back(i);
    }
    // A random order; each behaviour takes the next ships in it that have time for it.
    for (std::size_t i = eligible.size(); i > 1; --i) {
      std::swap(eligible[i - 1], eligible[static_cast<std::size_t>(rng.below(i))]);
    }
    const double n = static_cast<double>(eligible.size());
    std::size_t next = 0;
    // Ships already in a planted event (a spoofer's victim included) take no second one.
    std::set<const Platform*> involved;
    // `lead`: time in the theatre before the behaviour starts (at least 15 min).
    auto take = [&](double duration_s, double lead_s = 900.0) -> Platform* {
      while (next < eligible.size()) {
        Platform& p = scenario_.platforms[eligible[next++]];
        const auto [from, until] = window(p);
        if (involved.insert(&p).second && until - from >= duration_s + lead_s + 900.0) return &p;
      }
      return nullptr;
    };
    auto startIn = [&](const Platform& p, double duration_s, double lead_s = 900.0) {
      const auto [from, until] = window(p);
      return rng.uniform(from + lead_s, until - duration_s - 900.0);
    };
    // A vessel goes dark only after kHeardBeforeDark in the picture: an AIS gap is a gap in
    // what was heard, and the run has no history before its start (two satellite AIS
    // revisits, so that a vessel out of terrestrial coverage has had its passes too).
    constexpr double kHeardBeforeDark = 3.0 * 3600.0;
    for (auto k = std::lround(spec.dark_share * n); k > 0; --k) {
      const double d = spec.dark_h.draw(rng) * 3600.0;
      Platform* p = take(d, kHeardBeforeDark);
      if (p == nullptr) break;
      const double t = startIn(*p, d, kHeardBeforeDark);
      p->ais_behaviour.push_back(AisBehaviour{AisBehaviour::Kind::Silent, seconds(t),
                                              seconds(t + d), std::nullopt, std::nullopt});
      event(EventKind::AisSwitchedOff, t, t + d, {p->id}, positionAt(*p, t),
            std::string(toString(p->platform_class)) + " " + p->ais->name +
                " switches its AIS off for " + formatHours(d));
    }
    for (auto k = std::lround(spec.spoof_position_share * n); k > 0; --k) {
      const double d = spec.spoof_h.draw(rng) * 3600.0;
      Platform* p = take(d);
      if (p == nullptr) break;
      const double t = startIn(*p, d);
      const GeoPoint truth = positionAt(*p, t);
      GeoPoint fake = truth;
      for (int attempt = 0; attempt < 20; ++attempt) {
        fake = geo::geodesicDirect(truth, rng.uniform(0.0, 360.0),
                                   spec.spoof_offset_km.draw(rng) * 1000.0);
        fake.alt_m = 0.0;
        if (sea_.isSea(fake)) break;
      }
      p->ais_behaviour.push_back(AisBehaviour{AisBehaviour::Kind::SpoofedPosition, seconds(t),
                                              seconds(t + d), fake, std::nullopt});
      std::ostringstream os;
      os.precision(9);
      os << toString(p->platform_class) << " " << p->ais->name << " reports a false fixed position "
         << std::lround(legLengthM(truth, fake) / 1000.0) << " km away for " << formatHours(d);
      event(EventKind::SpoofedPosition, t, t + d, {p->id}, truth, os.str());
    }
    for (auto k = std::lround(spec.spoof_mmsi_share * n); k > 0; --k) {
      const double d = spec.spoof_h.draw(rng) * 3600.0;
      Platform* p = take(d);
      if (p == nullptr) break;
      const double t = startIn(*p, d);
      AisIdentity fake = *p->ais;
      std::vector<std::string> who = {p->id};
      std::string what;
      if (rng.bernoulli(spec.invalid_mmsi_share)) {
        fake.mmsi = registry_.invalidMmsi(rng);
        what = "an invalid MMSI " + std::to_string(fake.mmsi) + " (no ship MID)";
      } else {
        // Another AIS ship in the theatre over the same hours: two tracks on one MMSI.
        const Platform* victim = nullptr;
        for (int attempt = 0; attempt < 50 && victim == nullptr; ++attempt) {
          const Platform& q =
              scenario_.platforms[static_cast<std::size_t>(rng.below(scenario_.platforms.size()))];
          if (&q == p || !q.ais || !q.ais_behaviour.empty() || involved.contains(&q) ||
              q.platform_class != p->platform_class)
            continue;
          if (q.activeAt(seconds(t)) && q.activeAt(seconds(t + d))) victim = &q;
        }
        if (victim != nullptr) {
          involved.insert(victim);
          fake = *victim->ais;
          who.push_back(victim->id);
          what = "the MMSI " + std::to_string(fake.mmsi) + " of " + victim->id + " (" + fake.name +
                 ")";
        } else {
          fake.mmsi = registry_.invalidMmsi(rng);
          what = "an invalid MMSI " + std::to_string(fake.mmsi) + " (no ship MID)";
        }
      }
      p->ais_behaviour.push_back(AisBehaviour{AisBehaviour::Kind::SpoofedMmsi, seconds(t),
                                              seconds(t + d), std::nullopt, fake});
      event(EventKind::SpoofedMmsi, t, t + d, who, positionAt(*p, t),
            std::string(toString(p->platform_class)) + " " + p->ais->name + " transmits " + what +
                " for " + formatHours(d));
    }
    for (auto k = std::lround(spec.identity_change_share * n); k > 0; --k) {
      Platform* p = take(3600.0);
      if (p == nullptr) break;
      const double t = startIn(*p, 3600.0);
      AisIdentity renamed = *p->ais;
      const std::uint32_t mid = renamed.mmsi / 1'000'000;
      const FlagState* flag = &flagStates().front();
      for (const FlagState& f : flagStates()) {
        if (std::find(f.mids.begin(), f.mids.end(), mid) != f.mids.end()) flag = &f;
      }
      // Reflagged and renamed: a new MMSI, name and call sign; hull and IMO number stay (the
      // IMO number follows the hull for life, Res. A.1078(28)).
      const FlagState& new_flag =
          flagStates()[static_cast<std::size_t>(rng.below(flagStates().size()))];
      renamed.mmsi = registry_.mmsi(rng, new_flag);
      renamed.name =
          shipName(rng, p->platform_class == PlatformClass::Fishing ? kFishingFirst : kShipFirst,
                   p->platform_class == PlatformClass::Fishing ? kFishingSecond : kShipSecond);
      renamed.call_sign = callSign(rng, new_flag);
      p->ais_behaviour.push_back(AisBehaviour{AisBehaviour::Kind::IdentityChange, seconds(t),
                                              std::nullopt, std::nullopt, renamed});
      event(EventKind::IdentityChange, t, t, {p->id}, positionAt(*p, t),
            std::string(toString(p->platform_class)) + " " + p->ais->name + " (" +
                std::string(flag->key) + ", MMSI " + std::to_string(p->ais->mmsi) + ") becomes " +
                renamed.name + " (" + std::string(new_flag.key) + ", MMSI " +
                std::to_string(renamed.mmsi) + ") at sea");
    }
    transpondersOff(rng);
  }

  /// True when a secondary radar of the scenario interrogates an aircraft at `q`.
  bool interrogated(const GeoPoint& q) const {
    for (const AirSurveillanceRadarConfig& r : scenario_.air_radars) {
      if (!r.secondary) continue;
      const double d = legLengthM(r.site, q);
      if (d >= r.min_range_m && d <= airRadarReachM(r, q.alt_m)) return true;
    }
    return false;
  }

  /// Airliners whose transponder falls silent mid-flight. When the scenario has secondary
  /// radars, the silence starts where one of them interrogates the aircraft from
  /// kInterrogatedAround before it to the same after (or to the silence's end, if sooner):
  /// a transponder nobody interrogates can fall silent unnoticed, and that is no event a
  /// tracker could be scored on. Each flight gets kSilenceTries draws of the moment; flights
  /// that never pass through secondary coverage are left alone.
  void transpondersOff(Rng& rng) {
    constexpr double kInterrogatedAround = 600.0;
    constexpr int kSilenceTries = 12;
    bool any_secondary = false;
    for (const AirSurveillanceRadarConfig& r : scenario_.air_radars) any_secondary |= r.secondary;
    std::vector<std::size_t> flights = flights_;
    for (std::size_t i = flights.size(); i > 1; --i) {
      std::swap(flights[i - 1], flights[static_cast<std::size_t>(rng.below(i))]);
    }
    std::size_t silenced = 0;
    for (std::size_t f : flights) {
      if (silenced == spec_.commercial_air.transponder_off_count) break;
      Platform& p = scenario_.platforms[f];
      const double d = spec_.commercial_air.transponder_off_min.draw(rng) * 60.0;
      const auto [from, until] = window(p);
      if (until - from < d + 1800.0) continue;
      std::optional<double> start;
      for (int k = 0; k < (any_secondary ? kSilenceTries : 1) && !start; ++k) {
        const double t = rng.uniform(from + 900.0, until - d - 900.0);
        if (!any_secondary ||
            (interrogated(positionAt(p, t - kInterrogatedAround)) &&
             interrogated(positionAt(p, t)) &&
             interrogated(positionAt(p, t + std::min(d, kInterrogatedAround))))) {
          start = t;
        }
      }
      if (!start) continue;
      const double t = *start;
      p.transponder_off.emplace_back(seconds(t), seconds(t + d));
      event(EventKind::TransponderOff, t, t + d, {p.id}, positionAt(p, t),
            "airliner's transponder silent for " + formatHours(d) + " mid-flight");
      ++silenced;
    }
  }

  void finishEvents() {
    std::stable_sort(drafts_.begin(), drafts_.end(),
                     [](const Draft& a, const Draft& b) { return a.event.start < b.event.start; });
    std::map<EventKind, int> numbers;
    for (Draft& d : drafts_) {
      d.event.id =
          std::string(toString(d.event.kind)) + "-" + std::to_string(++numbers[d.event.kind]);
      scenario_.events.push_back(std::move(d.event));
    }
  }

  const TrafficSpec& spec_;
  Scenario& scenario_;
  Sea sea_;
  double run_s_;
  Registry registry_;
  std::map<PlatformClass, int> counters_;
  std::vector<Draft> drafts_;
  std::vector<std::size_t> flights_;
  std::set<std::string> used_ids_;
};

}  // namespace

void buildTraffic(const TrafficSpec& spec, const geo::LandMask* land, Scenario& scenario) {
  scenario.platforms.reserve(scenario.platforms.size() + 8192);
  Builder(spec, land, scenario).build();
}

}  // namespace picket::sim
