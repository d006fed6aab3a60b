#include "client/src/transport/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/src/transport/grpc_frame.h"
#include "client/src/transport/grpc_http.h"
#include "client/src/transport/loopback.h"

namespace hromada {
namespace {

// A larger receive buffer than libcurl's 16 KB default: with it, large h2c
// responses stalled ~200 ms at times (TRANSPORT.md).
constexpr long kBufferSize = 100 * 1024;
// libcurl gives up this long after the deadline, so that the server's own
// DEADLINE_EXCEEDED (it got grpc-timeout) usually arrives first.
constexpr absl::Duration kCurlSlack = absl::Seconds(1);
// Every call has a deadline; an infinite one is cut to this.
constexpr absl::Duration kMaxDeadline = absl::Hours(24);
// The key exchange groups a TLS connection offers, the first with a key
// share. hromada-server (grpc++ 1.51 on OpenSSL) takes only P-256 for it:
// to OpenSSL's default share (X25519) it answers with a HelloRetryRequest,
// which costs a round trip (1.27 s against 0.77 s to set up TLS through a
// 500 ms link, measured with curl 7.88). Other servers may pick any.
constexpr char kCurves[] = "P-256:X25519:P-384";

CURLcode GlobalInit() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result;
}

struct ParsedUrl {
  std::string base;       // scheme://host:port
  std::string authority;  // host:port
  std::string host;
  bool tls = false;
};

absl::StatusOr<ParsedUrl> ParseBaseUrl(const std::string& url) {
  std::unique_ptr<CURLU, void (*)(CURLU*)> u(curl_url(), curl_url_cleanup);
  const auto bad = [&url](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("the server URL \"", url, "\" ", why));
  };
  if (u == nullptr) return absl::InternalError("libcurl cannot parse URLs");
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return bad("is not a URL");
  }
  const auto part = [&u](CURLUPart which, unsigned int flags) -> std::optional<std::string> {
    char* text = nullptr;
    if (curl_url_get(u.get(), which, &text, flags) != CURLUE_OK || text == nullptr) {
      return std::nullopt;
    }
    std::string out(text);
    curl_free(text);
    return out;
  };
  const std::string scheme = absl::AsciiStrToLower(part(CURLUPART_SCHEME, 0).value_or(""));
  if (scheme != "http" && scheme != "https") return bad("must start with http:// or https://");
  const std::string path = part(CURLUPART_PATH, 0).value_or("/");
  if (part(CURLUPART_USER, 0) || part(CURLUPART_QUERY, 0) || part(CURLUPART_FRAGMENT, 0) ||
      (path != "/" && !path.empty())) {
    return bad("must be just scheme://host:port");
  }
  const std::optional<std::string> host = part(CURLUPART_HOST, 0);
  const std::optional<std::string> port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!host || host->empty() || !port) return bad("has no host");
  ParsedUrl parsed;
  parsed.tls = scheme == "https";
  parsed.host = *host;
  parsed.authority = absl::StrCat(*host, ":", *port);
  parsed.base = absl::StrCat(scheme, "://", parsed.authority);
  return parsed;
}

// What libcurl's callbacks collect during one call.
struct Exchange {
  Exchange(size_t max_message, const std::function<void(const CallBytes&)>* on_progress)
      : decoder(max_message), on_progress(on_progress) {}

  GrpcFrameDecoder decoder;
  std::optional<std::string> message;
  absl::Status body_error;  // why OnBody stopped the transfer
  std::optional<absl::StatusCode> grpc_status;
  std::string grpc_message;
  CallBytes bytes;
  const std::function<void(const CallBytes&)>* on_progress;  // borrowed
  CallBytes reported;                                        // what on_progress was last told
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t n = size * count;
  absl::Status fed = exchange->decoder.Feed(absl::string_view(data, n));
  if (!fed.ok()) {
    exchange->body_error = std::move(fed);
    return 0;  // any value but n aborts the transfer
  }
  for (std::string& message : exchange->decoder.TakeMessages()) {
    if (exchange->message.has_value()) {
      exchange->body_error = absl::InternalError("the server sent more than one response message");
      return 0;
    }
    exchange->message = std::move(message);
  }
  return n;
}

// Called for each header line; for HTTP/2 also for each trailer, after the
// body (curl_easy_header() cannot see HTTP/2 trailers in this libcurl).
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t n = size * count;
  const absl::string_view line(data, n);
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return n;  // status line or end of headers
  const absl::string_view name = absl::StripAsciiWhitespace(line.substr(0, colon));
  const absl::string_view value = absl::StripAsciiWhitespace(line.substr(colon + 1));
  if (absl::EqualsIgnoreCase(name, "grpc-status")) {
    exchange->grpc_status = grpc_http::ParseStatusCode(value);
  } else if (absl::EqualsIgnoreCase(name, "grpc-message")) {
    exchange->grpc_message = grpc_http::PercentDecode(value);
  }
  return n;
}

