// Network collectors for Linux: /proc/net/dev, getifaddrs(), the interface
// ioctls (flags, MTU, ethtool) and the socket tables of /proc/net joined with
// the socket inodes of /proc/<pid>/fd, with psutil's Linux semantics.
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "collectors.h"
#include "common/io.h"
#include "common/parse.h"

namespace psnode {

namespace {

using parse::nextLine;

// /proc/net/tcp holds ~150 bytes per socket: 1 GiB is millions of sockets,
// far beyond any real table; the cap bounds time, since the files are streamed.
constexpr std::size_t kMaxSocketTableSize = 1u << 30;

// The 16 counters of a /proc/net/dev row, in column order.
constexpr std::size_t kNetDevColumns = 16;

// Splits `line` on blanks into at most `max` tokens; returns how many it found.
// The last token is not the rest of the line: callers needing that use rest().
std::size_t splitBlanks(std::string_view line, std::string_view* out, std::size_t max) {
  std::size_t n = 0;
  std::size_t i = 0;
  while (n < max) {
    while (i < line.size() && parse::isBlank(line[i])) ++i;
    if (i == line.size()) break;
    std::size_t start = i;
    while (i < line.size() && !parse::isBlank(line[i])) ++i;
    out[n++] = line.substr(start, i - start);
  }
  return n;
}

int hexDigit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Exactly `s.size()` hex digits (at most 16) as one number.
bool parseHex(std::string_view s, std::uint64_t& out) noexcept {
  if (s.empty() || s.size() > 16) return false;
  std::uint64_t value = 0;
  for (char c : s) {
    int d = hexDigit(c);
    if (d < 0) return false;
    value = value << 4 | static_cast<unsigned>(d);
  }
  out = value;
  return true;
}

// ---------------------------------------------------------------------------
// /proc/net/dev

bool parseNetDevRow(std::string_view line, NetIoCounters& out) {
  // "  eth0: 1234 ..." : the name is what precedes the last ':' (names hold
  // no ':' on Linux; the last one is psutil's choice all the same).
  std::size_t colon = line.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = parse::trim(line.substr(0, colon));
  if (name.empty()) return false;
  std::string_view rest = line.substr(colon + 1);
  std::uint64_t v[kNetDevColumns];
  for (std::uint64_t& value : v) {
    if (!parse::consumeU64(rest, value)) return false;
  }
  if (!parse::trim(rest).empty()) return false;
  out.name.assign(name);
  // Receive: bytes packets errs drop fifo frame compressed multicast;
  // transmit: bytes packets errs drop fifo colls carrier compressed.
  out.bytesRecv = static_cast<double>(v[0]);
  out.packetsRecv = static_cast<double>(v[1]);
  out.errin = static_cast<double>(v[2]);
  out.dropin = static_cast<double>(v[3]);
  out.bytesSent = static_cast<double>(v[8]);
  out.packetsSent = static_cast<double>(v[9]);
  out.errout = static_cast<double>(v[10]);
  out.dropout = static_cast<double>(v[11]);
  return true;
}

// ---------------------------------------------------------------------------
// getifaddrs

// psutil's conversion of one sockaddr: numeric host for IPv4/IPv6 (getnameinfo,
// so link-local addresses carry "%<nic>"), "aa:bb:…" for a link-layer address;
// nullopt for no address, an empty link address or another family.
std::optional<std::string> addressText(const sockaddr* addr, int family) {
  if (addr == nullptr) return std::nullopt;
  if (family == AF_INET || family == AF_INET6) {
    char host[NI_MAXHOST];
    const socklen_t len = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
    if (::getnameinfo(addr, len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) {
      return std::nullopt;
    }
    return std::string(host);
  }
  if (family != AF_PACKET) return std::nullopt;
  const auto* ll = reinterpret_cast<const sockaddr_ll*>(addr);
  // glibc stores link addresses longer than sll_addr's 8 bytes (InfiniBand:
  // 20) in the storage behind it, so read through a plain pointer.
  const auto* bytes = reinterpret_cast<const unsigned char*>(addr) + offsetof(sockaddr_ll, sll_addr);
  const std::size_t len = std::min<std::size_t>(ll->sll_halen, 32);
  if (len == 0) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(len * 3);
  for (std::size_t i = 0; i < len; ++i) {
    if (i > 0) text.push_back(':');
    text.push_back(kHex[bytes[i] >> 4]);
    text.push_back(kHex[bytes[i] & 0xf]);
  }
  return text;
}

struct IfAddrsDeleter {
  void operator()(ifaddrs* list) const noexcept { ::freeifaddrs(list); }
};

// ---------------------------------------------------------------------------
// Interface ioctls

// What one interface's ioctl failed with, or 0.
int ifIoctl(int sock, unsigned long request, ifreq& ifr) noexcept {
  int r;
  do {
    r = ::ioctl(sock, request, &ifr);
  } while (r < 0 && errno == EINTR);
  return r < 0 ? errno : 0;
}

void setIfName(ifreq& ifr, const std::string& name) noexcept {
  std::memset(&ifr, 0, sizeof ifr);
  std::memcpy(ifr.ifr_name, name.data(), std::min(name.size(), sizeof ifr.ifr_name - 1));
}

// ---------------------------------------------------------------------------
// Socket tables

constexpr const char* kTcpStates[] = {
    nullptr,    "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
    "TIME_WAIT", "CLOSE",      "CLOSE_WAIT", "LAST_ACK", "LISTEN",   "CLOSING"};
constexpr const char* kStatusNone = "NONE";

struct TableSpec {
  NetTable table;
  const char* file;
  int family;
};
constexpr TableSpec kTables[] = {
    {kNetTcp, "net/tcp", AF_INET},   {kNetTcp6, "net/tcp6", AF_INET6}, {kNetUdp, "net/udp", AF_INET},
    {kNetUdp6, "net/udp6", AF_INET6}, {kNetUnix, "net/unix", AF_UNIX}};

// Who holds a socket inode: psutil keeps the last pid (in ascending order)
// whose fd directory lists it, with that pid's fds in ascending order.
struct Owner {
  int pid = 0;
  std::vector<int> fds;
};
using Owners = std::unordered_map<std::uint64_t, Owner>;

// "socket:[12345]" -> 12345.
bool socketInode(std::string_view link, std::uint64_t& inode) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!parse::startsWith(link, kPrefix) || link.size() < kPrefix.size() + 2 || link.back() != ']') return false;
  return parse::parseU64(link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1), inode);
}

