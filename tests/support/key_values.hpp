#pragma once
// Parses the machine-readable lines Picket programs print ("READY feeds=... alerts=...",
// "SUMMARY key=value ...") into a map. Words without '=' are skipped.

#include <map>
#include <sstream>
#include <string>

namespace picket::testing {

inline std::map<std::string, std::string> parseKeyValues(const std::string& line) {
  std::map<std::string, std::string> out;
  std::istringstream is(line);
  std::string word;
  while (is >> word) {
    const auto eq = word.find('=');
    if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return out;
}

}  // namespace picket::testing
