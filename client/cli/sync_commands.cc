// enrol | sync | status | rejected: this device and its server. Only
// enrol and sync talk to the server; what it answers is marked FromServer
// so that a refusal exits 3, not 1.
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "client/cli/command.h"
#include "client/cli/output.h"
#include "client/cli/records.h"
#include "client/src/json.h"
#include "client/src/sync/sync_engine_progress.h"
#include "shared/cli/exit_codes.h"

namespace hromada::cli {
namespace {

struct SyncArgs {
  std::string server, code, name = "hromada cli";
  bool json = false;
  bool insecure = false;
  std::string ca_file, pin;
  std::vector<std::string> words;  // `enrol URL CODE` without the flags
};

// The TLS settings of `hromada enrol`; the CA file is read now and its
// text kept in the profile.
absl::StatusOr<TlsSettings> TlsFromArgs(const SyncArgs& a) {
  TlsSettings tls;
  tls.insecure = a.insecure;
  tls.pinned_public_key = a.pin;
  if (!a.pin.empty() && !absl::StartsWith(a.pin, "sha256//")) {
    return absl::InvalidArgumentError("--pin takes sha256//<base64 of the server's key hash>");
  }
  if (!a.ca_file.empty()) {
    std::ifstream in(a.ca_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || text.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read a PEM certificate from ", a.ca_file));
    }
    tls.ca_pem = text.str();
  }
  return tls;
}

void PrintLines(std::ostream& out, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) out << line << "\n";
}

// The code from --code, or, with "-" or none, from stdin: typed at a
// prompt or piped, so that it stays out of shell history and `ps`. The
// prompt goes to stderr, after any passphrase prompt, so that a person
// sees what is asked.
absl::StatusOr<std::string> ReadCode(Session& s, const std::string& given) {
  if (!given.empty() && given != "-") return given;
  s.err << "Enrolment code (or the hromada://enrol text of the QR code): " << std::flush;
  std::string line;
  if (!std::getline(s.in, line)) line.clear();
  s.err << "\n";
  const std::string code(absl::StripAsciiWhitespace(line));
  if (code.empty()) return absl::InvalidArgumentError("no enrolment code was given on stdin");
  return code;
}

// `text` with each %XX decoded (the card's values are percent-encoded).
std::string PercentDecoded(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    int value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        absl::SimpleHexAtoi(text.substr(i + 1, 2), &value)) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The enrolment as given: --server, --code and --pin, or the text of the
// QR card (hromada://enrol?server=…&code=…&pin=…) in place of the code,
// which brings the server and pin with it. INVALID_ARGUMENT when they
// contradict or the server is missing.
absl::Status ReadCard(const std::string& typed, SyncArgs& a) {
  absl::string_view rest = typed;
  if (!absl::ConsumePrefix(&rest, "hromada://enrol?")) {
    a.code = typed;
  } else {
    for (absl::string_view pair : absl::StrSplit(rest, '&')) {
      const std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(pair, '=');
      const std::string value = PercentDecoded(kv.second);
      std::string* field = kv.first == "server" ? &a.server
                           : kv.first == "code" ? &a.code
                           : kv.first == "pin"  ? &a.pin
                                                : nullptr;
      if (field == nullptr) continue;  // a newer card's extra: not ours to read
      if (!field->empty() && *field != value) {
        return absl::InvalidArgumentError(absl::StrCat("the QR code says ", kv.first, " ", value,
                                                       ", but --", kv.first, " says ", *field));
      }
      *field = value;
    }
    if (a.code.empty()) return absl::InvalidArgumentError("the QR code's text holds no code");
  }
  if (a.server.empty()) {
    return absl::InvalidArgumentError(
        "give --server URL, or the whole hromada://enrol?… text of the QR code as the code");
  }
  return absl::OkStatus();
}

// `hromada enrol URL CODE`, as a card is read aloud: a word that is a
// URL is the server, any other the code (or the card's text). Each may be
// given once, as a word or as its flag.
absl::Status TakeWords(SyncArgs& a) {
  for (const std::string& word : a.words) {
    const bool url = absl::StartsWith(word, "http://") || absl::StartsWith(word, "https://");
    std::string& into = url ? a.server : a.code;
    if (!into.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the ", url ? "server" : "code",
                       " is given twice; give it once, e.g. `hromada enrol "
                       "https://server:7443 ABCD-EFGH-JKMN`"));
    }
    into = word;
  }
  return absl::OkStatus();
}

