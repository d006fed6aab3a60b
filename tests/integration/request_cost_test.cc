// What an anonymous or unauthenticated request costs the real server
// process: a gzip bomb is refused quickly without inflating, a bad token is
// refused before the body is parsed, a deflated_changes bomb from an
// enrolled device stops at the push limit, and Enrol is limited per peer. The
// requests are raw HTTP/2 (libcurl), so that they can carry what no honest
// client sends.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "client/src/transport/curl_transport.h"
#include "client/src/transport/grpc_frame.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/sqlite.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "tests/integration/by_hand.h"
#include "tests/integration/fixture.h"
#include "tests/unit/record_builders.h"

namespace hromada::test {
namespace {

struct RawAnswer {
  int grpc_status = -1;
  std::string message;
  double seconds = 0;
  std::string curl_error;  // empty when the HTTP exchange completed
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* answer = static_cast<RawAnswer*>(user);
  absl::string_view line(data, size * n);
  line = absl::StripTrailingAsciiWhitespace(line);
  if (absl::ConsumePrefix(&line, "grpc-status: ")) {
    if (!absl::SimpleAtoi(line, &answer->grpc_status)) answer->grpc_status = -2;
  } else if (absl::ConsumePrefix(&line, "grpc-message: ")) {
    answer->message = std::string(line);
  }
  return size * n;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// POSTs `body` (already framed) to /hromada.v1.Sync/<method>.
RawAnswer RawCall(const std::string& url, const std::string& method, const std::string& body,
                  const std::vector<std::string>& extra_headers) {
  RawAnswer answer;
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  for (const char* h : {"content-type: application/grpc", "te: trailers", "Accept:", "Expect:"}) {
    headers = curl_slist_append(headers, h);
  }
  for (const std::string& h : extra_headers) headers = curl_slist_append(headers, h.c_str());
  const std::string target = absl::StrCat(url, "/hromada.v1.Sync/", method);
  curl_easy_setopt(curl, CURLOPT_URL, target.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION,
                   static_cast<long>(CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE));
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
  if (getenv("RAW_VERBOSE")) curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
  const auto start = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) answer.curl_error = curl_easy_strerror(code);
  answer.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return answer;
}

std::string Frame(bool compressed, const std::string& message) {
  std::string out(5, '\0');
  out[0] = compressed ? 1 : 0;
  const uint32_t n = static_cast<uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
  return out + message;
}

// gzip (or, with `zlib`, a zlib stream) of `zeros` zero bytes, made by
// streaming so the zeros are never held.
std::string GzipOfZeros(size_t zeros, bool zlib = false) {
  z_stream z{};
  const int window_bits = zlib ? MAX_WBITS : 16 + MAX_WBITS;
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<unsigned char> in(1 << 20, 0), out(1 << 16);
  std::string gz;
  size_t left = zeros;
  int flush = Z_NO_FLUSH;
  do {
    const size_t n = std::min(left, in.size());
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = in.data();
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      deflate(&z, flush);
      gz.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return gz;
}

// VmRSS and VmHWM (peak) of a process, in kB.
std::pair<int64_t, int64_t> Memory(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  int64_t rss = -1, hwm = -1;
  while (std::getline(in, line)) {
    absl::string_view v(line);
    int64_t* target = absl::ConsumePrefix(&v, "VmRSS:")   ? &rss
                      : absl::ConsumePrefix(&v, "VmHWM:") ? &hwm
                                                          : nullptr;
    if (target == nullptr) continue;
    v = absl::StripAsciiWhitespace(v);
    absl::ConsumeSuffix(&v, " kB");
    if (!absl::SimpleAtoi(v, target)) *target = -2;
  }
  return {rss, hwm};
}

// The CPU seconds (user + system) process `pid` has used so far. A bomb's
// cost is judged by the server's CPU, not by the wall clock, which a busy
// machine stretches (a 1-second wall bound failed at load 6).
double CpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::vector<std::string> f = absl::StrSplit(stat.substr(paren + 2), ' ');
  if (f.size() < 13) return -1;
  int64_t user = 0, system = 0;
  if (!absl::SimpleAtoi(f[11], &user) || !absl::SimpleAtoi(f[12], &system)) return -1;
  return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

class RequestCostTest : public SyncFixture {
 protected:
  // Enrols a new field device of Bilozerka; its bearer token.
  std::string EnrolToken(const std::string& name) {
    absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url());
    EXPECT_TRUE(t.ok()) << t.status();
    if (!t.ok()) return "";
    absl::StatusOr<std::string> token = EnrolByHand(**t, NewCode(name, "Bilozerka"));
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }
};

TEST_F(RequestCostTest, GzipBombToEnrolIsRefusedFastWithoutInflating) {
  const std::string bomb = GzipOfZeros(size_t{3} << 29);  // 1.5 GiB of zeros
  ASSERT_LT(bomb.size(), 2u << 20);
  const auto before = Memory(server_->pid());
  const double cpu_before = CpuSeconds(server_->pid());
  RawAnswer answer = RawCall(server_->url(), "Enrol", Frame(true, bomb), {"grpc-encoding: gzip"});
  const double cpu = CpuSeconds(server_->pid()) - cpu_before;
  const auto after = Memory(server_->pid());
  std::printf(
      "gzip bomb: %zu bytes; answer %d '%s' (%s) in %.3f s, server CPU %.3f s; VmRSS %lld -> %lld "
      "kB, "
      "VmHWM %lld -> %lld kB\n",
      bomb.size(), answer.grpc_status, answer.message.c_str(), answer.curl_error.c_str(),
      answer.seconds, cpu, static_cast<long long>(before.first),
      static_cast<long long>(after.first), static_cast<long long>(before.second),
      static_cast<long long>(after.second));
  // Refused: a gRPC error, or the stream reset while the body was still coming.
  EXPECT_TRUE(answer.grpc_status > 0 || !answer.curl_error.empty()) << answer.grpc_status;
  EXPECT_LT(cpu, 0.1) << "server CPU seconds; inflating the whole bomb costs more";
  EXPECT_LT(after.second - before.first, 100 * 1024) << "the server's peak memory grew";
  EXPECT_TRUE(server_->Running());
}

// The same bomb inside the message, from an enrolled device: the server
// inflates deflated_changes only after the token, and stops at the push
// limit instead of inflating 256 MiB.
TEST_F(RequestCostTest, DeflatedChangesBombIsRefusedAtThePushLimit) {
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url());
  ASSERT_TRUE(t.ok()) << t.status();
  absl::StatusOr<std::string> token = EnrolByHand(**t, NewCode("bomber", "Bilozerka"));
  ASSERT_TRUE(token.ok()) << token.status();

