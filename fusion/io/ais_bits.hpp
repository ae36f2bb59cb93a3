#pragma once
// The bit string of an AIS message, unpacked from its 6-bit armoured payload characters
// (ITU-R M.1371-5 Annex 8, 3.3: each character carries 6 bits, most significant first; the
// last character of the last fragment may carry 0-5 fill bits that are not part of the
// message). Fixed capacity, no allocation.
//
// Threading: a value type; one owner.

#include <array>
#include <bit>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/ais_nmea.hpp"

namespace picket::io::ais {

/// Longest reassembled payload accepted, characters (1,536 bits). The longest AIS message
/// occupies 5 slots, 1,008 data bits = 168 characters.
inline constexpr std::size_t kMaxPayloadChars = 256;

class Bits {
 public:
  /// Empties the string.
  void clear() {
    chars_ = 0;
    bits_ = 0;
  }

  /// Appends armoured characters (already validated by parseSentence: every character has a
  /// 6-bit value). Returns false, appending nothing, when the total would exceed
  /// kMaxPayloadChars.
  bool append(std::string_view payload) {
    if (chars_ + payload.size() > kMaxPayloadChars) return false;
    for (const char c : payload) {
      const std::uint32_t v = sixbitValue(static_cast<unsigned char>(c));
      // Character i occupies bits [6i, 6i + 6): spread over one or two bytes.
      const std::size_t bit = chars_ * 6;
      const std::size_t byte = bit >> 3;
      const unsigned shift = static_cast<unsigned>(bit & 7);
      const std::uint32_t window = v << (10 - shift);  // 16-bit window starting at `byte`
      if (shift == 0) bytes_[byte] = 0;
      bytes_[byte] = static_cast<std::uint8_t>(bytes_[byte] | (window >> 8));
      bytes_[byte + 1] = static_cast<std::uint8_t>(window & 0xFF);
      ++chars_;
    }
    bits_ = chars_ * 6;
    return true;
  }

  /// Ends the string: the last `fill_bits` bits (0..5) are padding, not message.
  void finish(std::uint8_t fill_bits) {
    bits_ = chars_ * 6 >= fill_bits ? chars_ * 6 - fill_bits : 0;
    // Zero the bytes after the last character so that reads past the end see zeros.
    const std::size_t first_clear = (chars_ * 6 + 7) / 8;
    for (std::size_t i = first_clear; i < first_clear + 8 && i < bytes_.size(); ++i) bytes_[i] = 0;
  }

  /// Message length in bits (fill bits excluded).
  [[nodiscard]] std::size_t size() const { return bits_; }
  [[nodiscard]] std::size_t chars() const { return chars_; }

  /// Unsigned field of `width` bits (1..32) starting at bit `start` (0 = first bit of the
  /// message). A field cut short by the end of the message reads as the bits that are there
  /// (right-aligned), as gpsd reads it; a field wholly past the end reads as 0.
  [[nodiscard]] std::uint32_t u(std::size_t start, unsigned width) const {
    if (start >= bits_) return 0;
    const std::size_t byte = start >> 3;
    // Eight bytes, big-endian (bytes_ has 8 bytes of slack past any field start).
    std::uint64_t x = 0;
    std::memcpy(&x, bytes_.data() + byte, sizeof x);
    if constexpr (std::endian::native == std::endian::little) x = __builtin_bswap64(x);
    x <<= (start & 7);
    std::uint32_t v = static_cast<std::uint32_t>(x >> (64 - width));
    if (start + width > bits_) {
      const unsigned missing = static_cast<unsigned>(start + width - bits_);
      v = missing >= 32 ? 0 : v >> missing;
    }
    return v;
  }

  /// Two's-complement signed field of `width` bits (2..32).
  [[nodiscard]] std::int32_t s(std::size_t start, unsigned width) const {
    const std::uint32_t v = u(start, width);
    const std::uint32_t sign = 1U << (width - 1);
    return static_cast<std::int32_t>(static_cast<std::int64_t>(v ^ sign) -
                                     static_cast<std::int64_t>(sign));
  }

  [[nodiscard]] bool flag(std::size_t start) const { return u(start, 1) != 0; }

 private:
  // 8 bytes of slack so that u() can always read 8 bytes.
  std::array<std::uint8_t, kMaxPayloadChars * 6 / 8 + 16> bytes_{};
  std::size_t chars_ = 0;
  std::size_t bits_ = 0;
};

}  // namespace picket::io::ais
