// Writes the generated part of the fuzz seed corpus: well-formed inputs
// that reach deep into each decoder, from which libFuzzer mutates.
//   cmake --build build --target hromada_fuzz_seeds
//   build/bin/hromada_fuzz_seeds tests/fuzz/corpus
// Crash seeds (regressions) are checked in by hand next to these.
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "client/src/transport/grpc_frame.h"
#include "hromada/v1/bundle.pb.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"
#include "shared/forms/survey.h"
#include "shared/sync/bundle.h"
#include "shared/sync/hlc.h"
#include "shared/sync/validate.h"
#include "shared/sync/wire/pull_page.h"
#include "tests/support/sample_form.h"

namespace hromada {
namespace {

using test::kNeedsFormJson;
using test::kNeedsFormYaml;

std::string Id(char c) { return std::string(16, c); }

v1::Record Change(const std::string& kind, char id, char community) {
  v1::Record r;
  r.set_kind(kind);
  r.set_id(Id(id));
  if (community != 0) r.set_community_id(Id(community));
  r.set_hlc(HlcPack(1767225600000, 3));
  return r;
}

v1::Value* Add(v1::Record* r, const std::string& name) {
  v1::Field* f = r->add_fields();
  f->set_name(name);
  return f->mutable_value();
}

std::vector<v1::Record> Changes() {
  std::vector<v1::Record> out;
  v1::Record person = Change("person", 'p', 'c');
  Add(&person, "birth_year")->set_integer(1985);
  Add(&person, "full_name")->set_text("Олена Коваль");
  Add(&person, "gender")->set_text("female");
  Add(&person, "idp")->set_flag(true);
  Add(&person, "phone")->set_text("+380501112233");
  Add(&person, "zz_future_field")->set_text("kept");  // a field this build does not know
  out.push_back(person);

  v1::Record attendance = Change("attendance", 'a', 'c');
  Add(&attendance, "meeting")->set_ref(Id('m'));
  Add(&attendance, "mode")->set_text("in_person");
  Add(&attendance, "person")->set_ref(Id('p'));
  Add(&attendance, "role")->set_text("participant");
  out.push_back(attendance);

  v1::Record survey = Change("survey", 's', 0);
  Add(&survey, "form")->set_text("needs");
  Add(&survey, "questions")->set_text(QuestionsToJson(*ParseSurveyFormJson(kNeedsFormJson)));
  Add(&survey, "title")->set_text("Потреби громади");
  Add(&survey, "version")->set_integer(2);
  out.push_back(survey);

  v1::Record response = Change("survey_response", 'r', 'c');
  Add(&response, "answers")->set_text(R"({"kind":"idp","safety":4,"top_needs":["water"]})");
  Add(&response, "date")->set_text("2026-03-01");
  Add(&response, "state")->set_text("final");
  Add(&response, "survey")->set_ref(Id('s'));
  Add(&response, "survey_version")->set_integer(2);
  out.push_back(response);

  v1::Record initiative = Change("initiative", 'i', 'c');
  Add(&initiative, "entered_proposed")->set_text("2026-03-01");
  Add(&initiative, "estimated_cost")->set_real(15000.5);
  Add(&initiative, "status")->set_text("proposed");
  Add(&initiative, "title")->set_text("Укриття в школі");
  out.push_back(initiative);

  v1::Record deleted = Change("meeting", 'm', 'c');
  deleted.set_deleted_hlc(deleted.hlc());
  out.push_back(deleted);
  return out;
}

// A stored state as the server keeps it: stamped, with a tombstone the
// record's later field outlives, and a field with a clock of its own.
v1::Record State() {
  v1::Record r = Changes()[0];
  r.set_device_id(Id('d'));
  r.set_deleted_hlc(r.hlc() - 1);
  r.set_deleted_device_id(Id('e'));
  r.mutable_fields(1)->set_hlc(r.hlc() - 5);
  r.mutable_fields(1)->set_device_id(Id('e'));
  return r;
}

// An edit as a device sends it after seeing another device's value: with
// the bases conflict detection reads (Record.bases), one per field and one
// for the tombstone (none held).
v1::Record EditWithBases(const std::string& community) {
  v1::Record r = Changes()[0];
  r.set_community_id(community);
  r.set_hlc(HlcPack(1767225700000, 0));
  r.clear_fields();
  Add(&r, "full_name")->set_text("Олена Ковальчук");
  v1::Base* seen = r.add_bases();
  seen->set_name("full_name");
  seen->set_hlc(HlcPack(1767225600000, 3));
  seen->set_device_id(Id('e'));
  r.add_bases();
  return r;
}

// XLSForm seeds: small workbooks as a spreadsheet program writes them.
using Rows = std::vector<std::vector<std::string>>;
using Sheets = std::vector<std::pair<std::string, Rows>>;

const Sheets kXlsForm = {
    {"survey",
     {{"type", "name", "label::Українська (uk)", "required", "constraint", "relevant"},
      {"select_one kind", "kind", "Хто ви?", "yes"},
      {"rank needs", "top", "Що найпотрібніше?"},
      {"integer", "households", "Скільки?", "", ". >= 0 and . <= 1000"},
      {"select_multiple needs", "extra", "Чого ще?", "", "", "selected(${kind}, 'idp')"},
      {"text", "comment", "Коментар", "", "", "${kind} = 'resident'"}}},
    {"choices",
     {{"list_name", "name", "label"},
      {"kind", "resident", "Мешканець"},
      {"kind", "idp", "ВПО"},
      {"needs", "water", "Вода"},
      {"needs", "shelter", "Укриття"}}},
    {"settings", {{"form_title", "form_id", "version"}, {"Потреби", "needs", "2"}}}};

const Sheets kXlsFormBare = {{"survey", {{"type", "name", "label"}, {"decimal", "area", "Площа"}}},
                             {"settings", {{"form_id"}, {"area"}}}};

// `sheets` as .xlsx bytes; `inline_strings` writes inline strings instead
// of shared ones, as some programs do.
std::string Workbook(const Sheets& sheets, bool inline_strings) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "hromada-fuzz-seed.xlsx";
  lxw_workbook_options options = {};
  options.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  for (const auto& [name, rows] : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        if (!rows[r][c].empty()) worksheet_write_string(sheet, r, c, rows[r][c].c_str(), nullptr);
      }
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) std::abort();
  std::stringstream bytes;
  bytes << std::ifstream(path, std::ios::binary).rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

// The parts form of a workbook of `sheets` sheets all naming one part,
// whose `cells` cells each use shared string 0 of `strings` (<si> items).
std::string BombParts(int sheets, int cells, const std::string& strings) {
  std::string workbook = "<workbook><sheets>", rels = "<Relationships>";
  for (int i = 1; i <= sheets; ++i) {
    workbook +=
        "<sheet name=\"s" + std::to_string(i) + "\" r:id=\"rId" + std::to_string(i) + "\"/>";
    rels += "<Relationship Id=\"rId" + std::to_string(i) + "\" Target=\"worksheets/sheet1.xml\"/>";
  }
  std::string sheet = "<worksheet><sheetData>";
  for (int r = 1; r <= cells; ++r) {
    sheet += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
             "\" t=\"s\"><v>0</v></c></row>";
  }
  sheet += "</sheetData></worksheet>";
  const std::pair<std::string, std::string> parts[] = {
      {"xl/workbook.xml", workbook + "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels", rels + "</Relationships>"},
      {"xl/sharedStrings.xml", "<sst>" + strings + "</sst>"},
      {"xl/worksheets/sheet1.xml", sheet}};
  std::string out;
  for (const auto& [name, content] : parts) {
    if (!out.empty()) out += '\0';
    out += name + '\0' + content;
  }
  return out;
}

// The xlsform target's parts form of a workbook (see xlsform_fuzz.cc):
// only the parts the reader opens, NUL-separated.
std::string Parts(const std::string& xlsx) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  std::unique_ptr<zip_t, decltype(&zip_discard)> zip(
      zip_open_from_source(source, ZIP_RDONLY, &error), &zip_discard);
  zip_error_fini(&error);
  if (zip == nullptr) std::abort();
  std::string out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip.get(), 0); ++i) {
    const std::string name = zip_get_name(zip.get(), i, 0);
    if (name.rfind("xl/", 0) != 0 || name.rfind("xl/styles", 0) == 0 ||
        name.rfind("xl/theme", 0) == 0) {
      continue;
    }
    zip_stat_t st;
    zip_stat_index(zip.get(), i, 0, &st);
    std::string content(st.size, '\0');
    zip_file_t* file = zip_fopen_index(zip.get(), i, 0);
    zip_fread(file, content.data(), st.size);
    zip_fclose(file);
    if (!out.empty()) out += '\0';
    out += name + '\0' + content;
  }
  return out;
}

