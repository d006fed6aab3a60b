// `--log-format json`: each log line as one JSON object, for log shippers
// (journald, Loki, Elasticsearch):
//
//   {"time":"2026-11-30T10:47:23.123Z","level":"info","logger":"hromada",
//    "thread":1234,"message":"..."}
//
// The message is escaped by nlohmann::json, and bytes that are not UTF-8
// are replaced (U+FFFD), so every line parses whatever a caller logged.
//
// Thread-safe as spdlog requires: format() keeps no state between calls.
#ifndef HROMADA_SERVER_OPS_JSON_LOG_H_
#define HROMADA_SERVER_OPS_JSON_LOG_H_

#include <spdlog/formatter.h>

#include <memory>

namespace hromada::server {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// Sends gRPC's own log lines (which it writes to stderr in its own format)
// through spdlog's default logger, so they take its format too: with
// --log-format json every line on stderr is one JSON object.
void RouteGrpcLogsToSpdlog();

}  // namespace hromada::server

#endif  // HROMADA_SERVER_OPS_JSON_LOG_H_
