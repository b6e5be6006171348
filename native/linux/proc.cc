// Process collectors for Linux: /proc/<pid>/* and the per-process syscalls.
//
// A read is driven by a mask of attributes. Each /proc file is opened at most
// once per process however many attributes come from it (psutil's oneshot),
// through a descriptor of /proc/<pid> so that every file comes from the same
// process even if the pid is reused mid-read. Failures of one file become
// errors of the attributes that needed it; only an unreadable stat file (no
// createTime, no zombie state) fails the whole read.
#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
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
using parse::startsWith;

// cmdline and environ are bounded by the argument space of execve (a quarter
// of the stack limit, which can be raised); 64 MiB is far beyond any real one.
constexpr std::size_t kMaxArgsSize = 64u << 20;
// smaps is streamed, so the cap bounds time rather than memory: at the
// default vm.max_map_count (65530) a full smaps is ~80 MiB.
constexpr std::size_t kMaxSmapsSize = 128u << 20;
// The kernel truncates comm to TASK_COMM_LEN - 1 bytes.
constexpr std::size_t kCommLen = 15;
// Task flag of kernel threads (include/linux/sched.h, unchanged since 2.6.27).
constexpr std::int64_t kPfKthread = 0x00200000;

// These files are one seq_file show each: one read() returns all of them
// (see readFileAt), which saves a syscall per file on the scan's hot path.
constexpr bool kOneShow = true;

constexpr int kIoprioWhoProcess = 1;
using CpuSet = std::unique_ptr<cpu_set_t, void (*)(cpu_set_t*)>;
constexpr int kIoprioClassShift = 13;
constexpr int kIoprioClassIdle = 3;

// ---------------------------------------------------------------------------
// Pure parsers over file content: no I/O, false on malformed input.

// A whole token as a signed decimal. Tight on purpose: a scan parses a
// dozen of these per process.
bool parseI64(std::string_view s, std::int64_t& out) noexcept {
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) i = 1;
  if (i == s.size()) return false;
  std::uint64_t value = 0;
  for (; i < s.size(); ++i) {
    const unsigned digit = static_cast<unsigned char>(s[i]) - '0';
    if (digit > 9 || value > (static_cast<std::uint64_t>(INT64_MAX) - digit) / 10) return false;
    value = value * 10 + digit;
  }
  out = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
  return true;
}

bool parseOctal(std::string_view s, std::uint64_t& out) noexcept {
  s = parse::trim(s);
  if (s.empty()) return false;
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '7' || value > (UINT64_MAX >> 3)) return false;
    value = value * 8 + static_cast<unsigned>(c - '0');
  }
  out = value;
  return true;
}

// /proc/<pid>/stat. Field numbers below are those after the command name,
// counted from 0 (man proc's number minus 3, as psutil counts them).
struct StatFields {
  std::string_view comm;  // into the file buffer
  char state = '?';
  std::int64_t ppid, ttyNr, flags, minflt, majflt, utime, stime, cutime, cstime, nice, numThreads,
      starttime;
  bool hasExitSignal = false, hasProcessor = false;
  std::int64_t exitSignal = 0, processor = 0;
  std::int64_t blkioTicks = 0;  // 0 when not printed (kernels before 2.6.18)
};

constexpr std::size_t kStatFieldCount = 40;  // through delayacct_blkio_ticks

bool parseStat(std::string_view text, StatFields& out) noexcept {
  // The command name is between the first '(' and the LAST ')': it may itself
  // contain spaces and parentheses.
  const std::size_t open = text.find('(');
  // memrchr: string_view::rfind is a byte loop, and this is the scan's hot path.
  const void* last = text.empty() ? nullptr : ::memrchr(text.data(), ')', text.size());
  if (open == std::string_view::npos || last == nullptr) return false;
  const auto close = static_cast<std::size_t>(static_cast<const char*>(last) - text.data());
  if (close < open) return false;
  out.comm = text.substr(open + 1, close - open - 1);

  // The kernel separates fields by exactly one space and ends with '\n'.
  std::array<std::string_view, kStatFieldCount> f{};
  std::size_t count = 0;
  std::string_view rest = text.substr(close + 1);
  if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
  if (rest.empty() || rest.front() != ' ') return false;
  rest.remove_prefix(1);
  while (count < kStatFieldCount && !rest.empty()) {
    const void* space = std::memchr(rest.data(), ' ', rest.size());
    const std::size_t end = space == nullptr ? rest.size()
                                             : static_cast<std::size_t>(static_cast<const char*>(space) - rest.data());
    f[count++] = rest.substr(0, end);
    rest.remove_prefix(end == rest.size() ? end : end + 1);
  }
  // Fields through starttime (19) exist on every kernel since 2.0.
  if (count < 20 || f[0].size() != 1) return false;
  out.state = f[0][0];
  const std::pair<std::size_t, std::int64_t*> required[] = {
      {1, &out.ppid},   {4, &out.ttyNr},   {6, &out.flags},   {7, &out.minflt},  {9, &out.majflt},
      {11, &out.utime}, {12, &out.stime},  {13, &out.cutime}, {14, &out.cstime},
      {16, &out.nice},  {17, &out.numThreads}, {19, &out.starttime}};
  for (const auto& [index, target] : required) {
    if (!parseI64(f[index], *target)) return false;
  }
  out.hasExitSignal = count > 35 && parseI64(f[35], out.exitSignal);
  out.hasProcessor = count > 36 && parseI64(f[36], out.processor);
  if (count > 39 && !parseI64(f[39], out.blkioTicks)) return false;
  return true;
}

// psutil's status names for the state letters.
const char* statusName(char state) noexcept {
  switch (state) {
    case 'R': return "running";
    case 'S': return "sleeping";
    case 'D': return "disk-sleep";
    case 'T': return "stopped";
    case 't': return "tracing-stop";
    case 'Z': return "zombie";
    case 'X':
    case 'x': return "dead";
    case 'K': return "wake-kill";
    case 'W': return "waking";
    case 'I': return "idle";
    case 'P': return "parked";
    default: return nullptr;
  }
}

