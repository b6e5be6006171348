// System-wide collectors for Linux: boot time, load, utmp sessions, pids.
#include <fcntl.h>
#include <paths.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>
#include <utmp.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include "collectors.h"
#include "common/io.h"
#include "common/parse.h"

namespace psnode {

namespace {

using parse::nextLine;

// utmp holds one record per terminal ever used; even 16 MiB (~40k records)
// is far beyond any real system, so more means a wrong or hostile file.
constexpr std::size_t kMaxUtmpSize = 16u << 20;

// The fields are fixed-size arrays, NUL-padded but not NUL-terminated when full.
template <std::size_t N>
std::string fixedField(const char (&field)[N]) {
  return std::string(field, ::strnlen(field, N));
}

void appendSession(const char* record, std::vector<UserSession>& out) {
  // Copy rather than cast: the read buffer has no alignment guarantee.
  struct utmp u;
  std::memcpy(&u, record, sizeof u);
  if (u.ut_type != USER_PROCESS) return;
  out.push_back({fixedField(u.ut_user), fixedField(u.ut_line), fixedField(u.ut_host),
                 static_cast<double>(u.ut_tv.tv_sec), static_cast<int>(u.ut_pid)});
}

}  // namespace

double bootTime(const std::string& procRoot) {
  const std::string path = procRoot + "/stat";
  FileBuffer buf;
  std::string_view text = readFile(path, buf), line;
  while (nextLine(text, line)) {
    if (!parse::startsWith(line, "btime ")) continue;
    line.remove_prefix(6);
    std::uint64_t btime;
    if (!parse::consumeU64(line, btime)) break;
    return static_cast<double>(btime);
  }
  throwParseError(path);
}

std::array<double, 3> loadAvg(const std::string& procRoot) {
  const std::string path = procRoot + "/loadavg";
  FileBuffer buf;
  std::string_view text = readFile(path, buf);
  std::array<double, 3> load;
  for (double& value : load) {
    // Each figure must be followed by a blank: "0.52x" is not a number.
    if (!parse::consumeDecimal(text, value) || text.empty() ||
        !parse::isBlank(text.front())) {
      throwParseError(path);
    }
  }
  return load;
}

const std::string& defaultUtmpPath() {
  static const std::string path = _PATH_UTMP;  // immutable after thread-safe init
  return path;
}

std::vector<UserSession> users(const std::string& utmpPath) {
  // The file is read and decoded here rather than through getutent(), which
  // keeps its cursor in process-wide state and so is unusable from several
  // threads (worker_threads) at once.
  int raw;
  do {
    raw = ::open(utmpPath.c_str(), O_RDONLY | O_CLOEXEC);
  } while (raw < 0 && errno == EINTR);
  if (raw < 0) {
    if (errno == ENOENT) return {};  // no utmp: nobody is logged in
    throw OsError("open", errno, utmpPath);
  }
  Fd fd(raw);

  constexpr std::size_t kRecord = sizeof(struct utmp);
  // Streamed through a small fixed buffer so memory use does not depend on
  // the file size. `pending` bytes of an incomplete record carry over.
  char chunk[kRecord * 16];
  std::size_t pending = 0;
  std::size_t total = 0;
  std::vector<UserSession> sessions;
  for (;;) {
    ssize_t n = ::read(fd.get(), chunk + pending, sizeof chunk - pending);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw OsError("read", errno, utmpPath);
    }
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
    if (total > kMaxUtmpSize) throw OsError("read", EFBIG, utmpPath);
    std::size_t have = pending + static_cast<std::size_t>(n);
    std::size_t offset = 0;
    for (; have - offset >= kRecord; offset += kRecord) {
      appendSession(chunk + offset, sessions);
    }
    pending = have - offset;
    std::memmove(chunk, chunk + offset, pending);
  }
  // A trailing partial record (a writer caught mid-update) is ignored, as
  // glibc's own reader does.
  return sessions;
}

std::vector<int> pids(const std::string& procRoot) {
  Dir dir(procRoot);
  if (!dir) throw OsError("opendir", dir.error(), procRoot);
  std::vector<int> out;
  out.reserve(512);
  std::string_view name;
  while (dir.next(name)) {
    std::uint64_t pid;
    std::string_view digits = name;
    if (!parse::isDigit(digits.front()) || !parse::consumeU64(digits, pid) ||
        !digits.empty() || pid > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      continue;  // "self", "sys", ...
    }
    out.push_back(static_cast<int>(pid));
  }
  if (dir.error() != 0) throw OsError("readdir", dir.error(), procRoot);
  // readdir order follows the pid hash table, not numeric order.
  std::sort(out.begin(), out.end());
  return out;
}

bool pidExists(long long pid, const std::string& procRoot) {
  // kill(0, ...) addresses our own process group and a negative pid (or one
  // that wraps to negative as pid_t) a whole group: neither answers the question.
  // Pid 0 is never listed in /proc, so it does not exist as far as users see.
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return false;
  // kill() asks our own pid namespace; another procfs root (a host's /proc
  // seen from a container, a fixture) has pids of its own, so only its
  // status file can answer there.
  const bool ownRoot = procRoot == kProcRoot;
  if (ownRoot && ::kill(static_cast<pid_t>(pid), 0) != 0) {
    if (errno == ESRCH) return false;
    // EPERM: it exists but belongs to someone else.
    if (errno != EPERM) throw OsError("kill", errno);
  }

  // kill() also accepts thread ids, and /proc/<tid> resolves though it is not
  // listed. Only a thread-group leader has Tgid == its own id.
  FileBuffer buf;
  if (int err = readFileInto(procRoot + "/" + std::to_string(pid) + "/status", buf)) {
    // Gone since kill() answered (reaped in between), or never there under
    // another root.
    if (err == ENOENT || err == ESRCH || err == ENOTDIR) return false;
    // Hidden (hidepid, EACCES): kill() vouched for it, or under another
    // root the entry is there but unreadable.
    return true;
  }
  std::string_view text = buf.view(), line;
  while (nextLine(text, line)) {
    if (!parse::startsWith(line, "Tgid:")) continue;
    line.remove_prefix(5);
    std::uint64_t tgid;
    if (!parse::consumeU64(line, tgid)) return true;
    return tgid == static_cast<std::uint64_t>(pid);
  }
  return true;  // no Tgid line (kernels before 2.6.0): cannot tell, trust kill() / the entry
}

}  // namespace psnode
