// libFuzzer target: a bundle file as it comes off a USB stick, opened by
// the code both replicas run (shared/sync/bundle.h) in either direction, then
// verified and parsed; and the same bytes taken as the inner signed layer,
// so the parsers past the sealed box are reached too. Keys are derived
// from fixed seeds, so the checked-in seed (make_seeds.cc) opens and
// libFuzzer mutates from deep inside. Any bytes must give a status, never
// a crash.
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "shared/sync/bundle.h"

namespace {

using hromada::v1::BundleDirection;
using hromada::v1::BundleSecrets;
using hromada::v1::SignedBundle;
namespace bundle = hromada::bundle;

void Inner(const SignedBundle& signed_bundle, BundleDirection direction,
           const BundleSecrets& signer) {
  (void)bundle::Verify(signed_bundle, direction, signer.public_keys());
  (void)bundle::ParseDeviceBundle(signed_bundle);
  (void)bundle::ParseServerBundle(signed_bundle);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The fuzz seeds' keys: device 'd'…, server 's'… (make_seeds.cc).
  static const BundleSecrets device = *bundle::KeysFromSeed(std::string(32, 'd'));
  static const BundleSecrets server = *bundle::KeysFromSeed(std::string(32, 's'));
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  const BundleDirection kTo[] = {hromada::v1::BUNDLE_DIRECTION_TO_SERVER,
                                 hromada::v1::BUNDLE_DIRECTION_TO_DEVICE};
  for (BundleDirection direction : kTo) {
    const bool to_server = direction == hromada::v1::BUNDLE_DIRECTION_TO_SERVER;
    auto opened = bundle::Open(bytes, direction, to_server ? server : device);
    if (opened.ok()) Inner(*opened, direction, to_server ? device : server);
  }
  SignedBundle raw;
  if (raw.ParseFromArray(data, static_cast<int>(size))) {
    Inner(raw, hromada::v1::BUNDLE_DIRECTION_TO_SERVER, device);
  }
  return 0;
}