  v1::PushRequest push;
  push.set_first_seq(1);
  push.set_deflated_changes(GzipOfZeros(size_t{1} << 28, /*zlib=*/true));  // 256 MiB
  ASSERT_LT(push.deflated_changes().size(), 1u << 20);
  const std::vector<std::string> auth = {absl::StrCat("authorization: Bearer ", *token)};
  const auto before = Memory(server_->pid());
  const double cpu_before = CpuSeconds(server_->pid());
  RawAnswer bomb = RawCall(server_->url(), "Push", Frame(false, push.SerializeAsString()), auth);
  const double cpu = CpuSeconds(server_->pid()) - cpu_before;
  const auto after = Memory(server_->pid());
  std::printf(
      "deflated_changes bomb: %zu bytes; answer %d '%s' in %.3f s, server CPU %.3f s; VmRSS %lld "
      "-> %lld kB, "
      "VmHWM %lld -> %lld kB\n",
      push.deflated_changes().size(), bomb.grpc_status, bomb.message.c_str(), bomb.seconds, cpu,
      static_cast<long long>(before.first), static_cast<long long>(after.first),
      static_cast<long long>(before.second), static_cast<long long>(after.second));
  EXPECT_EQ(bomb.grpc_status, static_cast<int>(absl::StatusCode::kResourceExhausted))
      << bomb.message << bomb.curl_error;
  EXPECT_LT(cpu, 0.1) << "server CPU seconds; inflating 256 MiB costs more (measured: 0.01)";
  EXPECT_LT(after.second - before.first, 100 * 1024) << "the server's peak memory grew";

