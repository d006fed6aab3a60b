// The settings table: the profile's enrolment, cursor, counters and clock,
// one row per key. The token, the server's URL, the last error and the
// bundle keys are sealed (SettingAd); the rest stays clear.
//
// It runs inside the Store's transactions and never begins or commits one
// itself. Errors: SQLite's (sql::Db), DATA_LOSS for a sealed setting that
// does not open with the profile's key.
//
// Thread-compatible: the Store calls it under its mutex. The Db and
// RowCipher are borrowed and must outlive it.
#ifndef HROMADA_CLIENT_SRC_STORE_SETTINGS_H_
#define HROMADA_CLIENT_SRC_STORE_SETTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/crypto/crypto.h"
#include "shared/base/sqlite.h"

namespace hromada::client {

// The profile's settings, as cached in memory.
struct Profile {
  std::string server_url;
  std::string device_id;  // 16 bytes once enrolled, else empty
  std::string token;
  int role = 0;                          // v1::Role
  std::vector<std::string> communities;  // 16-byte ids
  uint64_t cursor = 0;
  uint64_t next_seq = 1;
  int64_t clock_offset_ms = 0;
  // The device's wall and monotonic clocks when a server's answer last
  // measured clock_offset_ms (Store::SaveMeasuredOffset); an empty boot id:
  // never, or by a version that did not keep them.
  int64_t offset_wall_ms = 0;
  int64_t offset_mono_ms = 0;
  std::string offset_boot_id;
  int64_t last_sync_ms = 0;  // 0: never
  std::string last_error;
  bool tls_insecure = false;  // TlsSettings, kept from enrolment
  std::string tls_ca_pem;
  std::string tls_pin;
  // The epoch of the server's database at the last handshake (empty until
  // one answered it); not personal, so kept clear.
  std::string epoch;
  // The highest device_seq that may be on the server as it is: sent again
  // after a restore (as first pushed), or written into a bundle. Those
  // changes keep their stamps (CorrectStamps leaves them): a copy the
  // server applied and a re-stamped one would leave this device's state
  // stamped unlike everyone else's. Kept as the setting "resent_through".
  uint64_t stamps_kept_through = 0;
  // A serialized v1::BundleSecrets: this device's bundle keys and the
  // server's public ones (client/src/sync/bundle.h); "" if enrolled without.
  std::string bundle_keys;
  bool enrolled() const { return !device_id.empty(); }
};

class Settings {
 public:
  Settings(sql::Db* db, const RowCipher* cipher) : db_(db), cipher_(cipher) {}
  Settings(const Settings&) = delete;
  Settings& operator=(const Settings&) = delete;

  // Reads every setting into a Profile, and the HLC's last stamp
  // ("hlc_last", 0 if none) into *hlc_last.
  absl::StatusOr<Profile> Load(uint64_t* hlc_last);
  // Sets `key`, sealed if it is one of the sealed settings.
  absl::Status Put(absl::string_view key, absl::string_view value);
  absl::Status Put(absl::string_view key, int64_t value);
  // The enrolment's settings of `p` (URL, device, token, role,
  // communities, TLS, bundle keys).
  absl::Status PutEnrolment(const Profile& p);
  // Role and communities.
  absl::Status PutScope(int role, const std::vector<std::string>& communities);

 private:
  sql::Db* const db_;
  const RowCipher* const cipher_;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_SETTINGS_H_
