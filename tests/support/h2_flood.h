// HTTP/2 peers that misbehave on purpose, for the tests of what an
// anonymous peer costs the real server (issue 22): streams that declare a
// large gRPC message and never finish it, and connections that say hello
// and then sit idle. Cleartext (h2c, prior knowledge) on 127.0.0.1 only.
//
// UnfinishedStreams runs its connections on one thread of its own until it
// is destroyed; its counters may be read from any thread.
#ifndef HROMADA_TESTS_SUPPORT_H2_FLOOD_H_
#define HROMADA_TESTS_SUPPORT_H2_FLOOD_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hromada {
namespace test {

struct UnfinishedStreamsOptions {
  int port = 0;
  std::string path = "/hromada.v1.Sync/Push";
  int connections = 4;
  int streams_per_connection = 100;
  // Each stream's gRPC frame header declares `declared_bytes`; the stream
  // then sends `sent_bytes` of them (as far as flow control lets it) and
  // waits, never ending the message or the stream.
  uint32_t declared_bytes = 2000000;
  uint32_t sent_bytes = 1999000;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. authorization
};

class UnfinishedStreams {
 public:
  // Connects and starts sending at once. Connections that fail to connect
  // count as closed.
  explicit UnfinishedStreams(UnfinishedStreamsOptions options);
  // Closes every connection (the peer leaves).
  ~UnfinishedStreams();
  UnfinishedStreams(const UnfinishedStreams&) = delete;
  UnfinishedStreams& operator=(const UnfinishedStreams&) = delete;

  // Message bytes the server has let through so far (its flow-control
  // windows allowed them), over all streams.
  int64_t bytes_sent() const { return bytes_sent_.load(); }
  // Streams the server has ended (reset, refused or answered).
  int streams_closed() const { return streams_closed_.load(); }
  // Connections the server has closed (or that never opened).
  int connections_closed() const { return connections_closed_.load(); }

 private:
  struct Connection;
  void Run();

  const UnfinishedStreamsOptions options_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> bytes_sent_{0};
  std::atomic<int> streams_closed_{0};
  std::atomic<int> connections_closed_{0};
  std::thread thread_;
};

// Opens up to `count` TCP connections to 127.0.0.1:port, each sending the
// HTTP/2 client preface and an empty SETTINGS frame, then nothing. Returns
// their sockets (the caller closes them); stops early if connect fails.
std::vector<int> OpenIdleConnections(int port, int count);

// How many of `sockets` (any TCP sockets) the server has not closed: each
// is drained without blocking, and one that reads end-of-file or an error
// is closed.
int CountOpen(const std::vector<int>& sockets);

void CloseAll(std::vector<int>& sockets);

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_H2_FLOOD_H_
