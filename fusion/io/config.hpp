#pragma once
// fusiond's configuration: one tree of plain structs with defaults, loaded from YAML and
// validated in full at start-up (every error collected, then reported together).
// Every key is documented in config/fusiond.example.yaml.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cueing/alert_manager.hpp"
#include "cueing/partner_table.hpp"
#include "io/config_geography.hpp"
#include "io/transport.hpp"
#include "tracking/tracker_config.hpp"

namespace picket::io {

struct EndpointsConfig {
  EndpointConfig feeds{"tcp://127.0.0.1:5550"};
  EndpointConfig tracks{"tcp://127.0.0.1:5551"};
  EndpointConfig alerts{"tcp://127.0.0.1:5552"};
  /// Alert recovery (ROUTER): "since sequence N" requests answered from the journal.
  EndpointConfig alert_recovery{"tcp://127.0.0.1:5553"};
};

/// The alert journal (docs/alert-stream.md): every alert event is appended here before it is
/// published, so that a restarted fusiond continues its sequences and subscribers recover
/// what they missed. Read by config_journal.cpp.
struct JournalConfig {
  /// Directory of the journal files; empty = no journal (alerts are then not recoverable and
  /// sequences restart at 1 with the process).
  std::string directory;
  /// fdatasync() each journal write: survives power loss, not only a crash of fusiond.
  bool fsync = false;
  /// A new journal file is started before one would grow past this, bytes.
  std::uint64_t max_file_bytes = 64ull << 20;
  /// At most this many events in one recovery reply; the client asks again for more.
  std::uint32_t recovery_max_events = 1000;
};

/// fusiond's recorder (docs/replay.md): every accepted input with its receive time, and
/// optionally every published track update and alert event, to rotating Picket recording
/// files. Read by config_recording.cpp.
struct RecordingConfig {
  /// Directory of the recording files (created if missing); empty = no recording.
  std::string directory;
  /// File name prefix of the inputs: <prefix>-<UTC time>-<NNNNNN>.pkrec; outputs go to
  /// <directory>/outputs/ with the same prefix. Empty = the instance ID.
  std::string prefix;
  /// A new file before one would grow past this, bytes; 0 = no size limit.
  std::uint64_t rotate_bytes = 256ull << 20;
  /// A new file before one would span this much receive time, seconds; 0 = no time limit.
  double rotate_seconds = 3600.0;
  /// A chunk is written at least this often, seconds: what a crash can lose.
  double flush_interval_s = 1.0;
  /// fdatasync() each chunk (survives an OS crash or power loss, not only a crash of fusiond).
  bool fsync = false;
  /// Record the outputs too (track stream and alert stream messages, as published).
  bool outputs = false;
};

/// How the daemon judges the timestamps of incoming data.
enum class TimeReference {
  Wall,  ///< against the system clock: live operation
  Data,  ///< against the newest accepted data time: replay and simulation at any speed
};

struct InputConfig {
  std::size_t queue_capacity = 65536;  ///< parsed messages waiting for the tracker
  double reorder_window_s = 2.0;       ///< data is held this long (data time) to sort it
  TimeReference time_reference = TimeReference::Wall;
  double max_future_s = 60.0;          ///< newer than reference + this: rejected
  double max_age_s = 3600.0;           ///< older than reference - this: rejected
};

/// A configured sensor: the tracker's view plus the defaults the I/O layer applies.
struct SensorConfig {
  tracking::SensorInfo info;
  /// AIS only: position 1-sigma for reports with the accuracy flag high (<10 m) and low.
  double ais_position_sigma_high_m = 10.0;
  double ais_position_sigma_low_m = 30.0;
  /// AIS only: 1-sigmas applied to SOG/COG when converting them to a velocity measurement.
  double ais_sog_sigma_kn = 0.5;
  double ais_cog_sigma_deg = 3.0;
  /// Geolocated contacts without their own sigma (EO/IR): 1-sigma, metres.
  double default_position_sigma_m = 100.0;
  /// Fixed antenna site (geodetic, alt_m above the ellipsoid), for inputs that carry no
  /// platform of their own: range/bearing rows of a detections CSV. Absent = not configured.
  std::optional<core::GeoPoint> site;
  /// 1-sigmas of range/bearing plots that carry none (detections CSV): metres, (0, 10000],
  /// and degrees, (0, 45].
  double range_sigma_m = 25.0;
  double bearing_sigma_deg = 0.3;
  /// AIS only: a satellite AIS feed (covers the theatre; no site). Terrestrial AIS receivers
  /// with a site give the AIS coverage circles of the geography (io/geography.hpp).
  bool satellite = false;
};

struct FusiondConfig {
  std::string instance_id = "fusiond";
  /// Directory of the configuration file (set by loadConfig; "" = the working directory):
  /// relative paths in the configuration (geography files) are resolved against it.
  std::string config_dir;
  EndpointsConfig endpoints;
  JournalConfig journal;
  RecordingConfig recording;
  double heartbeat_interval_s = 1.0;
  double stats_interval_s = 0.0;  ///< 0 = counters only at shutdown
  InputConfig input;
  std::vector<SensorConfig> sensors;
  tracking::TrackerConfig tracker;
  cueing::CueingConfig cueing;
  /// The partner table (io/config_partners.hpp), in priority order.
  std::vector<cueing::Partner> partners;
  /// Always empty: kept only so that code written for the first partner table,
  /// PartnerTable(partners, default_partner), still builds (the first form's default partner
  /// is now in `partners` with high-seas authority). To be removed with those callers.
  cueing::Partner default_partner;
  /// Files of the geography (io/config_geography.hpp), loaded by io::loadGeography.
  GeographyConfig geography;
};

class MapReader;
/// Reads the optional `journal:` section (config_journal.cpp) into `out`, adding
/// "journal.key: reason" lines to the reader's errors.
void readJournalConfig(MapReader& root, JournalConfig& out);
/// Checks that every partner ID can name an alert channel (config_journal.cpp).
void validateAlertChannels(const FusiondConfig& config, std::vector<std::string>& errors);
/// The `journal:` section for describeConfig (config_journal.cpp).
std::string describeJournalConfig(const JournalConfig& journal);

/// Reads the optional `recording:` section (config_recording.cpp) into `out`; an empty prefix
/// becomes `instance_id` (which must then be a valid prefix).
void readRecordingConfig(MapReader& root, const std::string& instance_id, RecordingConfig& out);
/// The `recording:` section for describeConfig (config_recording.cpp).
std::string describeRecordingConfig(const RecordingConfig& recording);

/// All problems found in a configuration, one per line.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::vector<std::string>& problems);
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Parses and validates YAML text. Throws ConfigError listing every problem found.
FusiondConfig parseConfig(const std::string& yaml_text);
/// Reads and parses a file. Throws ConfigError (unreadable file included).
FusiondConfig loadConfig(const std::string& path);

/// The effective configuration as YAML, for the start-up log.
std::string describeConfig(const FusiondConfig& config);

}  // namespace picket::io
