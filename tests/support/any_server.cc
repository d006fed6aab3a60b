#include "tests/support/any_server.h"

#include <memory>
#include <mutex>
#include <random>
#include <utility>

#include "client/src/transport/curl_transport.h"

namespace hromada::test {

TransportFactory AnyServer(std::vector<std::string> urls, uint64_t seed) {
  // Shared by the factory's copies (std::function copies it).
  auto rng = std::make_shared<std::pair<std::mutex, std::mt19937_64>>();
  rng->second.seed(seed);
  return [urls = std::move(urls),
          rng](const std::string&) -> absl::StatusOr<std::unique_ptr<Transport>> {
    size_t pick;
    {
      std::lock_guard<std::mutex> lock(rng->first);
      pick = rng->second() % urls.size();
    }
    absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(urls[pick]);
    if (!t.ok()) return t.status();
    return std::unique_ptr<Transport>(*std::move(t));
  };
}

}  // namespace hromada::test
