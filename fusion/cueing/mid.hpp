#pragma once
// Maritime Identification Digits (MID): which administration an MMSI belongs to, and whether an
// MMSI has the form of a ship station's.
//
// Sources: ITU-R M.585-9 (2022), Annex 1, sec. 2-3 (MMSI formats: ship MIDXXXXXX, group ship
// 0MIDXXXXX, coast station 00MIDXXXX, SAR aircraft 111MIDXXX, handheld VHF 8MIDXXXXX, AIS-SART
// 970XXYYYY, MOB 972XXYYYY, EPIRB-AIS 974XXYYYY, craft associated with a parent ship 98MIDXXXX,
// aid to navigation 99MIDXXXX), and the ITU's Table of Maritime Identification Digits (MARS,
// www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx) for the allocations 201-775. Country
// codes: ISO 3166-1 alpha-3. The table is a snapshot: an allocation the ITU makes later is
// reported as unallocated until the table is updated here.

#include <cstdint>
#include <optional>
#include <string_view>

namespace picket::cueing {

/// One allocated MID.
struct MidInfo {
  std::uint32_t mid = 0;        ///< 201..775
  std::string_view country;     ///< the administration as the ITU names it (short form)
  /// ISO 3166-1 alpha-3 of the country or territory the MID is allocated to (e.g. "PRI" for
  /// 358 Puerto Rico, "ABW" for 307 Aruba). For 306 (Curaçao, Sint Maarten and the Caribbean
  /// Netherlands share it) and for Azores/Madeira, which have no code of their own: the
  /// sovereign's.
  std::string_view iso3;
  /// ISO 3166-1 alpha-3 of the state responsible for ships under that MID: the flag state whose
  /// consent a boarding needs ("USA" for 358, "NLD" for 307). Equals iso3 for states.
  std::string_view flag_state;
  bool operator==(const MidInfo&) const = default;
};

/// What kind of station an MMSI identifies (ITU-R M.585-9 Annex 1).
enum class MmsiKind : std::uint8_t {
  Ship,             ///< MIDXXXXXX, MID 2..7
  GroupShip,        ///< 0MIDXXXXX
  CoastStation,     ///< 00MIDXXXX
  SarAircraft,      ///< 111MIDXXX
  Handheld,         ///< 8MIDXXXXX (handheld VHF with DSC and GNSS)
  Sart,             ///< 970XXYYYY
  ManOverboard,     ///< 972XXYYYY
  Epirb,            ///< 974XXYYYY
  CraftAssociated,  ///< 98MIDXXXX (tender, daughter craft of a parent ship)
  AidToNavigation,  ///< 99MIDXXXX
  Invalid,          ///< none of the above: not 9 digits, or a prefix no format uses
};

/// "ship", "group_ship", "coast_station", "sar_aircraft", "handheld", "sart",
/// "man_overboard", "epirb", "craft_associated", "aid_to_navigation", "invalid".
const char* toString(MmsiKind k);

/// The format of an MMSI, and the MID inside it where the format has one (0 otherwise).
struct MmsiForm {
  MmsiKind kind = MmsiKind::Invalid;
  std::uint32_t mid = 0;
};

/// Parses the format of a 9-digit MMSI (values 0..999999999; leading zeros are implied).
/// Anything above 999999999, and 0, is Invalid.
MmsiForm mmsiForm(std::uint32_t mmsi);

/// The allocated MID of a MID value, or nullopt when the ITU has not allocated it.
std::optional<MidInfo> midInfo(std::uint32_t mid);

/// The allocated MID inside an MMSI of any format that carries one (ship, group, coast
/// station, SAR aircraft, handheld, craft associated, aid to navigation); nullopt when the
/// MMSI is malformed, carries no MID (SART, MOB, EPIRB) or its MID is unallocated.
std::optional<MidInfo> lookupMid(std::uint32_t mmsi);

/// True when the MMSI has a ship station's form (9 digits, MIDXXXXXX) with an allocated MID:
/// what every AIS-carrying vessel should transmit in its position reports.
bool plausibleShipMmsi(std::uint32_t mmsi);

}  // namespace picket::cueing