int OnDebug(CURL*, curl_infotype type, char*, size_t size, void* user) {
  CallBytes& bytes = static_cast<Exchange*>(user)->bytes;
  switch (type) {
    case CURLINFO_HEADER_OUT:
    case CURLINFO_DATA_OUT:
      bytes.up += size;
      break;
    case CURLINFO_HEADER_IN:
    case CURLINFO_DATA_IN:
      bytes.down += size;
      break;
    default:
      break;
  }
  return 0;
}

// libcurl's progress tick (often while data moves, at least once a
// second): passes on the wire bytes that OnDebug counted, when they grew.
int OnTransferInfo(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* exchange = static_cast<Exchange*>(user);
  const CallBytes& now = exchange->bytes;
  if (now.up != exchange->reported.up || now.down != exchange->reported.down) {
    exchange->reported = now;
    (*exchange->on_progress)(now);
  }
  return 0;  // go on
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

HeaderList RequestHeaders(const CallOptions& options, absl::Duration deadline, bool compress) {
  std::vector<std::string> lines = {
      "content-type: application/grpc",
      "te: trailers",
      "Accept:",  // drop libcurl's defaults
      "Expect:",
      "grpc-accept-encoding: gzip,identity",
      absl::StrCat("grpc-timeout: ", grpc_http::EncodeTimeout(deadline)),
  };
  if (compress) lines.push_back("grpc-encoding: gzip");
  if (!options.token.empty())
    lines.push_back(absl::StrCat("authorization: Bearer ", options.token));
  curl_slist* list = nullptr;
  for (const std::string& line : lines) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      return nullptr;
    }
    list = grown;
  }
  return HeaderList(list);
}

// Sets options in a row, keeping the first failure. Values must already
// have the type libcurl reads (long, pointer, curl_off_t).
class Options {
 public:
  explicit Options(CURL* curl) : curl_(curl) {}
  template <typename T>
  Options& Set(CURLoption option, T value) {
    if (result_ == CURLE_OK) result_ = curl_easy_setopt(curl_, option, value);
    return *this;
  }
  CURLcode result() const { return result_; }

 private:
  CURL* curl_;
  CURLcode result_ = CURLE_OK;
};

long Millis(absl::Duration d) { return static_cast<long>(absl::ToInt64Milliseconds(d)); }

absl::Status CurlError(CURLcode code, const char* detail_buffer, absl::Duration elapsed,
                       absl::Duration deadline, const std::string& authority) {
  const std::string detail =
      absl::StrCat(" (", detail_buffer[0] != '\0' ? detail_buffer : curl_easy_strerror(code), ")");
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      if (elapsed >= deadline) {
        return absl::DeadlineExceededError(absl::StrCat("the server at ", authority,
                                                        " did not answer within ",
                                                        absl::FormatDuration(deadline)));
      }
      return absl::UnavailableError(
          absl::StrCat("cannot connect to the server at ", authority, detail));
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:  // also a handshake cut by a dropping link
      return absl::UnavailableError(
          absl::StrCat("cannot connect to the server at ", authority, detail));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
      return absl::FailedPreconditionError(absl::StrCat(
          "the server at ", authority, " showed a certificate this device does not trust", detail,
          "; check the server URL, or enrol again with the server's CA (--ca) or key pin (--pin)"));
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return absl::FailedPreconditionError(absl::StrCat(
          "the server at ", authority,
          " showed a different key than the one pinned at enrolment; do not sync, and ask the "
          "admin whether the server's key changed"));
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CRL_BADFILE:
      return absl::FailedPreconditionError(
          absl::StrCat("cannot set up TLS for the server at ", authority, detail));
    case CURLE_OUT_OF_MEMORY:
      return absl::ResourceExhaustedError(absl::StrCat("out of memory", detail));
    default:
      return absl::UnavailableError(
          absl::StrCat("lost the connection to the server at ", authority, detail));
  }
}

struct Outcome {
  CURLcode code;
  const char* error;
  long http_status;
  absl::Duration elapsed;
  absl::Duration deadline;
};