void Write(const std::filesystem::path& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

int Main(const std::filesystem::path& root) {
  const std::vector<v1::Record> changes = Changes();
  std::vector<std::string> states;
  for (const v1::Record& c : changes) {
    if (absl::Status s = ValidateChange(c); !s.ok() && c.deleted_hlc() == 0) {
      std::fprintf(stderr, "seed %s does not validate: %s\n", c.kind().c_str(),
                   std::string(s.message()).c_str());
      return 1;
    }
    Write(root / "validate_change", c.kind(), c.SerializeAsString());
    states.push_back(c.SerializeAsString());
  }
  const v1::Record edit = EditWithBases(Id('c'));
  if (!ValidateChange(edit).ok()) return 1;
  Write(root / "validate_change", "person_edit_bases", edit.SerializeAsString());
  Write(root / "record_view", "person_edit_bases", edit.SerializeAsString());
  // The push target's first byte 0: the rest as it is; its device may
  // write community 0x01…, and gives first_seq when it is 0.
  v1::PushRequest push;
  *push.add_changes() = changes[0];
  push.mutable_changes(0)->set_community_id(std::string(16, '\x01'));
  *push.add_changes() = EditWithBases(std::string(16, '\x01'));
  Write(root / "push", "edit_bases", std::string(1, '\0') + push.SerializeAsString());
  Write(root / "record_view", "person", changes[0].SerializeAsString());
  Write(root / "record_view", "survey_response", changes[3].SerializeAsString());
  Write(root / "record_view", "deleted", changes.back().SerializeAsString());
  Write(root / "record_view", "state", State().SerializeAsString());

  const std::string page = wire::WritePullPage(states, 4242, true, 1767225600000);
  Write(root / "pull_page", "page", page);
  Write(root / "pull_page", "last",
        wire::WritePullPage({State().SerializeAsString()}, 7, false, 1));
  Write(root / "pull_page", "empty", wire::WritePullPage({}, 0, false, 0));

  // The first byte picks the size of the pieces the body arrives in.
  Write(root / "grpc_frame", "plain", "\x05" + EncodeGrpcFrame(page, false));
  Write(root / "grpc_frame", "gzip", "\x3f" + EncodeGrpcFrame(page, true));
  Write(root / "grpc_frame", "two",
        "\x01" + EncodeGrpcFrame("", false) + EncodeGrpcFrame(states[0], true));

  // Bundles sealed with the fuzz target's fixed keys, so they open.
  const v1::BundleSecrets device = *bundle::KeysFromSeed(std::string(32, 'd'));
  const v1::BundleSecrets server = *bundle::KeysFromSeed(std::string(32, 's'));
  v1::DeviceBundle up;
  up.set_device_id(Id('d'));
  up.set_cursor(42);
  up.set_outbox_first_seq(1);
  up.set_next_seq(3);
  up.mutable_push()->set_first_seq(1);
  for (int i = 0; i < 2; ++i) *up.mutable_push()->add_changes() = changes[i];
  Write(root / "bundle", "to_server",
        *bundle::Seal(v1::BUNDLE_DIRECTION_TO_SERVER, Id('d'), up.SerializeAsString(), device,
                      server.public_keys()));
  v1::ServerBundle down;
  down.set_device_id(Id('d'));
  down.set_acked_through(2);
  down.set_next_cursor(7);
  down.add_rejections()->set_device_seq(2);
  *down.add_records() = State();
  Write(root / "bundle", "to_device",
        *bundle::Seal(v1::BUNDLE_DIRECTION_TO_DEVICE, "", down.SerializeAsString(), server,
                      device.public_keys()));

  Write(root / "survey_form", "form.json", kNeedsFormJson);
  Write(root / "survey_form", "form.yaml", kNeedsFormYaml);

  // The first byte: 0 the .xlsx itself, 1 its parts (xlsform_fuzz.cc).
  const std::string full = Workbook(kXlsForm, false);
  Write(root / "xlsform", "form.xlsx", std::string(1, '\0') + full);
  Write(root / "xlsform", "inline.xlsx", std::string(1, '\0') + Workbook(kXlsForm, true));
  Write(root / "xlsform", "form.parts", "\x01" + Parts(full));
  Write(root / "xlsform", "bare.parts", "\x01" + Parts(Workbook(kXlsFormBare, true)));
  // The workbook bombs' shapes, small (issue 22; xlsx.h's budget): one
  // long shared string in many cells, many sheets naming one part, a
  // flood of empty shared strings.
  Write(root / "xlsform", "bomb_shared_reuse.parts",
        "\x01" + BombParts(1, 300, "<si><t>" + std::string(4096, 'x') + "</t></si>"));
  Write(root / "xlsform", "bomb_one_part.parts", "\x01" + BombParts(40, 20, "<si><t>a</t></si>"));
  std::string empty;
  for (int i = 0; i < 5000; ++i) empty += "<si/>";
  Write(root / "xlsform", "bomb_empty_strings.parts", "\x01" + BombParts(1, 1, empty));
  return 0;
}

}  // namespace
}  // namespace hromada

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR (tests/fuzz/corpus)\n", argv[0]);
    return 2;
  }
  return hromada::Main(argv[1]);
}
