#include "cueing/jurisdiction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace picket::cueing {

const char* toString(ZoneType t) {
  switch (t) {
    case ZoneType::TerritorialSea: return "territorial_sea";
    case ZoneType::ContiguousZone: return "contiguous_zone";
    case ZoneType::Eez: return "eez";
    case ZoneType::HighSeas: return "high_seas";
  }
  return "?";
}

std::string joinStates(const std::vector<std::string>& states) {
  std::string out;
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += i + 1 == states.size() ? " and " : ", ";
    out += states[i];
  }
  return out;
}

namespace {

// Edges are matched to cells through their bounding boxes widened by this much, so that a
// point whose cell index rounding puts it a few ulps outside its cell still sees every edge
// that could separate it from the cell's centre.
constexpr double kEdgeMarginDeg = 1e-9;
constexpr double kMaxCells = 5e7;

void sortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void checkRing(const std::vector<core::GeoPoint>& ring, std::size_t zone) {
  for (const auto& p : ring) {
    if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) || p.lat_deg < -90 ||
        p.lat_deg > 90 || p.lon_deg < -180 || p.lon_deg > 180) {
      throw std::invalid_argument("ZoneMap: zone " + std::to_string(zone) +
                                  " has a vertex that is not finite or outside lat [-90, 90] / "
                                  "lon [-180, 180]");
    }
  }
}

}  // namespace