// The order matters: the server's verdict wins over a connection that broke
// after it (a server may reset the stream right after refusing a request it
// is still receiving, e.g. one too large: that must stay RESOURCE_EXHAUSTED,
// not become a retryable UNAVAILABLE); our own abort of the body wins over
// the CURLE_WRITE_ERROR it causes.
absl::StatusOr<std::string> Finish(const Outcome& outcome, Exchange& exchange,
                                   const std::string& authority) {
  const std::optional<absl::StatusCode>& grpc_status = exchange.grpc_status;
  if (grpc_status && *grpc_status != absl::StatusCode::kOk) {
    return absl::Status(*grpc_status, exchange.grpc_message);
  }
  if (!exchange.body_error.ok()) return exchange.body_error;
  const bool whole_message = exchange.message.has_value() && !exchange.decoder.partial();
  // A whole answer: one message, then OK in the trailers. Whatever the
  // connection did after it (a reset while libcurl sent its own frames)
  // cannot change what the server answered.
  if (grpc_status && whole_message) return *std::move(exchange.message);
  // libcurl 7.88 drops the trailer lines of an HTTP/2 stream when the
  // connection closes right after them, yet ends the transfer with
  // CURLE_OK because the stream ended properly: its END_STREAM comes with
  // the trailers. Cut before them, the transfer fails instead (18 or 56,
  // tests/transport/curl_close_test.cc). So OK, 200 and one whole message
  // is a whole answer. The cost: a non-OK status in the lost trailers after
  // a message (no hromada call answers so) would read as OK.
  if (!grpc_status && whole_message && outcome.code == CURLE_OK && outcome.http_status == 200) {
    return *std::move(exchange.message);
  }
  if (outcome.code != CURLE_OK) {
    return CurlError(outcome.code, outcome.error, outcome.elapsed, outcome.deadline, authority);
  }
  if (!grpc_status && outcome.http_status != 200) {
    return absl::Status(
        grpc_http::CodeFromHttpStatus(outcome.http_status),
        absl::StrCat("the server at ", authority, " answered HTTP ", outcome.http_status,
                     " without a gRPC status; is it a hromada server?"));
  }
  if (!grpc_status) {
    // The stream ended before its trailers and its whole message: the
    // answer was cut on the way, so the call may be tried again.
    return absl::UnavailableError(
        absl::StrCat("the answer from the server at ", authority, " was cut before its end"));
  }
  if (exchange.decoder.partial() || !exchange.message.has_value()) {
    return absl::InternalError(
        absl::StrCat("the server at ", authority, " ended the call without a whole response"));
  }
  return *std::move(exchange.message);
}

}  // namespace

void CurlTransport::CurlDeleter::operator()(void* curl) const { curl_easy_cleanup(curl); }

absl::StatusOr<std::unique_ptr<CurlTransport>> CurlTransport::Create(std::string base_url,
                                                                     CurlTransportOptions options) {
  if (GlobalInit() != CURLE_OK) return absl::InternalError("libcurl failed to start");
  absl::StatusOr<ParsedUrl> url = ParseBaseUrl(base_url);
  if (!url.ok()) return url.status();
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  if ((info->features & CURL_VERSION_HTTP2) == 0) {
    return absl::FailedPreconditionError("this libcurl cannot speak HTTP/2");
  }
  if (url->tls && (info->features & CURL_VERSION_SSL) == 0) {
    return absl::FailedPreconditionError("this libcurl cannot speak TLS");
  }
  if (!url->tls && !options.allow_cleartext_remote && !IsLoopbackHost(url->host)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing plain http:// to ", url->authority,
        ": the device token and every record would cross the network readable; use https://, "
        "or --insecure on a closed test network"));
  }
  if (url->tls && !options.ca_file.empty() && !std::ifstream(options.ca_file).good()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read the CA file ", options.ca_file));
  }
  if (options.max_response_message_bytes == 0) {
    return absl::InvalidArgumentError("max_response_message_bytes must be positive");
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("libcurl cannot make a handle");
  return std::unique_ptr<CurlTransport>(new CurlTransport(
      std::move(url->base), std::move(url->authority), url->tls, std::move(options), curl));
}

CurlTransport::CurlTransport(std::string base_url, std::string authority, bool tls,
                             CurlTransportOptions options, void* curl)
    : base_url_(std::move(base_url)),
      authority_(std::move(authority)),
      tls_(tls),
      options_(std::move(options)),
      curl_(curl) {}

CurlTransport::~CurlTransport() = default;

