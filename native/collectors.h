// The platform collectors: plain C++ over plain structs, usable without Node.
// Each reads a few /proc or /sys files (or makes one syscall) per call and
// throws psnode::OsError on failure; malformed content is reported as
// OsError{"parse", EINVAL, path}.
//
// Roots are parameters so tests can point the collectors at a fake procfs or
// sysfs tree; the addon passes the configured ones (configure({ procfsPath,
// sysfsPath }), default kProcRoot / kSysRoot).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace psnode {

inline const std::string kProcRoot = "/proc";
inline const std::string kSysRoot = "/sys";

// --- cpu.cc ---------------------------------------------------------------

// Columns as in CPU_TIME_FIELDS of binding.ts: user, nice, system, idle,
// iowait, irq, softirq, steal, guest, guestNice. Seconds.
inline constexpr std::size_t kCpuTimeFields = 10;
using CpuTimesRow = std::array<double, kCpuTimeFields>;

// Row 0 is the aggregate "cpu" line, then one row per "cpuN" line in file order.
std::vector<CpuTimesRow> cpuTimes(const std::string& procRoot = kProcRoot);

struct CpuStats {
  double ctxSwitches;
  double interrupts;
  double softInterrupts;
};
CpuStats cpuStats(const std::string& procRoot = kProcRoot);

// sysconf(_SC_NPROCESSORS_ONLN), else the "processor" lines of cpuinfo. For a
// procRoot other than kProcRoot (sysconf knows only this machine): the
// "processor" lines of <procRoot>/cpuinfo alone.
std::optional<unsigned> cpuCountLogical(const std::string& procRoot = kProcRoot);
// The cpuinfo half of cpuCountLogical, separate so tests can reach it.
std::optional<unsigned> cpuinfoProcessorCount(const std::string& procRoot = kProcRoot);

std::optional<unsigned> cpuCountPhysical(const std::string& procRoot = kProcRoot,
                                         const std::string& sysRoot = kSysRoot);

// MHz. min/max are NaN where unknown (always, for the cpuinfo fallback).
struct CpuFreq {
  double current;
  double min;
  double max;
};
std::optional<std::vector<CpuFreq>> cpuFreq(const std::string& procRoot = kProcRoot,
                                            const std::string& sysRoot = kSysRoot);

// --- mem.cc ---------------------------------------------------------------

// Bytes, mapped from /proc/meminfo as psutil does.
struct VirtualMemory {
  double total;
  double available;
  double free;
  double active;
  double inactive;
  double buffers;
  double cached;
  double shared;
  double slab;
};
VirtualMemory virtualMemory(const std::string& procRoot = kProcRoot);

struct SwapMemory {
  double total;
  double free;
  double sin;   // bytes swapped in since boot
  double sout;  // bytes swapped out since boot
};
SwapMemory swapMemory(const std::string& procRoot = kProcRoot);

// --- system.cc ------------------------------------------------------------

double bootTime(const std::string& procRoot = kProcRoot);

std::array<double, 3> loadAvg(const std::string& procRoot = kProcRoot);

// A USER_PROCESS utmp record. The strings are the raw bytes of the fixed-size
// fields (not yet UTF-8: the Node glue decodes them); empty means absent.
struct UserSession {
  std::string name;
  std::string terminal;
  std::string host;
  double started;  // epoch seconds
  int pid;         // 0 means absent
};
// The utmp path the system uses (_PATH_UTMP).
const std::string& defaultUtmpPath();
// A missing file yields an empty list.
std::vector<UserSession> users(const std::string& utmpPath = defaultUtmpPath());

// Numeric entries of procRoot, ascending.
std::vector<int> pids(const std::string& procRoot = kProcRoot);

// kill(pid, 0) (EPERM means it exists), then <procRoot>/<pid>/status Tgid must
// equal pid so that a thread id is not mistaken for a process. For a procRoot
// other than kProcRoot (another pid namespace, e.g. a host's /proc) kill() is
// not asked: the pid exists when <procRoot>/<pid>/status does (with that Tgid).
bool pidExists(long long pid, const std::string& procRoot = kProcRoot);

// --- proc.cc --------------------------------------------------------------

