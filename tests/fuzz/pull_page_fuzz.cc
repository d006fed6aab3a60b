// Fuzzes the pull page reader (shared/sync/wire/pull_page.h), the first code on
// a device to read a server's answer. Beyond not crashing: whatever
// protobuf parses, the reader must read the same way (records, scalars).
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "hromada/v1/sync.pb.h"
#include "shared/sync/wire/pull_page.h"

// protobuf logs every string field with invalid UTF-8 it refuses.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  hromada::wire::PullPage page;
  const bool read = hromada::wire::ReadPullPage(bytes, &page).ok();
  hromada::v1::PullResponse want;
  if (!want.ParseFromString(bytes)) return 0;  // the reader does not parse records
  if (!read || page.records.size() != static_cast<size_t>(want.records_size()) ||
      page.next_cursor != want.next_cursor() || page.more != want.more() ||
      page.server_time_ms != want.server_time_ms()) {
    std::abort();
  }
  // Each view must be that record's bytes. Compared serialized: a NaN
  // real is not equal to itself.
  for (int i = 0; i < want.records_size(); ++i) {
    hromada::v1::Record record;
    if (!record.ParseFromArray(page.records[i].data(), static_cast<int>(page.records[i].size())) ||
        record.SerializeAsString() != want.records(i).SerializeAsString()) {
      std::abort();
    }
  }
  return 0;
}
