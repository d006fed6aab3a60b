// hromada_support_helper: a stand-in program for the tests of tests/support.
//
//   hromada_support_helper serve --db PATH --listen 127.0.0.1:PORT --port-file FILE
//     keeps the serve contract of hromada-server (see server_process.h):
//     listens, writes "PORT\n" to FILE, closes every connection it gets,
//     exits 0 on SIGTERM/SIGINT. HROMADA_FAKE_MODE changes that: fail-start
//     (exit 3 at once), no-port-file, ignore-term, exit-soon (exit 7 after
//     200 ms).
//   hromada_support_helper admin SUBCOMMAND [args...]
//     prints {"subcommand":"SUBCOMMAND","args":N}; SUBCOMMAND "fail" exits 2.
//   hromada_support_helper [--out TEXT] [--err TEXT] [--env NAME] [--cat]
//                          [--big BYTES] [--sleep-ms MS] [--exit CODE]
//     does each in order: print TEXT to stdout or stderr, print NAME=value
//     (or NAME unset), copy stdin to stdout, write BYTES bytes to both
//     streams interleaved, sleep, exit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

namespace {

volatile sig_atomic_t stop_requested = 0;

void OnStopSignal(int) { stop_requested = 1; }

std::string Flag(int argc, char** argv, const std::string& name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (name == argv[i]) return argv[i + 1];
  }
  return "";
}

int Listen(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
    std::fprintf(stderr, "fake hromada-server: cannot listen on %d: %s\n", port,
                 std::strerror(errno));
    std::exit(4);
  }
  return fd;
}

void WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp";
  std::ofstream(tmp) << port << "\n";
  std::rename(tmp.c_str(), path.c_str());
}

int Serve(int argc, char** argv) {
  const std::string mode = std::getenv("HROMADA_FAKE_MODE") ? std::getenv("HROMADA_FAKE_MODE") : "";
  if (mode == "fail-start") {
    std::fprintf(stderr, "fake hromada-server: cannot open the database\n");
    return 3;
  }
  signal(SIGTERM, mode == "ignore-term" ? SIG_IGN : OnStopSignal);
  signal(SIGINT, OnStopSignal);
  const std::string listen_at = Flag(argc, argv, "--listen");
  const int fd = Listen(std::atoi(listen_at.substr(listen_at.rfind(':') + 1).c_str()));
  sockaddr_in addr = {};
  socklen_t size = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  const int port = ntohs(addr.sin_port);
  std::fprintf(stderr, "fake hromada-server: listening on 127.0.0.1:%d, db %s\n", port,
               Flag(argc, argv, "--db").c_str());
  if (mode != "no-port-file") WritePortFile(Flag(argc, argv, "--port-file"), port);
  const auto started = std::chrono::steady_clock::now();
  while (!stop_requested) {
    if (mode == "exit-soon" &&
        std::chrono::steady_clock::now() - started > std::chrono::milliseconds(200)) {
      std::fprintf(stderr, "fake hromada-server: exiting by itself\n");
      return 7;
    }
    pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 20) == 1) close(accept(fd, nullptr, nullptr));
  }
  std::fprintf(stderr, "fake hromada-server: stopping\n");
  return 0;
}

int Admin(int argc, char** argv) {
  const std::string subcommand = argc > 2 ? argv[2] : "";
  if (subcommand == "fail") {
    std::fprintf(stderr, "fake admin: no such thing\n");
    return 2;
  }
  std::printf("{\"subcommand\":\"%s\",\"args\":%d}\n", subcommand.c_str(), argc - 3);
  return 0;
}

void Big(long bytes) {
  const std::string out(4096, 'o'), err(4096, 'e');
  for (long done = 0; done < bytes; done += 4096) {
    const size_t n = static_cast<size_t>(std::min<long>(4096, bytes - done));
    std::fwrite(out.data(), 1, n, stdout);
    std::fwrite(err.data(), 1, n, stderr);
  }
}

int Tool(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* arg = i + 1 < argc ? argv[i + 1] : "";
    if (flag == "--cat") {
      std::cout << std::cin.rdbuf();
      std::cout.flush();
      continue;
    }
    ++i;
    if (flag == "--out") std::fputs(arg, stdout);
    if (flag == "--err") std::fputs(arg, stderr);
    if (flag == "--env") {
      const char* value = std::getenv(arg);
      std::printf("%s%s%s\n", arg, value ? "=" : " unset", value ? value : "");
    }
    if (flag == "--big") Big(std::atol(arg));
    if (flag == "--sleep-ms")
      std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(arg)));
    if (flag == "--exit") {
      std::fflush(nullptr);
      return std::atoi(arg);
    }
    std::fflush(nullptr);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "serve") return Serve(argc, argv);
  if (command == "admin") return Admin(argc, argv);
  return Tool(argc, argv);
}
