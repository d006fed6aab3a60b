// An app on the installed C++ API: opens a profile in the folder argv[1],
// puts a person, reads it back, asks for the status and a report, and
// checks an error's code. Prints one line; exits 1 on any surprise.
#include <hromada/client.h>
#include <hromada/record.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace {

constexpr char kCommunity[] = "0b7d6c8e-1f2a-4c3b-9d4e-5f6a7b8c9d0e";

int Fail(const std::string& what) {
  std::cerr << "cxx_consumer: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return Fail("usage: cxx_consumer FOLDER");
  hromada::ClientSettings settings;
  settings.passphrase = "consumer passphrase";
  absl::StatusOr<std::unique_ptr<hromada::Client>> client =
      hromada::Client::Open(std::string(argv[1]) + "/profile.db", settings);
  if (!client.ok()) return Fail(client.status().ToString());

  hromada::Edit edit;
  edit.kind = "person";
  edit.community_id = kCommunity;
  edit.fields = {{"full_name", std::string("Olena Petrenko")},
                 {"birth_year", int64_t{1984}},
                 {"idp", true}};
  absl::StatusOr<std::string> id = (*client)->Put(edit);
  if (!id.ok()) return Fail(id.status().ToString());

  absl::StatusOr<std::optional<hromada::RecordView>> got = (*client)->Get("person", *id);
  if (!got.ok() || !got->has_value()) return Fail("the person is not there");
  const hromada::Fields& fields = (*got)->fields;
  if (hromada::ValueToText(fields.at("full_name")) != "Olena Petrenko" ||
      std::get<int64_t>(fields.at("birth_year")) != 1984) {
    return Fail("the person came back different");
  }

  absl::StatusOr<hromada::ClientStatus> status = (*client)->GetStatus();
  if (!status.ok() || status->enrolled || status->pending_changes != 1) {
    return Fail("unexpected status");
  }
  hromada::ReportRequest request;
  request.format = hromada::ReportRequest::Format::kJson;
  absl::StatusOr<std::string> report = (*client)->RenderReport(request);
  if (!report.ok() || report->find("\"individuals\"") == std::string::npos) {
    return Fail("no report");
  }
  if ((*client)->Get("person", "not-an-id").status().code() !=
      absl::StatusCode::kInvalidArgument) {
    return Fail("a bad id is not INVALID_ARGUMENT");
  }
  std::cout << "cxx_consumer: person " << *id << " is "
            << hromada::ValueToText(fields.at("full_name")) << "; " << status->pending_changes
            << " change pending\n";
  return 0;
}