ZoneMap::ZoneMap(std::vector<Zone> zones, const ZoneMapOptions& options) : zones_(std::move(zones)) {
  if (!(options.cell_deg >= 0.01 && options.cell_deg <= 5.0)) {
    throw std::invalid_argument("ZoneMap: cell_deg must be in [0.01, 5]");
  }
  if (zones_.size() >= kFull) throw std::invalid_argument("ZoneMap: too many zones");
  stats_.zones = zones_.size();
  if (zones_.empty()) return;

  geo::LatLonBox extent = zones_.front().polygon.bounds();
  for (std::size_t z = 0; z < zones_.size(); ++z) {
    const Zone& zone = zones_[z];
    if (zone.sovereigns.empty()) {
      throw std::invalid_argument("ZoneMap: zone " + std::to_string(z) + " ('" + zone.name +
                                  "') has no sovereign");
    }
    if (zone.polygon.empty()) {
      throw std::invalid_argument("ZoneMap: zone " + std::to_string(z) + " ('" + zone.name +
                                  "') has an empty polygon");
    }
    checkRing(zone.polygon.outer(), z);
    stats_.vertices += zone.polygon.outer().size();
    for (const auto& h : zone.polygon.holes()) {
      checkRing(h, z);
      stats_.vertices += h.size();
    }
    const geo::LatLonBox b = zone.polygon.bounds();
    extent.min_lat_deg = std::min(extent.min_lat_deg, b.min_lat_deg);
    extent.max_lat_deg = std::max(extent.max_lat_deg, b.max_lat_deg);
    extent.min_lon_deg = std::min(extent.min_lon_deg, b.min_lon_deg);
    extent.max_lon_deg = std::max(extent.max_lon_deg, b.max_lon_deg);
  }

  cell_deg_ = options.cell_deg;
  inv_cell_deg_ = 1.0 / cell_deg_;
  lat0_ = extent.min_lat_deg - cell_deg_ * 0.5;
  lon0_ = extent.min_lon_deg - cell_deg_ * 0.5;
  const double rows = std::floor((extent.max_lat_deg + cell_deg_ * 0.5 - lat0_) * inv_cell_deg_) + 1;
  const double cols = std::floor((extent.max_lon_deg + cell_deg_ * 0.5 - lon0_) * inv_cell_deg_) + 1;
  if (rows * cols > kMaxCells) {
    throw std::invalid_argument("ZoneMap: the zones span more than 5e7 cells of cell_deg");
  }
  rows_ = static_cast<std::size_t>(rows);
  cols_ = static_cast<std::size_t>(cols);
  stats_.rows = rows_;
  stats_.cols = cols_;

  const auto row_of = [&](double lat) {
    const double r = std::floor((lat - lat0_) * inv_cell_deg_);
    return static_cast<std::size_t>(std::clamp(r, 0.0, static_cast<double>(rows_ - 1)));
  };
  const auto col_of = [&](double lon) {
    const double c = std::floor((lon - lon0_) * inv_cell_deg_);
    return static_cast<std::size_t>(std::clamp(c, 0.0, static_cast<double>(cols_ - 1)));
  };

  // Per cell, the (zone | flag) entries, gathered zone by zone (so each cell's list ascends).
  std::vector<std::vector<std::uint32_t>> cells(rows_ * cols_);
  std::vector<std::uint8_t> boundary;
  for (std::size_t z = 0; z < zones_.size(); ++z) {
    const geo::GeoPolygon& poly = zones_[z].polygon;
    const geo::LatLonBox b = poly.bounds();
    const std::size_t r0 = row_of(b.min_lat_deg - kEdgeMarginDeg);
    const std::size_t r1 = row_of(b.max_lat_deg + kEdgeMarginDeg);
    const std::size_t c0 = col_of(b.min_lon_deg - kEdgeMarginDeg);
    const std::size_t c1 = col_of(b.max_lon_deg + kEdgeMarginDeg);
    const std::size_t w = c1 - c0 + 1;
    boundary.assign((r1 - r0 + 1) * w, 0);
    const auto mark_ring = [&](const std::vector<core::GeoPoint>& ring) {
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& c = ring[j];
        const std::size_t er0 = row_of(std::min(a.lat_deg, c.lat_deg) - kEdgeMarginDeg);
        const std::size_t er1 = row_of(std::max(a.lat_deg, c.lat_deg) + kEdgeMarginDeg);
        const std::size_t ec0 = col_of(std::min(a.lon_deg, c.lon_deg) - kEdgeMarginDeg);
        const std::size_t ec1 = col_of(std::max(a.lon_deg, c.lon_deg) + kEdgeMarginDeg);
        for (std::size_t r = er0; r <= er1; ++r) {
          for (std::size_t col = ec0; col <= ec1; ++col) boundary[(r - r0) * w + (col - c0)] = 1;
        }
      }
    };
    mark_ring(poly.outer());
    for (const auto& h : poly.holes()) {
      if (h.size() >= 3) mark_ring(h);
    }
    // Cells no edge touches: inside or outside as a whole, decided at the cell centre. Row by
    // row, each ring's crossings of the centre latitude are computed with PNPOLY's own
    // expression (geo::GeoPolygon::contains), sorted, and counted east of each centre: the
    // same answer as contains(centre) without walking the ring once per cell.
    const auto index = static_cast<std::uint32_t>(z);
    std::vector<std::vector<double>> crossings(1 + poly.holes().size());
    const auto ring_crossings = [](const std::vector<core::GeoPoint>& ring, double lat,
                                   std::vector<double>& xs) {
      xs.clear();
      if (ring.size() < 3) return;
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& c = ring[j];
        if ((a.lat_deg > lat) != (c.lat_deg > lat)) {
          xs.push_back(a.lon_deg + (lat - a.lat_deg) * (c.lon_deg - a.lon_deg) /
                                       (c.lat_deg - a.lat_deg));
        }
      }
      std::sort(xs.begin(), xs.end());
    };
    const auto odd_east_of = [](const std::vector<double>& xs, double lon) {
      // PNPOLY toggles for every crossing with lon < crossing.
      const auto east = xs.end() - std::upper_bound(xs.begin(), xs.end(), lon);
      return (east % 2) != 0;
    };
    for (std::size_t r = r0; r <= r1; ++r) {
      const double lat_c = lat0_ + (static_cast<double>(r) + 0.5) * cell_deg_;
      ring_crossings(poly.outer(), lat_c, crossings[0]);
      for (std::size_t h = 0; h < poly.holes().size(); ++h) {
        ring_crossings(poly.holes()[h], lat_c, crossings[h + 1]);
      }
      for (std::size_t col = c0; col <= c1; ++col) {
        auto& cell = cells[r * cols_ + col];
        if (boundary[(r - r0) * w + (col - c0)] != 0) {
          cell.push_back(index);
          ++stats_.boundary_entries;
          continue;
        }
        const double lon_c = lon0_ + (static_cast<double>(col) + 0.5) * cell_deg_;
        if (!b.contains(lat_c, lon_c) || !odd_east_of(crossings[0], lon_c)) continue;
        bool in_hole = false;
        for (std::size_t h = 1; h < crossings.size() && !in_hole; ++h) {
          in_hole = odd_east_of(crossings[h], lon_c);
        }
        if (in_hole) continue;
        cell.push_back(index | kFull);
        ++stats_.full_entries;
      }
    }
  }

  cell_begin_.reserve(cells.size() + 1);
  cell_begin_.push_back(0);
  std::size_t total = 0;
  for (const auto& c : cells) total += c.size();
  if (total >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("ZoneMap: too many cell entries; use a larger cell_deg");
  }
  entries_.reserve(total);
  for (const auto& c : cells) {
    entries_.insert(entries_.end(), c.begin(), c.end());
    cell_begin_.push_back(static_cast<std::uint32_t>(entries_.size()));
  }
  stats_.memory_bytes = cell_begin_.size() * sizeof(std::uint32_t) +
                        entries_.size() * sizeof(std::uint32_t);
}

