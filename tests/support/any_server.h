// Devices behind a load balancer: a transport factory (ClientOptions::
// transport_factory) whose every connection goes to one of several
// servers on one database, picked at random, as the integration test of
// several servers and hromada-bench's `--servers N` both spread devices.
//
// The pick is seeded, so a run can be repeated; each client should get a
// factory of its own seed. Thread-safe: a client calls its factory from
// its sync threads. The connections are CurlTransport (gRPC over
// libcurl); a factory call fails only as CurlTransport::Create does.
#ifndef HROMADA_TESTS_SUPPORT_ANY_SERVER_H_
#define HROMADA_TESTS_SUPPORT_ANY_SERVER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "client/src/client_internal.h"

namespace hromada::test {

// `urls` must not be empty.
TransportFactory AnyServer(std::vector<std::string> urls, uint64_t seed);

}  // namespace hromada::test

#endif  // HROMADA_TESTS_SUPPORT_ANY_SERVER_H_
