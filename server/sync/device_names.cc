#include "server/sync/device_names.h"

#include <vector>

namespace hromada::server {
namespace {

constexpr int64_t kFreshMs = 60 * 1000;

}  // namespace

std::function<std::string(absl::string_view)> DeviceNames::Lookup(Store& store, int64_t now_ms) {
  std::shared_ptr<const Names> names;
  {
    absl::MutexLock lock(&mu_);
    if (names_ != nullptr && now_ms - read_ms_ < kFreshMs && now_ms >= read_ms_) names = names_;
  }
  if (names == nullptr) {
    absl::StatusOr<std::vector<Device>> devices = store.ReadDevices(DeviceKey::All());
    absl::MutexLock lock(&mu_);
    if (devices.ok()) {
      auto fresh = std::make_shared<Names>();
      for (const Device& d : *devices) (*fresh)[d.id] = d.name;
      names_ = std::move(fresh);
      read_ms_ = now_ms;
    }
    names = names_ != nullptr ? names_ : std::make_shared<const Names>();
  }
  return [names](absl::string_view id) {
    auto it = names->find(id);
    return it == names->end() ? std::string() : it->second;
  };
}

}  // namespace hromada::server
