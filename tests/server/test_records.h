// Builders for the server tests: a fresh database with one community and
// devices, and changes in wire form.
#ifndef HROMADA_TESTS_SERVER_TEST_RECORDS_H_
#define HROMADA_TESTS_SERVER_TEST_RECORDS_H_

#include <memory>
#include <string>
#include <vector>

#include "hromada/v1/record.pb.h"
#include "server/store/sqlite_store.h"
#include "shared/base/clock.h"

namespace hromada::server::testing {

// A unique path under the test's temp dir.
std::string TempDbPath(const std::string& name);

// A change to a person in `community`, stamped at `ms`.
v1::Record PersonChange(const std::string& id, const std::string& community, int64_t ms,
                        const std::string& full_name);

std::string NewId();

// A device registered by the admin path (AddDevice), as the store keeps it.
// Fails the test and returns an empty device if that fails.
Device AddTestDevice(Store& store, const Clock& clock, const std::string& name, v1::Role role,
                     std::vector<std::string> communities);

}  // namespace hromada::server::testing

#endif  // HROMADA_TESTS_SERVER_TEST_RECORDS_H_
