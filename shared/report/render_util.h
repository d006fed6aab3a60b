// Helpers the report renderers (render.cc, render_text.cc, render_html.cc)
// share: text width for aligning columns, number formats and the words
// shown next to the report's keys. Internal to shared/report.
#ifndef HROMADA_SHARED_REPORT_RENDER_UTIL_H_
#define HROMADA_SHARED_REPORT_RENDER_UTIL_H_

#include <string>

#include "absl/strings/string_view.h"
#include "shared/report/report.h"

namespace hromada {
namespace report_render {

// Terminal columns `text` takes (UTF-8): one per letter, Cyrillic or Latin,
// none for a combining mark, two for a wide (CJK) character. A byte that is
// not valid UTF-8 counts as one column.
int DisplayWidth(absl::string_view text);

// The longest start of `text` that takes at most `width` columns, cut
// between characters.
std::string CutWidth(absl::string_view text, int width);

// `text` cut to at most `width` columns, ending in "…" if it was cut.
std::string FitWidth(absl::string_view text, int width);

// `value` with at most `decimals` decimals and no trailing zeros:
// 2.0 -> "2", 0.625 -> "0.625", 1.23456 (3) -> "1.235". Not a number -> "".
std::string FormatDecimal(double value, int decimals);

// A need's score as people read it: Borda points and mean ratings as
// decimals, shares as percentages ("62.5%").
std::string FormatScore(double score, absl::string_view method);

// What a need's method means: "Borda points", "share of respondents",
// "mean", "respondents per value"; the method itself if unknown.
std::string MethodLabel(absl::string_view method);

// A heading for an initiative status, bilingual:
// "Запропоновано / proposed". The status itself if unknown.
std::string StatusLabel(absl::string_view status);

// A heading for a breakdown, bilingual: "Стать / gender".
std::string BreakdownLabel(absl::string_view name);

// `text` safe in HTML text and in a double- or single-quoted attribute:
// & < > " ' become character references.
std::string HtmlEscape(absl::string_view text);

// `text` on one line: control characters (line breaks, tabs, terminal
// escapes) become spaces.
std::string OneLine(absl::string_view text);

// "2024-01-01 – 2025-12-31", with "…" for an open end; "" if both are open.
std::string PeriodText(const ReportQuery& query);

}  // namespace report_render
}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_RENDER_UTIL_H_