// The attributes of a process read, one bit each in a ProcMask.
// THE ORDER MUST MATCH `PROCESS_ATTRS` in src/backends/process-types.ts: the
// TypeScript side builds masks from that list, and the addon exports
// kProcAttrNames so a test (and the backend, at load) can compare the two.
enum class ProcAttr : unsigned {
  kPpid,
  kName,
  kExe,
  kCmdline,
  kEnviron,
  kCreateTime,
  kStatus,
  kCwd,
  kUsername,
  kUids,
  kGids,
  kTerminal,
  kNice,
  kIonice,
  kIoCounters,
  kNumCtxSwitches,
  kNumFds,
  kNumThreads,
  kThreads,
  kCpuTimes,
  kCpuNum,
  kCpuAffinity,
  kMemoryInfo,
  kMemoryInfoEx,
  kMemoryFullInfo,
  kPageFaults,
  kOpenFiles,
  kMemoryMaps,
  kCount
};
inline constexpr std::size_t kProcAttrCount = static_cast<std::size_t>(ProcAttr::kCount);

// The JS names, indexed by ProcAttr.
inline constexpr std::array<const char*, kProcAttrCount> kProcAttrNames = {
    "ppid",        "name",         "exe",          "cmdline",        "environ",
    "createTime",  "status",       "cwd",          "username",       "uids",
    "gids",        "terminal",     "nice",         "ionice",         "ioCounters",
    "numCtxSwitches", "numFds",    "numThreads",   "threads",        "cpuTimes",
    "cpuNum",      "cpuAffinity",  "memoryInfo",   "memoryInfoEx",   "memoryFullInfo",
    "pageFaults",  "openFiles",    "memoryMaps"};

using ProcMask = std::uint32_t;
static_assert(kProcAttrCount <= 31, "masks travel from JS as non-negative int32");
inline constexpr ProcMask procBit(ProcAttr a) { return ProcMask{1} << static_cast<unsigned>(a); }
inline constexpr ProcMask kAllProcAttrs = (ProcMask{1} << kProcAttrCount) - 1;

struct ProcIds {
  double real, effective, saved;
};
struct ProcIoCounters {
  double readCount, writeCount, readBytes, writeBytes, readChars, writeChars;
};
struct ProcThread {
  double id;
  double userTime, systemTime;  // seconds
};
// Seconds.
struct ProcCpuTimes {
  double user, system, childrenUser, childrenSystem, iowait;
};
// /proc/<pid>/statm in its own order, × page size: bytes.
struct ProcStatm {
  double vms, rss, shared, text, lib, data, dirty;
};
// Bytes.
struct ProcFootprint {
  double uss, pss, swap;
};
struct ProcOpenFile {
  std::string path;  // raw bytes
  double fd;
  double position;
  const char* mode;  // "r", "w", "a", "r+" or "a+"
  double flags;
};
// One /proc/<pid>/smaps entry; sizes in bytes, strings raw bytes.
struct ProcMemoryMap {
  std::string addr, perms, path;
  double rss, size, pss, sharedClean, sharedDirty, privateClean, privateDirty, referenced,
      anonymous, swap;
};

// A failed attribute: what failed, as an OsError would say it
// (syscall "parse" + EINVAL for content we could not understand).
struct ProcAttrError {
  ProcAttr attr;
  std::string syscall;
  int err;
  std::string path;
};

// One process as one read saw it. Only the members of requested attributes
// that succeeded (bit set in `have`) are meaningful; strings are raw bytes
// (the Node glue decodes them).
struct ProcessInfo {
  int pid = 0;
  double createTime = 0;  // epoch seconds, always read
  double startTime = 0;   // seconds after boot (starttime / CLK_TCK): monotonic, the identity
  bool zombie = false;    // always read
  // After a failure: whether /proc/<pid> still existed (true when none failed).
  bool exists = true;
  ProcMask have = 0;
  std::vector<ProcAttrError> errors;  // in ProcAttr order

  double ppid = 0;
  std::string name;
  std::string exe;
  std::vector<std::string> cmdline;
  // In file order; a later duplicate key wins, as in a dict built from it.
  std::vector<std::pair<std::string, std::string>> environ;
  const char* status = "";  // psutil's status string
  std::string cwd;
  std::string username;
  ProcIds uids{}, gids{};
  std::optional<std::string> terminal;  // nullopt: no controlling terminal
  double nice = 0;
  int ioclass = 0, iolevel = 0;
  ProcIoCounters io{};
  double ctxVoluntary = 0, ctxInvoluntary = 0;
  double numFds = 0;
  double numThreads = 0;
  std::vector<ProcThread> threads;  // ascending id
  ProcCpuTimes cpuTimes{};
  double cpuNum = 0;
  std::vector<int> cpuAffinity;  // ascending
  ProcStatm statm{};             // memoryInfo, memoryInfoEx, memoryFullInfo
  ProcFootprint footprint{};     // memoryFullInfo
  double minorFaults = 0, majorFaults = 0;
  std::vector<ProcOpenFile> openFiles;  // in fd directory order
  std::vector<ProcMemoryMap> memoryMaps;

