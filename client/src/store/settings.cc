#include "client/src/store/settings.h"

#include <algorithm>
#include <iterator>

namespace hromada::client {
namespace {

// Settings that hold the token or text from the server.
constexpr absl::string_view kSealedSettings[] = {"server_url", "token", "last_error",
                                                 "bundle_keys"};

bool IsSealed(absl::string_view key) {
  return std::find(std::begin(kSealedSettings), std::end(kSealedSettings), key) !=
         std::end(kSealedSettings);
}

std::vector<std::string> SplitIds(absl::string_view packed) {
  std::vector<std::string> ids;
  for (size_t i = 0; i + 16 <= packed.size(); i += 16) ids.emplace_back(packed.substr(i, 16));
  return ids;
}

std::string PackIds(const std::vector<std::string>& ids) {
  std::string packed;
  for (const std::string& id : ids) packed += id;
  return packed;
}

}  // namespace

absl::StatusOr<Profile> Settings::Load(uint64_t* hlc) {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare("SELECT key, value FROM settings");
  if (!stmt.ok()) return stmt.status();
  Profile p;
  *hlc = 0;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const absl::string_view key = (*stmt)->Text(0);
    sql::Stmt& s = **stmt;
    std::string* secret = key == "server_url"    ? &p.server_url
                          : key == "token"       ? &p.token
                          : key == "last_error"  ? &p.last_error
                          : key == "bundle_keys" ? &p.bundle_keys
                                                 : nullptr;
    if (secret != nullptr) {
      if (absl::Status st = cipher_->Open(s.Blob(1), SettingAd(key), secret); !st.ok()) return st;
    }
    if (key == "device_id") p.device_id = std::string(s.Blob(1));
    if (key == "role") p.role = static_cast<int>(s.Int(1));
    if (key == "communities") p.communities = SplitIds(s.Blob(1));
    if (key == "cursor") p.cursor = static_cast<uint64_t>(s.Int(1));
    if (key == "next_seq") p.next_seq = static_cast<uint64_t>(s.Int(1));
    if (key == "clock_offset_ms") p.clock_offset_ms = s.Int(1);
    if (key == "offset_wall_ms") p.offset_wall_ms = s.Int(1);
    if (key == "offset_mono_ms") p.offset_mono_ms = s.Int(1);
    if (key == "offset_boot_id") p.offset_boot_id = std::string(s.Blob(1));
    if (key == "last_sync_ms") p.last_sync_ms = s.Int(1);
    if (key == "hlc_last") *hlc = static_cast<uint64_t>(s.Int(1));
    if (key == "tls_insecure") p.tls_insecure = s.Int(1) != 0;
    if (key == "tls_ca_pem") p.tls_ca_pem = std::string(s.Blob(1));
    if (key == "tls_pin") p.tls_pin = std::string(s.Blob(1));
    if (key == "epoch") p.epoch = std::string(s.Blob(1));
    if (key == "resent_through") p.stamps_kept_through = static_cast<uint64_t>(s.Int(1));
  }
  (*stmt)->Reset();
  return p;
}

absl::Status Settings::Put(absl::string_view key, absl::string_view value) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  if (!stmt.ok()) return stmt.status();
  if (IsSealed(key)) {
    return (*stmt)->BindText(1, key).BindBlob(2, cipher_->Seal(value, SettingAd(key))).Run();
  }
  return (*stmt)->BindText(1, key).BindBlob(2, value).Run();
}

absl::Status Settings::Put(absl::string_view key, int64_t value) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->BindText(1, key).Bind(2, value).Run();
}

absl::Status Settings::PutEnrolment(const Profile& e) {
  for (absl::Status s :
       {Put("server_url", e.server_url), Put("device_id", e.device_id), Put("token", e.token),
        Put("role", e.role), Put("communities", PackIds(e.communities)),
        Put("tls_insecure", e.tls_insecure ? 1 : 0), Put("tls_ca_pem", e.tls_ca_pem),
        Put("tls_pin", e.tls_pin), Put("bundle_keys", e.bundle_keys)}) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Settings::PutScope(int role, const std::vector<std::string>& communities) {
  if (absl::Status s = Put("role", role); !s.ok()) return s;
  return Put("communities", PackIds(communities));
}

}  // namespace hromada::client
