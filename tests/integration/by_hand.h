// The sync protocol by hand, for integration tests that send what the
// client library would not (refused changes, hostile text, tampered
// sequence numbers): one Enrol or Push call over a Transport, its answer
// parsed, with nothing of the client in between.
//
// Thread-safe as the transport is. Errors: the transport's status for a
// failed call, DATA_LOSS for an answer that does not parse. A refused
// change is no error: it is a rejection in the PushResponse.
#ifndef HROMADA_TESTS_INTEGRATION_BY_HAND_H_
#define HROMADA_TESTS_INTEGRATION_BY_HAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/src/transport/transport.h"
#include "hromada/v1/sync.pb.h"

namespace hromada::test {

// Enrols with the one-time `code` (protocol version 1): the token.
absl::StatusOr<std::string> EnrolByHand(Transport& transport, const std::string& code);

// Pushes `changes` as one batch numbered from `first_seq`, with `token`.
absl::StatusOr<v1::PushResponse> PushByHand(Transport& transport, const std::string& token,
                                            const std::vector<v1::Record>& changes,
                                            uint64_t first_seq = 1);

}  // namespace hromada::test

#endif  // HROMADA_TESTS_INTEGRATION_BY_HAND_H_
