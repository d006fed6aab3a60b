#include "client/ui/catalogue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "client/ui/assets.h"

namespace hromada::ui {
namespace {

// Every t('key') the page's files write is in the catalogue, in both
// languages (a phrase missing would show as its key).
TEST(CatalogueTest, HasEveryKeyThePageUses) {
  size_t count = 0;
  const Asset* assets = AllAssets(&count);
  const std::regex call(R"(\bt\('([a-z_.]+)')");
  int keys = 0;
  for (size_t i = 0; i < count; ++i) {
    const std::string text(reinterpret_cast<const char*>(assets[i].bytes), assets[i].size);
    for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
      EXPECT_TRUE(HasPhrase((*it)[1].str())) << assets[i].path << ": " << (*it)[1];
      ++keys;
    }
  }
  EXPECT_GT(keys, 100);
  for (const char* phase : {"handshake", "push", "pull", "attachments", "done"}) {
    EXPECT_TRUE(HasPhrase(std::string("sync.phase.") + phase));
  }
}

TEST(CatalogueTest, ChoicesAreWordsNotCodes) {
  const nlohmann::json uk = CatalogueJson(Lang::kUk);
  const nlohmann::json en = CatalogueJson(Lang::kEn);
  EXPECT_EQ(uk["messages"]["nav.persons"], "Учасники");
  EXPECT_EQ(en["messages"]["nav.persons"], "People");
  for (const auto& [field, list] : uk["choices"].items()) {
    for (const auto& choice : list) {
      EXPECT_NE(choice["label"], choice["code"]) << field;
    }
  }
  EXPECT_EQ(uk["choices"]["person.gender"][0]["code"], "female");
}

// A library's or server's failure is told in the page's language by what
// to do; its English sentence stays only as a coordinator's detail.
TEST(CatalogueTest, ExplainsFailuresByWhatToDo) {
  const std::string no_link =
      Explain(absl::UnavailableError("connect to 10.0.0.1:7443 failed"), Lang::kUk);
  EXPECT_THAT(no_link, ::testing::HasSubstr("Немає зв'язку з сервером"));
  EXPECT_THAT(no_link, ::testing::Not(::testing::HasSubstr("10.0.0.1")));
  const std::string revoked =
      Explain(absl::UnauthenticatedError("device revoked on 2024-05-01"), Lang::kUk);
  EXPECT_THAT(revoked, ::testing::HasSubstr("Зверніться до координатора"));
  EXPECT_THAT(revoked, ::testing::HasSubstr("(Для координатора: device revoked on 2024-05-01)"));
  EXPECT_THAT(Explain(absl::InternalError("x"), Lang::kEn), ::testing::StartsWith("Something"));
}

// The first load: the page, its style, the shell's scripts, the unlock
// and home screens (the others load when first shown) and the catalogue,
// under 100 KB. tests/browser/speed.bench.mjs measures it in Chromium.
TEST(AssetsTest, TheFirstLoadIsSmall) {
  size_t count = 0;
  const Asset* assets = AllAssets(&count);
  size_t total = CatalogueJson(Lang::kUk).dump().size();
  for (size_t i = 0; i < count; ++i) {
    const std::string path = assets[i].path;
    const bool later = path.rfind("/screens/", 0) == 0 && path != "/screens/unlock.js" &&
                       path != "/screens/home.js";
    if (!later) total += assets[i].size;
  }
  EXPECT_LT(total, 100u * 1024);
  ASSERT_NE(FindAsset("/"), nullptr);
  EXPECT_STREQ(FindAsset("/")->content_type, "text/html; charset=utf-8");
  EXPECT_STREQ(FindAsset("/screens/roster.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(FindAsset("/../etc/passwd"), nullptr);
}

}  // namespace
}  // namespace hromada::ui
