#include "cueing/mid.hpp"

#include <algorithm>
#include <iterator>

namespace picket::cueing {

namespace {

// ITU Table of Maritime Identification Digits (MARS), allocations 201-775, ascending. Country
// and territory codes ISO 3166-1 alpha-3; the last column is the responsible (flag) state.
constexpr MidInfo kMids[] = {
    {201, "Albania", "ALB", "ALB"},
    {202, "Andorra", "AND", "AND"},
    {203, "Austria", "AUT", "AUT"},
    {204, "Azores (Portugal)", "PRT", "PRT"},
    {205, "Belgium", "BEL", "BEL"},
    {206, "Belarus", "BLR", "BLR"},
    {207, "Bulgaria", "BGR", "BGR"},
    {208, "Vatican City State", "VAT", "VAT"},
    {209, "Cyprus", "CYP", "CYP"},
    {210, "Cyprus", "CYP", "CYP"},
    {211, "Germany", "DEU", "DEU"},
    {212, "Cyprus", "CYP", "CYP"},
    {213, "Georgia", "GEO", "GEO"},
    {214, "Moldova", "MDA", "MDA"},
    {215, "Malta", "MLT", "MLT"},
    {216, "Armenia", "ARM", "ARM"},
    {218, "Germany", "DEU", "DEU"},
    {219, "Denmark", "DNK", "DNK"},
    {220, "Denmark", "DNK", "DNK"},
    {224, "Spain", "ESP", "ESP"},
    {225, "Spain", "ESP", "ESP"},
    {226, "France", "FRA", "FRA"},
    {227, "France", "FRA", "FRA"},
    {228, "France", "FRA", "FRA"},
    {229, "Malta", "MLT", "MLT"},
    {230, "Finland", "FIN", "FIN"},
    {231, "Faroe Islands (Denmark)", "FRO", "DNK"},
    {232, "United Kingdom", "GBR", "GBR"},
    {233, "United Kingdom", "GBR", "GBR"},
    {234, "United Kingdom", "GBR", "GBR"},
    {235, "United Kingdom", "GBR", "GBR"},
    {236, "Gibraltar (United Kingdom)", "GIB", "GBR"},
    {237, "Greece", "GRC", "GRC"},
    {238, "Croatia", "HRV", "HRV"},
    {239, "Greece", "GRC", "GRC"},
    {240, "Greece", "GRC", "GRC"},
    {241, "Greece", "GRC", "GRC"},
    {242, "Morocco", "MAR", "MAR"},
    {243, "Hungary", "HUN", "HUN"},
    {244, "Netherlands", "NLD", "NLD"},
    {245, "Netherlands", "NLD", "NLD"},
    {246, "Netherlands", "NLD", "NLD"},
    {247, "Italy", "ITA", "ITA"},
    {248, "Malta", "MLT", "MLT"},
    {249, "Malta", "MLT", "MLT"},
    {250, "Ireland", "IRL", "IRL"},
    {251, "Iceland", "ISL", "ISL"},
    {252, "Liechtenstein", "LIE", "LIE"},
    {253, "Luxembourg", "LUX", "LUX"},
    {254, "Monaco", "MCO", "MCO"},
    {255, "Madeira (Portugal)", "PRT", "PRT"},
    {256, "Malta", "MLT", "MLT"},
    {257, "Norway", "NOR", "NOR"},
    {258, "Norway", "NOR", "NOR"},
    {259, "Norway", "NOR", "NOR"},
    {261, "Poland", "POL", "POL"},
    {262, "Montenegro", "MNE", "MNE"},
    {263, "Portugal", "PRT", "PRT"},
    {264, "Romania", "ROU", "ROU"},
    {265, "Sweden", "SWE", "SWE"},
    {266, "Sweden", "SWE", "SWE"},
    {267, "Slovakia", "SVK", "SVK"},
    {268, "San Marino", "SMR", "SMR"},
    {269, "Switzerland", "CHE", "CHE"},
    {270, "Czech Republic", "CZE", "CZE"},
    {271, "Türkiye", "TUR", "TUR"},
    {272, "Ukraine", "UKR", "UKR"},
    {273, "Russian Federation", "RUS", "RUS"},
    {274, "North Macedonia", "MKD", "MKD"},
    {275, "Latvia", "LVA", "LVA"},
    {276, "Estonia", "EST", "EST"},
    {277, "Lithuania", "LTU", "LTU"},
    {278, "Slovenia", "SVN", "SVN"},
    {279, "Serbia", "SRB", "SRB"},
    {301, "Anguilla (United Kingdom)", "AIA", "GBR"},
    {303, "Alaska (United States)", "USA", "USA"},
    {304, "Antigua and Barbuda", "ATG", "ATG"},
    {305, "Antigua and Barbuda", "ATG", "ATG"},
    {306, "Curaçao, Sint Maarten, Bonaire, Sint Eustatius and Saba (Netherlands)", "NLD", "NLD"},
    {307, "Aruba (Netherlands)", "ABW", "NLD"},
    {308, "Bahamas", "BHS", "BHS"},
    {309, "Bahamas", "BHS", "BHS"},
    {310, "Bermuda (United Kingdom)", "BMU", "GBR"},
    {311, "Bahamas", "BHS", "BHS"},
    {312, "Belize", "BLZ", "BLZ"},
    {314, "Barbados", "BRB", "BRB"},
    {316, "Canada", "CAN", "CAN"},
    {319, "Cayman Islands (United Kingdom)", "CYM", "GBR"},
    {321, "Costa Rica", "CRI", "CRI"},
    {323, "Cuba", "CUB", "CUB"},
    {325, "Dominica", "DMA", "DMA"},
    {327, "Dominican Republic", "DOM", "DOM"},
    {329, "Guadeloupe (France)", "GLP", "FRA"},
    {330, "Grenada", "GRD", "GRD"},
    {331, "Greenland (Denmark)", "GRL", "DNK"},
    {332, "Guatemala", "GTM", "GTM"},
    {334, "Honduras", "HND", "HND"},
    {336, "Haiti", "HTI", "HTI"},
    {338, "United States", "USA", "USA"},
    {339, "Jamaica", "JAM", "JAM"},
    {341, "Saint Kitts and Nevis", "KNA", "KNA"},
    {343, "Saint Lucia", "LCA", "LCA"},
    {345, "Mexico", "MEX", "MEX"},
    {347, "Martinique (France)", "MTQ", "FRA"},
    {348, "Montserrat (United Kingdom)", "MSR", "GBR"},
    {350, "Nicaragua", "NIC", "NIC"},
    {351, "Panama", "PAN", "PAN"},
    {352, "Panama", "PAN", "PAN"},
    {353, "Panama", "PAN", "PAN"},
    {354, "Panama", "PAN", "PAN"},
    {355, "Panama", "PAN", "PAN"},
    {356, "Panama", "PAN", "PAN"},
    {357, "Panama", "PAN", "PAN"},
    {358, "Puerto Rico (United States)", "PRI", "USA"},
    {359, "El Salvador", "SLV", "SLV"},
    {361, "Saint Pierre and Miquelon (France)", "SPM", "FRA"},
    {362, "Trinidad and Tobago", "TTO", "TTO"},
    {364, "Turks and Caicos Islands (United Kingdom)", "TCA", "GBR"},
    {366, "United States", "USA", "USA"},
    {367, "United States", "USA", "USA"},
    {368, "United States", "USA", "USA"},
    {369, "United States", "USA", "USA"},
    {370, "Panama", "PAN", "PAN"},
    {371, "Panama", "PAN", "PAN"},
    {372, "Panama", "PAN", "PAN"},
    {373, "Panama", "PAN", "PAN"},
    {374, "Panama", "PAN", "PAN"},
    {375, "Saint Vincent and the Grenadines", "VCT", "VCT"},
    {376, "Saint Vincent and the Grenadines", "VCT", "VCT"},
    {377, "Saint Vincent and the Grenadines", "VCT", "VCT"},
    {378, "British Virgin Islands (United Kingdom)", "VGB", "GBR"},
    {379, "United States Virgin Islands (United States)", "VIR", "USA"},
    {401, "Afghanistan", "AFG", "AFG"},
    {403, "Saudi Arabia", "SAU", "SAU"},
    {405, "Bangladesh", "BGD", "BGD"},
    {408, "Bahrain", "BHR", "BHR"},
    {410, "Bhutan", "BTN", "BTN"},
    {412, "China", "CHN", "CHN"},
    {413, "China", "CHN", "CHN"},
    {414, "China", "CHN", "CHN"},
    {416, "Taiwan (Province of China)", "TWN", "TWN"},
    {417, "Sri Lanka", "LKA", "LKA"},
    {419, "India", "IND", "IND"},
    {422, "Iran", "IRN", "IRN"},
    {423, "Azerbaijan", "AZE", "AZE"},
    {425, "Iraq", "IRQ", "IRQ"},
    {428, "Israel", "ISR", "ISR"},
    {431, "Japan", "JPN", "JPN"},
    {432, "Japan", "JPN", "JPN"},
    {434, "Turkmenistan", "TKM", "TKM"},
    {436, "Kazakhstan", "KAZ", "KAZ"},
    {437, "Uzbekistan", "UZB", "UZB"},
    {438, "Jordan", "JOR", "JOR"},
    {440, "Korea (Republic of)", "KOR", "KOR"},
    {441, "Korea (Republic of)", "KOR", "KOR"},
    {443, "State of Palestine", "PSE", "PSE"},
    {445, "Democratic People's Republic of Korea", "PRK", "PRK"},
    {447, "Kuwait", "KWT", "KWT"},
    {450, "Lebanon", "LBN", "LBN"},
    {451, "Kyrgyzstan", "KGZ", "KGZ"},
    {453, "Macao (China)", "MAC", "CHN"},
    {455, "Maldives", "MDV", "MDV"},
    {457, "Mongolia", "MNG", "MNG"},
    {459, "Nepal", "NPL", "NPL"},
    {461, "Oman", "OMN", "OMN"},
    {463, "Pakistan", "PAK", "PAK"},
    {466, "Qatar", "QAT", "QAT"},
    {468, "Syrian Arab Republic", "SYR", "SYR"},
    {470, "United Arab Emirates", "ARE", "ARE"},
    {471, "United Arab Emirates", "ARE", "ARE"},
    {472, "Tajikistan", "TJK", "TJK"},
    {473, "Yemen", "YEM", "YEM"},
    {475, "Yemen", "YEM", "YEM"},
    {477, "Hong Kong (China)", "HKG", "CHN"},
    {478, "Bosnia and Herzegovina", "BIH", "BIH"},
    {501, "Adélie Land (France)", "ATF", "FRA"},
    {503, "Australia", "AUS", "AUS"},
    {506, "Myanmar", "MMR", "MMR"},
    {508, "Brunei Darussalam", "BRN", "BRN"},
    {510, "Micronesia (Federated States of)", "FSM", "FSM"},
    {511, "Palau", "PLW", "PLW"},
    {512, "New Zealand", "NZL", "NZL"},
    {514, "Cambodia", "KHM", "KHM"},
    {515, "Cambodia", "KHM", "KHM"},
    {516, "Christmas Island (Australia)", "CXR", "AUS"},
    {518, "Cook Islands", "COK", "COK"},
    {520, "Fiji", "FJI", "FJI"},
    {523, "Cocos (Keeling) Islands (Australia)", "CCK", "AUS"},
    {525, "Indonesia", "IDN", "IDN"},
    {529, "Kiribati", "KIR", "KIR"},
    {531, "Lao People's Democratic Republic", "LAO", "LAO"},
    {533, "Malaysia", "MYS", "MYS"},
    {536, "Northern Mariana Islands (United States)", "MNP", "USA"},
    {538, "Marshall Islands", "MHL", "MHL"},
    {540, "New Caledonia (France)", "NCL", "FRA"},
    {542, "Niue", "NIU", "NIU"},
    {544, "Nauru", "NRU", "NRU"},
    {546, "French Polynesia (France)", "PYF", "FRA"},
    {548, "Philippines", "PHL", "PHL"},
    {550, "Timor-Leste", "TLS", "TLS"},
    {553, "Papua New Guinea", "PNG", "PNG"},
    {555, "Pitcairn Islands (United Kingdom)", "PCN", "GBR"},
    {557, "Solomon Islands", "SLB", "SLB"},
    {559, "American Samoa (United States)", "ASM", "USA"},
    {561, "Samoa", "WSM", "WSM"},
    {563, "Singapore", "SGP", "SGP"},
    {564, "Singapore", "SGP", "SGP"},
    {565, "Singapore", "SGP", "SGP"},
    {566, "Singapore", "SGP", "SGP"},
    {567, "Thailand", "THA", "THA"},
    {570, "Tonga", "TON", "TON"},
    {572, "Tuvalu", "TUV", "TUV"},
    {574, "Viet Nam", "VNM", "VNM"},
    {576, "Vanuatu", "VUT", "VUT"},
    {577, "Vanuatu", "VUT", "VUT"},
    {578, "Wallis and Futuna (France)", "WLF", "FRA"},
    {601, "South Africa", "ZAF", "ZAF"},
    {603, "Angola", "AGO", "AGO"},
    {605, "Algeria", "DZA", "DZA"},
    {607, "Saint Paul and Amsterdam Islands (France)", "ATF", "FRA"},
    {608, "Ascension Island (United Kingdom)", "SHN", "GBR"},
    {609, "Burundi", "BDI", "BDI"},
    {610, "Benin", "BEN", "BEN"},
    {611, "Botswana", "BWA", "BWA"},
    {612, "Central African Republic", "CAF", "CAF"},
    {613, "Cameroon", "CMR", "CMR"},
    {615, "Congo", "COG", "COG"},
    {616, "Comoros", "COM", "COM"},
    {617, "Cabo Verde", "CPV", "CPV"},
    {618, "Crozet Archipelago (France)", "ATF", "FRA"},
    {619, "Côte d'Ivoire", "CIV", "CIV"},
    {620, "Comoros", "COM", "COM"},
    {621, "Djibouti", "DJI", "DJI"},
    {622, "Egypt", "EGY", "EGY"},
    {624, "Ethiopia", "ETH", "ETH"},
    {625, "Eritrea", "ERI", "ERI"},
    {626, "Gabon", "GAB", "GAB"},
    {627, "Ghana", "GHA", "GHA"},
    {629, "Gambia", "GMB", "GMB"},
    {630, "Guinea-Bissau", "GNB", "GNB"},
    {631, "Equatorial Guinea", "GNQ", "GNQ"},
    {632, "Guinea", "GIN", "GIN"},
    {633, "Burkina Faso", "BFA", "BFA"},
    {634, "Kenya", "KEN", "KEN"},
    {635, "Kerguelen Islands (France)", "ATF", "FRA"},
    {636, "Liberia", "LBR", "LBR"},
    {637, "Liberia", "LBR", "LBR"},
    {638, "South Sudan", "SSD", "SSD"},
    {642, "Libya", "LBY", "LBY"},
    {644, "Lesotho", "LSO", "LSO"},
    {645, "Mauritius", "MUS", "MUS"},
    {647, "Madagascar", "MDG", "MDG"},
    {649, "Mali", "MLI", "MLI"},
    {650, "Mozambique", "MOZ", "MOZ"},
    {654, "Mauritania", "MRT", "MRT"},
    {655, "Malawi", "MWI", "MWI"},
    {656, "Niger", "NER", "NER"},
    {657, "Nigeria", "NGA", "NGA"},
    {659, "Namibia", "NAM", "NAM"},
    {660, "Réunion (France)", "REU", "FRA"},
    {661, "Rwanda", "RWA", "RWA"},
    {662, "Sudan", "SDN", "SDN"},
    {663, "Senegal", "SEN", "SEN"},
    {664, "Seychelles", "SYC", "SYC"},
    {665, "Saint Helena (United Kingdom)", "SHN", "GBR"},
    {666, "Somalia", "SOM", "SOM"},
    {667, "Sierra Leone", "SLE", "SLE"},
    {668, "Sao Tome and Principe", "STP", "STP"},
    {669, "Eswatini", "SWZ", "SWZ"},
    {670, "Chad", "TCD", "TCD"},
    {671, "Togo", "TGO", "TGO"},
    {672, "Tunisia", "TUN", "TUN"},
    {674, "Tanzania", "TZA", "TZA"},
    {675, "Uganda", "UGA", "UGA"},
    {676, "Democratic Republic of the Congo", "COD", "COD"},
    {677, "Tanzania", "TZA", "TZA"},
    {678, "Zambia", "ZMB", "ZMB"},
    {679, "Zimbabwe", "ZWE", "ZWE"},
    {701, "Argentina", "ARG", "ARG"},
    {710, "Brazil", "BRA", "BRA"},
    {720, "Bolivia", "BOL", "BOL"},
    {725, "Chile", "CHL", "CHL"},
    {730, "Colombia", "COL", "COL"},
    {735, "Ecuador", "ECU", "ECU"},
    {740, "Falkland Islands (United Kingdom)", "FLK", "GBR"},
    {745, "French Guiana (France)", "GUF", "FRA"},
    {750, "Guyana", "GUY", "GUY"},
    {755, "Paraguay", "PRY", "PRY"},
    {760, "Peru", "PER", "PER"},
    {765, "Suriname", "SUR", "SUR"},
    {770, "Uruguay", "URY", "URY"},
    {775, "Venezuela", "VEN", "VEN"},
};

constexpr bool ascending() {
  for (std::size_t i = 1; i < std::size(kMids); ++i) {
    if (kMids[i - 1].mid >= kMids[i].mid) return false;
  }
  return true;
}
static_assert(ascending(), "kMids must be sorted by MID for the binary search");

// MMSI digits d1..d9 of a 9-digit MMSI, most significant first (leading zeros implied).
constexpr std::uint32_t digitsFrom(std::uint32_t mmsi, int first, int count) {
  // Digit `first` (1-based) and the `count - 1` after it, as a number.
  std::uint32_t v = mmsi;
  for (int i = 0; i < 9 - (first + count - 1); ++i) v /= 10;
  std::uint32_t mod = 1;
  for (int i = 0; i < count; ++i) mod *= 10;
  return v % mod;
}

}  // namespace

const char* toString(MmsiKind k) {
  switch (k) {
    case MmsiKind::Ship: return "ship";
    case MmsiKind::GroupShip: return "group_ship";
    case MmsiKind::CoastStation: return "coast_station";
    case MmsiKind::SarAircraft: return "sar_aircraft";
    case MmsiKind::Handheld: return "handheld";
    case MmsiKind::Sart: return "sart";
    case MmsiKind::ManOverboard: return "man_overboard";
    case MmsiKind::Epirb: return "epirb";
    case MmsiKind::CraftAssociated: return "craft_associated";
    case MmsiKind::AidToNavigation: return "aid_to_navigation";
    case MmsiKind::Invalid: return "invalid";
  }
  return "?";
}

MmsiForm mmsiForm(std::uint32_t mmsi) {
  if (mmsi == 0 || mmsi > 999'999'999U) return {};
  const std::uint32_t d1 = digitsFrom(mmsi, 1, 1);
  const std::uint32_t d12 = digitsFrom(mmsi, 1, 2);
  const std::uint32_t d123 = digitsFrom(mmsi, 1, 3);
  // ITU-R M.585-9 Annex 1: the most specific prefix first.
  if (d12 == 0) return {MmsiKind::CoastStation, digitsFrom(mmsi, 3, 3)};
  if (d1 == 0) return {MmsiKind::GroupShip, digitsFrom(mmsi, 2, 3)};
  if (d123 == 111) return {MmsiKind::SarAircraft, digitsFrom(mmsi, 4, 3)};
  if (d123 == 970) return {MmsiKind::Sart, 0};
  if (d123 == 972) return {MmsiKind::ManOverboard, 0};
  if (d123 == 974) return {MmsiKind::Epirb, 0};
  if (d12 == 98) return {MmsiKind::CraftAssociated, digitsFrom(mmsi, 3, 3)};
  if (d12 == 99) return {MmsiKind::AidToNavigation, digitsFrom(mmsi, 3, 3)};
  if (d1 == 8) return {MmsiKind::Handheld, digitsFrom(mmsi, 2, 3)};
  if (d1 >= 2 && d1 <= 7) return {MmsiKind::Ship, d123};
  return {};
}

std::optional<MidInfo> midInfo(std::uint32_t mid) {
  const auto* it = std::lower_bound(std::begin(kMids), std::end(kMids), mid,
                                    [](const MidInfo& m, std::uint32_t v) { return m.mid < v; });
  if (it == std::end(kMids) || it->mid != mid) return std::nullopt;
  return *it;
}

std::optional<MidInfo> lookupMid(std::uint32_t mmsi) {
  const MmsiForm form = mmsiForm(mmsi);
  if (form.mid == 0) return std::nullopt;
  return midInfo(form.mid);
}

bool plausibleShipMmsi(std::uint32_t mmsi) {
  const MmsiForm form = mmsiForm(mmsi);
  return form.kind == MmsiKind::Ship && midInfo(form.mid).has_value();
}

}  // namespace picket::cueing
