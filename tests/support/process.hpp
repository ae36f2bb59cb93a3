#pragma once
// Runs a program as a child process with its stdout on a pipe, for integration tests that
// drive real Picket executables. No sleeps: callers wait for lines the child prints.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace picket::testing {

class ChildProcess {
 public:
  /// Starts `argv[0]` with `argv`. stdout is captured line by line; stderr goes to `stderr_path`
  /// (so a failing test can print it) or is inherited when empty.
  ChildProcess(std::vector<std::string> argv, const std::string& stderr_path = "");
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Next line of stdout (without the newline); nullopt on end of file or timeout.
  std::optional<std::string> readLine(std::chrono::milliseconds timeout);
  /// Reads lines until one starts with `prefix`; returns it, or nullopt on EOF/timeout.
  std::optional<std::string> waitForLinePrefix(const std::string& prefix,
                                               std::chrono::milliseconds timeout);
  /// Every line read so far.
  [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }

  /// Sends a signal.
  void signal(int sig);
  /// Waits for exit; returns the exit code (128 + signal if killed), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::optional<std::string> readRawLine(std::chrono::milliseconds timeout);

  std::string buffer_;
  std::vector<std::string> lines_;
  std::vector<std::string> drained_;  ///< read by wait() but not yet returned by readLine()
  std::optional<int> exit_code_;
};

/// A fresh directory under the system temp dir, removed with its content on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Reads a whole file ("" when unreadable).
std::string readFile(const std::string& path);
/// Writes a whole file; throws on failure.
void writeFile(const std::string& path, const std::string& content);

}  // namespace picket::testing