  // A corrupt stream, and both fields at once, are the caller's mistake.
  push.set_deflated_changes("not a zlib stream");
  RawAnswer corrupt = RawCall(server_->url(), "Push", Frame(false, push.SerializeAsString()), auth);
  EXPECT_EQ(corrupt.grpc_status, static_cast<int>(absl::StatusCode::kInvalidArgument))
      << corrupt.message;
  push.add_changes()->set_kind("person");
  RawAnswer both = RawCall(server_->url(), "Push", Frame(false, push.SerializeAsString()), auth);
  EXPECT_EQ(both.grpc_status, static_cast<int>(absl::StatusCode::kInvalidArgument)) << both.message;
  EXPECT_TRUE(server_->Running());
}

// The field client sends plain requests; answers still come gzipped. Prints
// what a push costs plain and what it would have cost gzipped.
TEST_F(RequestCostTest, PlainRequestsGzippedAnswers) {
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url());
  ASSERT_TRUE(t.ok()) << t.status();
  v1::EnrolRequest enrol;
  enrol.set_protocol_version(1);
  enrol.set_code(NewCode("bytes", "Bilozerka"));
  CallOptions options;
  absl::StatusOr<std::string> answer =
      (*t)->Call("Enrol", enrol.SerializeAsString(), options, nullptr);
  ASSERT_TRUE(answer.ok()) << answer.status();
  v1::EnrolResponse enrolled;
  ASSERT_TRUE(enrolled.ParseFromString(*answer));
  options.token = enrolled.token();

  v1::PushRequest push;
  push.set_first_seq(1);
  for (int i = 0; i < 200; ++i) {
    v1::Record* r = push.add_changes();
    r->set_kind("person");
    r->set_id(Uuid::V4().bytes());
    r->set_community_id(Uuid::Parse(bilozerka_)->bytes());
    r->set_hlc(HlcPack(SystemClock::Get().NowMillis(), 0));
    v1::Field* f = r->add_fields();
    f->set_name("full_name");
    f->mutable_value()->set_text(absl::StrCat("Олена Петренко ", i));
    f = r->add_fields();
    f->set_name("organisation");
    f->mutable_value()->set_text("Білозерська селищна військова адміністрація");
  }
  const std::string request = push.SerializeAsString();
  CallBytes push_bytes;
  answer = (*t)->Call("Push", request, options, &push_bytes);
  ASSERT_TRUE(answer.ok()) << answer.status();
  absl::StatusOr<std::string> gz = Gzip(request);
  ASSERT_TRUE(gz.ok());
  std::printf("push of 200 persons: message %zu bytes, gzip would be %zu; sent %llu bytes\n",
              request.size(), gz->size(), static_cast<unsigned long long>(push_bytes.up));
  EXPECT_GE(push_bytes.up, request.size());

  // Another device pulls them: the answer crosses the wire gzipped.
  enrol.set_code(NewCode("puller", "Bilozerka"));
  answer = (*t)->Call("Enrol", enrol.SerializeAsString(), CallOptions(), nullptr);
  ASSERT_TRUE(answer.ok() && enrolled.ParseFromString(*answer));
  options.token = enrolled.token();
  v1::PullRequest pull;
  CallBytes pull_bytes;
  answer = (*t)->Call("Pull", pull.SerializeAsString(), options, &pull_bytes);
  ASSERT_TRUE(answer.ok()) << answer.status();
  std::printf("pull: message %zu bytes, received %llu bytes\n", answer->size(),
              static_cast<unsigned long long>(pull_bytes.down));
  EXPECT_LT(pull_bytes.down, answer->size() / 2);
}

TEST_F(RequestCostTest, BadTokenIsRefusedBeforeTheBodyIsParsed) {
  const std::string garbage = Frame(false, std::string("\x0a\xff\xff\xff\xff\x0f", 6));
  for (const char* method : {"Push", "Pull", "Handshake"}) {
    RawAnswer none = RawCall(server_->url(), method, garbage, {});
    EXPECT_EQ(none.grpc_status, static_cast<int>(absl::StatusCode::kUnauthenticated))
        << method << ": " << none.message;
    RawAnswer bad = RawCall(server_->url(), method, garbage, {"authorization: Bearer nope"});
    EXPECT_EQ(bad.grpc_status, static_cast<int>(absl::StatusCode::kUnauthenticated))
        << method << ": " << bad.message;
  }
}

