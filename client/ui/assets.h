// The page's files (client/ui/assets/), embedded in the binary at build
// time by cmake/embed_assets.cmake, so the screen works with no network
// and loads nothing from elsewhere. Thread-safe: constant data.
#ifndef HROMADA_CLIENT_UI_ASSETS_H_
#define HROMADA_CLIENT_UI_ASSETS_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace hromada::ui {

struct Asset {
  const char* path;          // "/app.js", as requested
  const char* content_type;  // by its extension
  const unsigned char* bytes;
  size_t size;
};

// The asset served at `path` ("/" is "/index.html"), or nullptr.
const Asset* FindAsset(absl::string_view path);

// Every asset, for tests (the first load's size).
const Asset* AllAssets(size_t* count);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_ASSETS_H_
