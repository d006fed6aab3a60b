// hromada-ui-seed: a device profile as full as a busy one, for the screen's
// speed test (speed.bench.mjs). Enrols with a server, syncs once for its
// communities' names, then writes --persons persons (Ukrainian names,
// repeated as real lists repeat them), --meetings meetings spread over the
// communities with --per-meeting attendances each, in batches of one
// transaction. The profile opens with the test passphrase (cheap KDF).
// Prints what it wrote as JSON.
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/src/client_internal.h"
#include "hromada/client.h"

namespace hromada {
namespace {

constexpr const char* kSurnames[] = {
    "Петренко",  "Шевченко", "Коваль",    "Бондаренко", "Мельник",  "Ткаченко", "Кравченко",
    "Поліщук",   "Лисенко",  "Гнатюк",    "Руденко",    "Мороз",    "Савченко", "Бойко",
    "Олійник",   "Марченко", "Клименко",  "Павленко",   "Кузьменко", "Левченко", "Харченко",
    "Литвиненко", "Панченко", "Гончаренко", "Романенко", "Яковенко", "Остапенко", "Дорошенко",
    "Сидоренко", "Шевчук",   "Ковальчук", "Зінченко",   "Тимошенко", "Іваненко", "Власенко",
    "Кириленко", "Демченко", "Юрченко",   "Онищенко",   "Пономаренко"};
constexpr const char* kNames[] = {
    "Олена", "Марія",   "Ірина",   "Наталія", "Світлана", "Тетяна", "Оксана", "Людмила",
    "Ганна", "Валентина", "Юлія",  "Катерина", "Галина",  "Вікторія", "Надія", "Кирило",
    "Андрій", "Тарас",  "Олег",    "Василь",  "Богдан",   "Іван",   "Микола", "Сергій",
    "Петро", "Дмитро",  "Юрій",    "Олександр", "Володимир", "Віталій"};

struct Args {
  std::string profile, server, code;
  int persons = 10000, meetings = 1000, per_meeting = 12, batch = 500;
};

absl::Status Flush(Client& client, std::vector<Edit>& edits) {
  if (edits.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<std::string>> ids = client.PutAll(edits);
  edits.clear();
  return ids.status();
}

absl::Status Seed(const Args& a) {
  absl::StatusOr<std::unique_ptr<Client>> opened = OpenClient(a.profile, WithTestKey());
  if (!opened.ok()) return opened.status();
  Client& client = **opened;
  if (absl::Status s = client.Enrol(a.server, a.code, "busy"); !s.ok()) return s;
  if (absl::StatusOr<SyncReport> r = client.Sync(); !r.ok()) return r.status();
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return status.status();
  const std::vector<std::string>& communities = status->communities;
  if (communities.empty()) return absl::FailedPreconditionError("the device has no community");
  std::mt19937 random(20241207);
  std::vector<std::vector<std::string>> people(communities.size());
  std::vector<Edit> edits;
  for (int i = 0; i < a.persons; ++i) {
    const size_t c = static_cast<size_t>(i) % communities.size();
    const std::string name = absl::StrCat(kNames[random() % std::size(kNames)], " ",
                                          kSurnames[random() % std::size(kSurnames)]);
    Fields fields{{"full_name", name}, {"birth_year", static_cast<int64_t>(1940 + random() % 66)}};
    const std::string id = NewRecordId();
    people[c].push_back(id);
    edits.push_back({"person", id, communities[c], std::move(fields)});
    if (edits.size() >= static_cast<size_t>(a.batch)) {
      if (absl::Status s = Flush(client, edits); !s.ok()) return s;
    }
  }
  int attendances = 0;
  for (int m = 0; m < a.meetings; ++m) {
    const size_t c = static_cast<size_t>(m) % communities.size();
    const int day = m / static_cast<int>(communities.size());
    const std::string date =
        absl::StrFormat("%04d-%02d-%02d", 2020 + day / 300, 1 + day / 25 % 12, 1 + day % 25);
    const std::string meeting = NewRecordId();
    edits.push_back({"meeting", meeting, communities[c],
                     Fields{{"date", date}, {"number", int64_t{day + 1}}}});
    for (int k = 0; k < a.per_meeting && !people[c].empty(); ++k) {
      const std::string& person = people[c][random() % people[c].size()];
      edits.push_back({"attendance", "", communities[c],
                       Fields{{"meeting", Ref{meeting}}, {"person", Ref{person}}}});
      ++attendances;
    }
    if (edits.size() >= static_cast<size_t>(a.batch)) {
      if (absl::Status s = Flush(client, edits); !s.ok()) return s;
    }
  }
  if (absl::Status s = Flush(client, edits); !s.ok()) return s;
  std::cout << absl::StrFormat(
      "{\"persons\": %d, \"meetings\": %d, \"attendances\": %d, \"communities\": %d}\n", a.persons,
      a.meetings, attendances, communities.size());
  return absl::OkStatus();
}

}  // namespace
}  // namespace hromada

int main(int argc, char** argv) {
  hromada::Args a;
  CLI::App app("hromada-ui-seed: a busy device's profile for the screen's speed test");
  app.add_option("--profile", a.profile)->required();
  app.add_option("--server", a.server)->required();
  app.add_option("--code", a.code)->required();
  app.add_option("--persons", a.persons);
  app.add_option("--meetings", a.meetings);
  app.add_option("--per-meeting", a.per_meeting);
  CLI11_PARSE(app, argc, argv);
  if (absl::Status s = hromada::Seed(a); !s.ok()) {
    std::cerr << "hromada-ui-seed: " << s << "\n";
    return 1;
  }
  return 0;
}
