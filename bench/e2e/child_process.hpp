#pragma once
// A child process for fusion-bench's end-to-end mode: fusiond, and fusion-bench itself in
// --sender mode. Its stdin is a pipe we write commands to; its stdout and stderr are read line
// by line on two threads, each line handed to a callback (stdout lines are also queued for
// readLine). No sleeps: callers wait for lines.
//
// Threading: the callbacks run on the reader threads; every other member is called by the
// owning thread.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace picket::bench {

class ChildProcess {
 public:
  using LineCallback = std::function<void(const std::string&)>;

  /// Starts argv[0] (a path) with `argv`. `on_stderr` receives each stderr line (none: the
  /// lines are dropped). Throws std::runtime_error when the process cannot be started.
  ChildProcess(const std::vector<std::string>& argv, LineCallback on_stderr);
  /// Kills the child (SIGKILL) if it is still running, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next stdout line; nullopt on end of file or timeout.
  std::optional<std::string> readLine(std::chrono::milliseconds timeout);
  /// Writes one line (a newline is added) to the child's stdin; false when the pipe is closed.
  bool writeLine(const std::string& line);
  /// Closes the child's stdin (it reads end of file).
  void closeStdin();
  /// Sends a signal.
  void signal(int sig);
  /// Waits for the child to exit after its stdout closed: its exit code (128 + signal when
  /// killed), or nullopt when stdout is still open after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  [[nodiscard]] pid_t pid() const { return pid_; }
  /// True once the child's stdout reached end of file and every line was read.
  [[nodiscard]] bool finished();

 private:
  void readLoop(int fd, bool is_stdout);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  LineCallback on_stderr_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> stdout_lines_;
  bool stdout_eof_ = false;
  std::optional<int> exit_code_;
  std::thread stdout_reader_;
  std::thread stderr_reader_;
};

/// Resident set size (VmRSS) of a process, bytes; 0 when unreadable.
std::size_t residentBytesOf(pid_t pid);
/// CPU time (user + system, all threads) of a process, seconds; negative when unreadable.
double cpuSecondsOf(pid_t pid);

}  // namespace picket::bench
