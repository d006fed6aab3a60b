#include "tests/support/link_scenario.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "client/src/transport/curl_transport.h"

namespace hromada::test {
namespace {

// Names differ per scenario run, so one server can hold several.
std::string Unique(const std::string& what) {
  static std::atomic<int> n{0};
  return absl::StrCat(what, "-", ++n);
}

// A new profile enrolled directly (not through the link: enrolment is
// not what is measured); its syncs all cross `link`.
absl::StatusOr<std::unique_ptr<Client>> NewDevice(ServerProcess& server,
                                                  const LinkScenarioOptions& options,
                                                  const std::string& community,
                                                  const std::string& link_url) {
  const std::string name = Unique(absl::StrCat("link-", options.profile.name));
  absl::StatusOr<std::string> out =
      server.Admin("add-device", {"--name", name, "--communities", community, "--json"});
  if (!out.ok()) return out.status();
  const std::string code = nlohmann::json::parse(*out)["code"].get<std::string>();
  const std::string path = absl::StrCat(options.work_dir, "/", name, ".db");
  absl::StatusOr<std::unique_ptr<Client>> client = OpenClient(path, WithTestKey());
  if (!client.ok()) return client.status();
  if (absl::Status s = (*client)->Enrol(server.url(), code, name); !s.ok()) return s;
  (*client).reset();
  ClientOptions via = WithTestKey();
  via.transport_factory =
      [link_url](const std::string&) -> absl::StatusOr<std::unique_ptr<Transport>> {
    absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(link_url);
    if (!t.ok()) return t.status();
    return std::unique_ptr<Transport>(*std::move(t));
  };
  return OpenClient(path, std::move(via));
}

// Syncs until one succeeds or time is up; counts what crossed `proxy`.
absl::StatusOr<LinkLeg> RunLeg(Client& client, TcpProxy& proxy,
                               const LinkScenarioOptions& options) {
  const absl::Duration give_up_after = options.give_up_after;
  LinkLeg leg;
  proxy.ResetCounters();
  const auto start = std::chrono::steady_clock::now();
  const absl::Time deadline = absl::Now() + give_up_after;
  while (!leg.finished && absl::Now() < deadline) {
    ++leg.syncs;
    int retries = 0;
    absl::StatusOr<SyncReport> report = client.Sync([&retries, &options](const SyncProgress& p) {
      retries = p.retries;
      if (options.on_progress) options.on_progress(p);
    });
    leg.retries += retries;
    if (report.ok()) {
      leg.finished = true;
      leg.client_up += report->bytes_up;
      leg.client_down += report->bytes_down;
      leg.records += report->acked + report->pulled;
      break;
    }
    const absl::StatusCode code = report.status().code();
    if (code != absl::StatusCode::kUnavailable && code != absl::StatusCode::kDeadlineExceeded) {
      return report.status();
    }
  }
  leg.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  leg.wire_up = proxy.bytes_up();
  leg.wire_down = proxy.bytes_down();
  return leg;
}

}  // namespace

absl::StatusOr<LinkScenarioResult> RunLinkScenario(ServerProcess& server,
                                                   const LinkScenarioOptions& options) {
  absl::StatusOr<std::unique_ptr<ShapingProxy>> link =
      ShapingProxy::Start(server.port(), options.profile);
  if (!link.ok()) return link.status();
  LinkScenarioResult result;
  const std::string community_name = Unique(absl::StrCat("Link ", options.profile.name));
  absl::StatusOr<std::string> made = server.Admin(
      "add-community", {"--name-uk", community_name, "--name-latin", community_name, "--json"});
  if (!made.ok()) return made.status();
  const std::string community = nlohmann::json::parse(*made)["community_id"].get<std::string>();

  absl::StatusOr<std::unique_ptr<Client>> writer =
      NewDevice(server, options, community, (*link)->url());
  if (!writer.ok()) return writer.status();
  std::vector<Edit> edits;
  for (int i = 0; i < options.records; ++i) {
    edits.push_back({"person",
                     "",
                     community,
                     {{"full_name", absl::StrCat("Особа ", i, " ", options.profile.name)},
                      {"phone", absl::StrCat("+38050", 1000000 + i)}}});
    if (edits.size() == 1000 || i + 1 == options.records) {
      if (absl::StatusOr<std::vector<std::string>> ids = (*writer)->PutAll(edits); !ids.ok()) {
        return ids.status();
      }
      edits.clear();
    }
  }
  absl::StatusOr<LinkLeg> push = RunLeg(**writer, (*link)->proxy(), options);
  if (!push.ok()) return push.status();
  result.push = *push;

  absl::StatusOr<std::unique_ptr<Client>> reader =
      NewDevice(server, options, community, (*link)->url());
  if (!reader.ok()) return reader.status();
  absl::StatusOr<LinkLeg> pull = RunLeg(**reader, (*link)->proxy(), options);
  if (!pull.ok()) return pull.status();
  result.pull = *pull;
  const std::string suffix = absl::StrCat(" ", options.profile.name);
  absl::Status listed = (*reader)->ForEach("person", [&](const RecordView& r) {
    auto name = r.fields.find("full_name");
    if (name != r.fields.end()) {
      const std::string* text = std::get_if<std::string>(&name->second);
      if (text != nullptr && text->size() > suffix.size() &&
          text->compare(text->size() - suffix.size(), suffix.size(), suffix) == 0) {
        ++result.persons_on_reader;
      }
    }
    return true;
  });
  if (!listed.ok()) return listed;
  result.cuts = (*link)->cuts();
  result.stalls = (*link)->stalls();
  return result;
}

}  // namespace hromada::test
