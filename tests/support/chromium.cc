#include "tests/support/chromium.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/support/run_tool.h"
#include "tests/support/temp_dir.h"

namespace hromada {
namespace test {
namespace {

// "file://" + the absolute path, bytes outside the URL-safe set escaped.
std::string FileUrl(const std::string& absolute_path) {
  std::string url = "file://";
  for (unsigned char c : absolute_path) {
    if (absl::ascii_isalnum(c) || absl::StrContains("/-._~", c)) {
      url += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&url, "%%%02X", c);
    }
  }
  return url;
}

// The last `n` bytes of `text`: the end of a long log is what explains it.
std::string Tail(const std::string& text, size_t n = 2000) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

// ---- Reading serialized HTML ---------------------------------------------

struct Tag {
  std::string name;  // lower case; "" for a comment, doctype or stray '<'
  bool closing = false;
  bool self_closing = false;
  std::optional<std::string> figure;  // the data-figure attribute, decoded
  size_t end = 0;                     // just past the tag
};

bool IsVoid(absl::string_view name) {
  static constexpr absl::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                                "hr",    "img",    "input", "link", "meta",
                                                "param", "source", "track", "wbr"};
  for (absl::string_view v : kVoid) {
    if (name == v) return true;
  }
  return false;
}

// Elements whose content is text, not markup.
bool IsRawText(absl::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title";
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the character references a serializer writes: &amp; &lt; &gt;
// &quot; &apos; &nbsp; and numeric ones. Others stay as they are.
std::string Decode(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t semi = text[i] == '&' ? text.find(';', i) : absl::string_view::npos;
    if (semi == absl::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    const absl::string_view ref = text.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (ref == "amp")
      cp = '&';
    else if (ref == "lt")
      cp = '<';
    else if (ref == "gt")
      cp = '>';
    else if (ref == "quot")
      cp = '"';
    else if (ref == "apos")
      cp = '\'';
    else if (ref == "nbsp")
      cp = 0xA0;
    else if (absl::StartsWith(ref, "#x") || absl::StartsWith(ref, "#X")) {
      if (!absl::SimpleHexAtoi(ref.substr(2), &cp)) cp = 0;
    } else if (absl::StartsWith(ref, "#")) {
      if (!absl::SimpleAtoi(ref.substr(1), &cp)) cp = 0;
    }
    if (cp == 0 || cp > 0x10FFFF) {
      out += text[i];
      continue;
    }
    AppendUtf8(cp, &out);
    i = semi;
  }
  return out;
}

// Reads the attributes of a start tag from `pos` (after its name) to its
// end, keeping data-figure's value.
void ReadAttributes(const std::string& dom, size_t pos, Tag* tag) {
  while (pos < dom.size()) {
    pos = dom.find_first_not_of(" \t\r\n\f", pos);
    if (pos == std::string::npos) break;
    if (dom[pos] == '>') return void(tag->end = pos + 1);
    if (dom.compare(pos, 2, "/>") == 0) {
      tag->self_closing = true;
      return void(tag->end = pos + 2);
    }
    const size_t name_end = dom.find_first_of(" \t\r\n\f=>/", pos + 1);
    if (name_end == std::string::npos) break;
    const std::string name = absl::AsciiStrToLower(dom.substr(pos, name_end - pos));
    pos = name_end;
    if (dom[pos] != '=') continue;
    size_t value_start = pos + 1, value_end;
    if (value_start < dom.size() && (dom[value_start] == '"' || dom[value_start] == '\'')) {
      value_end = dom.find(dom[value_start], value_start + 1);
      if (value_end == std::string::npos) break;
      pos = value_end + 1;
      ++value_start;
    } else {
      value_end = std::min(dom.find_first_of(" \t\r\n\f>", value_start), dom.size());
      pos = value_end;
    }
    if (name == "data-figure") {
      tag->figure = Decode(absl::string_view(dom).substr(value_start, value_end - value_start));
    }
  }
  tag->end = dom.size();
}

// The tag, comment or doctype at dom[pos] == '<'.
Tag ReadTag(const std::string& dom, size_t pos) {
  Tag tag;
  if (dom.compare(pos, 4, "<!--") == 0) {
    const size_t end = dom.find("-->", pos + 4);
    tag.end = end == std::string::npos ? dom.size() : end + 3;
    return tag;
  }
  tag.closing = dom.compare(pos, 2, "</") == 0;
  const size_t name_start = pos + (tag.closing ? 2 : 1);
  size_t name_end = name_start;
  while (name_end < dom.size() && (absl::ascii_isalnum(dom[name_end]) || dom[name_end] == '-')) {
    ++name_end;
  }
  if (name_end == name_start) {  // <!DOCTYPE …>, <?…>
    const size_t end = dom.find('>', pos);
    tag.end = end == std::string::npos ? dom.size() : end + 1;
    return tag;
  }
  tag.name = absl::AsciiStrToLower(dom.substr(name_start, name_end - name_start));
  ReadAttributes(dom, name_end, &tag);
  return tag;
}

// Where the end tag of the raw-text element `tag` starts (or the end).
size_t SkipRawText(const std::string& dom, const Tag& tag) {
  for (size_t pos = dom.find("</", tag.end); pos != std::string::npos;
       pos = dom.find("</", pos + 2)) {
    if (absl::EqualsIgnoreCase(absl::string_view(dom).substr(pos + 2, tag.name.size()), tag.name)) {
      return pos;
    }
  }
  return dom.size();
}

bool OpensElement(const Tag& tag) {
  return !tag.name.empty() && !tag.closing && !tag.self_closing && !IsVoid(tag.name);
}

// Runs of white space as one space, none at the ends.
std::string CollapseSpaces(absl::string_view text) {
  return absl::StrJoin(absl::StrSplit(text, absl::ByAnyChar(" \t\r\n\f"), absl::SkipEmpty()), " ");
}

// The text inside the element whose start tag ends at `pos`, up to its end
// tag, white space collapsed.
std::string ElementText(const std::string& dom, size_t pos) {
  std::string text;
  for (int depth = 0; pos < dom.size();) {
    const size_t lt = std::min(dom.find('<', pos), dom.size());
    absl::StrAppend(&text, Decode(absl::string_view(dom).substr(pos, lt - pos)));
    if (lt == dom.size()) break;
    const Tag tag = ReadTag(dom, lt);
    pos = tag.end;
    if (tag.closing && !tag.name.empty() && depth-- == 0) break;
    if (OpensElement(tag)) {
      ++depth;
      if (IsRawText(tag.name)) pos = SkipRawText(dom, tag);
    }
  }
  return CollapseSpaces(text);
}

}  // namespace

std::string ChromiumPath() {
  const char* path = std::getenv("HROMADA_CHROMIUM");
  return path != nullptr && *path != '\0' ? path : "/usr/bin/chromium";
}

bool ChromiumAvailable() {
  const std::string path = ChromiumPath();
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

absl::StatusOr<std::string> RenderedDom(const std::string& html_path, absl::Duration timeout) {
  if (!ChromiumAvailable()) {
    return absl::NotFoundError(absl::StrCat("no browser at ", ChromiumPath(),
                                            ": install chromium (scripts/setup.sh does)"));
  }
  std::error_code ec;
  const std::filesystem::path page = std::filesystem::absolute(html_path, ec);
  if (ec || !std::filesystem::is_regular_file(page, ec)) {
    return absl::NotFoundError(absl::StrCat("no page to open at ", html_path));
  }
  // A fresh profile, and a home of its own so nothing lands in the real one.
  TempDir profile("hromada-chromium");
  ToolOptions options;
  options.timeout = timeout;
  options.env = {{"HOME", profile.path()},
                 {"XDG_CONFIG_HOME", profile.Path("config")},
                 {"XDG_CACHE_HOME", profile.Path("cache")}};
  const std::vector<std::string> args = {"--headless",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--disable-quic",
                                         "--no-first-run",
                                         "--disable-background-networking",
                                         "--disable-component-update",
                                         "--disable-sync",
                                         absl::StrCat("--user-data-dir=", profile.Path("profile")),
                                         "--dump-dom",
                                         FileUrl(page.string())};
  absl::StatusOr<ToolResult> result = RunToolWithResult(ChromiumPath(), args, options);
  if (!result.ok()) return result.status();
  if (result->exit_code != 0 || result->out.empty()) {
    return absl::InternalError(absl::StrCat(ChromiumPath(), " --dump-dom ", FileUrl(page.string()),
                                            " exited with code ", result->exit_code, " and ",
                                            result->out.size(),
                                            " bytes of DOM; stderr: ", Tail(result->err)));
  }
  return std::move(result->out);
}

std::map<std::string, std::string> DataFigures(const std::string& dom) {
  std::map<std::string, std::string> figures;
  for (size_t pos = dom.find('<'); pos != std::string::npos; pos = dom.find('<', pos)) {
    const Tag tag = ReadTag(dom, pos);
    pos = tag.end;
    if (tag.figure && !tag.closing) {
      figures.emplace(*tag.figure, OpensElement(tag) ? ElementText(dom, tag.end) : "");
    }
    if (OpensElement(tag) && IsRawText(tag.name)) pos = SkipRawText(dom, tag);
  }
  return figures;
}

}  // namespace test
}  // namespace hromada
