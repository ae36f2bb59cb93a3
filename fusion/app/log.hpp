#pragma once
// Minimal stderr logging for the executables: one line per event, program name first.

#include <cstdio>
#include <string>

namespace picket::app {

inline void logLine(const char* program, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program, message.c_str());
  std::fflush(stderr);
}

}  // namespace picket::app
