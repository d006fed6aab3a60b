#include "shared/report/render_svg.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "shared/report/render_util.h"

namespace hromada {
namespace report_render {
namespace {

// Sizes in SVG user units (CSS pixels at 100%).
constexpr double kWidth = 940;  // the page's width inside its padding
constexpr double kPlotHeight = 180;
constexpr double kCharWidth = 7;  // an average letter at the page's 12px
constexpr double kRowHeight = 22;
constexpr int kUprightLabel = 14;  // letters under a column, when upright
constexpr double kLineHeight = 13;

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

// One column's label: level under it if the labels fit, else upright
// (read bottom to top), cut to fit under the plot.
std::string ColumnLabel(const Bar& bar, double x, double base, bool upright) {
  if (!upright) return Text(x, base + 16, "text-anchor=\"middle\"", bar.label);
  return Text(x + 4, base + 6,
              absl::StrCat("text-anchor=\"end\" transform=\"rotate(-90 ", Num(x + 4), " ",
                           Num(base + 6), ")\""),
              FitWidth(bar.label, kUprightLabel));
}

}  // namespace

std::string ColumnChart(absl::string_view title, const std::vector<Bar>& bars) {
  if (bars.empty()) return "";
  const double step = (kWidth - 16) / bars.size();
  const bool upright = WidestLabel(bars) * kCharWidth > step - 4;
  // Upright labels take a line's width each: with many columns, label
  // every n-th one.
  const size_t every = upright ? static_cast<size_t>(std::ceil(kLineHeight / step)) : 1;
  const double top = 18, base = top + kPlotHeight;
  const double height = base + (upright ? 12 + kUprightLabel * kCharWidth : 24);
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
  const double label_width = std::min(280.0, 12 + kCharWidth * std::min(WidestLabel(bars), 40));
  const double bar_area = std::min(kWidth - label_width - 70, 560.0);
  if (max <= 0) max = Largest(bars);
  if (max <= 0) max = 1;
  std::string svg = Open(title, bars.size() * kRowHeight + 8);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double y = 4 + i * kRowHeight;
    const double w = std::min(std::max(bar.value, 0.0) / max, 1.0) * bar_area;
    absl::StrAppend(&svg,
                    Text(label_width - 6, y + 14, "text-anchor=\"end\"",
                         FitWidth(bar.label, static_cast<int>(label_width / kCharWidth))),
                    Rect(label_width, y + 3, w, kRowHeight - 8),
                    Text(label_width + w + 4, y + 14, "class=\"value\"", bar.value_text));
  }
  return svg + "</svg>";
}

}  // namespace report_render
}  // namespace hromada
