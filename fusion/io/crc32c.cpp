#include "io/crc32c.hpp"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace picket::io {
namespace {

// Reflected Castagnoli polynomial: bit i of 0x1EDC6F41 becomes bit 31 - i.
constexpr std::uint32_t kReflectedPolynomial = 0x82F63B78u;

using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

// tables[0][b]: the CRC register after shifting in byte b (the classic byte-wise table).
// tables[k][b]: the same followed by k zero bytes, so that the eight bytes of one 64-bit step
// can be looked up independently and XORed (Kounavis and Berry, section 3).
constexpr Tables makeTables() {
  Tables t{};
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) != 0 ? (c >> 1) ^ kReflectedPolynomial : c >> 1;
    t[0][b] = c;
  }
  for (std::size_t k = 1; k < 8; ++k) {
    for (std::size_t b = 0; b < 256; ++b) {
      const std::uint32_t prev = t[k - 1][b];
      t[k][b] = (prev >> 8) ^ t[0][prev & 0xFFu];
    }
  }
  return t;
}

constexpr Tables kTables = makeTables();

// Little-endian load assembled from bytes: correct on any host, one load on x86-64.
inline std::uint32_t load32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

}  // namespace

std::uint32_t crc32cTable(std::uint32_t crc, const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint32_t c = ~crc;
  while (size >= 8) {
    // The register is XORed into the first four bytes; byte j of the step still has 7 - j
    // bytes to travel, hence table 7 - j.
    const std::uint32_t lo = load32(p) ^ c;
    const std::uint32_t hi = load32(p + 4);
    c = kTables[7][lo & 0xFFu] ^ kTables[6][(lo >> 8) & 0xFFu] ^ kTables[5][(lo >> 16) & 0xFFu] ^
        kTables[4][lo >> 24] ^ kTables[3][hi & 0xFFu] ^ kTables[2][(hi >> 8) & 0xFFu] ^
        kTables[1][(hi >> 16) & 0xFFu] ^ kTables[0][hi >> 24];
    p += 8;
    size -= 8;
  }
  while (size-- > 0) c = (c >> 8) ^ kTables[0][(c ^ *p++) & 0xFFu];
  return ~c;
}

#if defined(__x86_64__)

bool crc32cHardwareAvailable() {
  __builtin_cpu_init();  // may run before libgcc's own constructor has filled the CPU model
  return __builtin_cpu_supports("sse4.2") != 0;
}

// Compiled for SSE4.2 whatever the build flags; called only after the CPU check.
__attribute__((target("sse4.2"))) std::uint32_t crc32cHardware(std::uint32_t crc, const void* data,
                                                               std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint64_t c = ~crc;
  while (size >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);  // unaligned load; x86 is little-endian as the CRC expects
    c = _mm_crc32_u64(c, word);
    p += 8;
    size -= 8;
  }
  auto c32 = static_cast<std::uint32_t>(c);
  while (size-- > 0) c32 = _mm_crc32_u8(c32, *p++);
  return ~c32;
}

#else

bool crc32cHardwareAvailable() { return false; }

std::uint32_t crc32cHardware(std::uint32_t crc, const void* data, std::size_t size) {
  return crc32cTable(crc, data, size);
}

#endif

namespace {

using Crc32cFunction = std::uint32_t (*)(std::uint32_t, const void*, std::size_t);

// Chosen on first use (a function-local static: thread-safe, and safe from other static
// initialisers), then fixed.
Crc32cFunction chosen() {
  static const Crc32cFunction f = crc32cHardwareAvailable() ? crc32cHardware : crc32cTable;
  return f;
}

}  // namespace

std::uint32_t crc32cExtend(std::uint32_t crc, const void* data, std::size_t size) {
  return chosen()(crc, data, size);
}

std::uint32_t crc32c(const void* data, std::size_t size) { return chosen()(0, data, size); }

std::uint32_t crc32cBitwise(const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    c ^= p[i];
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) != 0 ? (c >> 1) ^ kReflectedPolynomial : c >> 1;
  }
  return ~c;
}

}  // namespace picket::io