TEST_F(RequestCostTest, EnrolIsLimitedPerPeer) {
  v1::EnrolRequest enrol;
  enrol.set_protocol_version(1);
  enrol.set_code("WRONG-CODE-XXXX");
  const std::string body = Frame(false, enrol.SerializeAsString());
  int refused_unknown = 0, limited = 0;
  for (int i = 0; i < 40; ++i) {
    RawAnswer a = RawCall(server_->url(), "Enrol", body, {});
    if (a.grpc_status == static_cast<int>(absl::StatusCode::kNotFound)) ++refused_unknown;
    if (a.grpc_status == static_cast<int>(absl::StatusCode::kResourceExhausted)) ++limited;
  }
  EXPECT_GT(refused_unknown, 0);
  EXPECT_GT(limited, 0) << "40 enrolment attempts in a row were all answered";
}

// A device has at most --calls-per-device calls in progress. The test holds
// the database's write lock, so the device's pushes wait inside the server
// (each holding its place). One call more than the bound, all at once: the
// bound's worth are admitted and wait, and the one that comes last is
// refused at once, while the lock is still held; another device is still
// served. (No fixed pause for "all admitted": on a loaded machine a call may
// reach the server late, and then it is the one refused.)
TEST_F(RequestCostTest, ADeviceHasAtMostItsBoundOfCallsInProgress) {
  constexpr int kBound = 4;  // the default --calls-per-device
  const std::vector<std::string> busy = {absl::StrCat("authorization: Bearer ", EnrolToken("a"))};
  const std::vector<std::string> other = {absl::StrCat("authorization: Bearer ", EnrolToken("b"))};
  v1::PushRequest push;
  push.set_first_seq(1);
  *push.add_changes() =
      RecordOf("person", Uuid::V4().bytes(), Uuid::Parse(bilozerka_)->bytes(),
               HlcPack(SystemClock::Get().NowMillis(), 0), {{"full_name", Text("Олена")}});
  const std::string body = Frame(false, push.SerializeAsString());

  absl::StatusOr<std::unique_ptr<sql::Db>> lock = sql::Db::Open(server_->db_path());
  ASSERT_TRUE(lock.ok()) << lock.status();
  ASSERT_TRUE((*lock)->Exec("BEGIN IMMEDIATE").ok());  // the server's writes now wait
  std::vector<RawAnswer> answers(kBound + 1);
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int i = 0; i <= kBound; ++i) {
    threads.emplace_back([&, i] {
      answers[i] = RawCall(server_->url(), "Push", body, busy);
      ++answered;
    });
  }
  // While the lock is held only the refusal can come back.
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (answered.load() == 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(answered.load(), 1) << "one call answered while the others wait for the lock";
  v1::PullRequest pull;
  const RawAnswer unaffected =
      RawCall(server_->url(), "Pull", Frame(false, pull.SerializeAsString()), other);
  ASSERT_TRUE((*lock)->Exec("ROLLBACK").ok());
  for (std::thread& t : threads) t.join();

  int refused = 0, served = 0;
  for (const RawAnswer& a : answers) {
    if (a.grpc_status == static_cast<int>(absl::StatusCode::kResourceExhausted)) {
      ++refused;
    } else {
      EXPECT_EQ(a.grpc_status, 0) << "a call within the bound is served: " << a.message
                                  << a.curl_error;
      served += a.grpc_status == 0;
    }
  }
  EXPECT_EQ(refused, 1) << "the call over the bound is refused, not queued";
  EXPECT_EQ(served, kBound);
  EXPECT_EQ(unaffected.grpc_status, 0) << unaffected.message << unaffected.curl_error;
  EXPECT_TRUE(server_->Running());
}

}  // namespace
}  // namespace hromada::test
