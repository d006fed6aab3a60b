#include "tests/integration/by_hand.h"

#include "absl/status/status.h"

namespace hromada::test {

absl::StatusOr<std::string> EnrolByHand(Transport& transport, const std::string& code) {
  v1::EnrolRequest enrol;
  enrol.set_code(code);
  enrol.set_protocol_version(1);
  absl::StatusOr<std::string> out =
      transport.Call("Enrol", enrol.SerializeAsString(), CallOptions(), nullptr);
  if (!out.ok()) return out.status();
  v1::EnrolResponse response;
  if (!response.ParseFromString(*out)) return absl::DataLossError("unparsable EnrolResponse");
  return response.token();
}

absl::StatusOr<v1::PushResponse> PushByHand(Transport& transport, const std::string& token,
                                            const std::vector<v1::Record>& changes,
                                            uint64_t first_seq) {
  v1::PushRequest push;
  push.set_first_seq(first_seq);
  for (const v1::Record& c : changes) *push.add_changes() = c;
  CallOptions options;
  options.token = token;
  absl::StatusOr<std::string> out =
      transport.Call("Push", push.SerializeAsString(), options, nullptr);
  if (!out.ok()) return out.status();
  v1::PushResponse response;
  if (!response.ParseFromString(*out)) return absl::DataLossError("unparsable PushResponse");
  return response;
}

}  // namespace hromada::test
