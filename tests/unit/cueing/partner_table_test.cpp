#include "cueing/partner_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace picket::cueing {
namespace {

/// A lat/lon box as a polygon.
geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

const Partner kHighSeas{"USCG-LEDET", "US Coast Guard LEDET", {}};

PartnerTable caribbean() {
  Partner dccg{"DCCG",
               "Dutch Caribbean Coast Guard",
               {{"territorial sea of Aruba", box(12.2, -70.3, 12.9, -69.6)},
                {"territorial sea of Curacao", box(11.9, -69.2, 12.5, -68.6)}}};
  Partner ven{"VEN",
              "Venezuelan Coast Guard",
              {{"territorial sea of Venezuela", box(11.0, -70.5, 12.3, -68.0)}}};
  return PartnerTable({dccg, ven}, kHighSeas);
}

TEST(PartnerTable, PositionInsideAnAreaCuesThatPartnerWithItsBasis) {
  const auto cues = caribbean().partnersAt(12.5, -70.0);
  ASSERT_EQ(cues.size(), 1u);
  EXPECT_EQ(cues[0],
            (PartnerCue{"DCCG", "Dutch Caribbean Coast Guard", "territorial sea of Aruba"}));
  // The partner's second area names its own basis.
  const auto curacao = caribbean().partnersAt(12.4, -68.9);
  ASSERT_EQ(curacao.size(), 1u);
  EXPECT_EQ(curacao[0].basis, "territorial sea of Curacao");
}

TEST(PartnerTable, PositionOutsideEveryAreaCuesTheDefaultPartnerForTheHighSeas) {
  const auto cues = caribbean().partnersAt(13.5, -70.0);
  ASSERT_EQ(cues.size(), 1u);
  EXPECT_EQ(cues[0], (PartnerCue{"USCG-LEDET", "US Coast Guard LEDET", "high seas"}));
}

TEST(PartnerTable, OverlappingAreasCueEveryClaimantInTableOrder) {
  const auto cues = caribbean().partnersAt(12.25, -69.0);  // Curacao box and Venezuela box
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_EQ(cues[0].partner_id, "DCCG");
  EXPECT_EQ(cues[1].partner_id, "VEN");
}

TEST(PartnerTable, APartnerIsNamedOnceEvenWhenTwoOfItsAreasContainThePoint) {
  Partner p{"P", "Partner", {{"first", box(0, 0, 2, 2)}, {"second", box(1, 1, 3, 3)}}};
  const auto cues = PartnerTable({p}, kHighSeas).partnersAt(1.5, 1.5);
  ASSERT_EQ(cues.size(), 1u);
  EXPECT_EQ(cues[0].basis, "first");
}

TEST(PartnerTable, WithoutADefaultPartnerTheHighSeasCueNobody) {
  EXPECT_TRUE(PartnerTable({}, Partner{}).partnersAt(0.0, 0.0).empty());
  EXPECT_TRUE(PartnerTable().partnersAt(0.0, 0.0).empty());
}

}  // namespace
}  // namespace picket::cueing