std::vector<const Zone*> ZoneMap::zonesAt(double lat_deg, double lon_deg) const {
  std::vector<const Zone*> out;
  if (!std::isfinite(lat_deg) || !std::isfinite(lon_deg) || rows_ == 0) return out;
  const double r = std::floor((lat_deg - lat0_) * inv_cell_deg_);
  const double c = std::floor((lon_deg - lon0_) * inv_cell_deg_);
  // The grid covers every zone's bounding box with half a cell to spare: outside it no zone
  // contains the point.
  if (r < 0 || c < 0 || r >= static_cast<double>(rows_) || c >= static_cast<double>(cols_)) {
    return out;
  }
  const std::size_t cell = static_cast<std::size_t>(r) * cols_ + static_cast<std::size_t>(c);
  for (std::uint32_t k = cell_begin_[cell]; k < cell_begin_[cell + 1]; ++k) {
    const std::uint32_t e = entries_[k];
    const Zone& z = zones_[e & ~kFull];
    if ((e & kFull) != 0 || z.polygon.contains(lat_deg, lon_deg)) out.push_back(&z);
  }
  return out;
}

Jurisdiction ZoneMap::combine(const std::vector<const Zone*>& hits) {
  Jurisdiction j;
  for (const Zone* z : hits) j.type = std::min(j.type, z->type);
  // Internal waters rank above the territorial sea around them (MR's territorial seas may or
  // may not leave them out): where a point is in both, the internal waters decide.
  j.internal_waters = std::any_of(hits.begin(), hits.end(), [&](const Zone* z) {
    return z->type == j.type && z->internal_waters;
  });
  for (const Zone* z : hits) {
    if (z->type != j.type || z->internal_waters != j.internal_waters) continue;
    j.states.insert(j.states.end(), z->sovereigns.begin(), z->sovereigns.end());
    j.territories.insert(j.territories.end(), z->territories.begin(), z->territories.end());
    j.joint_regime = j.joint_regime || z->joint_regime;
    j.overlapping_claim = j.overlapping_claim || z->overlapping_claim;
  }
  sortUnique(j.states);
  sortUnique(j.territories);
  if (j.states.size() > 1 && !j.joint_regime) j.overlapping_claim = true;
  if (j.type == ZoneType::HighSeas) {
    j.description = "high seas";
    return j;
  }
  const char* kind = j.internal_waters                   ? "internal waters"
                     : j.type == ZoneType::TerritorialSea ? "territorial sea"
                     : j.type == ZoneType::ContiguousZone ? "contiguous zone"
                                                          : "EEZ";
  const std::string states = joinStates(j.states);
  // Territories in brackets when they say more than the sovereigns: "EEZ of NLD (ABW)".
  std::string where;
  if (!j.territories.empty() && j.territories != j.states) {
    where = " (" + joinStates(j.territories) + ")";
  }
  if (j.joint_regime && j.states.size() > 1) {
    j.description = std::string(kind) + " joint regime of " + states + where;
  } else if (j.overlapping_claim) {
    j.description = std::string(kind) + " claimed by " + states + where + " (overlapping claim)";
  } else {
    j.description = std::string(kind) + " of " + states + where;
  }
  return j;
}

Jurisdiction ZoneMap::at(double lat_deg, double lon_deg) const {
  return combine(zonesAt(lat_deg, lon_deg));
}

}  // namespace picket::cueing
