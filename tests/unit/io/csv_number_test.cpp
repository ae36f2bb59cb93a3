// io/csv_number: reading numeric cells, and CsvLineBuilder writing the same digits as printf.
#include "io/csv_number.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace picket::io {
namespace {

std::string printfFixed(double v, int decimals) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

TEST(CsvNumber, CellsMustBeWholeFiniteNumbers) {
  EXPECT_EQ(csvDouble("12.5"), 12.5);
  EXPECT_EQ(csvDouble("-1e3"), -1000.0);
  EXPECT_FALSE(csvDouble(""));
  EXPECT_FALSE(csvDouble("12.5x"));
  EXPECT_FALSE(csvDouble("nan"));
  EXPECT_FALSE(csvDouble("inf"));
  EXPECT_FALSE(csvDouble("1e400"));
  EXPECT_EQ(csvInt("-42"), -42);
  EXPECT_FALSE(csvInt("4.2"));
  EXPECT_FALSE(csvInt("99999999999999999999"));
}

// The track and alert CSVs switched from snprintf to to_chars: their bytes must not change
// (fusion-eval and users' scripts read them; replays are compared byte for byte).
TEST(CsvLineBuilder, FixedMatchesPrintfDigits) {
  const double cases[] = {0.0, -0.0, 0.5, 1.0005, -1.0005, 2.675, 12.3456785, -79.12345675,
                          1e-9, -1e-9, 123456789.123456, 9.9999995, 1e15, -0.00049};
  for (const double v : cases) {
    for (const int decimals : {0, 1, 3, 7}) {
      CsvLineBuilder line;
      line.fixed(v, decimals);
      EXPECT_EQ(std::string(line.view()), printfFixed(v, decimals)) << v << " " << decimals;
    }
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> magnitude(-12.0, 9.0);
  std::uniform_int_distribution<int> sign(0, 1);
  for (int i = 0; i < 20000; ++i) {
    const double v = (sign(rng) != 0 ? -1.0 : 1.0) * std::pow(10.0, magnitude(rng));
    for (const int decimals : {1, 3, 7}) {
      CsvLineBuilder line;
      line.fixed(v, decimals);
      ASSERT_EQ(std::string(line.view()), printfFixed(v, decimals)) << v << " " << decimals;
    }
  }
}

TEST(CsvLineBuilder, AssemblesALineAndStopsAtItsEnd) {
  CsvLineBuilder line;
  line.fixed(1.5, 3).comma().integer(18446744073709551615ULL).comma().text("confirmed");
  EXPECT_EQ(line.view(), "1.500,18446744073709551615,confirmed");

  // Longer than the buffer: cut, never written past it.
  CsvLineBuilder full;
  const std::string chunk(100, 'x');
  for (int i = 0; i < 10; ++i) full.text(chunk);
  EXPECT_EQ(full.view().size(), 512U);
  full.fixed(1.0, 3).integer(7);  // no room: dropped
  EXPECT_EQ(full.view().size(), 512U);
}

}  // namespace
}  // namespace picket::io
