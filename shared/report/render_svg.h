// Bar charts drawn as inline SVG for the HTML report (render_html.cc). The
// charts are pictures of numbers the page also shows in tables, so they
// carry no data-figure attributes. Internal to shared/report.
#ifndef HROMADA_SHARED_REPORT_RENDER_SVG_H_
#define HROMADA_SHARED_REPORT_RENDER_SVG_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {
namespace report_render {

struct Bar {
  std::string label;       // plain text; escaped when drawn, cut if long
  double value = 0;        // bar length; negative draws as 0
  std::string value_text;  // shown at the bar's end
};

// Upright bars left to right (attendance per meeting or per community,
// initiatives per status), labels under them. `title` (plain text) names
// the chart for screen readers. "" if `bars` is empty.
std::string ColumnChart(absl::string_view title, const std::vector<Bar>& bars);

// One horizontal bar per row, label on the left (breakdowns, needs). Bars
// are scaled so that `max` fills the width (0: the largest value does).
std::string RowChart(absl::string_view title, const std::vector<Bar>& bars, double max = 0);

}  // namespace report_render
}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_RENDER_SVG_H_
