#pragma once
// CRC-32C (Castagnoli): the checksum of Picket recording files (docs/recording-format.md).
//
// Polynomial 0x1EDC6F41 (reflected 0x82F63B78), initial value and final XOR 0xFFFFFFFF, input
// and output reflected: the CRC of iSCSI (RFC 3720, section 12.1 and appendix B.4), SCTP
// (RFC 9260, appendix A), ext4 and Btrfs metadata. Check value: crc32c("123456789") =
// 0xE3069283. Reference: G. Castagnoli, S. Braeuer, M. Herrmann, "Optimization of cyclic
// redundancy-check codes with 24 and 32 parity bits", IEEE Trans. Commun. 41(6), 1993.
//
// Software, table-driven, slicing-by-8 (M. Kounavis, F. Berry, "A Systematic Approach to
// Building High Performance Software-Based CRC Generators", ISCC 2005): eight bytes per step
// through eight 256-entry tables built at compile time. Any thread may call these functions.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace picket::io {

/// CRC-32C of `size` bytes at `data` (`data` may be null when `size` is 0).
std::uint32_t crc32c(const void* data, std::size_t size);

/// Continues a CRC-32C: crc32cExtend(crc32c(a), b) == crc32c(a followed by b); crc = 0 starts.
std::uint32_t crc32cExtend(std::uint32_t crc, const void* data, std::size_t size);

inline std::uint32_t crc32c(std::string_view bytes) { return crc32c(bytes.data(), bytes.size()); }

/// The bit-at-a-time definition, for tests of the table-driven version only (slow).
std::uint32_t crc32cBitwise(const void* data, std::size_t size);

}  // namespace picket::io
