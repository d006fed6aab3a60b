// Community names as they are typed: the six communities of the Kherson
// network, and the spellings the network's own publications use for them
// (docs/design.md), in both scripts. Written before MatchPlaceName was tuned.
#include "shared/base/place_names.h"

#include <gtest/gtest.h>

namespace hromada {
namespace {

const std::vector<std::vector<std::string>> kNetwork = {
    {"Stanislav", "Станіслав"},      {"Bilozerka", "Білозерка"},
    {"Chornobaivka", "Чорнобаївка"}, {"Kochubeivka", "Кочубеївка"},
    {"Vysokopillia", "Високопілля"}, {"Novovorontsovka", "Нововоронцовка"}};

std::vector<size_t> Match(const std::string& typed) { return MatchPlaceName(typed, kNetwork); }

TEST(PlaceNamesTest, OfficialNamesInEitherScriptAndAnyCase) {
  EXPECT_EQ(Match("Stanislav"), std::vector<size_t>{0});
  EXPECT_EQ(Match("BILOZERKA"), std::vector<size_t>{1});
  EXPECT_EQ(Match("чорнобаївка"), std::vector<size_t>{2});
  EXPECT_EQ(Match("  Кочубеївка "), std::vector<size_t>{3});
}

TEST(PlaceNamesTest, SpellingsFromTheNetworksOwnPublications) {
  EXPECT_EQ(Match("Chornobaiivka"), std::vector<size_t>{2});
  EXPECT_EQ(Match("Visokopillia"), std::vector<size_t>{4});
  EXPECT_EQ(Match("Novovorontsovsk"), std::vector<size_t>{5});
  EXPECT_EQ(Match("Vysokopillya"), std::vector<size_t>{4});
  EXPECT_EQ(Match("Kochubeyivka"), std::vector<size_t>{3});
  EXPECT_EQ(Match("Chernobaevka"), std::vector<size_t>{2}) << "Russian-style spelling";
  EXPECT_EQ(Match("Білозерки"), std::vector<size_t>{1}) << "another case ending";
  EXPECT_EQ(Match("Станислав"), std::vector<size_t>{0}) << "Russian letters";
}

TEST(PlaceNamesTest, SomethingElseIsNotGuessed) {
  EXPECT_TRUE(Match("Kherson").empty());
  EXPECT_TRUE(Match("Oleshky").empty());
  EXPECT_TRUE(Match("").empty());
  EXPECT_TRUE(Match("Bila").empty()) << "too short and too far for a typo";
  EXPECT_TRUE(Match("Stan").empty());
}

TEST(PlaceNamesTest, TwoEquallyNearPlacesAreBothReturned) {
  const std::vector<std::vector<std::string>> two = {{"Novoraisk"}, {"Novoraiske"}};
  EXPECT_EQ(MatchPlaceName("Novoraisk", two), std::vector<size_t>{0}) << "exact wins";
  EXPECT_EQ(MatchPlaceName("Novoraisky", two).size(), 2u);
}

}  // namespace
}  // namespace hromada
