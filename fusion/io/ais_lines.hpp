#pragma once
// Splits a byte stream (file, TCP stream, UDP datagrams) into NMEA lines without allocating.
// A line ends at LF or CR (CR LF gives one line and one empty line, which the decoder skips).
// A line longer than kMaxLineBytes is not handed out: it is counted as overlong and skipped
// up to its end, so a stream of binary junk cannot grow memory.
//
// Threading: one owner.

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "io/ais_nmea.hpp"

namespace picket::io::ais {

class LineSplitter {
 public:
  /// Feeds bytes; calls on_line(std::string_view) for each complete line (the view is valid
  /// during the call only).
  template <typename F>
  void feed(std::string_view bytes, F&& on_line) {
    while (!bytes.empty()) {
      std::size_t end = 0;
      while (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r') ++end;
      const std::string_view piece = bytes.substr(0, end);
      const bool terminated = end < bytes.size();
      if (!skipping_) {
        if (size_ + piece.size() > buffer_.size()) {
          skipping_ = true;
          ++overlong_;
          size_ = 0;
        } else if (size_ == 0 && terminated) {
          on_line(piece);  // the common case: a whole line inside `bytes`, no copy
        } else {
          std::memcpy(buffer_.data() + size_, piece.data(), piece.size());
          size_ += piece.size();
          if (terminated) {
            on_line(std::string_view(buffer_.data(), size_));
            size_ = 0;
          }
        }
      }
      if (terminated) {
        skipping_ = false;
        bytes.remove_prefix(end + 1);
      } else {
        bytes = {};
      }
    }
  }

  /// End of input: hands out an unterminated last line.
  template <typename F>
  void flush(F&& on_line) {
    if (!skipping_ && size_ > 0) on_line(std::string_view(buffer_.data(), size_));
    size_ = 0;
    skipping_ = false;
  }

  /// Lines skipped for being longer than kMaxLineBytes.
  [[nodiscard]] std::uint64_t overlong() const { return overlong_; }

 private:
  std::array<char, kMaxLineBytes> buffer_{};
  std::size_t size_ = 0;
  bool skipping_ = false;
  std::uint64_t overlong_ = 0;
};

}  // namespace picket::io::ais
