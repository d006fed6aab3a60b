// Text normalisation and search keys (shared/base/text.h).
#include "shared/base/text.h"

#include <gtest/gtest.h>

namespace hromada {
namespace {

TEST(TransliterateUkTest, TheSixCommunitiesGetTheirOfficialLatinNames) {
  EXPECT_EQ(TransliterateUk("Станіслав"), "Stanislav");
  EXPECT_EQ(TransliterateUk("Білозерка"), "Bilozerka");
  EXPECT_EQ(TransliterateUk("Чорнобаївка"), "Chornobaivka");
  EXPECT_EQ(TransliterateUk("Кочубеївка"), "Kochubeivka");
  EXPECT_EQ(TransliterateUk("Високопілля"), "Vysokopillia");
  EXPECT_EQ(TransliterateUk("Нововоронцовка"), "Novovorontsovka");
}

TEST(TransliterateUkTest, WordInitialFormsZghApostropheAndSoftSign) {
  EXPECT_EQ(TransliterateUk("Єлизавета"), "Yelyzaveta");
  EXPECT_EQ(TransliterateUk("Їжакевич"), "Yizhakevych");
  EXPECT_EQ(TransliterateUk("Йосипівка"), "Yosypivka");
  EXPECT_EQ(TransliterateUk("Юрій"), "Yurii");
  EXPECT_EQ(TransliterateUk("Яготин"), "Yahotyn");
  EXPECT_EQ(TransliterateUk("Згурівка"), "Zghurivka");
  EXPECT_EQ(TransliterateUk("Знам'янка"), "Znamianka");
  EXPECT_EQ(TransliterateUk("Львів"), "Lviv");
  EXPECT_EQ(TransliterateUk("Олена Петренко-Яценко"), "Olena Petrenko-Yatsenko");
  EXPECT_EQ(TransliterateUk("Щастя"), "Shchastia");
}

TEST(TransliterateUkTest, LatinAndDigitsPassThrough) {
  EXPECT_EQ(TransliterateUk("NGO 42"), "NGO 42");
}

TEST(NormalizeTextTest, TrimsAndComposes) {
  // и + combining breve is й.
  EXPECT_EQ(*NormalizeText("  \xd0\xb8\xcc\x86  "), "й");
  EXPECT_EQ(*NormalizeText("\tОлена Петренко\n"), "Олена Петренко");
  EXPECT_EQ(*NormalizeText("   "), "");
  EXPECT_FALSE(NormalizeText(std::string("\xff", 1)).ok());
}

TEST(SearchKeyTest, OneKeyForBothScriptsAndAnyCase) {
  EXPECT_EQ(SearchKey("ОЛЕНА"), "olena");
  EXPECT_EQ(SearchKey("Олена"), SearchKey("olena"));
  EXPECT_EQ(FoldCase("ЧОРНОБАЇВКА"), "чорнобаївка");
  EXPECT_NE(SearchKey("Петренко Олена").find(SearchKey("олена")), std::string::npos);
}

// Issue 19 item 10: `persons find марія` finds "Maria".
TEST(SearchKeyTest, TheWaysOfWritingIaMeet) {
  for (const char* maria : {"Maria", "Mariia", "Mariya", "Marija", "Мария", "МАРІЯ"}) {
    EXPECT_EQ(SearchKey(maria), SearchKey("Марія")) << maria;
  }
  EXPECT_EQ(SearchKey("Yulia"), SearchKey("Юлія"));
  EXPECT_EQ(SearchKey("Vysokopillia"), SearchKey("Високопілля"));
  EXPECT_NE(SearchKey("Юлія"), SearchKey("Улія")) << "a run at a word's start stays";
  EXPECT_NE(SearchKey("Андрій"), SearchKey("Андр")) << "no vowel after: stays";
  EXPECT_EQ(SearchKey("Андрій"), "andrii");
}

TEST(TextTest, SearchKeyReadsIso9AndScholarlyLatinAsTheOfficialSpelling) {
  EXPECT_EQ(SearchKey("Ščerbak"), SearchKey("Щербак"));
  EXPECT_EQ(SearchKey("ŠČERBAK"), "shcherbak");
  EXPECT_EQ(SearchKey("Ŝerbak"), "shcherbak");
  EXPECT_EQ(SearchKey("Žuk"), SearchKey("Жук"));
  EXPECT_EQ(SearchKey("Kovalʹčuk"), SearchKey("Ковальчук"));
  EXPECT_EQ(SearchKey("Ûrčenko"), SearchKey("Юрченко"));
  EXPECT_EQ(SearchKey("Kalûžnij"), "kaliuzhnij");  // ISO 9 й stays j
  EXPECT_EQ(SearchKey("Êvtušenko"), SearchKey("Євтушенко"));
}

TEST(TextTest, SearchKeyReadsRussianOnlyLettersAsUkrainianSpelling) {
  EXPECT_EQ(SearchKey("Мартынюк"), SearchKey("Martyniuk"));
  EXPECT_EQ(SearchKey("Ковалёва"), SearchKey("Ковальова"));
  EXPECT_EQ(SearchKey("Эдуард"), SearchKey("Едуард"));
  EXPECT_EQ(SearchKey("Подъячев"), "podiachev");
}

// Field staff type a name with extra spaces, or with a Latin letter that
// looks like the Cyrillic one (a Latin C in "Сергій"): it is the same name.
TEST(SearchKeyTest, SpacesAsTypedAreOneSpace) {
  EXPECT_EQ(SearchKey("  Кирило   Шевченко \t"), SearchKey("Кирило Шевченко"));
  EXPECT_EQ(SearchKey("Кирило\xc2\xa0Шевченко"), "kyrylo shevchenko");  // NBSP
}

TEST(SearchKeyTest, LookalikeLettersOfTheOtherScriptAreRead) {
  // Latin C, p, i, o, e, a, x, y, H, B in Cyrillic words.
  EXPECT_EQ(SearchKey("Cергій Пpиходько"), SearchKey("Сергій Приходько"));
  EXPECT_EQ(SearchKey("Oлiйник"), SearchKey("Олійник"));
  EXPECT_EQ(SearchKey("Xapкiв"), SearchKey("Харків"));
  EXPECT_EQ(SearchKey("Bасиль Tкачyк"), SearchKey("Василь Ткачук"));
  EXPECT_EQ(SearchKey("Hадія"), SearchKey("Надія"));
  // Cyrillic р, с, у, х in Latin words.
  EXPECT_EQ(SearchKey("\xd0\xa0"
                      "etrenko"),
            "petrenko");                                            // Р
  EXPECT_EQ(SearchKey("Oksana Tka\xd1\x81huk"), "oksana tkachuk");  // с
  // Words wholly in one script are read as they are.
  EXPECT_EQ(SearchKey("Cherry"), "cherry");
  EXPECT_EQ(SearchKey("Сосна"), "sosna");
  // Letters only one script has, on both sides: left as typed.
  EXPECT_EQ(SearchKey("Шwarц"), "shwarts");
}

TEST(ShownTextTest, ValidUtf8AndCut) {
  EXPECT_EQ(ShownText("Олена", 100), "Олена");
  EXPECT_EQ(ShownText("a\xff\xfe"
                      "b",
                      100),
            "a\uFFFD\uFFFD"
            "b");
  EXPECT_EQ(ShownText("Олена", 5), "Ол\u2026");  // not half a letter
  EXPECT_EQ(ShownText(std::string(100000, 'a'), 10), "aaaaaaaaaa\u2026");
}

}  // namespace

}  // namespace hromada
