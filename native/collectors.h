// The platform collectors: plain C++ over plain structs, usable without Node.
// Each reads a few /proc or /sys files (or makes one syscall) per call and
// throws psnode::OsError on failure; malformed content is reported as
// OsError{"parse", EINVAL, path}.
//
// Roots are parameters so tests can point the collectors at a fake procfs or
// sysfs tree; the addon passes the real ones.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
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

// sysconf(_SC_NPROCESSORS_ONLN), else the "processor" lines of cpuinfo.
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
// equal pid so that a thread id is not mistaken for a process.
bool pidExists(long long pid, const std::string& procRoot = kProcRoot);

}  // namespace psnode