absl::Status Enrol(Session& s, SyncArgs a) {
  if (absl::Status st = TakeWords(a); !st.ok()) return st;
  absl::StatusOr<ClientStatus> before = s.client.GetStatus();
  if (!before.ok()) return before.status();
  if (before->enrolled) {
    return absl::FailedPreconditionError(absl::StrCat("this profile is already enrolled with ",
                                                      before->server_url,
                                                      "; use another --profile to enrol again"));
  }
  // Settings given as flags are checked before a code is asked for.
  if (!a.server.empty()) {
    absl::StatusOr<TlsSettings> tls = TlsFromArgs(a);
    if (!tls.ok()) return tls.status();
    if (absl::Status st = s.client.CheckServerUrl(a.server, *tls); !st.ok()) return st;
  }
  absl::StatusOr<std::string> typed = ReadCode(s, a.code);
  if (!typed.ok()) return typed.status();
  a.code.clear();
  if (absl::Status st = ReadCard(*typed, a); !st.ok()) return st;
  absl::StatusOr<TlsSettings> tls = TlsFromArgs(a);
  if (!tls.ok()) return tls.status();
  // Refused here, not by the server: the settings are to fix (exit 1).
  if (absl::Status st = s.client.CheckServerUrl(a.server, *tls); !st.ok()) return st;
  if (absl::Status st = s.client.Enrol(a.server, a.code, a.name, *tls); !st.ok()) {
    return FromServer(st);
  }
  absl::StatusOr<ClientStatus> status = s.client.GetStatus();
  if (!status.ok()) return status.status();
  const size_t n = status->communities.size();
  s.out << "Enrolled as device " << status->device_id << " for " << n
        << (n == 1 ? " community" : " communities") << "; run `hromada sync` next.\n";
  return absl::OkStatus();
}

// Redraws one progress line on `err`, at most every 100 ms within a phase,
// and writes one line of its own for each retry.
class ProgressDrawer {
 public:
  explicit ProgressDrawer(std::ostream& err) : err_(err) {}
  void Draw(const SyncProgress& p) {
    if (p.retries > retries_told_) {
      retries_told_ = p.retries;
      Clear();
      drawn_ = 0;
      err_ << client::RetryLine(p) << "\n" << std::flush;
      return;
    }
    const absl::Time now = absl::Now();
    if (p.phase == last_phase_ && now - last_draw_ < absl::Milliseconds(100)) return;
    last_draw_ = now;
    last_phase_ = p.phase;
    std::string line = ProgressLine(p);
    const size_t width = line.size();
    if (line.size() < drawn_) line.append(drawn_ - line.size(), ' ');
    drawn_ = width;
    err_ << "\r" << line << std::flush;
  }
  // Clears the line, so the summary or the error starts a clean one.
  void Clear() {
    if (drawn_ > 0) err_ << "\r" << std::string(drawn_, ' ') << "\r" << std::flush;
  }

 private:
  std::ostream& err_;
  size_t drawn_ = 0;
  int retries_told_ = 0;
  absl::Time last_draw_ = absl::InfinitePast();
  SyncPhase last_phase_ = SyncPhase::kDone;
};

// One line when the device clock is off by more than 5 minutes: edits are
// still dated right (docs/protocol.md, "Clocks"), but a person reading
// times on this device is misled.
void WarnOfClock(Session& s) {
  absl::StatusOr<ClientStatus> status = s.client.GetStatus();
  if (!status.ok()) return;
  const int64_t offset = status->clock_offset_ms;
  if (offset > -5 * 60 * 1000 && offset < 5 * 60 * 1000) return;
  s.err << "warning: this device's clock is " << FormatClockGap(offset) << " "
        << (offset < 0 ? "ahead of" : "behind") << " the server's; set it right\n";
}

