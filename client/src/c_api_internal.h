// What the C API's source files (c_api.cc, c_api_records.cc) share: the
// one way an entry point turns a Status (or an exception) into a
// hromada_code and the calling thread's last error, the NULL check that
// names the argument, and the record handle. Not installed.
#ifndef HROMADA_CLIENT_SRC_C_API_INTERNAL_H_
#define HROMADA_CLIENT_SRC_C_API_INTERNAL_H_

#include <exception>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hromada/client.h"
#include "hromada/hromada.h"
#include "hromada/record.h"

struct hromada_client {
  std::unique_ptr<hromada::Client> client;
};

// A copy of a record's state with its field names indexed, so getters need
// no lock and no call into the Client.
struct hromada_record {
  explicit hromada_record(hromada::RecordView v);
  hromada::RecordView view;
  std::vector<const std::string*> names;  // into view.fields, in order
};

namespace hromada::capi {

// Sets this thread's last error to `message` and returns `code`. Never
// throws: without memory for the message, the message is "".
int Finish(int code, absl::string_view message) noexcept;
inline int Finish(const absl::Status& status) noexcept {
  return Finish(static_cast<int>(status.code()), status.message());
}

// Runs `body` (returning absl::Status) and Finishes with its status. No C++
// exception crosses the C boundary: out of memory becomes
// RESOURCE_EXHAUSTED, any other exception INTERNAL.
template <typename F>
int Run(F&& body) noexcept {
  try {
    return Finish(body());
  } catch (const std::bad_alloc&) {
    return Finish(HROMADA_RESOURCE_EXHAUSTED, "out of memory");
  } catch (const std::exception& e) {
    return Finish(HROMADA_INTERNAL, e.what());
  } catch (...) {
    return Finish(HROMADA_INTERNAL, "unexpected failure in the hromada library");
  }
}

// A required pointer argument and its name in hromada.h.
struct Arg {
  const void* value;
  const char* name;
};

// INVALID_ARGUMENT naming the first NULL among `args` (the one NULL rule
// of hromada.h).
absl::Status Need(std::initializer_list<Arg> args);

// Stores NULL in an output, as every function handing one out does first.
template <typename T>
void ClearOut(T** out) {
  if (out != nullptr) *out = nullptr;
}

// Copies `text` to a malloc'ed string in *out (the caller's, freed with
// hromada_free). `out` must not be NULL.
absl::Status Give(const std::string& text, char** out);

}  // namespace hromada::capi

#endif  // HROMADA_CLIENT_SRC_C_API_INTERNAL_H_
