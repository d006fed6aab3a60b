#include "server/store/pg_conn.h"

#include <libpq-fe.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace hromada::server::pg {
namespace {

// Type oids of the parameters (pg_type.h, stable across versions).
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

// libpq's messages end in a newline and may add hints on further lines;
// a person is told the first line.
std::string FirstLine(const char* message) {
  const std::string text = message == nullptr ? "" : message;
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  return std::string(absl::StripAsciiWhitespace(lines.empty() ? "" : lines.front()));
}

absl::Status ErrorOf(PGresult* result, PGconn* conn) {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string message =
      FirstLine(result == nullptr ? PQerrorMessage(conn) : PQresultErrorMessage(result));
  const std::string code = state == nullptr ? "" : state;
  if (code == "23505") return absl::AlreadyExistsError(message);
  // serialization_failure, deadlock_detected, lock_not_available: retry.
  if (code == "40001" || code == "40P01" || code == "55P03") return absl::AbortedError(message);
  if (PQstatus(conn) != CONNECTION_OK || code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0) {
    return absl::UnavailableError(
        absl::StrCat("the PostgreSQL database is unreachable: ", message));
  }
  return absl::InternalError(absl::StrCat("PostgreSQL: ", message));
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

Params& Params::Bytes(absl::string_view value) {
  values_.emplace_back(value);
  types_.push_back(kByteaOid);
  return *this;
}

Params& Params::Text(absl::string_view value) {
  values_.emplace_back(value);
  types_.push_back(kTextOid);
  return *this;
}

Params& Params::Int(int64_t value) {
  std::string be(8, '\0');
  for (int i = 7; i >= 0; --i) {
    be[i] = static_cast<char>(value & 0xff);
    value = static_cast<int64_t>(static_cast<uint64_t>(value) >> 8);
  }
  values_.push_back(std::move(be));
  types_.push_back(kInt8Oid);
  return *this;
}

void Result::Clear::operator()(pg_result* r) const { PQclear(r); }

Result::Result(pg_result* result) : result_(result) {}

int Result::rows() const { return PQntuples(result_.get()); }

bool Result::IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }

absl::string_view Result::Bytes(int row, int col) const {
  return absl::string_view(PQgetvalue(result_.get(), row, col),
                           static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}

int64_t Result::Int(int row, int col) const {
  // Big-endian, two's complement, of the column's own width (bool is 1).
  const absl::string_view raw = Bytes(row, col);
  if (raw.empty()) return 0;
  uint64_t v = static_cast<uint8_t>(raw[0]) & 0x80 ? ~uint64_t{0} : 0;
  for (char c : raw) v = (v << 8) | static_cast<uint8_t>(c);
  return static_cast<int64_t>(v);
}

int64_t Result::Affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n == nullptr || *n == '\0' ? 0 : std::stoll(n);
}

absl::StatusOr<std::unique_ptr<Conn>> Conn::Connect(const std::string& url) {
  // Defaults the URL may override (its values come later): give up on an
  // unreachable host in 10 s, and notice a vanished one on an idle
  // connection within about a minute instead of the kernel's two hours.
  const char* keys[] = {"connect_timeout",  "keepalives_idle", "keepalives_interval",
                        "keepalives_count", "dbname",          nullptr};
  const char* values[] = {"10", "30", "10", "3", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (raw == nullptr) return absl::ResourceExhaustedError("out of memory connecting to PostgreSQL");
  std::unique_ptr<Conn> conn(new Conn(raw));
  if (PQstatus(raw) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot reach the PostgreSQL database: ", FirstLine(PQerrorMessage(raw))));
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  // A writer that waits this long for the pull-order lock gives up with
  // ABORTED (Store::BeginWrite's contract) instead of hanging a call.
  if (absl::Status s = conn->Run("SET client_encoding TO 'UTF8'; SET lock_timeout TO '20s'");
      !s.ok()) {
    return s;
  }
  return conn;
}

Conn::~Conn() { PQfinish(conn_); }

absl::StatusOr<Result> Conn::Exec(absl::string_view sql, const Params& params) {
  const std::string text(sql);
  PGresult* raw;
  if (params.size() == 0 && text.find(';') != std::string::npos) {
    raw = PQexec(conn_, text.c_str());  // several statements, no data
  } else {
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats(params.size(), 1);
    for (const std::string& v : params.values()) {
      values.push_back(v.data());
      lengths.push_back(static_cast<int>(v.size()));
    }
    raw = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), params.types().data(),
                       values.data(), lengths.data(), formats.data(), /*resultFormat=*/1);
  }
  Result result(raw);
  const ExecStatusType status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ErrorOf(raw, conn_);
  return result;
}

absl::Status Conn::Run(absl::string_view sql, const Params& params) {
  absl::StatusOr<Result> result = Exec(sql, params);
  return result.ok() ? absl::OkStatus() : result.status();
}

bool Conn::Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Conn::InTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

bool Conn::InFailedTransaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

}  // namespace hromada::server::pg
