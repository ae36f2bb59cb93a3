#pragma once
// CRC-32C (Castagnoli): the checksum of Picket recording files (docs/recording-format.md).
//
// Polynomial 0x1EDC6F41 (reflected 0x82F63B78), initial value and final XOR 0xFFFFFFFF, input
// and output reflected: the CRC of iSCSI (RFC 3720, section 12.1 and appendix B.4), SCTP
// (RFC 3309), ext4 and Btrfs metadata. Check value: crc32c("123456789") =
// 0xE3069283. Reference: G. Castagnoli, S. Braeuer, M. Herrmann, "Optimization of cyclic
// redundancy-check codes with 24 and 32 parity bits", IEEE Trans. Commun. 41(6), 1993.
//
// Two implementations, always equal (tested over every length and alignment):
// - crc32cTable(): software, table-driven, slicing-by-8 (M. Kounavis, F. Berry, "A Systematic
//   Approach to Building High Performance Software-Based CRC Generators", ISCC 2005): eight
//   bytes per step through eight 256-entry tables built at compile time. ~1.7 GB/s here.
// - crc32cHardware(): the SSE4.2 CRC32 instruction, which computes exactly this polynomial
//   (Intel SDM vol. 2A, "CRC32"), eight bytes per instruction. ~4x faster: the checksum is the
//   largest cost of reading a recording, so crc32c() uses it when the CPU has it (x86-64
//   with SSE4.2: Intel since 2008, AMD since 2011) and the table otherwise.
// Any thread may call these functions.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace picket::io {

/// CRC-32C of `size` bytes at `data` (`data` may be null when `size` is 0).
std::uint32_t crc32c(const void* data, std::size_t size);

/// Continues a CRC-32C: crc32cExtend(crc32c(a), b) == crc32c(a followed by b); crc = 0 starts.
std::uint32_t crc32cExtend(std::uint32_t crc, const void* data, std::size_t size);

inline std::uint32_t crc32c(std::string_view bytes) { return crc32c(bytes.data(), bytes.size()); }

/// crc32cExtend() by slicing-by-8 tables, on any CPU.
std::uint32_t crc32cTable(std::uint32_t crc, const void* data, std::size_t size);

/// Whether this CPU has the CRC32 instruction (x86-64 with SSE4.2).
bool crc32cHardwareAvailable();

/// crc32cExtend() by the CRC32 instruction. Only when crc32cHardwareAvailable().
std::uint32_t crc32cHardware(std::uint32_t crc, const void* data, std::size_t size);

/// The bit-at-a-time definition, for tests only (slow).
std::uint32_t crc32cBitwise(const void* data, std::size_t size);

}  // namespace picket::io
