#pragma once
// Loads the geography the cueing stage uses (cueing::Geography) from the files named in the
// configuration's `geography:` section and from its sensors: land mask, ports, maritime
// zones, named areas and AIS coverage.
//
// Paths are resolved against `config_dir` (the directory of the configuration file) unless
// absolute. Any unreadable or invalid file is an error for the whole load (GeographyError
// naming the file and the reason): the daemon refuses to start rather than cue from half a
// map.
//
// AIS coverage: every `ais` sensor with a `site` and without `satellite: true` gives a circle
// of its max_range_m around the site; an `ais` sensor with `satellite: true` sets
// satellite_ais. An `ais` sensor with neither gives no coverage: loadGeography says so in
// `notes`.
//
// Named areas: each feature of an area file is a Polygon (or a MultiPolygon of one polygon)
// whose `id` property names it; inline areas come from the configuration. Ids are unique over
// all of them.

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cueing/alert_manager.hpp"
#include "cueing/rule.hpp"
#include "io/config.hpp"

namespace picket::io {

class GeographyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Builds the geography of `config`. Appends to `notes` (when given) one line per thing worth
/// logging: what was loaded ("zones: 158 from 3 files, grid 451 x 651") and what is missing
/// ("sensor ais-aruba: AIS without a site gives no coverage circle"). Throws GeographyError.
cueing::Geography loadGeography(const FusiondConfig& config, const std::string& config_dir,
                                std::vector<std::string>* notes);
cueing::Geography loadGeography(const FusiondConfig& config, const std::string& config_dir);

/// The alert manager of `config`: its rules, partner table and geography (loaded from
/// config.config_dir). Each note of the geography load and of the rules goes to `log`.
/// Throws GeographyError.
cueing::AlertManager makeAlertManager(const FusiondConfig& config,
                                      const std::function<void(const std::string&)>& log);

/// Named areas of one GeoJSON file (see above). Throws GeographyError.
std::vector<cueing::NamedArea> loadNamedAreas(const std::filesystem::path& file);

}  // namespace picket::io
