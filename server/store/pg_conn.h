// A thin, owning wrapper of one libpq connection for the PostgreSQL Store
// (pg_store.h): parameterized statements only, every parameter and result
// in binary form, errors as absl::Status chosen by what the caller should
// do. Data never enters SQL text.
//
// Not thread-safe: a Conn is used by one thread at a time (PgStore's pool
// hands each to one caller).
#ifndef HROMADA_SERVER_STORE_PG_CONN_H_
#define HROMADA_SERVER_STORE_PG_CONN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct pg_conn;
struct pg_result;

namespace hromada::server::pg {

// The parameters of one statement, $1, $2, … in the order added.
class Params {
 public:
  Params& Bytes(absl::string_view value);  // bytea
  Params& Text(absl::string_view value);   // text (UTF-8)
  Params& Int(int64_t value);              // int8

  size_t size() const { return values_.size(); }
  const std::vector<std::string>& values() const { return values_; }
  const std::vector<unsigned>& types() const { return types_; }

 private:
  std::vector<std::string> values_;
  std::vector<unsigned> types_;
};

// The rows of one statement, in binary form. Views into it are valid as
// long as the Result lives.
class Result {
 public:
  explicit Result(pg_result* result);
  Result(Result&&) = default;
  Result& operator=(Result&&) = default;

  int rows() const;
  bool IsNull(int row, int col) const;
  absl::string_view Bytes(int row, int col) const;  // bytea or text
  int64_t Int(int row, int col) const;              // int2/4/8 or bool
  // The number of rows an INSERT/UPDATE/DELETE touched.
  int64_t Affected() const;

 private:
  struct Clear {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

class Conn {
 public:
  // Connects to `url` (postgresql://… or postgres://…). UNAVAILABLE, in one
  // sentence, when the database cannot be reached or the URL is bad.
  static absl::StatusOr<std::unique_ptr<Conn>> Connect(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one statement. Errors: ALREADY_EXISTS for a unique violation,
  // ABORTED for a serialization failure, deadlock or lock timeout (retry),
  // UNAVAILABLE when the connection is lost, INTERNAL otherwise.
  absl::StatusOr<Result> Exec(absl::string_view sql, const Params& params = Params());
  // Exec() for statements whose rows do not matter.
  absl::Status Run(absl::string_view sql, const Params& params = Params());

  // False once the connection is lost: it must then be dropped.
  bool Healthy() const;
  // True between BEGIN and COMMIT/ROLLBACK (or in a failed transaction).
  bool InTransaction() const;
  // True inside a transaction that an error has aborted.
  bool InFailedTransaction() const;

 private:
  explicit Conn(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
};

}  // namespace hromada::server::pg

#endif  // HROMADA_SERVER_STORE_PG_CONN_H_
