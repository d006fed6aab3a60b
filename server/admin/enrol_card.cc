#include "server/admin/enrol_card.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <png.h>
#include <qrencode.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "shared/base/private_file.h"

namespace hromada::server {
namespace {

constexpr int kQuiet = 4;  // modules of white around the code, as the standard asks
constexpr int kScale = 8;  // pixels a module in the PNG

using QrPtr = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

absl::StatusOr<QrPtr> Encode(const std::string& text) {
  QrPtr qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (qr == nullptr) return absl::InvalidArgumentError("the enrolment is too long for a QR code");
  return qr;
}

// Whether module (x, y) is dark; outside the code (the quiet zone) it is not.
bool Dark(const QRcode& qr, int x, int y) {
  if (x < 0 || y < 0 || x >= qr.width || y >= qr.width) return false;
  return (qr.data[y * qr.width + x] & 1) != 0;
}

std::string Escape(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "%", absl::BytesToHexString(std::string(1, static_cast<char>(c))));
    }
  }
  return out;
}

}  // namespace

std::string EnrolUri(const EnrolCard& card) {
  std::string uri =
      absl::StrCat("hromada://enrol?server=", Escape(card.server_url), "&code=", Escape(card.code));
  if (!card.pin.empty()) absl::StrAppend(&uri, "&pin=", Escape(card.pin));
  return uri;
}

absl::StatusOr<std::string> KeyPinOfCertificate(const std::string& path) {
  std::unique_ptr<FILE, decltype(&fclose)> file(fopen(path.c_str(), "r"), &fclose);
  if (file == nullptr) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
  if (cert == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds no PEM certificate"));
  }
  unsigned char* der = nullptr;
  const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
  if (size <= 0) return absl::InvalidArgumentError(absl::StrCat(path, ": unreadable public key"));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(der, static_cast<size_t>(size), digest, &digest_size, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  return absl::StrCat("sha256//", absl::Base64Escape(absl::string_view(
                                      reinterpret_cast<char*>(digest), digest_size)));
}

absl::Status CheckCard(const EnrolCard& card, const std::string& png_path) {
  absl::string_view rest = card.server_url;
  if (!absl::ConsumePrefix(&rest, "https://") && !absl::ConsumePrefix(&rest, "http://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--server '", card.server_url,
        "' must start with https:// (or http://), e.g. https://hromada.example.org:7443"));
  }
  const absl::string_view host = rest.substr(0, rest.find_first_of("/:"));
  if (host.empty() || card.server_url.size() > 500 ||
      card.server_url.find_first_of(" \t\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--server '", card.server_url, "' has no host name, or spaces in it"));
  }
  absl::string_view pin = card.pin;
  std::string key;
  if (!pin.empty() && (!absl::ConsumePrefix(&pin, "sha256//") || !absl::Base64Unescape(pin, &key) ||
                       key.size() != 32)) {
    return absl::InvalidArgumentError("--pin must be sha256// and the key's SHA-256 in base64");
  }
  struct stat st;
  const bool existed = stat(png_path.c_str(), &st) == 0;
  if (existed && S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--qr ", png_path, " is a folder; give a file name"));
  }
  // Made 0600 like the card itself: not even for a moment readable by others.
  const int fd = open(png_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write the QR code to ", png_path, ": ", strerror(errno)));
  }
  close(fd);
  if (!existed) unlink(png_path.c_str());
  return absl::OkStatus();
}

absl::Status WriteQrPng(const std::string& text, const std::string& path) {
  absl::StatusOr<QrPtr> qr = Encode(text);
  if (!qr.ok()) return qr.status();
  const int modules = (*qr)->width + 2 * kQuiet;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(modules * kScale);
  image.height = image.width;
  image.format = PNG_FORMAT_GRAY;
  std::vector<png_byte> pixels(static_cast<size_t>(image.width) * image.height);
  for (png_uint_32 y = 0; y < image.height; ++y) {
    for (png_uint_32 x = 0; x < image.width; ++x) {
      const bool dark =
          Dark(**qr, static_cast<int>(x) / kScale - kQuiet, static_cast<int>(y) / kScale - kQuiet);
      pixels[y * image.width + x] = dark ? 0 : 255;
    }
  }
  // The card holds a live code: written 0600 as every file with a secret.
  png_alloc_size_t bytes = 0;
  if (!png_image_write_get_memory_size(image, bytes, 0, pixels.data(), 0, nullptr)) {
    return absl::UnavailableError(absl::StrCat("cannot make the QR code: ", image.message));
  }
  std::string png(bytes, '\0');
  if (!png_image_write_to_memory(&image, png.data(), &bytes, 0, pixels.data(), 0, nullptr)) {
    return absl::UnavailableError(absl::StrCat("cannot make the QR code: ", image.message));
  }
  png.resize(bytes);
  if (absl::Status s = WritePrivateFile(path, png); !s.ok()) {
    return absl::UnavailableError(s.message());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> QrForTerminal(const std::string& text) {
  absl::StatusOr<QrPtr> qr = Encode(text);
  if (!qr.ok()) return qr.status();
  const int width = (*qr)->width;
  std::string out;
  // Light modules are drawn as blocks: on a dark terminal the code shows
  // dark on light, as scanners expect.
  for (int y = -kQuiet; y < width + kQuiet; y += 2) {
    for (int x = -kQuiet; x < width + kQuiet; ++x) {
      const bool top = !Dark(**qr, x, y), bottom = !Dark(**qr, x, y + 1);
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += "\n";
  }
  return out;
}

}  // namespace hromada::server
