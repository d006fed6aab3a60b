#include "client/cli/protect.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/crypto/key_store.h"

namespace hromada::cli {
namespace {

constexpr size_t kMinLength = 8;

// One line typed on the terminal without echo.
absl::StatusOr<std::string> Prompt(const char* prompt) {
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) {
    return absl::FailedPreconditionError(
        "the profile is locked by a passphrase: type it in a terminal, or set "
        "HROMADA_PASSPHRASE or give --passphrase-file");
  }
  termios saved;
  const bool is_term = ::tcgetattr(tty, &saved) == 0;
  if (is_term) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  (void)!::write(tty, prompt, std::strlen(prompt));
  std::string line;
  char c;
  while (::read(tty, &c, 1) == 1 && c != '\n') line += c;
  if (is_term) ::tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

absl::StatusOr<std::string> FromFile(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", file));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Why `pass` cannot lock a profile, or "" if it can.
std::string Weakness(const std::string& pass) {
  if (pass.empty()) return "the passphrase is empty";
  if (pass.size() < kMinLength) {
    return absl::StrCat("a new passphrase needs at least ", kMinLength, " characters");
  }
  return "";
}

// Writes `line` on the terminal (a prompt's answer to a person).
void Tell(const std::string& line) {
  const int tty = ::open("/dev/tty", O_WRONLY | O_CLOEXEC);
  if (tty < 0) return;
  (void)!::write(tty, line.data(), line.size());
  ::close(tty);
}

// A new passphrase typed at the terminal: one too short is refused at
// once, and a pair that differs is asked again, up to kTries times.
absl::StatusOr<std::string> NewAtTerminal(const char* prompt) {
  constexpr int kTries = 3;
  std::string why;
  for (int i = 0; i < kTries; ++i) {
    absl::StatusOr<std::string> pass = Prompt(prompt);
    if (!pass.ok()) return pass.status();
    why = Weakness(*pass);
    if (why.empty()) {
      absl::StatusOr<std::string> again = Prompt("The same passphrase again: ");
      if (!again.ok()) return again.status();
      if (*again == *pass) return pass;
      why = "the two passphrases differ";
    }
    if (i + 1 < kTries) Tell(absl::StrCat(why, "; try again.\n"));
  }
  return absl::InvalidArgumentError(why);
}

// A passphrase from the file, the environment or the terminal; `is_new`
// asks twice at the terminal. `env` names the variable to read.
absl::StatusOr<std::string> Passphrase(const std::string& file, const char* env, bool is_new,
                                       const char* prompt) {
  absl::StatusOr<std::string> pass;
  const char* from_env = std::getenv(env);
  if (!file.empty()) {
    pass = FromFile(file);
  } else if (from_env != nullptr && *from_env != '\0') {
    pass = std::string(from_env);
  } else {
    pass = is_new ? NewAtTerminal(prompt) : Prompt(prompt);
  }
  if (!pass.ok()) return pass.status();
  if (pass->empty()) return absl::InvalidArgumentError("the passphrase is empty");
  if (is_new && !Weakness(*pass).empty()) return absl::InvalidArgumentError(Weakness(*pass));
  return pass;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

struct ProtectArgs {
  std::string new_passphrase_file;
  bool yes = false;
};

absl::Status ChangePassphrase(Session& s, const ProtectArgs& a) {
  absl::StatusOr<std::string> pass =
      Passphrase(a.new_passphrase_file, "HROMADA_NEW_PASSPHRASE", true, "New passphrase: ");
  if (!pass.ok()) return pass.status();
  if (absl::Status st = s.client.ChangePassphrase(*pass); !st.ok()) return st;
  s.out << "The passphrase is changed; the old one no longer opens this profile.\n";
  return absl::OkStatus();
}

absl::Status Wipe(const std::string& profile, std::ostream& out, const ProtectArgs& a) {
  if (!a.yes) {
    return absl::InvalidArgumentError(
        "wipe destroys this device's data, unsynced changes too; run `hromada wipe --yes`");
  }
  if (absl::Status st = Client::WipeProfile(profile); !st.ok()) return st;
  out << "Wiped: the key is destroyed and the profile's files are removed.\n";
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ProfilePassphrase(const std::string& profile, const std::string& file) {
  const bool is_new = !Exists(client::KeyFilePath(profile));
  return Passphrase(file, "HROMADA_PASSPHRASE", is_new,
                    is_new ? "New passphrase for this profile: " : "Passphrase: ");
}

void AddProtectCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<ProtectArgs>();
  CLI::App* passphrase =
      app.add_subcommand("passphrase", "the passphrase that unlocks the profile");
  passphrase->require_subcommand(1);
  CLI::App* change = passphrase->add_subcommand(
      "change", "lock the profile with a new passphrase (asked twice, or $HROMADA_NEW_PASSPHRASE)");
  change->add_option("--new-passphrase-file", a->new_passphrase_file,
                     "read the new passphrase from this file");
  CLI::App* wipe = app.add_subcommand(
      "wipe", "destroy this device's key and remove its profile (crypto-erasure; no passphrase)");
  wipe->add_flag("--yes", a->yes, "yes, destroy the data on this device");
  table.Add(change, [a](Session& s) { return ChangePassphrase(s, *a); });
  table.AddOnPath(
      wipe, [a](const std::string& profile, std::ostream& out) { return Wipe(profile, out, *a); });
}

}  // namespace hromada::cli