absl::StatusOr<std::string> CurlTransport::Call(absl::string_view method, absl::string_view request,
                                                const CallOptions& options, CallBytes* bytes) {
  if (bytes != nullptr) *bytes = CallBytes{};
  if (!grpc_http::IsValidMethodName(method)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", method, "\" is not a method name"));
  }
  if (options.token.find_first_of("\r\n\0", 0, 3) != std::string::npos) {
    return absl::InvalidArgumentError("the device token contains a control character");
  }
  if (options.deadline <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError("the call's deadline has already passed");
  }
  const absl::Duration deadline = std::min(options.deadline, kMaxDeadline);
  const std::string url = absl::StrCat(base_url_, "/hromada.v1.Sync/", method);
  const std::string frame = EncodeGrpcFrame(request, options_.compress_requests);
  HeaderList headers = RequestHeaders(options, deadline, options_.compress_requests);
  if (headers == nullptr) return absl::ResourceExhaustedError("out of memory for headers");
  Exchange exchange(options_.max_response_message_bytes, &options.on_progress);
  char error[CURL_ERROR_SIZE] = "";

  CURL* curl = curl_.get();
  Options set(curl);
  set.Set(CURLOPT_URL, url.c_str())
      .Set(CURLOPT_PROTOCOLS_STR, tls_ ? "https" : "http")
      .Set(CURLOPT_HTTP_VERSION,
           static_cast<long>(tls_ ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE))
      .Set(CURLOPT_POST, 1L)
      .Set(CURLOPT_POSTFIELDS, frame.data())
      .Set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(frame.size()))
      .Set(CURLOPT_HTTPHEADER, headers.get())
      .Set(CURLOPT_USERAGENT, "hromada-client")
      .Set(CURLOPT_WRITEFUNCTION, &OnBody)
      .Set(CURLOPT_WRITEDATA, static_cast<void*>(&exchange))
      .Set(CURLOPT_HEADERFUNCTION, &OnHeader)
      .Set(CURLOPT_HEADERDATA, static_cast<void*>(&exchange))
      .Set(CURLOPT_DEBUGFUNCTION, &OnDebug)  // called only when VERBOSE is on
      .Set(CURLOPT_DEBUGDATA, static_cast<void*>(&exchange))
      .Set(CURLOPT_VERBOSE, 1L)
      .Set(CURLOPT_ERRORBUFFER, error)
      .Set(CURLOPT_NOSIGNAL, 1L)
      .Set(CURLOPT_TIMEOUT_MS, Millis(deadline + kCurlSlack))
      .Set(CURLOPT_CONNECTTIMEOUT_MS,
           Millis(std::min(options_.connect_timeout, deadline + kCurlSlack)))
      .Set(CURLOPT_BUFFERSIZE, kBufferSize);
  if (options.on_progress) {
    set.Set(CURLOPT_XFERINFOFUNCTION, &OnTransferInfo)
        .Set(CURLOPT_XFERINFODATA, static_cast<void*>(&exchange))
        .Set(CURLOPT_NOPROGRESS, 0L);
  }
  if (tls_) {
    set.Set(CURLOPT_SSL_VERIFYPEER, options_.verify_peer ? 1L : 0L)
        .Set(CURLOPT_SSL_VERIFYHOST, options_.verify_peer ? 2L : 0L)
        .Set(CURLOPT_SSL_EC_CURVES, kCurves);
    if (!options_.ca_pem.empty()) {
      curl_blob blob{const_cast<char*>(options_.ca_pem.data()), options_.ca_pem.size(),
                     CURL_BLOB_COPY};
      set.Set(CURLOPT_CAINFO_BLOB, &blob);
    } else if (!options_.ca_file.empty()) {
      set.Set(CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    if (!options_.pinned_public_key.empty()) {
      set.Set(CURLOPT_PINNEDPUBLICKEY, options_.pinned_public_key.c_str());
    }
  } else {
    // libcurl 7.88 fails a second request on a reused h2c connection. h2c
    // cannot cross a forward proxy either, so ignore *_proxy variables.
    set.Set(CURLOPT_FRESH_CONNECT, 1L).Set(CURLOPT_FORBID_REUSE, 1L).Set(CURLOPT_PROXY, "");
  }
  if (set.result() != CURLE_OK) {
    curl_easy_reset(curl);
    return absl::InternalError(
        absl::StrCat("cannot set up libcurl: ", curl_easy_strerror(set.result())));
  }

  const absl::Time start = absl::Now();
  const CURLcode code = curl_easy_perform(curl);
  const absl::Duration elapsed = absl::Now() - start;
  long http_status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
  // Drop the pointers into this frame (error buffer, callbacks' data,
  // headers, body) before they dangle; a kept TLS connection survives.
  curl_easy_reset(curl);
  if (bytes != nullptr) *bytes = exchange.bytes;
  return Finish(Outcome{code, error, http_status, elapsed, deadline}, exchange, authority_);
}

}  // namespace hromada
