// A real browser for tests of HTML output: headless Chromium loads a page
// from a file and hands back the DOM it rendered, and DataFigures reads
// the numbers a page marks with data-figure attributes (the HTML report's
// convention, shared/report/render.h).
//
// Chromium runs with the flags TRANSPORT.md lists for this machine (no
// sandbox as root, no GPU, no background networking) and a fresh profile
// folder per call, removed afterwards. Thread-safe: calls share nothing.
#ifndef HROMADA_TESTS_SUPPORT_CHROMIUM_H_
#define HROMADA_TESTS_SUPPORT_CHROMIUM_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hromada {
namespace test {

// The browser: $HROMADA_CHROMIUM if set, else /usr/bin/chromium (what
// scripts/setup.sh installs).
std::string ChromiumPath();

// True if ChromiumPath() is an executable file.
bool ChromiumAvailable();

// Opens `html_path` (a file; made absolute if relative) in headless
// Chromium and returns the DOM after the page has loaded, serialized as
// HTML (--dump-dom). NOT_FOUND if there is no browser or no such file,
// DEADLINE_EXCEEDED if the browser runs longer than `timeout` (it is then
// killed), INTERNAL with its stderr if it fails or prints nothing.
absl::StatusOr<std::string> RenderedDom(const std::string& html_path,
                                        absl::Duration timeout = absl::Seconds(90));

// The figures a DOM shows: for each element with a data-figure="key"
// attribute, key -> the element's text (descendants included, character
// references decoded, white space collapsed and trimmed). A key that
// occurs twice keeps the first element's text.
//
// Reads HTML as browsers serialize it (--dump-dom, outerHTML): quoted or
// bare attributes, void elements, comments; not arbitrary hand-written
// markup with unclosed elements.
std::map<std::string, std::string> DataFigures(const std::string& dom);

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_CHROMIUM_H_