// The lines of /proc/<pid>/status we use.
struct StatusFields {
  bool hasUids = false, hasGids = false, hasVoluntary = false, hasInvoluntary = false;
  bool hasTgid = false;
  ProcIds uids{}, gids{};
  double voluntary = 0, involuntary = 0;
  std::uint64_t tgid = 0;
};

bool parseIds(std::string_view rest, ProcIds& ids) noexcept {
  std::uint64_t r, e, s;
  if (!parse::consumeU64(rest, r) || !parse::consumeU64(rest, e) || !parse::consumeU64(rest, s)) {
    return false;
  }
  ids = {static_cast<double>(r), static_cast<double>(e), static_cast<double>(s)};
  return true;
}

// Stops as soon as the lines `wanted` needs are found: Uid and Gid come in
// the first dozen lines of ~60, the context switches last.
struct StatusWants {
  bool ids, ctx, tgid;
};

StatusFields parseStatus(std::string_view text, StatusWants wanted) noexcept {
  StatusFields out;
  std::string_view line;
  std::uint64_t n;
  while (nextLine(text, line)) {
    if ((!wanted.ids || (out.hasUids && out.hasGids)) &&
        (!wanted.ctx || (out.hasVoluntary && out.hasInvoluntary)) && (!wanted.tgid || out.hasTgid)) {
      break;
    }
    if (line.empty()) continue;
    const char c = line[0];
    if (c != 'U' && c != 'G' && c != 'T' && c != 'v' && c != 'n') continue;
    if (startsWith(line, "Uid:")) {
      out.hasUids = parseIds(line.substr(4), out.uids);
    } else if (startsWith(line, "Gid:")) {
      out.hasGids = parseIds(line.substr(4), out.gids);
    } else if (startsWith(line, "Tgid:")) {
      line.remove_prefix(5);
      out.hasTgid = parse::consumeU64(line, out.tgid);
    } else if (startsWith(line, "voluntary_ctxt_switches:")) {
      line.remove_prefix(24);
      out.hasVoluntary = parse::consumeU64(line, n);
      out.voluntary = static_cast<double>(n);
    } else if (startsWith(line, "nonvoluntary_ctxt_switches:")) {
      line.remove_prefix(27);
      out.hasInvoluntary = parse::consumeU64(line, n);
      out.involuntary = static_cast<double>(n);
    }
  }
  return out;
}

// statm: size resident shared text lib data dt, in pages.
bool parseStatm(std::string_view text, double pageSize, ProcStatm& out) noexcept {
  double* fields[] = {&out.vms, &out.rss, &out.shared, &out.text, &out.lib, &out.data, &out.dirty};
  for (double* field : fields) {
    std::uint64_t pages;
    if (!parse::consumeU64(text, pages)) return false;
    *field = static_cast<double>(pages) * pageSize;
  }
  return true;
}

// /proc/<pid>/io "key: value" lines; all six psutil reports must be there.
bool parseIo(std::string_view text, ProcIoCounters& out) noexcept {
  struct Key {
    std::string_view name;
    double ProcIoCounters::*field;
  };
  static constexpr Key kKeys[] = {
      {"rchar:", &ProcIoCounters::readChars},   {"wchar:", &ProcIoCounters::writeChars},
      {"syscr:", &ProcIoCounters::readCount},   {"syscw:", &ProcIoCounters::writeCount},
      {"read_bytes:", &ProcIoCounters::readBytes}, {"write_bytes:", &ProcIoCounters::writeBytes}};
  unsigned found = 0;
  std::string_view line;
  while (nextLine(text, line)) {
    for (unsigned k = 0; k < 6; ++k) {
      if (!startsWith(line, kKeys[k].name)) continue;
      std::string_view rest = line.substr(kKeys[k].name.size());
      std::uint64_t value;
      if (!parse::consumeU64(rest, value)) return false;
      out.*kKeys[k].field = static_cast<double>(value);
      found |= 1u << k;
      break;
    }
  }
  return found == 0x3f;
}

// cmdline as psutil splits it: on NULs, or on spaces for processes that
// rewrote their title without NULs (psutil issue 1179).
std::vector<std::string> splitCmdline(std::string_view data) {
  std::vector<std::string> out;
  if (data.empty()) return out;
  char sep = data.back() == '\0' ? '\0' : ' ';
  if (data.back() == sep) data.remove_suffix(1);
  if (sep == '\0' && data.find('\0') == std::string_view::npos &&
      data.find(' ') != std::string_view::npos) {
    sep = ' ';  // one NUL-terminated string holding spaces
  }
  for (;;) {
    std::size_t at = data.find(sep);
    out.emplace_back(data.substr(0, at));
    if (at == std::string_view::npos) break;
    data.remove_prefix(at + 1);
  }
  return out;
}

