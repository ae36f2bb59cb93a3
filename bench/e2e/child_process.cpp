#include "e2e/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace picket::bench {

namespace {

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, LineCallback on_stderr)
    : on_stderr_(std::move(on_stderr)) {
  if (argv.empty()) throw std::runtime_error("no program to start");
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    throw std::runtime_error("pipe failed");
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    throw std::runtime_error("pipe failed");
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::execv(args[0], args.data());
    const char msg[] = "fusion-bench: exec failed\n";
    (void)!::write(err[1], msg, sizeof msg - 1);
    ::_exit(127);
  }
  pid_ = pid;
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  stdin_fd_ = in[1];
  stdout_reader_ = std::thread(&ChildProcess::readLoop, this, out[0], true);
  stderr_reader_ = std::thread(&ChildProcess::readLoop, this, err[0], false);
}

ChildProcess::~ChildProcess() {
  closeFd(stdin_fd_);
  bool reaped = false;
  {
    std::lock_guard lock(mutex_);
    reaped = exit_code_.has_value();
  }
  if (!reaped && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (stdout_reader_.joinable()) stdout_reader_.join();
  if (stderr_reader_.joinable()) stderr_reader_.join();
}

void ChildProcess::readLoop(int fd, bool is_stdout) {
  std::string buffer;
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl = buffer.find('\n'); nl != std::string::npos;
         nl = buffer.find('\n', start)) {
      std::string line = buffer.substr(start, nl - start);
      start = nl + 1;
      if (is_stdout) {
        std::lock_guard lock(mutex_);
        stdout_lines_.push_back(std::move(line));
        cv_.notify_all();
      } else if (on_stderr_) {
        on_stderr_(line);
      }
    }
    buffer.erase(0, start);
  }
  if (!buffer.empty()) {
    if (is_stdout) {
      std::lock_guard lock(mutex_);
      stdout_lines_.push_back(buffer);
    } else if (on_stderr_) {
      on_stderr_(buffer);
    }
  }
  ::close(fd);
  if (is_stdout) {
    std::lock_guard lock(mutex_);
    stdout_eof_ = true;
    cv_.notify_all();
  }
}

std::optional<std::string> ChildProcess::readLine(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return !stdout_lines_.empty() || stdout_eof_; });
  if (stdout_lines_.empty()) return std::nullopt;
  std::string line = std::move(stdout_lines_.front());
  stdout_lines_.pop_front();
  return line;
}

bool ChildProcess::finished() {
  std::lock_guard lock(mutex_);
  return stdout_eof_ && stdout_lines_.empty();
}

bool ChildProcess::writeLine(const std::string& line) {
  if (stdin_fd_ < 0) return false;
  const std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void ChildProcess::closeStdin() { closeFd(stdin_fd_); }

void ChildProcess::signal(int sig) {
  std::lock_guard lock(mutex_);
  if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  {
    std::unique_lock lock(mutex_);
    if (exit_code_) return exit_code_;
    // The child's stdout closes when it exits (it passes the pipe to no one else).
    if (!cv_.wait_for(lock, timeout, [&] { return stdout_eof_; })) return std::nullopt;
  }
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::lock_guard lock(mutex_);
  exit_code_ = code;
  return code;
}

std::size_t residentBytesOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return static_cast<std::size_t>(std::strtoull(line.c_str() + 6, nullptr, 10)) * 1024;
    }
  }
  return 0;
}

double cpuSecondsOf(pid_t pid) {
  // The process's CPU-time clock (all threads, those that ended included) counts in
  // nanoseconds; /proc's utime and stime count in clock ticks (10 ms), so a burst that costs
  // fusiond less than a tick read as 0. /proc is the fallback where the clock is refused.
  clockid_t clock = 0;
  timespec ts{};
  if (::clock_getcpuclockid(pid, &clock) == 0 && ::clock_gettime(clock, &ts) == 0) {
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces, inside parentheses): utime and
  // stime are fields 14 and 15 of proc(5), i.e. the 12th and 13th after ") ".
  const auto close = text.rfind(')');
  if (close == std::string::npos) return -1.0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 1; i <= 13 && fields >> f; ++i) {
    if (i == 12) utime = std::strtoull(f.c_str(), nullptr, 10);
    if (i == 13) stime = std::strtoull(f.c_str(), nullptr, 10);
  }
  const long ticks = ::sysconf(_SC_CLK_TCK);
  if (ticks <= 0) return -1.0;
  return static_cast<double>(utime + stime) / static_cast<double>(ticks);
}

}  // namespace picket::bench
