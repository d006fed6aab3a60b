#include "shared/report/render_util.h"

#include <utf8proc.h>

#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hromada {
namespace report_render {
namespace {

// Calls `visit(width, bytes)` for each character of `text` in turn.
template <typename Visit>
void ForEachChar(absl::string_view text, Visit visit) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    const int width = n > 0 ? utf8proc_charwidth(cp) : 1;
    if (n <= 0) n = 1;
    if (!visit(width, absl::string_view(reinterpret_cast<const char*>(p), n))) return;
    p += n;
    left -= n;
  }
}

std::string Lookup(const std::map<absl::string_view, absl::string_view>& words,
                   absl::string_view key) {
  const auto it = words.find(key);
  return it == words.end() ? std::string(key) : absl::StrCat(it->second, " / ", key);
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  int total = 0;
  ForEachChar(text, [&](int width, absl::string_view) {
    total += width;
    return true;
  });
  return total;
}

std::string CutWidth(absl::string_view text, int width) {
  std::string out;
  int used = 0;
  ForEachChar(text, [&](int w, absl::string_view bytes) {
    if (used + w > width) return false;
    out.append(bytes.data(), bytes.size());
    used += w;
    return true;
  });
  return out;
}

std::string FitWidth(absl::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  return CutWidth(text, width - 1) + "…";
}

std::string FormatDecimal(double value, int decimals) {
  if (std::isnan(value)) return "";
  std::string text = absl::StrFormat("%.*f", decimals, value);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string FormatScore(double score, absl::string_view method) {
  if (method == "share") return absl::StrCat(FormatDecimal(score * 100, 1), "%");
  return FormatDecimal(score, 2);
}

std::string MethodLabel(absl::string_view method) {
  static const auto* const kWords =
      new std::map<absl::string_view, absl::string_view>{{"borda", "Borda points"},
                                                         {"share", "share of respondents"},
                                                         {"mean", "mean"},
                                                         {"count", "respondents per value"}};
  const auto it = kWords->find(method);
  return it == kWords->end() ? std::string(method) : std::string(it->second);
}

std::string StatusLabel(absl::string_view status) {
  static const auto* const kWords = new std::map<absl::string_view, absl::string_view>{
      {"proposed", "Запропоновано"},          {"prioritised", "Пріоритизовано"},
      {"under_consideration", "На розгляді"}, {"awaiting_funding", "Очікує фінансування"},
      {"funded", "Профінансовано"},           {"in_progress", "Виконується"},
      {"implemented", "Реалізовано"},         {"rejected", "Відхилено"}};
  return Lookup(*kWords, status);
}

std::string BreakdownLabel(absl::string_view name) {
  static const auto* const kWords =
      new std::map<absl::string_view, absl::string_view>{{"organisation_kind", "Тип організації"},
                                                         {"gender", "Стать"},
                                                         {"idp", "ВПО"},
                                                         {"veteran", "Ветерани"}};
  return Lookup(*kWords, name);
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string OneLine(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string PeriodText(const ReportQuery& query) {
  if (query.from.empty() && query.to.empty()) return "";
  return absl::StrCat(query.from.empty() ? "…" : query.from, " – ",
                      query.to.empty() ? "…" : query.to);
}

}  // namespace report_render
}  // namespace hromada
