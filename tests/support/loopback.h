// Small loopback socket helpers for tests. Thread-safe.
#ifndef HROMADA_TESTS_SUPPORT_LOOPBACK_H_
#define HROMADA_TESTS_SUPPORT_LOOPBACK_H_

#include <netinet/in.h>

namespace hromada {
namespace test {

// The address 127.0.0.1:port (0: any port, for bind).
sockaddr_in Loopback(int port);

// A TCP port on 127.0.0.1 that was free a moment ago (bound, then
// released), or -1. Another process may take it meanwhile: good enough to
// give a server a fixed port in a test.
int FreeLoopbackPort();

// A blocking TCP socket connected to 127.0.0.1:port, or -1 with errno set.
// The caller owns it and closes it.
int ConnectLoopback(int port);

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_LOOPBACK_H_
