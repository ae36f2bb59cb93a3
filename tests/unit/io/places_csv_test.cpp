#include "io/places_csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include "geo/land_mask.hpp"
#include "geo/place_index.hpp"

namespace picket::io {
namespace {

using ::testing::HasSubstr;

const std::string kGeoDir = PICKET_SOURCE_DIR "/config/geo/";

std::string portsError(const std::string& text) {
  std::istringstream in(text);
  try {
    readPortsCsv(in, "ports.csv");
  } catch (const PlacesCsvError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

std::string placesError(const std::string& text) {
  std::istringstream in(text);
  try {
    readPlacesCsv(in, "places.csv");
  } catch (const PlacesCsvError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

TEST(PortsCsv, ReadsIdsNamesPositionsAndCountries) {
  std::istringstream in(
      "wpi_number,name,unlocode,country,lat,lon,extra\n"
      "123,Alpha,XX AAA,Colombia,10.5,-75.5,x\n"
      "\n"
      ",\"Beta, the second\",XX BBB,,-1.25,-80,y\r\n");
  const auto ports = readPortsCsv(in, "ports.csv");
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0], (geo::NamedPlace{"123", "Alpha", "port", {10.5, -75.5, 0.0}, "Colombia"}));
  EXPECT_EQ(ports[1].id, "XX BBB");  // no WPI number: the UN/LOCODE
  EXPECT_EQ(ports[1].name, "Beta, the second");
  EXPECT_EQ(ports[1].country, "");
  EXPECT_EQ(ports[1].position.lon_deg, -80.0);
}

TEST(PortsCsv, RepeatedWpiNumbersAreKept) {
  // As in NGA's own file (9510: Progreso and Puerto Progreso, 7 km apart).
  std::istringstream in(
      "wpi_number,name,lat,lon\n9510,Progreso,21.28,-89.67\n9510,Puerto Progreso,21.35,-89.68\n");
  const auto ports = readPortsCsv(in, "ports.csv");
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0].id, ports[1].id);
}

TEST(PortsCsv, BadInputIsAnErrorWithFileAndLine) {
  EXPECT_THAT(portsError(""), HasSubstr("ports.csv:0: no header row"));
  EXPECT_THAT(portsError("name,lat,lon\n"), HasSubstr("missing column 'wpi_number' or 'unlocode'"));
  EXPECT_THAT(portsError("wpi_number,name,lat\n"), HasSubstr("missing column 'lon'"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lat,lon\n"), HasSubstr("duplicate column 'lat'"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lon\n1,A,10,-80\n2,B,x,-80\n"),
              HasSubstr("ports.csv:3: lat 'x' is not a number"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lon\n1,A,10,-80,5\n"),
              HasSubstr("ports.csv:2: 5 fields, the header has 4"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lon\n1,A,91,-80\n"),
              HasSubstr("lat 91 outside [-90, 90]"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lon\n1,A,nan,-80\n"), HasSubstr("lat nan outside"));
  EXPECT_THAT(portsError("wpi_number,unlocode,name,lat,lon\n,,A,10,-80\n"),
              HasSubstr("neither a WPI number nor a UN/LOCODE"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lon\n1,\"A,10,-80\n"),
              HasSubstr("unterminated quote"));
  EXPECT_THAT(portsError("wpi_number,name,lat,lon\n1,,10,-80\n"), HasSubstr("empty name"));
}

TEST(PlacesCsv, ReadsAndRefuses) {
  std::istringstream in(
      "id,name,kind,lat,lon,note\nkw,Key West,port,24.55,-81.8,\"a \"\"quoted\"\" note\"\n");
  const auto places = readPlacesCsv(in, "places.csv");
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0], (geo::NamedPlace{"kw", "Key West", "port", {24.55, -81.8, 0.0}, ""}));
  EXPECT_THAT(placesError("id,name,lat,lon\n"), HasSubstr("missing column 'kind'"));
  EXPECT_THAT(placesError("id,name,kind,lat,lon\n,A,port,1,2\n"),
              HasSubstr("places.csv:2: empty id"));
  EXPECT_THAT(placesError("id,name,kind,lat,lon\na,A,,1,2\n"), HasSubstr("empty kind"));
  EXPECT_THAT(placesError("id,name,kind,lat,lon\na,A,port,1,2e3\n"),
              HasSubstr("lon 2e3 outside [-180, 180]"));
  EXPECT_THAT(placesError("id,name,kind,lat,lon\na,A,port,1,2\nb,B,port,1,2\na,C,port,1,2\n"),
              HasSubstr("places.csv:4: duplicate id 'a'"));
}

TEST(GeoPlaces, ShippedPortsAndPlacesRead) {
  const auto ports = readPortsCsv(kGeoDir + "wpi_ports_clip.csv");
  const auto places = readPlacesCsv(kGeoDir + "notable_places.csv");
  EXPECT_EQ(ports.size(), 376u);
  EXPECT_EQ(places.size(), 28u);
  std::set<std::string> countries;
  for (const auto& p : ports) {
    EXPECT_EQ(p.kind, "port");
    EXPECT_TRUE(geo::kTheatreBox.contains(p.position.lat_deg, p.position.lon_deg)) << p;
    countries.insert(p.country);
  }
  EXPECT_TRUE(countries.count("Colombia"));
  const auto canal = std::find_if(places.begin(), places.end(),
                                  [](const auto& p) { return p.id == "panama_atlantic_entrance"; });
  ASSERT_NE(canal, places.end());
  EXPECT_EQ(canal->kind, "canal_entrance");
  EXPECT_EQ(canal->position.lat_deg, 9.385);
  EXPECT_EQ(canal->position.lon_deg, -79.918);
  EXPECT_THROW(readPortsCsv(kGeoDir + "missing.csv"), PlacesCsvError);
}

TEST(GeoPlaces, NearestPortOnTheRealIndex) {
  const geo::PlaceIndex ports(readPortsCsv(kGeoDir + "wpi_ports_clip.csv"));
  // North of Cartagena's old town: Cartagena (El Bosque and Mamonal are further into the bay).
  const auto hit = ports.nearest(10.45, -75.56, 50'000.0);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(ports.place(*hit).name, "Cartagena");
  EXPECT_EQ(ports.place(*hit).country, "Colombia");
  EXPECT_LT(hit->distance_m, 10'000.0);
  // Mid-Pacific, 1000 km from anything: none within 100 km.
  EXPECT_FALSE(ports.nearest(5.0, -110.0, 100'000.0).has_value());
  // "Distance from a port >= 10 km": the canal's Atlantic entrance is within 10 km of Cristobal.
  const auto canal = ports.nearest(9.385, -79.918, 10'000.0);
  ASSERT_TRUE(canal.has_value());
  EXPECT_THAT(ports.place(*canal).name, HasSubstr("Crist"));
}

}  // namespace
}  // namespace picket::io