  bool has(ProcAttr a) const { return (have & procBit(a)) != 0; }
};

struct ProcessReadOptions {
  std::string procRoot = kProcRoot;
  std::string devRoot = "/dev";  // where terminal() looks for tty devices
  // Epoch seconds; NaN: read btime from <procRoot>/stat. The addon passes a
  // value read once per thread so createTime stays stable across calls
  // (btime moves when the wall clock is stepped).
  double bootTime = std::numeric_limits<double>::quiet_NaN();
};

// Reads the attributes of `mask` for one process, each /proc file once. The
// stat file is always read (createTime, zombie). Throws OsError ESRCH when
// the process does not exist or `pid` is a thread id rather than a pid, and
// the OS error (EACCES...) when its stat file cannot be read; any other
// failure is recorded per attribute in `errors`.
ProcessInfo processRead(long long pid, ProcMask mask, const ProcessReadOptions& options = {});

// processRead for every pid in procRoot, sorted by pid, in one call (one
// username cache, one tty map). Processes that vanish meanwhile, and those
// whose stat file we may not read (hidepid), are left out, as ps does.
std::vector<ProcessInfo> processScan(ProcMask mask, const ProcessReadOptions& options = {});

// prlimit(): returns the limit in force before the call as {soft, hard},
// RLIM_INFINITY as -1; sets `newLimits` ({soft, hard}, -1 = infinity) when given.
std::array<double, 2> processRlimit(long long pid, int resource,
                                    const std::optional<std::array<double, 2>>& newLimits);
// setpriority(PRIO_PROCESS).
void processSetNice(long long pid, int value);
// ioprio_set(IOPRIO_WHO_PROCESS, pid, class << 13 | value).
void processSetIonice(long long pid, int ioclass, int value);
// sched_setaffinity() with exactly these CPUs (each >= 0).
void processSetCpuAffinity(long long pid, const std::vector<int>& cpus);

// --- disk.cc --------------------------------------------------------------

// One line of <procRoot>/self/mounts with the kernel's \ooo escapes decoded
// (raw bytes: the Node glue decodes them as UTF-8).
struct MountEntry {
  std::string device, mountpoint, fstype, opts;
};
// One line of <procRoot>/filesystems.
struct FilesystemType {
  std::string name;
  bool nodev = false;
};
struct DiskPartitions {
  std::vector<MountEntry> mounts;        // mount table order
  std::vector<FilesystemType> filesystems;
  // "/dev/<name>" of the "/" mount's major:minor (last "/" line of
  // <procRoot>/self/mountinfo) in <procRoot>/partitions; read only when a
  // mount's device is "/dev/root" or "rootfs". nullopt otherwise / not found.
  std::optional<std::string> rootDevice;
};
// Throws the OS error of the mounts or filesystems file; an empty or
// malformed one is a parse error.
DiskPartitions diskPartitions(const std::string& procRoot = kProcRoot);

// statvfs(path), retried on EINTR, in bytes: total = f_blocks × f_frsize,
// used = (f_blocks − f_bfree) × f_frsize, free = f_bavail × f_frsize.
struct DiskUsage {
  double total, used, free;
};
DiskUsage diskUsage(const std::string& path);

// One line of <procRoot>/diskstats in any layout psutil reads (7, 14, 15 or
// 18+ fields); bytes = sectors × 512, times in ms. `storage`: the name (with
// '/' as '!') is an entry of <sysRoot>/block.
struct DiskIoLine {
  std::string name;
  bool storage = false;
  double readCount = 0, writeCount = 0, readBytes = 0, writeBytes = 0, readTime = 0, writeTime = 0,
         readMergedCount = 0, writeMergedCount = 0, busyTime = 0;
};
std::vector<DiskIoLine> diskIoCounters(const std::string& procRoot = kProcRoot,
                                       const std::string& sysRoot = kSysRoot);

// --- sensors.cc -----------------------------------------------------------

// psutil's sensors over <sysRoot>: a file that cannot be read counts as
// absent, as psutil's fallbacks expect (sysfs answers EIO/ENXIO/ENODATA for
// a sensor that is not there). Strings are raw bytes.
struct TemperatureSensor {
  std::string label;
  double current;                 // °C
  std::optional<double> high;     // temp*_max (thermal zone: a "high" trip point)
  std::optional<double> critical; // temp*_crit (thermal zone: a "critical" trip point)
};
struct FanSensor {
  std::string label;
  double current;  // RPM
};
// Groups by chip name in order of first appearance.
template <typename T>
using SensorGroups = std::vector<std::pair<std::string, std::vector<T>>>;

