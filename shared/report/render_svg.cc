#include "shared/report/render_svg.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "shared/report/render_util.h"

namespace hromada {
namespace report_render {
namespace {

// Sizes in SVG user units (CSS pixels at 100%).
constexpr double kWidth = 940;  // the page's width inside its padding
constexpr double kPlotHeight = 180;
// A letter's width at the page's 12px, taken wide so that a label measured
// with it always fits: Cyrillic capitals and "ш" run near 9px in the
// usual sans fonts, the average near 7px.
constexpr double kCharWidth = 9;
constexpr double kRowHeight = 22;
constexpr double kLineHeight = 13;
constexpr double kMaxLabelWidth = 380;  // of a row chart's 940; longer labels wrap

std::string Num(double v) { return FormatDecimal(v, 1); }

std::string Rect(double x, double y, double w, double h) {
  return absl::StrCat("<rect class=\"bar\" x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"",
                      Num(std::max(w, 0.0)), "\" height=\"", Num(std::max(h, 0.0)), "\"></rect>");
}

// `attrs` is trusted markup (positions, anchors); `text` is escaped.
std::string Text(double x, double y, absl::string_view attrs, absl::string_view text) {
  return absl::StrCat("<text x=\"", Num(x), "\" y=\"", Num(y), "\" ", attrs, ">",
                      HtmlEscape(OneLine(text)), "</text>");
}

std::string Open(absl::string_view title, double height) {
  return absl::StrCat("<svg class=\"chart\" viewBox=\"0 0 ", Num(kWidth), " ", Num(height),
                      "\" width=\"", Num(kWidth), "\" height=\"", Num(height),
                      "\" role=\"img\" aria-label=\"", HtmlEscape(OneLine(title)), "\"><title>",
                      HtmlEscape(OneLine(title)), "</title>");
}

double Largest(const std::vector<Bar>& bars) {
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  return max;
}

int WidestLabel(const std::vector<Bar>& bars) {
  int widest = 0;
  for (const Bar& b : bars) widest = std::max(widest, DisplayWidth(b.label));
  return widest;
}

// One column's label, whole: level under it if the labels fit, else
// upright (read bottom to top); the chart is made tall enough for it.
std::string ColumnLabel(const Bar& bar, double x, double base, bool upright) {
  if (!upright) return Text(x, base + 16, "text-anchor=\"middle\"", bar.label);
  return Text(x + 4, base + 6,
              absl::StrCat("text-anchor=\"end\" transform=\"rotate(-90 ", Num(x + 4), " ",
                           Num(base + 6), ")\""),
              bar.label);
}

// `text` broken at spaces into lines of at most `columns` columns; a word
// longer than that is broken inside. Never loses a letter.
std::vector<std::string> Wrap(absl::string_view text, int columns) {
  std::vector<std::string> lines(1);
  int used = 0;
  for (absl::string_view word : absl::StrSplit(OneLine(text), ' ', absl::SkipEmpty())) {
    const int w = DisplayWidth(word);
    if (used > 0 && used + 1 + w > columns) {
      lines.emplace_back();
      used = 0;
    }
    if (used > 0) {
      lines.back() += ' ';
      ++used;
    }
    while (DisplayWidth(word) > columns - used) {  // a word wider than a line
      const std::string head = CutWidth(word, columns - used);
      if (head.empty()) break;
      lines.back() += head;
      word.remove_prefix(head.size());
      lines.emplace_back();
      used = 0;
    }
    lines.back().append(word.data(), word.size());
    used += DisplayWidth(word);
  }
  return lines;
}

// A row label right-aligned at `x`, one <tspan> per line from `y` down.
std::string WrappedLabel(double x, double y, const std::vector<std::string>& lines) {
  std::string out =
      absl::StrCat("<text x=\"", Num(x), "\" y=\"", Num(y), "\" text-anchor=\"end\">");
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StrAppend(&out, "<tspan x=\"", Num(x), "\" dy=\"", i == 0 ? "0" : Num(kLineHeight), "\">",
                    HtmlEscape(lines[i]), "</tspan>");
  }
  return out + "</text>";
}

}  // namespace

std::string ColumnChart(absl::string_view title, const std::vector<Bar>& bars) {
  if (bars.empty()) return "";
  const double step = (kWidth - 16) / bars.size();
  const int widest = WidestLabel(bars);
  const bool upright = widest * kCharWidth > step - 4;
  // Upright labels take a line's width each: with many columns, label
  // every n-th one.
  const size_t every = upright ? static_cast<size_t>(std::ceil(kLineHeight / step)) : 1;
  const double top = 18, base = top + kPlotHeight;
  const double height = base + (upright ? 12 + widest * kCharWidth : 24);
  const double max = std::max(Largest(bars), 1.0);
  std::string svg = Open(title, height);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double h = std::max(bar.value, 0.0) / max * kPlotHeight;
    const double x = 8 + i * step, mid = x + step / 2;
    absl::StrAppend(&svg, Rect(x + step * 0.15, base - h, step * 0.7, h));
    if (step >= 14) {
      absl::StrAppend(
          &svg, Text(mid, base - h - 4, "text-anchor=\"middle\" class=\"value\"", bar.value_text));
    }
    if (i % every == 0) absl::StrAppend(&svg, ColumnLabel(bar, mid, base, upright));
  }
  return absl::StrCat(svg, "<line class=\"axis\" x1=\"8\" y1=\"", Num(base), "\" x2=\"",
                      Num(kWidth - 8), "\" y2=\"", Num(base), "\"></line></svg>");
}

std::string RowChart(absl::string_view title, const std::vector<Bar>& bars, double max) {
  if (bars.empty()) return "";
  const double label_width = std::min(kMaxLabelWidth, 12 + kCharWidth * WidestLabel(bars));
  const int columns = std::max(1, static_cast<int>((label_width - 12) / kCharWidth));
  const double bar_area = std::min(kWidth - label_width - 70, 560.0);
  if (max <= 0) max = Largest(bars);
  if (max <= 0) max = 1;
  std::vector<std::vector<std::string>> labels;
  double height = 8;
  for (const Bar& bar : bars) {
    labels.push_back(Wrap(bar.label, columns));
    height += kRowHeight + (labels.back().size() - 1) * kLineHeight;
  }
  std::string svg = Open(title, height);
  double y = 4;
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double w = std::min(std::max(bar.value, 0.0) / max, 1.0) * bar_area;
    absl::StrAppend(&svg, WrappedLabel(label_width - 6, y + 14, labels[i]),
                    Rect(label_width, y + 3, w, kRowHeight - 8),
                    Text(label_width + w + 4, y + 14, "class=\"value\"", bar.value_text));
    y += kRowHeight + (labels[i].size() - 1) * kLineHeight;
  }
  return svg + "</svg>";
}

}  // namespace report_render
}  // namespace hromada
