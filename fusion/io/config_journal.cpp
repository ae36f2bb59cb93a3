// The `journal:` section of fusiond's configuration, and the check that partner IDs can name
// alert channels. Keys are documented in config/fusiond.example.yaml.

#include <yaml-cpp/yaml.h>

#include "io/alert_channels.hpp"
#include "io/config.hpp"
#include "io/yaml_map.hpp"

namespace picket::io {

void readJournalConfig(MapReader& root, JournalConfig& out) {
  MapReader j(root.child("journal"), "journal", root.errors());
  j.text("directory", out.directory);
  j.boolean("fsync", out.fsync);
  // At least 64 KiB so that a file holds a useful number of events; at most 4 GiB so that a
  // recovery request never scans more than that before its first event.
  j.integer("max_file_bytes", out.max_file_bytes, 64 * 1024, 4LL << 30);
  j.integer("recovery_max_events", out.recovery_max_events, 1, 100'000);
}

void validateAlertChannels(const FusiondConfig& config, std::vector<std::string>& errors) {
  const auto check = [&](const std::string& id, const std::string& path) {
    if (!id.empty() && !validChannelId(id)) {
      errors.push_back(path + ".id: '" + id + "' cannot name an alert channel (" +
                       kChannelIdRule + ")");
    }
  };
  check(config.default_partner.id, "partners.default");
  for (std::size_t i = 0; i < config.partners.size(); ++i) {
    check(config.partners[i].id, "partners.areas[" + std::to_string(i) + "]");
  }
}

std::string describeJournalConfig(const JournalConfig& journal) {
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "directory" << YAML::Value
      << (journal.directory.empty() ? std::string("(none: no journal)") : journal.directory);
  out << YAML::Key << "fsync" << YAML::Value << journal.fsync;
  out << YAML::Key << "max_file_bytes" << YAML::Value << journal.max_file_bytes;
  out << YAML::Key << "recovery_max_events" << YAML::Value << journal.recovery_max_events;
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace picket::io