absl::Status Sync(Session& s) {
  absl::StatusOr<ClientStatus> before = s.client.GetStatus();
  if (!before.ok()) return before.status();
  if (!before->enrolled) {
    return absl::FailedPreconditionError(
        "this device is not enrolled yet; run `hromada enrol` first");
  }
  ProgressDrawer drawer(s.err);
  absl::StatusOr<SyncReport> report = s.client.Sync(
      s.live_progress ? ProgressCallback([&](const SyncProgress& p) { drawer.Draw(p); })
                      : ProgressCallback());
  drawer.Clear();
  WarnOfClock(s);
  if (!report.ok()) return FromServer(report.status());
  s.out << SyncSummary(*report) << "\n";
  if (report->attachments_sent > 0) {
    s.out << "attachments sent: " << report->attachments_sent << " (" << report->attachment_bytes
          << " bytes this time)\n";
  }
  if (!report->attachment_error.empty()) {
    s.err << "hromada: the records are synced, but an attachment was not sent: "
          << report->attachment_error << "; the next sync goes on from where this one stopped\n";
  }
  return absl::OkStatus();
}

absl::Status Status(Session& s, const SyncArgs& a) {
  absl::StatusOr<ClientStatus> status = s.client.GetStatus();
  if (!status.ok()) return status.status();
  if (a.json) {
    PrintJson(s.out, client::ToJson(*status));
    return absl::OkStatus();
  }
  // People read communities by name; an id the device has no record of
  // yet (before the first sync) stays as it is.
  for (std::string& id : status->communities) {
    absl::StatusOr<std::optional<RecordView>> c = s.client.Get("community", id);
    if (c.ok() && c->has_value()) id = TextOf(**c, "name_latin");
  }
  PrintLines(s.out, StatusLines(*status));
  return absl::OkStatus();
}

absl::Status Rejected(Session& s, const SyncArgs& a) {
  absl::StatusOr<std::vector<RejectedChange>> list = s.client.Rejected();
  if (!list.ok()) return list.status();
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RejectedChange& c : *list) out.push_back(client::ToJson(c));
    PrintJson(s.out, out);
    return absl::OkStatus();
  }
  if (list->empty()) s.out << "No changes were refused.\n";
  for (const RejectedChange& c : *list) PrintLines(s.out, RejectedLines(c));
  return absl::OkStatus();
}

}  // namespace

void AddSyncCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<SyncArgs>();
  CLI::App* enrol = app.add_subcommand("enrol", "enrol this device with a one-time code");
  enrol->add_option("--server", a->server,
                    "server URL, http(s)://host:port (not needed with the QR code's text)");
  enrol->add_option("--code", a->code,
                    "the enrolment code, or the hromada://enrol?… text of the QR code; '-' or "
                    "none: read it from stdin");
  enrol
      ->add_option("server-and-code", a->words,
                   "the server's URL and the code as the card gives them (the same as --server "
                   "and --code)")
      ->expected(0, 2);
  enrol->add_option("--name", a->name, "a name for this device");
  enrol->add_flag("--insecure", a->insecure, "allow plain http:// to another host (test networks)");
  enrol->add_option("--ca", a->ca_file, "PEM file of the private CA that signs the server");
  enrol->add_option("--pin", a->pin, "the server's key: sha256//<base64>");
  CLI::App* sync = app.add_subcommand("sync", "send local changes and receive others'");
  CLI::App* status = app.add_subcommand("status", "enrolment, pending changes, last sync");
  status->add_flag("--json", a->json, "print JSON");
  CLI::App* rejected = app.add_subcommand("rejected", "changes the server refused, and why");
  rejected->add_flag("--json", a->json, "print JSON");
  table.Add(enrol, [a](Session& s) { return Enrol(s, *a); });
  table.Add(sync, [](Session& s) { return Sync(s); });
  table.Add(status, [a](Session& s) { return Status(s, *a); });
  table.Add(rejected, [a](Session& s) { return Rejected(s, *a); });
}

}  // namespace hromada::cli
