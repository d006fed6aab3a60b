// The push request writer: a hromada.v1.PushRequest written around change
// bytes the outbox already holds (serialized v1::Record), so a push never
// parses a change only to serialize it again (docs/performance.md, step 6).
// The bytes are exactly what protobuf would serialize for the same request.
//
// Stateless functions; thread-safe.
#ifndef HROMADA_SHARED_SYNC_WIRE_PUSH_WRITER_H_
#define HROMADA_SHARED_SYNC_WIRE_PUSH_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hromada::wire {

// The most bytes `first_seq` takes in a PushRequest (tag and the longest
// varint), so a batch sized with PushChangeSize never exceeds its budget.
size_t PushHeadMaxSize();

// Bytes one change of `change_size` serialized bytes adds to a PushRequest:
// its tag, its length and itself.
size_t PushChangeSize(size_t change_size);

// A serialized PushRequest{first_seq, changes}; each of `changes` must be a
// serialized v1::Record and is copied as it is (unknown fields included).
std::string WritePushRequest(uint64_t first_seq, const std::vector<std::string>& changes);

// The same request with the changes in `deflated_changes` (sync.proto): a
// zlib stream of exactly the field-2 entries WritePushRequest writes. Falls
// back to the plain request when deflating does not make it smaller.
std::string WriteDeflatedPushRequest(uint64_t first_seq, const std::vector<std::string>& changes);

}  // namespace hromada::wire

#endif  // HROMADA_SHARED_SYNC_WIRE_PUSH_WRITER_H_
