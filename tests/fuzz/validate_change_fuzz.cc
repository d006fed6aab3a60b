// Fuzzes ValidateChange (shared/sync/validate.h), which every pushed change
// meets first on the server, on whatever Record protobuf parses out of the
// bytes: field values of every kind, survey questions and answers as JSON.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>

#include "hromada/v1/record.pb.h"
#include "shared/sync/validate.h"

// protobuf logs every string field with invalid UTF-8 it refuses.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hromada::v1::Record change;
  if (!change.ParseFromArray(data, static_cast<int>(size))) return 0;
  (void)hromada::ValidateChange(change);
  return 0;
}
