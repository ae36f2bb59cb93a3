// The `recording:` section of fusiond's configuration (docs/replay.md). Keys are documented
// in config/fusiond.example.yaml.

#include <yaml-cpp/yaml.h>

#include <sstream>

#include "io/config.hpp"
#include "io/recording_writer.hpp"
#include "io/yaml_map.hpp"

namespace picket::io {

void readRecordingConfig(MapReader& root, const std::string& instance_id, RecordingConfig& out) {
  MapReader r(root.child("recording"), "recording", root.errors());
  r.text("directory", out.directory);
  const bool prefix_given = static_cast<bool>(r.child("prefix"));
  r.text("prefix", out.prefix);
  if (out.prefix.empty()) out.prefix = instance_id;
  if (!out.directory.empty() && !validRecordingPrefix(out.prefix)) {
    r.errors().push_back(r.at("prefix") + ": '" + out.prefix + "' " +
                         (prefix_given ? "" : "(the instance_id) ") +
                         "is not a file name prefix: letters, digits, '-', '_' or '.' only");
  }
  // At least 1 MiB (a file holds many chunks); at most 1 TiB. 0 = no size limit.
  r.integer("rotate_bytes", out.rotate_bytes, 0, 1LL << 40);
  if (out.rotate_bytes != 0 && out.rotate_bytes < (1u << 20)) {
    r.errors().push_back(r.at("rotate_bytes") + ": " + std::to_string(out.rotate_bytes) +
                         " is below 1048576 (1 MiB); 0 means no size limit");
  }
  r.number("rotate_seconds", out.rotate_seconds, 0, 7 * 86400.0);
  if (out.rotate_seconds != 0 && out.rotate_seconds < 10) {
    std::ostringstream os;
    os << r.at("rotate_seconds") << ": " << out.rotate_seconds
       << " is below 10 s; 0 means no time limit";
    r.errors().push_back(os.str());
  }
  r.number("flush_interval_s", out.flush_interval_s, 0.01, 60);
  r.boolean("fsync", out.fsync);
  r.boolean("outputs", out.outputs);
}

std::string describeRecordingConfig(const RecordingConfig& c) {
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "directory" << YAML::Value
      << (c.directory.empty() ? std::string("(none: inputs are not recorded)") : c.directory);
  out << YAML::Key << "prefix" << YAML::Value << c.prefix;
  out << YAML::Key << "rotate_bytes" << YAML::Value << c.rotate_bytes;
  out << YAML::Key << "rotate_seconds" << YAML::Value << c.rotate_seconds;
  out << YAML::Key << "flush_interval_s" << YAML::Value << c.flush_interval_s;
  out << YAML::Key << "fsync" << YAML::Value << c.fsync;
  out << YAML::Key << "outputs" << YAML::Value << c.outputs;
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace picket::io
