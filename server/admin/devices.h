// A device's life, written once above the Store (a backend only stores
// its row). The admin adds a device with a one-time code; the code enrols
// it, again and again so that a lost reply never strands it, until the
// device's first handshake spends it. The admin may then revoke it (its
// next call gets the wipe order), retire it (it pushes what it holds, then
// is told to wipe), reissue its code (the record moves to a new id, for a
// new phone) or change its role and communities.
//
// Each step is one write transaction: the device's row is read in it
// (WriteTxn::GetDevice, which holds the row until the end), checked, and
// written back. So a check always holds when its write lands, on one
// server or several sharing PostgreSQL: two enrolments with one code leave
// one token, and a handshake never undoes a revocation made meanwhile.
//
// Here, in admin/, and not in sync/: the lifecycle is the admin's state
// machine (add, revoke, retire, reissue, change); the sync calls (Enrol,
// Touch, MarkRetired at a handshake) move a device along it and make no
// rule of their own.
//
// Thread-safe (the Store is). Errors: the store's, and those each step
// names.
#ifndef HROMADA_SERVER_ADMIN_DEVICES_H_
#define HROMADA_SERVER_ADMIN_DEVICES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/store.h"

namespace hromada::server::devices {

// --- the rules: OK, or the error the step returns ---

// A device is in service until it is revoked or asked to retire. Only
// devices in service hold their names: the phone that replaces a lost one
// takes its name.
bool InService(const Device& device);
// Two names the same to a person: case, script and spacing folded
// (SearchKey), so "Stanislav secretary" and "stanislav  SECRETARY" clash.
bool SameName(absl::string_view a, absl::string_view b);

// A code enrols a device neither revoked nor retiring nor retired, until
// it expires. FAILED_PRECONDITION otherwise.
absl::Status CanEnrol(const Device& device, int64_t now_ms);
// A revoked device cannot retire (FAILED_PRECONDITION).
absl::Status CanRetire(const Device& device);
// Only a device still in service gets a new code; a revoked or retired
// one's new phone is a new device (FAILED_PRECONDITION).
absl::Status CanReissue(const Device& device);

// --- the steps ---

// Registers `device` (its name, role, communities, created_ms, code_hash
// and code_expires_ms; the rest as a new device has it) awaiting
// enrolment. ALREADY_EXISTS if its id or code hash is taken, or if a
// device in service has the same name (SameName; the message names it).
// The names are read inside the write: on SQLite, where writes take
// turns, two adds of one name cannot both pass; on PostgreSQL two admins
// adding the same name at the same instant could.
absl::Status Add(Store& store, const Device& device);

// Redeems an enrolment code at `now_ms`: stores `token_hash` in place of
// any earlier token and returns the device. The code stays valid (a lost
// reply must not strand the device) until Touch records the device's first
// handshake. NOT_FOUND for an unknown or spent code, FAILED_PRECONDITION
// as CanEnrol.
absl::StatusOr<Device> Enrol(Store& store, absl::string_view code_hash,
                             absl::string_view token_hash, int64_t now_ms);

// Records an authenticated handshake at `now_ms`: last seen, last sync when
// `all_acked`, and the enrolment code is forgotten (the device holds its
// token). A device gone since it authenticated (reissued) is left alone.
absl::Status Touch(Store& store, absl::string_view device_id, int64_t now_ms, bool all_acked);

// Marks the device revoked at `now_ms` (the first revocation's time stays)
// for `reason`: its enrolment code stops working, and its token only ever
// gets the wipe order. NOT_FOUND for an unknown device.
absl::Status Revoke(Store& store, absl::string_view device_id, absl::string_view reason,
                    int64_t now_ms);

// Asks for a graceful retirement (Device::retiring); its code stops
// working. NOT_FOUND for an unknown device, FAILED_PRECONDITION as
// CanRetire.
absl::Status Retire(Store& store, absl::string_view device_id);

// Records that a retiring device was given its wipe order at `now_ms` (the
// first time only). NOT_FOUND for an unknown device.
absl::Status MarkRetired(Store& store, absl::string_view device_id, int64_t now_ms);

// Moves the device's record to `new_id` (a new phone numbers its changes
// from 1 and has none of the old one's records) with a new enrolment code:
// name, role, communities and creation time stay; the old id, token, code,
// acks and refusals are forgotten. NOT_FOUND for an unknown device,
// FAILED_PRECONDITION as CanReissue, ALREADY_EXISTS if the new id or code
// is taken.
absl::Status Reissue(Store& store, absl::string_view device_id, absl::string_view new_id,
                     absl::string_view code_hash, int64_t code_expires_ms);

// What the admin may change of a device (nullopt: leave as is).
struct Changes {
  std::optional<v1::Role> role;
  std::optional<std::vector<std::string>> communities;  // 16-byte ids
};
// Changes role and/or communities. NOT_FOUND for an unknown device.
absl::Status Change(Store& store, absl::string_view device_id, const Changes& changes);

// The step every other one is made of: in one write transaction, reads the
// device (NOT_FOUND if there is none), runs `step` on it, and writes what
// `step` left unless it failed. Returns the device as written. For writes
// with no rule of their own (a device's bundle keys and cursor).
using Step = std::function<absl::Status(Device& device)>;
absl::StatusOr<Device> Update(Store& store, absl::string_view device_id, const Step& step);

}  // namespace hromada::server::devices

#endif  // HROMADA_SERVER_ADMIN_DEVICES_H_
