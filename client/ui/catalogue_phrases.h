// Private to client/ui/: the catalogue's table (catalogue.h serves it).
#ifndef HROMADA_CLIENT_UI_CATALOGUE_PHRASES_H_
#define HROMADA_CLIENT_UI_CATALOGUE_PHRASES_H_

#include <cstddef>

namespace hromada::ui {

struct Phrase {
  const char* key;
  const char* uk;
  const char* en;
};

extern const Phrase kPhrases[];
extern const size_t kPhraseCount;

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_CATALOGUE_PHRASES_H_
