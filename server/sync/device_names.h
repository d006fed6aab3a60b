// Device names for conflict records, so a coordinator sees which device
// wrote each side (issue 19): a snapshot of every device's name, read
// outside any write transaction and read again when older than a minute.
// A device enrolled within that minute is named only from the next
// snapshot on; its conflicts meanwhile carry its id alone.
//
// Thread-safe.
#ifndef HROMADA_SERVER_SYNC_DEVICE_NAMES_H_
#define HROMADA_SERVER_SYNC_DEVICE_NAMES_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store.h"

namespace hromada::server {

class DeviceNames {
 public:
  // The names as of at most a minute before `now_ms` (read from `store`
  // if the last snapshot is older), as a lookup: device id (16 bytes) ->
  // its name, "" if unknown. A failed read keeps the last snapshot.
  std::function<std::string(absl::string_view)> Lookup(Store& store, int64_t now_ms);

 private:
  using Names = std::map<std::string, std::string, std::less<>>;
  absl::Mutex mu_;
  std::shared_ptr<const Names> names_ ABSL_GUARDED_BY(mu_);
  int64_t read_ms_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_DEVICE_NAMES_H_
