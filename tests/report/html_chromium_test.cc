// The HTML report as a browser shows it: a hand-built Report is rendered
// to a file, opened in headless Chromium, and the figures in the rendered
// DOM must be the Report's. Fails (does not skip) without a browser: CI
// installs chromium through scripts/setup.sh.
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "shared/report/render.h"
#include "tests/report/report_figures.h"
#include "tests/report/sample_report.h"
#include "tests/support/chromium.h"
#include "tests/support/temp_dir.h"

namespace hromada {
namespace {

// Writes `report` as HTML and returns the DOM Chromium rendered from it.
std::string BrowserDom(const Report& report, const test::TempDir& dir) {
  const std::string path = dir.Path("report.html");
  std::ofstream(path, std::ios::binary) << RenderHtml(report);
  absl::StatusOr<std::string> dom = test::RenderedDom(path);
  EXPECT_TRUE(dom.ok()) << dom.status();
  return dom.ok() ? *dom : "";
}

class HtmlChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::ChromiumAvailable())
        << "no browser at " << test::ChromiumPath()
        << ": this test needs headless Chromium; install it with scripts/setup.sh "
           "(apt-get install chromium) or point HROMADA_CHROMIUM at one";
  }
  test::TempDir dir_{"hromada-html"};
};

TEST_F(HtmlChromiumTest, RenderedFiguresAreTheReports) {
  const Report report = test::SampleReport();
  const std::string dom = BrowserDom(report, dir_);
  ASSERT_FALSE(dom.empty());
  const std::map<std::string, std::string> shown = test::DataFigures(dom);
  EXPECT_EQ(shown.at("meetings"), "54");
  EXPECT_EQ(shown.at("community:" + std::string(test::kAwkwardLatin) + ":attendances"), "1205");
  const std::vector<std::string> problems =
      test::FigureProblems(test::ExpectedFigures(report), shown);
  EXPECT_TRUE(problems.empty()) << absl::StrJoin(problems, "\n");
}

TEST_F(HtmlChromiumTest, TextArrivesAsWrittenAndChartsAreSvg) {
  const std::string dom = BrowserDom(test::SampleReport(), dir_);
  ASSERT_FALSE(dom.empty());
  // The browser parsed the escaped names back to text, not markup: it
  // serializes them escaped again, and made no element of them.
  EXPECT_NE(dom.find("Chornobaivka &quot;&lt;Nova&gt;&quot;, &amp; Co"), std::string::npos);
  EXPECT_EQ(dom.find("<nova>"), std::string::npos);
  EXPECT_EQ(dom.find("<питна>"), std::string::npos);
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  EXPECT_NE(dom.find("<rect"), std::string::npos);
  EXPECT_NE(dom.find("Нововоронцовка"), std::string::npos);
}

TEST_F(HtmlChromiumTest, AnEmptyReportStillShowsTheHeadline) {
  Report empty;
  empty.scope = "Станіслав";
  const std::string dom = BrowserDom(empty, dir_);
  ASSERT_FALSE(dom.empty());
  const std::vector<std::string> problems =
      test::FigureProblems(test::ExpectedFigures(empty), test::DataFigures(dom));
  EXPECT_TRUE(problems.empty()) << absl::StrJoin(problems, "\n");
}

// Issue 13: the page shows the words people use, and no chart label runs
// out of its chart. The report has no scripts; the test appends one that
// measures every SVG text as laid out and writes what it found into the
// DOM, where --dump-dom brings it back.
TEST_F(HtmlChromiumTest, ChartsShowLabelsWholeAndNotCodes) {
  Report report = test::SampleReport();
  const std::string longest =
      "Відновлення водопостачання та каналізації у старій частині села біля ставка";
  report.needs[1].ranked.push_back({"water_works", longest, 0.25, 24});
  std::string html = RenderHtml(report);
  const std::string script = R"(<script>
    let clipped = [], texts = 0;
    for (const svg of document.querySelectorAll('svg.chart')) {
      const box = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll('text')) {
        ++texts;
        const r = t.getBoundingClientRect();
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
            r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
          clipped.push(t.textContent);
        }
      }
    }
    const out = document.createElement('div');
    out.innerHTML = '<p data-figure="texts"></p><p data-figure="clipped"></p>' +
                    '<p data-figure="clipped_list"></p>';
    out.children[0].textContent = String(texts);
    out.children[1].textContent = String(clipped.length);
    out.children[2].textContent = clipped.join(' | ');
    document.body.appendChild(out);
  </script>)";
  html.insert(html.rfind("</body>"), script);
  const std::string path = dir_.Path("measured.html");
  std::ofstream(path, std::ios::binary) << html;
  absl::StatusOr<std::string> dom = test::RenderedDom(path);
  ASSERT_TRUE(dom.ok()) << dom.status();
  const std::map<std::string, std::string> f = test::DataFigures(*dom);
  ASSERT_EQ(f.count("clipped"), 1u) << "the measuring script did not run";
  EXPECT_GT(std::stoi(f.at("texts")), 20);
  EXPECT_EQ(f.at("clipped"), "0") << f.at("clipped_list");
  // The long label arrives whole (wrapped over lines, not cut).
  for (absl::string_view w : absl::StrSplit(longest, ' ')) {
    EXPECT_NE(dom->find(std::string(w)), std::string::npos) << w;
  }
  EXPECT_EQ(dom->find("…"), std::string::npos);
  for (const char* label : {"Жінки", "Громадська організація", "Цивільно-військова співпраця",
                            "Змішано", "Очікує фінансування"}) {
    EXPECT_NE(dom->find(label), std::string::npos) << label;
  }
  for (const char* code :
       {">female<", ">ngo<", ">civil_military<", ">hybrid<", ">awaiting_funding<"}) {
    EXPECT_EQ(dom->find(code), std::string::npos) << code;
  }
}

// The DOM reader alone, on markup shaped like a browser's serialization.
TEST(DataFiguresTest, ReadsNestedTextReferencesAndBareOrSingleQuotedAttributes) {
  const std::string dom =
      "<!DOCTYPE html><html><head><style>td>b{}</style><title>a<b</title></head><body>"
      "<!-- <td data-figure=\"comment\">9</td> -->"
      "<td class=\"num\" data-figure=\"community:A &quot;&lt;b&gt;&quot;, &amp; c:meetings\">"
      "\n  1<b>2</b><br>3 </td>"
      "<div data-figure='single'><div><span>4</span></div>&#52;&#x35;&nbsp;x</div>"
      "<p data-figure=bare>Зустрічі&amp;</p><img data-figure=\"void\">"
      "<svg><rect data-figure=\"rect\"></rect><circle data-figure=\"closed\"/></svg>"
      "<span data-figure=\"single\">second</span><i data-figure=\"outer\">o<b "
      "data-figure=\"inner\">7</b></i></body></html>";
  const std::map<std::string, std::string> f = test::DataFigures(dom);
  EXPECT_EQ(f.at("community:A \"<b>\", & c:meetings"), "123");
  EXPECT_EQ(f.at("single"), "445\xC2\xA0x");  // the first of two keeps
  EXPECT_EQ(f.at("bare"), "Зустрічі&");
  EXPECT_EQ(f.at("void"), "");
  EXPECT_EQ(f.at("rect"), "");
  EXPECT_EQ(f.at("closed"), "");
  EXPECT_EQ(f.at("outer"), "o7");
  EXPECT_EQ(f.at("inner"), "7");
  EXPECT_EQ(f.count("comment"), 0u);
  EXPECT_EQ(f.size(), 8u);
}

}  // namespace
}  // namespace hromada
