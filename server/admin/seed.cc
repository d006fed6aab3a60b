#include "server/admin/seed.h"

#include "server/admin/admin.h"

namespace hromada::server {

absl::Status SeedCommunities(Store& store, const Clock& clock) {
  static const CommunityInfo kCommunities[] = {
      {"Станіслав", "Stanislav", "Херсонська", "Херсонський"},
      {"Білозерка", "Bilozerka", "Херсонська", "Херсонський"},
      {"Чорнобаївка", "Chornobaivka", "Херсонська", "Херсонський"},
      {"Кочубеївка", "Kochubeivka", "Херсонська", "Бериславський"},
      {"Високопілля", "Vysokopillia", "Херсонська", "Бериславський"},
      {"Нововоронцовка", "Novovorontsovka", "Херсонська", "Бериславський"},
  };
  for (const CommunityInfo& c : kCommunities) {
    if (absl::StatusOr<std::string> id = AddCommunity(store, clock, c); !id.ok()) {
      return id.status();
    }
  }
  return absl::OkStatus();
}

}  // namespace hromada::server
