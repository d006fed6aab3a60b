#include "client/src/transport/grpc_http.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace hromada::grpc_http {
namespace {

constexpr int64_t kMaxTimeoutValue = 99999999;  // 8 digits

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string EncodeTimeout(absl::Duration timeout) {
  struct Unit {
    absl::Duration size;
    char name;
  };
  // Finest unit first: the value is exact as long as it fits in 8 digits.
  static constexpr Unit kUnits[] = {{absl::Nanoseconds(1), 'n'},  {absl::Microseconds(1), 'u'},
                                    {absl::Milliseconds(1), 'm'}, {absl::Seconds(1), 'S'},
                                    {absl::Minutes(1), 'M'},      {absl::Hours(1), 'H'}};
  if (timeout < absl::Nanoseconds(1)) timeout = absl::Nanoseconds(1);
  for (const Unit& unit : kUnits) {
    const int64_t value = absl::ToInt64Nanoseconds(absl::Ceil(timeout, unit.size)) /
                          absl::ToInt64Nanoseconds(unit.size);
    if (value <= kMaxTimeoutValue) return absl::StrCat(value, std::string(1, unit.name));
  }
  return absl::StrCat(kMaxTimeoutValue, "H");
}

std::string PercentDecode(absl::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && HexValue(encoded[i + 1]) >= 0 &&
        HexValue(encoded[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2])));
      i += 2;
    } else {
      out.push_back(encoded[i]);
    }
  }
  return out;
}

absl::StatusCode ParseStatusCode(absl::string_view value) {
  int code = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(value), &code) || code < 0 || code > 16) {
    return absl::StatusCode::kUnknown;
  }
  return static_cast<absl::StatusCode>(code);
}

absl::StatusCode CodeFromHttpStatus(long http_status) {
  switch (http_status) {
    case 400:
      return absl::StatusCode::kInternal;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kUnimplemented;
    case 429:
    case 502:
    case 503:
    case 504:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kUnknown;
  }
}

bool IsValidMethodName(absl::string_view method) {
  if (method.empty()) return false;
  for (char c : method) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace hromada::grpc_http