// psutil's parse_environ_block: NUL-terminated KEY=VALUE entries up to the
// first empty one; entries without '=' (or starting with it) are skipped, and
// an unterminated last entry (garbage after a rewrite) is dropped.
std::vector<std::pair<std::string, std::string>> parseEnviron(std::string_view data) {
  std::vector<std::pair<std::string, std::string>> out;
  for (;;) {
    std::size_t end = data.find('\0');
    if (end == std::string_view::npos || end == 0) break;
    std::string_view entry = data.substr(0, end);
    std::size_t eq = entry.find('=');
    if (eq != std::string_view::npos && eq > 0) {
      out.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    data.remove_prefix(end + 1);
  }
  return out;
}

// fdinfo's "pos:" (decimal) and "flags:" (octal) lines.
bool parseFdinfo(std::string_view text, double& position, double& flags) noexcept {
  bool havePos = false, haveFlags = false;
  std::string_view line;
  while (nextLine(text, line) && !(havePos && haveFlags)) {
    std::uint64_t n;
    if (startsWith(line, "pos:")) {
      havePos = parse::parseU64(line.substr(4), n);
      position = static_cast<double>(n);
    } else if (startsWith(line, "flags:")) {
      haveFlags = parseOctal(line.substr(6), n);
      flags = static_cast<double>(n);
    }
  }
  return havePos && haveFlags;
}

// psutil's file_flags_to_mode.
const char* openMode(std::uint64_t flags) noexcept {
  const bool append = (flags & O_APPEND) != 0;
  switch (flags & O_ACCMODE) {
    case O_WRONLY: return append ? "a" : "w";
    case O_RDWR: return append ? "a+" : "r+";
    default: return "r";
  }
}

bool pathExists(const std::string& path) noexcept {
  FileInfo st;
  return fileInfo(path, st) == 0;
}

// Link targets and map paths of deleted files end in " (deleted)"; psutil
// drops the suffix unless a file of that very name exists.
void stripDeleted(std::string& path) {
  constexpr std::string_view kDeleted = " (deleted)";
  if (path.size() >= kDeleted.size() &&
      std::string_view(path).substr(path.size() - kDeleted.size()) == kDeleted &&
      !pathExists(path)) {
    path.resize(path.size() - kDeleted.size());
  }
}

// One "Key:   <n> kB" line of smaps or smaps_rollup, in bytes.
bool smapsValue(std::string_view rest, double& bytes) noexcept {
  std::uint64_t kb;
  if (!parse::consumeU64(rest, kb)) return false;
  bytes = static_cast<double>(kb) * 1024;
  return true;
}

// An smaps header: "addr perms offset dev inode [path]".
ProcMemoryMap parseSmapsHeader(std::string_view line) {
  ProcMemoryMap map{};
  std::string_view fields[5];
  for (std::string_view& field : fields) {
    parse::skipBlanks(line);
    std::size_t end = 0;
    while (end < line.size() && !parse::isBlank(line[end])) ++end;
    field = line.substr(0, end);
    line.remove_prefix(end);
  }
  map.addr = std::string(fields[0]);
  map.perms = std::string(fields[1]);
  std::string_view path = parse::trim(line);
  if (path.empty()) {
    map.path = "[anon]";
  } else {
    map.path = std::string(path);
    stripDeleted(map.path);
  }
  return map;
}

// The smaps keys of one map we report, by field.
bool smapsField(ProcMemoryMap& map, std::string_view key, std::string_view rest, bool& known) {
  static constexpr std::pair<std::string_view, double ProcMemoryMap::*> kFields[] = {
      {"Rss", &ProcMemoryMap::rss},
      {"Size", &ProcMemoryMap::size},
      {"Pss", &ProcMemoryMap::pss},
      {"Shared_Clean", &ProcMemoryMap::sharedClean},
      {"Shared_Dirty", &ProcMemoryMap::sharedDirty},
      {"Private_Clean", &ProcMemoryMap::privateClean},
      {"Private_Dirty", &ProcMemoryMap::privateDirty},
      {"Referenced", &ProcMemoryMap::referenced},
      {"Anonymous", &ProcMemoryMap::anonymous},
      {"Swap", &ProcMemoryMap::swap}};
  for (const auto& [name, field] : kFields) {
    if (key == name) {
      known = true;
      return smapsValue(rest, map.*field);
    }
  }
  known = false;
  return true;
}

// ---------------------------------------------------------------------------
// Per-call state.

double sysconfPositive(int name) {
  errno = 0;
  long value = ::sysconf(name);
  if (value <= 0) throw OsError("sysconf", errno != 0 ? errno : EINVAL);
  return static_cast<double>(value);
}

// What the reads of one call share: constants queried once, and caches that
// live exactly as long as the call (never global, so workers share nothing).
struct ScanContext {
  explicit ScanContext(const ProcessReadOptions& o)
      : options(o),
        ticks(sysconfPositive(_SC_CLK_TCK)),
        pageSize(sysconfPositive(_SC_PAGESIZE)),
        bootTime(std::isnan(o.bootTime) ? psnode::bootTime(o.procRoot) : o.bootTime) {
    int fd = openAt(AT_FDCWD, o.procRoot.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw OsError("open", errno, o.procRoot);
    procFd = std::make_unique<Fd>(fd);
  }

  const ProcessReadOptions& options;
  double ticks;
  double pageSize;
  double bootTime;
  std::unique_ptr<Fd> procFd;
  FileBuffer buf;   // the file being parsed
  FileBuffer stat;  // /proc/<pid>/stat, kept for the whole process read
  std::unordered_map<std::uint32_t, std::string> usernames;
  bool ttyMapBuilt = false;
  std::vector<std::pair<dev_t, std::string>> ttyMap;
};

// getpwuid_r (reentrant, unlike getpwuid) of `uid`; the uid as a string when
// it has no name, as psutil does.
std::string lookUpUsername(std::uint32_t uid) {
  std::vector<char> buf(1024);
  for (;;) {
    struct passwd pw;
    struct passwd* result = nullptr;
    int rc = ::getpwuid_r(uid, &pw, buf.data(), buf.size(), &result);
    if (rc == ERANGE && buf.size() < (1u << 20)) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc == 0 && result != nullptr && result->pw_name != nullptr) return result->pw_name;
    return std::to_string(uid);
  }
}

const std::string& usernameOf(ScanContext& ctx, std::uint32_t uid) {
  auto it = ctx.usernames.find(uid);
  if (it == ctx.usernames.end()) it = ctx.usernames.emplace(uid, lookUpUsername(uid)).first;
  return it->second;
}

bool isCharDevice(const std::string& path, dev_t rdev) noexcept {
  FileInfo st;
  return fileInfo(path, st) == 0 && st.isCharDevice() && st.rdev == rdev;
}

// psutil's terminal map: /dev/tty* and /dev/pts/*, by device number.
void buildTtyMap(ScanContext& ctx) {
  ctx.ttyMapBuilt = true;
  const std::string& dev = ctx.options.devRoot;
  for (const char* sub : {"", "/pts"}) {
    const std::string dir = dev + sub;
    Dir d(dir);
    std::string_view name;
    while (d.next(name)) {
      if (*sub == '\0' && !startsWith(name, "tty")) continue;
      std::string path = dir + "/" + std::string(name);
      FileInfo st;
      if (fileInfo(path, st) == 0 && st.isCharDevice()) {
        ctx.ttyMap.emplace_back(static_cast<dev_t>(st.rdev), std::move(path));
      }
    }
  }
}

// tty_nr -> "/dev/...". The usual devices are guessed from their numbers and
// checked with one stat(); anything else is looked up in the /dev map.
std::optional<std::string> terminalOf(ScanContext& ctx, std::int64_t ttyNr) {
  if (ttyNr <= 0) return std::nullopt;
  const auto nr = static_cast<std::uint64_t>(ttyNr);
  const unsigned major = static_cast<unsigned>((nr >> 8) & 0xfff);
  const unsigned minor = static_cast<unsigned>((nr & 0xff) | ((nr >> 12) & 0xfff00));
  const dev_t rdev = makedev(major, minor);
  const std::string& dev = ctx.options.devRoot;
  std::string guess;
  if (major >= 136 && major <= 143) {  // Unix98 pty slaves
    guess = dev + "/pts/" + std::to_string((major - 136) * 256 + minor);
  } else if (major == 4 && minor < 64) {  // virtual consoles
    guess = dev + "/tty" + std::to_string(minor);
  } else if (major == 4 && minor < 256) {  // serial ports
    guess = dev + "/ttyS" + std::to_string(minor - 64);
  } else if (major == 5 && minor == 0) {
    guess = dev + "/tty";
  }
  if (!guess.empty() && isCharDevice(guess, rdev)) return guess;
  if (!ctx.ttyMapBuilt) buildTtyMap(ctx);
  for (const auto& [device, path] : ctx.ttyMap) {
    if (device == rdev) return path;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// One process.

class ProcessReader {
 public:
  ProcessReader(ScanContext& ctx, int pid, ProcMask mask, ProcessInfo& out)
      : ctx_(ctx), pid_(pid), mask_(mask), out_(out) {
    std::snprintf(pidName_, sizeof pidName_, "%d", pid);
  }

  void run() {
    openProcess();
    readStat();
    readStatAttrs();
    if (wants(ProcAttr::kName)) readName();
    if (wants(ProcAttr::kCmdline)) readCmdline();
    if (wants(ProcAttr::kExe)) readLink(ProcAttr::kExe, "exe", out_.exe);
    if (wants(ProcAttr::kCwd)) readLink(ProcAttr::kCwd, "cwd", out_.cwd);
    if (wants(ProcAttr::kEnviron)) readEnviron();
    if (mask_ & kStatusAttrs) readStatus();
    if (wants(ProcAttr::kIonice)) readIonice();
    if (wants(ProcAttr::kIoCounters)) readIo();
    if (mask_ & kFdAttrs) readFds();
    if (wants(ProcAttr::kThreads)) readThreads();
    if (wants(ProcAttr::kCpuAffinity)) readAffinity();
    if (mask_ & kStatmAttrs) readStatm();
    if (wants(ProcAttr::kMemoryMaps)) readMemoryMaps();
    if (wants(ProcAttr::kMemoryFullInfo)) readFootprint();
    finish();
  }

 private:
  static constexpr ProcMask kStatusAttrs = procBit(ProcAttr::kUsername) | procBit(ProcAttr::kUids) |
                                           procBit(ProcAttr::kGids) |
                                           procBit(ProcAttr::kNumCtxSwitches);
  static constexpr ProcMask kFdAttrs = procBit(ProcAttr::kNumFds) | procBit(ProcAttr::kOpenFiles);
  static constexpr ProcMask kStatmAttrs = procBit(ProcAttr::kMemoryInfo) |
                                          procBit(ProcAttr::kMemoryInfoEx) |
                                          procBit(ProcAttr::kMemoryFullInfo);

  bool wants(ProcAttr a) const { return (mask_ & procBit(a)) != 0; }
  void set(ProcAttr a) { out_.have |= procBit(a); }

  std::string pathOf(const char* file) const {
    return ctx_.options.procRoot + "/" + pidName_ + (*file ? "/" : "") + file;
  }

  // `file` is relative to /proc/<pid>; nullptr for a syscall on the pid,
  // which has no path.
  void fail(ProcAttr a, const char* syscall, int err, const char* file) {
    out_.have &= ~procBit(a);
    out_.errors.push_back({a, syscall, err, file != nullptr ? pathOf(file) : std::string()});
  }
  void failParse(ProcAttr a, const char* file) { fail(a, "parse", EINVAL, file); }
  // One file failed: every requested attribute that needed it failed.
  void failAll(ProcMask attrs, const char* syscall, int err, const char* file) {
    for (std::size_t i = 0; i < kProcAttrCount; ++i) {
      auto a = static_cast<ProcAttr>(i);
      if ((attrs & mask_ & procBit(a)) != 0) fail(a, syscall, err, file);
    }
  }

  // A vanished process: the whole read fails with ESRCH whatever the call said.
  [[noreturn]] void throwGone(const char* syscall, int err, const char* file) const {
    if (err == ENOENT) err = ESRCH;
    throw OsError(syscall, err, pathOf(file));
  }

  void openProcess() {
    int fd = openAt(ctx_.procFd->get(), pidName_, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throwGone("open", errno, "");
    dir_ = std::make_unique<Fd>(fd);
  }

  void readStat() {
    const char* syscall = "";
    if (int err = readFileAt(dir_->get(), "stat", ctx_.stat, kMaxFileSize, &syscall, kOneShow)) {
      throwGone(syscall, err, "stat");
    }
    if (!parseStat(ctx_.stat.view(), stat_)) throwParseError(pathOf("stat"));
    if (!isThreadGroupLeader()) throwGone("open", ESRCH, "stat");
    out_.startTime = static_cast<double>(stat_.starttime) / ctx_.ticks;
    out_.createTime = ctx_.bootTime + out_.startTime;
    out_.zombie = stat_.state == 'Z';
  }

  // /proc/<tid> resolves for any thread id but only a thread-group leader is
  // a process. Non-leader threads have exit_signal -1 (the kernel's own
  // thread_group_leader() test); without that field, ask status for Tgid.
  bool isThreadGroupLeader() {
    if (stat_.hasExitSignal) return stat_.exitSignal >= 0;
    const char* ignored;
    if (readFileAt(dir_->get(), "status", ctx_.buf, kMaxFileSize, &ignored, kOneShow) != 0) {
      return true;  // cannot tell
    }
    const StatusFields status = parseStatus(ctx_.buf.view(), {false, false, true});
    return !status.hasTgid || status.tgid == static_cast<std::uint64_t>(pid_);
  }

  void readStatAttrs() {
    const double ticks = ctx_.ticks;
    if (wants(ProcAttr::kPpid)) {
      out_.ppid = static_cast<double>(stat_.ppid);
      set(ProcAttr::kPpid);
    }
    if (wants(ProcAttr::kCreateTime)) set(ProcAttr::kCreateTime);
    if (wants(ProcAttr::kStatus)) {
      if (const char* name = statusName(stat_.state)) {
        out_.status = name;
        set(ProcAttr::kStatus);
      } else {
        failParse(ProcAttr::kStatus, "stat");
      }
    }
    if (wants(ProcAttr::kNice)) {
      out_.nice = static_cast<double>(stat_.nice);
      set(ProcAttr::kNice);
    }
    if (wants(ProcAttr::kNumThreads)) {
      out_.numThreads = static_cast<double>(stat_.numThreads);
      set(ProcAttr::kNumThreads);
    }
    if (wants(ProcAttr::kCpuTimes)) {
      out_.cpuTimes = {static_cast<double>(stat_.utime) / ticks,
                       static_cast<double>(stat_.stime) / ticks,
                       static_cast<double>(stat_.cutime) / ticks,
                       static_cast<double>(stat_.cstime) / ticks,
                       static_cast<double>(stat_.blkioTicks) / ticks};
      set(ProcAttr::kCpuTimes);
    }
    if (wants(ProcAttr::kCpuNum)) {
      if (stat_.hasProcessor) {
        out_.cpuNum = static_cast<double>(stat_.processor);
        set(ProcAttr::kCpuNum);
      } else {
        failParse(ProcAttr::kCpuNum, "stat");
      }
    }
    if (wants(ProcAttr::kPageFaults)) {
      out_.minorFaults = static_cast<double>(stat_.minflt);
      out_.majorFaults = static_cast<double>(stat_.majflt);
      set(ProcAttr::kPageFaults);
    }
    if (wants(ProcAttr::kTerminal)) {
      out_.terminal = terminalOf(ctx_, stat_.ttyNr);
      set(ProcAttr::kTerminal);
    }
  }

  // cmdline is read at most once, for the cmdline attribute and for name.
  int loadCmdline(const char** syscall) {
    if (!cmdlineLoaded_) {
      cmdlineLoaded_ = true;
      cmdlineErr_ = readFileAt(dir_->get(), "cmdline", ctx_.buf, kMaxArgsSize, &cmdlineSyscall_);
      if (cmdlineErr_ == 0) cmdline_ = splitCmdline(ctx_.buf.view());
    }
    *syscall = cmdlineSyscall_;
    return cmdlineErr_;
  }

  void readCmdline() {
    const char* syscall;
    if (int err = loadCmdline(&syscall)) return fail(ProcAttr::kCmdline, syscall, err, "cmdline");
    out_.cmdline = cmdline_;  // a zombie's is empty: src/api decides what that means
    set(ProcAttr::kCmdline);
  }

  // psutil's name(): comm, unless comm may be truncated (15 bytes) and the
  // basename of cmdline[0] extends it. An unreadable cmdline keeps comm.
  void readName() {
    out_.name = std::string(stat_.comm);
    set(ProcAttr::kName);
    // Kernel threads (half the processes of a quiet machine, with names like
    // "kworker/0:1H-kblockd") have an empty cmdline: no need to read it.
    if (stat_.comm.size() < kCommLen || (stat_.flags & kPfKthread) != 0) return;
    const char* syscall;
    if (loadCmdline(&syscall) != 0 || cmdline_.empty()) return;
    std::string_view first = cmdline_.front();
    std::size_t slash = first.rfind('/');
    std::string_view base = slash == std::string_view::npos ? first : first.substr(slash + 1);
    if (startsWith(base, stat_.comm)) out_.name = std::string(base);
  }

  // exe and cwd: psutil's readlink (cut at a NUL, " (deleted)" dropped), and
  // "" for a live non-zombie process without one (kernel threads have no exe).
  void readLink(ProcAttr attr, const char* file, std::string& target) {
    int err = readLinkAt(dir_->get(), file, target);
    if (err == 0) {
      std::size_t nul = target.find('\0');
      if (nul != std::string::npos) target.resize(nul);
      stripDeleted(target);
      return set(attr);
    }
    if ((err == ENOENT || err == ESRCH) && !out_.zombie && stillExists()) {
      target.clear();
      return set(attr);
    }
    fail(attr, "readlink", err, file);
  }

  void readEnviron() {
    const char* syscall = "";
    if (int err = readFileAt(dir_->get(), "environ", ctx_.buf, kMaxArgsSize, &syscall)) {
      return fail(ProcAttr::kEnviron, syscall, err, "environ");
    }
    out_.environ = parseEnviron(ctx_.buf.view());
    set(ProcAttr::kEnviron);
  }

  void readStatus() {
    const char* syscall = "";
    if (int err = readFileAt(dir_->get(), "status", ctx_.buf, kMaxFileSize, &syscall, kOneShow)) {
      return failAll(kStatusAttrs, syscall, err, "status");
    }
    const bool ids = (mask_ & (procBit(ProcAttr::kUids) | procBit(ProcAttr::kGids) |
                               procBit(ProcAttr::kUsername))) != 0;
    const StatusFields s = parseStatus(ctx_.buf.view(), {ids, wants(ProcAttr::kNumCtxSwitches), false});
    if (wants(ProcAttr::kUids)) {
      if (s.hasUids) {
        out_.uids = s.uids;
        set(ProcAttr::kUids);
      } else {
        failParse(ProcAttr::kUids, "status");
      }
    }
    if (wants(ProcAttr::kGids)) {
      if (s.hasGids) {
        out_.gids = s.gids;
        set(ProcAttr::kGids);
      } else {
        failParse(ProcAttr::kGids, "status");
      }
    }
    if (wants(ProcAttr::kUsername)) {
      if (s.hasUids && s.uids.real <= UINT32_MAX) {
        out_.username = usernameOf(ctx_, static_cast<std::uint32_t>(s.uids.real));
        set(ProcAttr::kUsername);
      } else {
        failParse(ProcAttr::kUsername, "status");
      }
    }
    if (wants(ProcAttr::kNumCtxSwitches)) {
      // Missing before Linux 2.6.23.
      if (s.hasVoluntary && s.hasInvoluntary) {
        out_.ctxVoluntary = s.voluntary;
        out_.ctxInvoluntary = s.involuntary;
        set(ProcAttr::kNumCtxSwitches);
      } else {
        failParse(ProcAttr::kNumCtxSwitches, "status");
      }
    }
  }

  void readIonice() {
    long prio = ::syscall(SYS_ioprio_get, kIoprioWhoProcess, pid_);
    if (prio < 0) return fail(ProcAttr::kIonice, "ioprio_get", errno, nullptr);
    out_.ioclass = static_cast<int>(prio >> kIoprioClassShift);
    // The idle class has no levels: whatever data the setter stored (util-linux's
    // ionice stores 7) means nothing, and the public type promises 0.
    out_.iolevel = out_.ioclass == kIoprioClassIdle ? 0 : static_cast<int>(prio & ((1 << kIoprioClassShift) - 1));
    set(ProcAttr::kIonice);
  }

  void readIo() {
    const char* syscall = "";
    if (int err = readFileAt(dir_->get(), "io", ctx_.buf, kMaxFileSize, &syscall, kOneShow)) {
      return fail(ProcAttr::kIoCounters, syscall, err, "io");
    }
    if (!parseIo(ctx_.buf.view(), out_.io)) return failParse(ProcAttr::kIoCounters, "io");
    set(ProcAttr::kIoCounters);
  }

  void readFds() {
    Dir fds(dir_->get(), "fd");
    if (!fds) return failAll(kFdAttrs, "opendir", fds.error(), "fd");
    const bool wantFiles = wants(ProcAttr::kOpenFiles);
    double count = 0;
    bool hitGone = false;
    int fileErr = 0;
    const char* fileSyscall = "";
    std::string fileErrPath;
    std::string_view name;
    std::string link, target;
    while (fds.next(name)) {
      ++count;
      if (!wantFiles || fileErr != 0) continue;
      link.assign("fd/").append(name);
      if (int err = readLinkAt(dir_->get(), link.c_str(), target)) {
        if (err == ENOENT || err == ESRCH) hitGone = true;  // closed meanwhile
        // EINVAL: not a link; ENAMETOOLONG: skipped, as psutil does.
        if (err != ENOENT && err != ESRCH && err != EINVAL && err != ENAMETOOLONG) {
          fileErr = err;
          fileSyscall = "readlink";
          fileErrPath = link;
        }
        continue;
      }
      addOpenFile(name, target, hitGone, fileErr, fileSyscall, fileErrPath);
    }
    if (fds.error() != 0) return failAll(kFdAttrs, "readdir", fds.error(), "fd");
    if (wants(ProcAttr::kNumFds)) {
      out_.numFds = count;
      set(ProcAttr::kNumFds);
    }
    if (!wantFiles) return;
    if (fileErr != 0) return fail(ProcAttr::kOpenFiles, fileSyscall, fileErr, fileErrPath.c_str());
    if (hitGone && !stillExists()) return fail(ProcAttr::kOpenFiles, "open", ESRCH, "fd");
    set(ProcAttr::kOpenFiles);
  }

  // One fd whose link we read: kept if it names a regular file (psutil's
  // isfile_strict on the path, so EACCES there is an error, not a skip).
  void addOpenFile(std::string_view fdName, std::string& target, bool& hitGone, int& fileErr,
                   const char*& fileSyscall, std::string& fileErrPath) {
    std::size_t nul = target.find('\0');
    if (nul != std::string::npos) target.resize(nul);
    stripDeleted(target);
    if (target.empty() || target.front() != '/') return;  // pipes, sockets, anon inodes
    FileInfo st;
    if (int err = fileInfo(target, st)) {
      if (err == EACCES || err == EPERM) {
        fileErr = err;
        fileSyscall = "stat";
        fileErrPath = "fd/" + std::string(fdName);
      }
      return;
    }
    if (!st.isRegular()) return;
    std::uint64_t fd;
    if (!parse::parseU64(fdName, fd)) return;
    const std::string info = "fdinfo/" + std::string(fdName);
    const char* syscall = "";
    if (int err = readFileAt(dir_->get(), info.c_str(), ctx_.buf, kMaxFileSize, &syscall, kOneShow)) {
      if (err == ENOENT || err == ESRCH) {
        hitGone = true;
      } else {
        fileErr = err;
        fileSyscall = syscall;
        fileErrPath = info;
      }
      return;
    }
    ProcOpenFile file{target, static_cast<double>(fd), 0, "r", 0};
    if (!parseFdinfo(ctx_.buf.view(), file.position, file.flags)) {
      fileErr = EINVAL;
      fileSyscall = "parse";
      fileErrPath = info;
      return;
    }
    file.mode = openMode(static_cast<std::uint64_t>(file.flags));
    out_.openFiles.push_back(std::move(file));
  }

  void readThreads() {
    Dir tasks(dir_->get(), "task");
    if (!tasks) return fail(ProcAttr::kThreads, "opendir", tasks.error(), "task");
    bool hitGone = false;
    std::string_view name;
    std::string file;
    while (tasks.next(name)) {
      std::uint64_t tid;
      if (!parse::parseU64(name, tid)) continue;
      file.assign("task/").append(name).append("/stat");
      const char* syscall = "";
      if (int err = readFileAt(dir_->get(), file.c_str(), ctx_.buf, kMaxFileSize, &syscall, kOneShow)) {
        if (err == ENOENT || err == ESRCH) {  // the thread exited meanwhile
          hitGone = true;
          continue;
        }
        return fail(ProcAttr::kThreads, syscall, err, file.c_str());
      }
      StatFields t;
      if (!parseStat(ctx_.buf.view(), t)) return failParse(ProcAttr::kThreads, file.c_str());
      out_.threads.push_back({static_cast<double>(tid), static_cast<double>(t.utime) / ctx_.ticks,
                              static_cast<double>(t.stime) / ctx_.ticks});
    }
    if (tasks.error() != 0) return fail(ProcAttr::kThreads, "readdir", tasks.error(), "task");
    if (hitGone && !stillExists()) return fail(ProcAttr::kThreads, "open", ESRCH, "task");
    std::sort(out_.threads.begin(), out_.threads.end(),
              [](const ProcThread& a, const ProcThread& b) { return a.id < b.id; });
    set(ProcAttr::kThreads);
  }

  // sched_getaffinity with a set grown until the kernel's fits (EINVAL means
  // ours is smaller than its nr_cpu_ids).
  void readAffinity() {
    for (int ncpus = static_cast<int>(sizeof(unsigned long) * CHAR_BIT);; ncpus *= 2) {
      const std::size_t size = CPU_ALLOC_SIZE(ncpus);
      CpuSet cpus(CPU_ALLOC(ncpus), [](cpu_set_t* s) { CPU_FREE(s); });
      if (!cpus) return fail(ProcAttr::kCpuAffinity, "malloc", ENOMEM, nullptr);
      if (::sched_getaffinity(pid_, size, cpus.get()) == 0) {
        for (int cpu = 0; cpu < ncpus; ++cpu) {
          if (CPU_ISSET_S(cpu, size, cpus.get())) out_.cpuAffinity.push_back(cpu);
        }
        return set(ProcAttr::kCpuAffinity);
      }
      if (errno != EINVAL || ncpus > (1 << 20)) {
        return fail(ProcAttr::kCpuAffinity, "sched_getaffinity", errno, nullptr);
      }
    }
  }

  void readStatm() {
    const char* syscall = "";
    if (int err = readFileAt(dir_->get(), "statm", ctx_.buf, kMaxFileSize, &syscall, kOneShow)) {
      return failAll(kStatmAttrs, syscall, err, "statm");
    }
    if (!parseStatm(ctx_.buf.view(), ctx_.pageSize, out_.statm)) {
      for (ProcAttr a : {ProcAttr::kMemoryInfo, ProcAttr::kMemoryInfoEx, ProcAttr::kMemoryFullInfo}) {
        if (wants(a)) failParse(a, "statm");
      }
      return;
    }
    if (wants(ProcAttr::kMemoryInfo)) set(ProcAttr::kMemoryInfo);
    if (wants(ProcAttr::kMemoryInfoEx)) set(ProcAttr::kMemoryInfoEx);
    statmOk_ = true;
  }

  // Streams smaps once: the maps when memoryMaps is wanted, and always the
  // totals memoryFullInfo falls back on. 0, or an errno with `syscall`.
  int parseSmaps(bool keepMaps, const char** syscall) {
    smapsParsed_ = true;
    auto malformed = [syscall] {
      *syscall = "parse";
      return EINVAL;
    };
    LineReader reader(dir_->get(), "smaps", kMaxSmapsSize);
    std::string_view line;
    ProcMemoryMap* current = nullptr;
    ProcMemoryMap scratch{};
    while (reader.next(line)) {
      std::size_t keyEnd = 0;
      while (keyEnd < line.size() && !parse::isBlank(line[keyEnd])) ++keyEnd;
      std::string_view first = line.substr(0, keyEnd);
      if (first.empty()) continue;
      if (first.back() != ':') {  // a header starts the next map
        if (keepMaps) {
          out_.memoryMaps.push_back(parseSmapsHeader(line));
          current = &out_.memoryMaps.back();
        } else {
          scratch = {};
          current = &scratch;
        }
        continue;
      }
      std::string_view key = first.substr(0, first.size() - 1);
      std::string_view rest = line.substr(keyEnd);
      // psutil's totals: every Private_* line (Clean, Dirty, Hugetlb), Pss, Swap.
      double bytes;
      if (startsWith(key, "Private_") || key == "Pss" || key == "Swap") {
        if (!smapsValue(rest, bytes)) return malformed();
        (key == "Pss" ? smapsTotals_.pss : key == "Swap" ? smapsTotals_.swap : smapsTotals_.uss) +=
            bytes;
      }
      if (current == nullptr) return malformed();  // data before any header
      bool known;
      if (!smapsField(*current, key, rest, known)) return malformed();
    }
    *syscall = reader.failedSyscall();
    return reader.error();
  }

  void readMemoryMaps() {
    const char* syscall = "";
    smapsErr_ = parseSmaps(true, &syscall);
    smapsSyscall_ = syscall;
    if (smapsErr_ != 0) {
      out_.memoryMaps.clear();
      return fail(ProcAttr::kMemoryMaps, syscall, smapsErr_, "smaps");
    }
    set(ProcAttr::kMemoryMaps);  // empty for kernel threads and zombies
  }

  // memoryFullInfo: statm plus uss/pss/swap from smaps_rollup, or from smaps
  // where the rollup is missing (before 4.14) or refuses (ENOENT/ESRCH).
  void readFootprint() {
    if (!statmOk_) return;  // already failed with the statm error
    const char* syscall = "";
    int err = readFileAt(dir_->get(), "smaps_rollup", ctx_.buf, kMaxFileSize, &syscall, kOneShow);
    if (err == 0) {
      if (!parseRollup(ctx_.buf.view())) return failParse(ProcAttr::kMemoryFullInfo, "smaps_rollup");
      return set(ProcAttr::kMemoryFullInfo);
    }
    if (err != ENOENT && err != ESRCH) {
      return fail(ProcAttr::kMemoryFullInfo, syscall, err, "smaps_rollup");
    }
    if (!smapsParsed_) {
      smapsErr_ = parseSmaps(false, &syscall);
      smapsSyscall_ = syscall;
    }
    if (smapsErr_ != 0) return fail(ProcAttr::kMemoryFullInfo, smapsSyscall_, smapsErr_, "smaps");
    out_.footprint = smapsTotals_;
    set(ProcAttr::kMemoryFullInfo);
  }

  bool parseRollup(std::string_view text) {
    ProcFootprint f{};
    std::string_view line;
    while (nextLine(text, line)) {
      double bytes;
      if (startsWith(line, "Private_")) {
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || !smapsValue(line.substr(colon + 1), bytes)) return false;
        f.uss += bytes;
      } else if (startsWith(line, "Pss:")) {
        if (!smapsValue(line.substr(4), f.pss)) return false;
      } else if (startsWith(line, "Swap:")) {
        if (!smapsValue(line.substr(5), f.swap)) return false;
      }
    }
    out_.footprint = f;
    return true;
  }

  // psutil's test after a failure: does /proc/<pid> (this very process,
  // through our descriptor) still answer?
  bool stillExists() {
    FileInfo st;
    return fileInfo(dir_->get(), "stat", st) == 0;
  }

  void finish() {
    if (out_.errors.empty()) return;
    std::stable_sort(out_.errors.begin(), out_.errors.end(),
                     [](const ProcAttrError& a, const ProcAttrError& b) { return a.attr < b.attr; });
    out_.exists = stillExists();
  }

  ScanContext& ctx_;
  const int pid_;
  const ProcMask mask_;
  ProcessInfo& out_;
  char pidName_[16];
  std::unique_ptr<Fd> dir_;
  StatFields stat_{};
  bool cmdlineLoaded_ = false;
  int cmdlineErr_ = 0;
  const char* cmdlineSyscall_ = "";
  std::vector<std::string> cmdline_;
  bool statmOk_ = false;
  bool smapsParsed_ = false;
  int smapsErr_ = 0;
  const char* smapsSyscall_ = "";
  ProcFootprint smapsTotals_{};
};

ProcessInfo readProcess(ScanContext& ctx, int pid, ProcMask mask) {
  ProcessInfo info;
  info.pid = pid;
  ProcessReader(ctx, pid, mask & kAllProcAttrs, info).run();
  return info;
}

[[noreturn]] void throwNoProcess(long long pid, const std::string& procRoot) {
  throw OsError("open", ESRCH, procRoot + "/" + std::to_string(pid) + "/stat");
}

// Pids are positive and fit pid_t; 0 or a negative value would address the
// caller or a process group in the syscalls below.
pid_t checkedPid(long long pid, const char* syscall) {
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) throw OsError(syscall, ESRCH);
  return static_cast<pid_t>(pid);
}

rlim_t toRlim(double value) {
  return value < 0 ? RLIM_INFINITY : static_cast<rlim_t>(value);
}

double fromRlim(rlim_t value) {
  return value == RLIM_INFINITY ? -1.0 : static_cast<double>(value);
}

}  // namespace

// The context holds two 16 KiB file buffers: on the heap, not on the stack of
// a worker thread.
ProcessInfo processRead(long long pid, ProcMask mask, const ProcessReadOptions& options) {
  if (pid <= 0 || pid > std::numeric_limits<int>::max()) throwNoProcess(pid, options.procRoot);
  auto ctx = std::make_unique<ScanContext>(options);
  return readProcess(*ctx, static_cast<int>(pid), mask);
}

std::vector<ProcessInfo> processScan(ProcMask mask, const ProcessReadOptions& options) {
  auto ctx = std::make_unique<ScanContext>(options);
  const std::vector<int> list = pids(options.procRoot);
  std::vector<ProcessInfo> out;
  out.reserve(list.size());
  for (int pid : list) {  // ascending
    try {
      out.push_back(readProcess(*ctx, pid, mask));
    } catch (const OsError& e) {
      // Gone since readdir, or hidden from us (hidepid): left out, as ps
      // does. Anything else (unparsable stat) is a real error.
      if (e.err() != ESRCH && e.err() != ENOENT && e.err() != EACCES && e.err() != EPERM) throw;
    }
  }
  return out;
}

std::array<double, 2> processRlimit(long long pid, int resource,
                                    const std::optional<std::array<double, 2>>& newLimits) {
  const pid_t p = checkedPid(pid, "prlimit");
  struct rlimit old {};
  struct rlimit wanted {};
  if (newLimits) wanted = {toRlim((*newLimits)[0]), toRlim((*newLimits)[1])};
  if (::prlimit(p, static_cast<__rlimit_resource>(resource), newLimits ? &wanted : nullptr, &old) != 0) {
    throw OsError("prlimit", errno);
  }
  return {fromRlim(old.rlim_cur), fromRlim(old.rlim_max)};
}

void processSetNice(long long pid, int value) {
  const pid_t p = checkedPid(pid, "setpriority");
  if (::setpriority(PRIO_PROCESS, static_cast<id_t>(p), value) != 0) {
    throw OsError("setpriority", errno);
  }
}

void processSetIonice(long long pid, int ioclass, int value) {
  const pid_t p = checkedPid(pid, "ioprio_set");
  if (::syscall(SYS_ioprio_set, kIoprioWhoProcess, p, (ioclass << kIoprioClassShift) | value) != 0) {
    throw OsError("ioprio_set", errno);
  }
}

void processSetCpuAffinity(long long pid, const std::vector<int>& cpus) {
  const pid_t p = checkedPid(pid, "sched_setaffinity");
  int highest = -1;
  for (int cpu : cpus) {
    if (cpu < 0) throw OsError("sched_setaffinity", EINVAL);
    highest = std::max(highest, cpu);
  }
  const int ncpus = highest + 1 > 0 ? highest + 1 : 1;
  CpuSet set(CPU_ALLOC(ncpus), [](cpu_set_t* s) { CPU_FREE(s); });
  if (!set) throw OsError("malloc", ENOMEM);
  const std::size_t size = CPU_ALLOC_SIZE(ncpus);
  CPU_ZERO_S(size, set.get());
  for (int cpu : cpus) CPU_SET_S(cpu, size, set.get());
  if (::sched_setaffinity(p, size, set.get()) != 0) throw OsError("sched_setaffinity", errno);
}

}  // namespace psnode