// The socket inodes of one process's fd directory, as (inode, fd) ascending
// by fd. Returns 0 or the errno (and what failed) of the directory; fds that
// close meanwhile, or are not links, are skipped as psutil does.
int processSockets(int procFd, int pid, std::vector<std::pair<std::uint64_t, int>>& out,
                   const char*& syscall) {
  out.clear();
  const std::string dir = std::to_string(pid) + "/fd";
  Dir fds(procFd, dir.c_str());
  if (!fds) {
    syscall = "opendir";
    return fds.error();
  }
  std::string_view name;
  std::string path, target;
  while (fds.next(name)) {
    std::uint64_t fd;
    if (!parse::parseU64(name, fd) || fd > INT_MAX) continue;
    path.assign(dir).append("/").append(name);
    if (int err = readLinkAt(procFd, path.c_str(), target)) {
      if (err == ENOENT || err == ESRCH || err == EINVAL || err == ENAMETOOLONG) continue;
      syscall = "readlink";
      return err;
    }
    std::uint64_t inode;
    if (socketInode(target, inode)) out.emplace_back(inode, static_cast<int>(fd));
  }
  if (fds.error() != 0) {
    syscall = "readdir";
    return fds.error();
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return 0;
}

void addOwner(Owners& owners, int pid, const std::vector<std::pair<std::uint64_t, int>>& sockets) {
  for (const auto& [inode, fd] : sockets) {
    Owner& owner = owners[inode];
    if (owner.pid != pid) {
      owner.pid = pid;
      owner.fds.clear();
    }
    owner.fds.push_back(fd);
  }
}

// A descriptor of procRoot (Fd cannot be moved, so the caller wraps it).
int openProcRoot(const std::string& procRoot) {
  int fd = openAt(AT_FDCWD, procRoot.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw OsError("open", errno, procRoot);
  return fd;
}

// Every process's socket inodes. Processes that vanish, or whose fds we may
// not see, are skipped: their sockets are reported without pid and fd.
Owners allOwners(const std::string& procRoot) {
  const Fd proc(openProcRoot(procRoot));
  std::vector<int> pidList = pids(procRoot);  // ascending
  Owners owners;
  std::vector<std::pair<std::uint64_t, int>> sockets;
  for (int pid : pidList) {
    const char* syscall = "";
    int err = processSockets(proc.get(), pid, sockets, syscall);
    if (err == ENOENT || err == ESRCH || err == EACCES || err == EPERM) continue;
    if (err != 0) throw OsError(syscall, err, procRoot + "/" + std::to_string(pid) + "/fd");
    addOwner(owners, pid, sockets);
  }
  return owners;
}

// "0100007F:0016" (IPv4) or 32 hex digits + ":0016" (IPv6): the address as
// the kernel prints it, each 32-bit word in host byte order.
bool decodeInet(std::string_view token, int family, std::string& ip, int& port) {
  std::size_t colon = token.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view hex = token.substr(0, colon);
  std::uint64_t p;
  if (token.size() - colon - 1 != 4 || !parseHex(token.substr(colon + 1), p)) return false;
  const std::size_t words = family == AF_INET ? 1 : 4;
  if (hex.size() != words * 8) return false;
  unsigned char bytes[16];
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t word;
    if (!parseHex(hex.substr(w * 8, 8), word)) return false;
    const auto value = static_cast<std::uint32_t>(word);
    std::memcpy(bytes + w * 4, &value, 4);  // the word's in-memory bytes: the address bytes
  }
  char text[INET6_ADDRSTRLEN];
  if (::inet_ntop(family, bytes, text, sizeof text) == nullptr) return false;
  ip = text;
  port = static_cast<int>(p);
  return true;
}

// One row of /proc/net/{tcp,tcp6,udp,udp6}: sl local remote st … inode.
bool parseInetRow(std::string_view line, int family, bool tcp, NetConnection& c, std::uint64_t& inode) {
  std::string_view t[10];
  if (splitBlanks(line, t, 10) != 10) return false;
  if (t[0].empty() || t[0].back() != ':') return false;
  if (!decodeInet(t[1], family, c.laddr, c.lport) || !decodeInet(t[2], family, c.raddr, c.rport)) {
    return false;
  }
  std::uint64_t state;
  if (t[3].size() != 2 || !parseHex(t[3], state)) return false;
  if (tcp) {
    if (state == 0 || state >= std::size(kTcpStates)) return false;
    c.status = kTcpStates[state];
  } else {
    c.status = kStatusNone;
  }
  // psutil reports an address whose port is 0 as absent ("()").
  if (c.lport == 0) c.laddr.clear();
  if (c.rport == 0) c.raddr.clear();
  return parse::parseU64(t[9], inode);
}

// One row of /proc/net/unix: "Num: RefCount Protocol Flags Type St Inode [Path]".
// The path is the rest of the line (it may hold blanks).
bool parseUnixRow(std::string_view line, NetConnection& c, std::uint64_t& inode) {
  std::string_view t[7];
  if (splitBlanks(line, t, 7) != 7) return false;
  std::uint64_t ignored, type;
  if (t[0].size() < 2 || t[0].back() != ':' || !parseHex(t[0].substr(0, t[0].size() - 1), ignored)) {
    return false;
  }
  for (int i = 1; i <= 3; ++i) {
    if (!parseHex(t[i], ignored)) return false;
  }
  if (!parseHex(t[4], type) || !parseHex(t[5], ignored) || !parse::parseU64(t[6], inode)) return false;
  c.type = static_cast<int>(type);
  c.status = kStatusNone;
  const std::size_t end = static_cast<std::size_t>(t[6].data() + t[6].size() - line.data());
  // The kernel writes one blank, then the path bytes as they are.
  if (end < line.size()) c.laddr.assign(line.substr(end + 1));
  return true;
}

void readTable(const std::string& procRoot, const TableSpec& spec, const Owners& owners, long long pidFilter,
               std::vector<NetConnection>& out) {
  const std::string path = procRoot + "/" + spec.file;
  LineReader reader(AT_FDCWD, path.c_str(), kMaxSocketTableSize);
  std::string_view line;
  if (!reader.next(line)) {
    // No IPv6 (ipv6.disable=1) means no tcp6/udp6: psutil skips them.
    if (reader.error() == ENOENT && spec.family == AF_INET6) return;
    if (reader.error() != 0) throw OsError(reader.failedSyscall(), reader.error(), path);
    throwParseError(path);  // not even a header
  }
  const std::string_view header = parse::trim(line);
  if (!parse::startsWith(header, spec.family == AF_UNIX ? "Num" : "sl")) throwParseError(path);
  const bool tcp = spec.table == kNetTcp || spec.table == kNetTcp6;
  // Entries the previous unix row produced, which a path with a newline continues.
  std::size_t rowFirst = out.size(), rowEnd = out.size();
  bool rowHasPath = false;
  while (reader.next(line)) {
    NetConnection c;
    c.family = spec.family;
    std::uint64_t inode = 0;
    bool ok;
    if (spec.family == AF_UNIX) {
      ok = parseUnixRow(line, c, inode);
      if (!ok) {
        // The rest of a path holding a newline (psutil #766): part of the row before.
        if (!rowHasPath) throwParseError(path);
        for (std::size_t i = rowFirst; i < rowEnd; ++i) out[i].laddr.append("\n").append(line);
        continue;
      }
      rowHasPath = !c.laddr.empty();
    } else {
      ok = parseInetRow(line, spec.family, tcp, c, inode);
      if (!ok) throwParseError(path);
      c.type = tcp ? SOCK_STREAM : SOCK_DGRAM;
    }
    rowFirst = rowEnd = out.size();
    auto owner = owners.find(inode);
    if (owner == owners.end() || owner->second.fds.empty()) {
      if (pidFilter >= 0) continue;
      c.pid = 0;
      c.fd = -1;
      out.push_back(std::move(c));
    } else if (spec.family == AF_UNIX) {
      // Every fd of the owner, as psutil lists them.
      for (int fd : owner->second.fds) {
        NetConnection copy = c;
        copy.pid = owner->second.pid;
        copy.fd = fd;
        out.push_back(std::move(copy));
      }
    } else {
      c.pid = owner->second.pid;
      c.fd = owner->second.fds.front();
      out.push_back(std::move(c));
    }
    rowEnd = out.size();
  }
  if (reader.error() != 0) throw OsError(reader.failedSyscall(), reader.error(), path);
}

}  // namespace

