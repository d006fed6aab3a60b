#include "server/store/store.h"

namespace hromada::server {

absl::string_view SoleWriter(const v1::Record& record) {
  const std::string& writer = record.device_id();
  for (const v1::Field& f : record.fields()) {
    if (!f.device_id().empty() && f.device_id() != writer) return "";
  }
  if (record.deleted_hlc() != 0 && record.deleted_device_id() != writer) return "";
  return writer;
}

}  // namespace hromada::server
