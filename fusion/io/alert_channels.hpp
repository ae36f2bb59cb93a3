#pragma once
// Names on the alert stream (docs/alert-stream.md): each partner receives its alerts on its own
// channel, named by its partner ID, with its own gap-free sequence; the full stream (every
// event, numbered by the journal sequence) is the channel "*". Topics:
//   alert/<channel>/<severity>   one alert event, severity lower-case ("alert/DCCG/high")
//   hb/<channel>/                heartbeat with the channel's newest sequence
//   end                          fusiond is shutting down
// The trailing '/' makes a ZeroMQ prefix subscription match one channel only ("hb/DCCG/" does
// not match "hb/DCCG2/"). No protobuf here: the config checks and the tools share it.

#include <string>
#include <string_view>

namespace picket::io {

/// The channel that carries every event (the task force's own watch floor).
inline constexpr std::string_view kFullStreamChannel = "*";

/// What a partner ID must look like to name a channel.
inline constexpr const char* kChannelIdRule = "1 to 64 letters, digits, '-', '_' or '.'";

/// Whether `id` can name a partner's channel (see kChannelIdRule). "*" cannot: it is reserved.
inline bool validChannelId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

/// A partner channel or the full stream.
inline bool validChannel(std::string_view channel) {
  return channel == kFullStreamChannel || validChannelId(channel);
}

/// "alert/<channel>/": the subscription prefix of one channel's alerts.
inline std::string alertTopicPrefix(std::string_view channel) {
  std::string s = "alert/";
  s.append(channel);
  s.push_back('/');
  return s;
}

/// "alert/<channel>/<severity>".
inline std::string alertTopic(std::string_view channel, std::string_view severity) {
  std::string s = alertTopicPrefix(channel);
  s.append(severity);
  return s;
}

/// "hb/<channel>/": a channel's heartbeat topic, also its subscription prefix.
inline std::string heartbeatTopic(std::string_view channel) {
  std::string s = "hb/";
  s.append(channel);
  s.push_back('/');
  return s;
}

inline constexpr std::string_view kEndTopic = "end";

}  // namespace picket::io