// hwmon temp*_* (and hwmon*/device/temp*_*) by base, sorted; then coretemp
// hwmons not linked in class/hwmon; only when there is none at all, the
// thermal zones.
SensorGroups<TemperatureSensor> sensorsTemperatures(const std::string& sysRoot = kSysRoot);
// hwmon fan*_* (hwmon*/device/fan*_* only when there is none).
SensorGroups<FanSensor> sensorsFans(const std::string& sysRoot = kSysRoot);

// The first battery's files (see RawBattery in src/backends/disk-sensors-types.ts).
struct BatteryFiles {
  std::optional<double> energyNow, powerNow, energyFull, timeToEmptyNow, capacity, acOnline;
  std::optional<std::string> status;  // trimmed
};
// nullopt without a battery (or without <sysRoot>/class/power_supply).
std::optional<BatteryFiles> sensorsBattery(const std::string& sysRoot = kSysRoot);

// --- net.cc ---------------------------------------------------------------

// One row of <procRoot>/net/dev (psutil's fields of it), in file order.
struct NetIoCounters {
  std::string name;  // raw bytes
  double bytesSent = 0, bytesRecv = 0, packetsSent = 0, packetsRecv = 0;
  double errin = 0, errout = 0, dropin = 0, dropout = 0;
};
std::vector<NetIoCounters> netIoCounters(const std::string& procRoot = kProcRoot);

// One getifaddrs() entry as psutil converts it: IPv4/IPv6 through
// getnameinfo(NI_NUMERICHOST) (link-local addresses end in "%<nic>"), link
// layer (AF_PACKET) as lowercase hex bytes "aa:bb:…" (not padded to 6).
// Entries without a usable address are left out. `broadcast` is set only on
// IFF_BROADCAST interfaces, `ptp` only on IFF_POINTOPOINT ones.
struct NetIfAddr {
  std::string name;  // raw bytes (an IPv4 address's label, e.g. "eth0:1")
  int family = 0;    // AF_INET, AF_INET6 or AF_PACKET
  std::string address;
  std::optional<std::string> netmask, broadcast, ptp;
};
std::vector<NetIfAddr> netIfAddrs();

// The interfaces of <procRoot>/net/dev (those gone meanwhile, ENODEV, are
// left out): SIOCGIFFLAGS (low 16 bits), SIOCGIFMTU, and ETHTOOL_GSET.
struct NetIfStats {
  std::string name;
  unsigned flags = 0;
  int mtu = 0;
  int duplex = 0;    // psnode's NicDuplex: 2 full, 1 half, 0 unknown
  double speed = 0;  // Mbit/s; 0 when unknown
};
std::vector<NetIfStats> netIfStats(const std::string& procRoot = kProcRoot);

// The socket tables of <procRoot>/net, one bit each; the order of
// NET_SOCKET_TABLES in src/backends/net-types.ts.
enum NetTable : unsigned { kNetTcp = 1, kNetTcp6 = 2, kNetUdp = 4, kNetUdp6 = 8, kNetUnix = 16 };
inline constexpr unsigned kAllNetTables = 31;

// One socket. inet: `laddr`/`raddr` are numeric IPs (empty with port 0 when
// absent, as psutil's "()"); unix: `laddr` is the path (raw bytes, empty when
// unbound; abstract names start with '@'), `raddr` always empty.
struct NetConnection {
  int fd = -1;   // -1 when the owner is unknown
  int family = 0;  // AF_INET, AF_INET6, AF_UNIX
  int type = 0;    // SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET
  std::string laddr, raddr;
  int lport = 0, rport = 0;
  const char* status = "NONE";  // psutil's status string
  int pid = 0;  // 0 when the owner is unknown
};

// The sockets of `tables`, in table then file order. With pid < 0 every
// process's fds are walked once (those we may not read are skipped: their
// sockets get pid 0, fd -1) and every socket is listed; with a pid, only the
// sockets that process holds (its fd directory's errors are thrown: ENOENT
// when it is gone, EACCES when hidden from us). A socket held by several
// processes belongs to the highest pid (psutil); a unix socket is listed once
// per fd of its owner, an inet socket once with the owner's lowest fd.
std::vector<NetConnection> netConnections(unsigned tables, long long pid = -1,
                                          const std::string& procRoot = kProcRoot);

}  // namespace psnode
