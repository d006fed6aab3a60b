// The public XLSForm corpus (tests/forms/CORPUS.tsv): every workbook of two
// public repositories, read as it is. The test prints each one's outcome
// and checks it against the one recorded beside the file, so a change in
// any shows. The valid/invalid verdicts come from pyxform's own tests of
// each file, not from this reader. Issue 23 asks that 90% of the valid
// ones publish; on this corpus 18 of 23 do (78%): three use repeats or a
// loop and one a choice file, which the form model cannot hold, and one
// has nothing to ask. The floor below keeps that from falling.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "client/xlsform/xlsform.h"
#include "gtest/gtest.h"

namespace hromada {
namespace {

struct Entry {
  std::string file, source, licence;
  bool valid = false;    // pyxform converts it
  std::string expected;  // "publishes" or a part of the refusal
};

std::vector<Entry> ReadCorpus() {
  std::vector<Entry> out;
  std::ifstream in(HROMADA_FORMS_DIR "/CORPUS.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 5) continue;
    out.push_back({f[0], f[1], f[2], f[3] == "valid", f[4]});
  }
  return out;
}

TEST(XlsFormCorpusTest, RealWorkbooksPublishAsTheyAre) {
  const std::vector<Entry> corpus = ReadCorpus();
  ASSERT_GE(corpus.size(), 30u) << "the corpus holds at least 30 workbooks";
  int valid = 0, valid_published = 0;
  for (const Entry& e : corpus) {
    absl::StatusOr<XlsForm> form = ReadXlsForm(std::string(HROMADA_FORMS_DIR "/") + e.file);
    const std::string outcome =
        form.ok() ? absl::StrCat("publishes: ", form->form.questions.size(), " questions, ",
                                 form->warnings.size(), " notes")
                  : absl::StrCat("refused: ", form.status().message());
    std::cout << e.file << "\t" << (e.valid ? "valid" : "invalid") << "\t" << outcome << "\n";
    if (e.expected == "publishes") {
      EXPECT_TRUE(form.ok()) << e.file << ": " << form.status();
    } else {
      EXPECT_FALSE(form.ok()) << e.file << " was expected to be refused";
      if (!form.ok()) {
        EXPECT_TRUE(absl::StrContains(form.status().message(), e.expected))
            << e.file << ": " << form.status() << "\nexpected: " << e.expected;
      }
    }
    if (e.valid) {
      ++valid;
      valid_published += form.ok();
    }
  }
  std::cout << valid_published << " of " << valid << " valid workbooks publish\n";
  EXPECT_GE(valid_published * 100, valid * 75) << "at least 75% of the valid ones publish";
}

}  // namespace
}  // namespace hromada
