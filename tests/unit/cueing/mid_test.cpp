#include "cueing/mid.hpp"

#include <gtest/gtest.h>

namespace picket::cueing {
namespace {

TEST(Mid, AllocatedMidsOfTheTheatre) {
  const struct {
    std::uint32_t mmsi;
    const char* iso3;
    const char* flag;
  } cases[] = {
      {366'123'456, "USA", "USA"}, {538'000'001, "MHL", "MHL"}, {730'123'456, "COL", "COL"},
      {775'123'456, "VEN", "VEN"}, {351'000'123, "PAN", "PAN"}, {244'650'001, "NLD", "NLD"},
      {372'999'999, "PAN", "PAN"}, {636'012'345, "LBR", "LBR"}, {307'001'234, "ABW", "NLD"},
      {358'123'456, "PRI", "USA"}, {306'123'456, "NLD", "NLD"}, {201'000'000, "ALB", "ALB"},
  };
  for (const auto& c : cases) {
    const auto mid = lookupMid(c.mmsi);
    ASSERT_TRUE(mid.has_value()) << c.mmsi;
    EXPECT_EQ(mid->iso3, c.iso3) << c.mmsi;
    EXPECT_EQ(mid->flag_state, c.flag) << c.mmsi;
    EXPECT_TRUE(plausibleShipMmsi(c.mmsi)) << c.mmsi;
  }
  EXPECT_EQ(lookupMid(730'123'456)->country, "Colombia");
  EXPECT_EQ(lookupMid(775'123'456)->mid, 775u);
}

TEST(Mid, UnallocatedMidsAndMalformedMmsis) {
  for (const std::uint32_t mmsi : {200'123'456U, 217'000'001U, 260'000'000U, 280'000'000U,
                                   300'000'000U, 400'000'000U, 500'000'000U, 600'000'000U,
                                   700'000'000U, 776'000'000U, 799'999'999U}) {
    EXPECT_FALSE(lookupMid(mmsi).has_value()) << mmsi;
    EXPECT_FALSE(plausibleShipMmsi(mmsi)) << mmsi;
    EXPECT_EQ(mmsiForm(mmsi).kind, MmsiKind::Ship) << mmsi;
  }
  for (const std::uint32_t mmsi : {0U, 123'456'789U, 1'000'000'000U, 4'294'967'295U, 12'345U}) {
    EXPECT_FALSE(plausibleShipMmsi(mmsi)) << mmsi;
  }
  EXPECT_EQ(mmsiForm(123'456'789).kind, MmsiKind::Invalid);
  EXPECT_EQ(mmsiForm(1'000'000'000).kind, MmsiKind::Invalid);
  EXPECT_EQ(mmsiForm(0).kind, MmsiKind::Invalid);
}

TEST(Mid, MmsiFormatsOfItuRM585) {
  EXPECT_EQ(mmsiForm(366'123'456).kind, MmsiKind::Ship);
  EXPECT_EQ(mmsiForm(36'612'345).kind, MmsiKind::GroupShip);   // 036612345
  EXPECT_EQ(mmsiForm(36'612'345).mid, 366u);
  EXPECT_EQ(mmsiForm(3'661'234).kind, MmsiKind::CoastStation);  // 003661234
  EXPECT_EQ(mmsiForm(3'661'234).mid, 366u);
  EXPECT_EQ(mmsiForm(111'366'123).kind, MmsiKind::SarAircraft);
  EXPECT_EQ(mmsiForm(111'366'123).mid, 366u);
  EXPECT_EQ(mmsiForm(836'612'345).kind, MmsiKind::Handheld);
  EXPECT_EQ(mmsiForm(970'123'456).kind, MmsiKind::Sart);
  EXPECT_EQ(mmsiForm(972'123'456).kind, MmsiKind::ManOverboard);
  EXPECT_EQ(mmsiForm(974'123'456).kind, MmsiKind::Epirb);
  EXPECT_EQ(mmsiForm(983'661'234).kind, MmsiKind::CraftAssociated);
  EXPECT_EQ(mmsiForm(993'661'234).kind, MmsiKind::AidToNavigation);
  EXPECT_EQ(mmsiForm(993'661'234).mid, 366u);
  // Stations that are not ships carry a flag but are not plausible ship MMSIs.
  EXPECT_EQ(lookupMid(993'661'234)->iso3, "USA");
  EXPECT_FALSE(plausibleShipMmsi(993'661'234));
  EXPECT_FALSE(plausibleShipMmsi(36'612'345));
  EXPECT_FALSE(lookupMid(970'123'456).has_value());
  EXPECT_STREQ(toString(MmsiKind::AidToNavigation), "aid_to_navigation");
}

TEST(Mid, TableCoversTheAllocationRange) {
  int allocated = 0;
  for (std::uint32_t mid = 100; mid < 1000; ++mid) {
    if (const auto m = midInfo(mid)) {
      ++allocated;
      EXPECT_GE(mid, 201u);
      EXPECT_LE(mid, 775u);
      EXPECT_EQ(m->iso3.size(), 3u) << mid;
      EXPECT_EQ(m->flag_state.size(), 3u) << mid;
      EXPECT_FALSE(m->country.empty()) << mid;
    }
  }
  EXPECT_EQ(allocated, 292);
}

}  // namespace
}  // namespace picket::cueing