std::vector<NetIoCounters> netIoCounters(const std::string& procRoot) {
  const std::string path = procRoot + "/net/dev";
  FileBuffer buf;
  std::string_view text = readFile(path, buf), line;
  // Two header lines, then one row per interface.
  if (!nextLine(text, line) || line.find('|') == std::string_view::npos) throwParseError(path);
  if (!nextLine(text, line) || line.find('|') == std::string_view::npos) throwParseError(path);
  std::vector<NetIoCounters> out;
  while (nextLine(text, line)) {
    if (parse::trim(line).empty()) continue;
    NetIoCounters row;
    if (!parseNetDevRow(line, row)) throwParseError(path);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<NetIfAddr> netIfAddrs() {
  ifaddrs* raw = nullptr;
  if (::getifaddrs(&raw) != 0) throw OsError("getifaddrs", errno);
  const std::unique_ptr<ifaddrs, IfAddrsDeleter> list(raw);
  std::vector<NetIfAddr> out;
  for (const ifaddrs* ifa = list.get(); ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || ifa->ifa_name == nullptr) continue;
    const int family = ifa->ifa_addr->sa_family;
    std::optional<std::string> address = addressText(ifa->ifa_addr, family);
    if (!address) continue;  // no usable primary address (tunnels without a link address)
    NetIfAddr entry;
    entry.name = ifa->ifa_name;
    entry.family = family;
    entry.address = std::move(*address);
    entry.netmask = addressText(ifa->ifa_netmask, family);
    // ifa_broadaddr and ifa_dstaddr share storage: the flags say which it is.
    if (ifa->ifa_flags & IFF_BROADCAST) {
      entry.broadcast = addressText(ifa->ifa_broadaddr, family);
    } else if (ifa->ifa_flags & IFF_POINTOPOINT) {
      entry.ptp = addressText(ifa->ifa_dstaddr, family);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<NetIfStats> netIfStats(const std::string& procRoot) {
  const std::vector<NetIoCounters> names = netIoCounters(procRoot);
  int raw = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  // Any socket reaches the interface ioctls: a kernel without IPv4 has AF_UNIX.
  if (raw < 0 && errno == EAFNOSUPPORT) raw = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (raw < 0) throw OsError("socket", errno);
  const Fd sock(raw);
  std::vector<NetIfStats> out;
  out.reserve(names.size());
  for (const NetIoCounters& nic : names) {
    NetIfStats s;
    s.name = nic.name;
    ifreq ifr;
    setIfName(ifr, nic.name);
    int err = ifIoctl(sock.get(), SIOCGIFMTU, ifr);
    if (err == ENODEV) continue;  // gone since /proc/net/dev was read (psutil #1279)
    if (err != 0) throw OsError("ioctl(SIOCGIFMTU)", err, nic.name);
    s.mtu = ifr.ifr_mtu;
    setIfName(ifr, nic.name);
    err = ifIoctl(sock.get(), SIOCGIFFLAGS, ifr);
    if (err == ENODEV) continue;
    if (err != 0) throw OsError("ioctl(SIOCGIFFLAGS)", err, nic.name);
    s.flags = static_cast<unsigned>(ifr.ifr_flags) & 0xffffu;
    ethtool_cmd cmd;
    std::memset(&cmd, 0, sizeof cmd);
    cmd.cmd = ETHTOOL_GSET;
    setIfName(ifr, nic.name);
    ifr.ifr_data = reinterpret_cast<char*>(&cmd);
    err = ifIoctl(sock.get(), SIOCETHTOOL, ifr);
    if (err == 0) {
      s.duplex = cmd.duplex == DUPLEX_FULL ? 2 : cmd.duplex == DUPLEX_HALF ? 1 : 0;
      const std::uint32_t speed = static_cast<std::uint32_t>(cmd.speed_hi) << 16 | cmd.speed;
      s.speed = speed == static_cast<std::uint32_t>(SPEED_UNKNOWN) || speed > INT_MAX ? 0 : speed;
    } else if (err == EOPNOTSUPP || err == EINVAL) {
      // Virtual NICs, wi-fi cards (psutil #797): unknown.
      s.duplex = 0;
      s.speed = 0;
    } else if (err == ENODEV) {
      continue;
    } else {
      throw OsError("ioctl(SIOCETHTOOL)", err, nic.name);
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<NetConnection> netConnections(unsigned tables, long long pid, const std::string& procRoot) {
  Owners owners;
  if (pid >= 0) {
    const Fd proc(openProcRoot(procRoot));
    std::vector<std::pair<std::uint64_t, int>> sockets;
    const char* syscall = "";
    if (pid > INT_MAX) throw OsError("opendir", ENOENT, procRoot + "/" + std::to_string(pid) + "/fd");
    if (int err = processSockets(proc.get(), static_cast<int>(pid), sockets, syscall)) {
      throw OsError(syscall, err, procRoot + "/" + std::to_string(pid) + "/fd");
    }
    if (sockets.empty()) return {};  // no socket: nothing to look up (as psutil)
    addOwner(owners, static_cast<int>(pid), sockets);
  } else {
    owners = allOwners(procRoot);
  }
  std::vector<NetConnection> out;
  for (const TableSpec& spec : kTables) {
    if (tables & spec.table) readTable(procRoot, spec, owners, pid, out);
  }
  return out;
}

}  // namespace psnode
