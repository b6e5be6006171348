// CPU collectors for Linux: /proc/stat, /proc/cpuinfo, /sys/devices/system/cpu.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>

#include "collectors.h"
#include "common/io.h"
#include "common/parse.h"

namespace psnode {

namespace {

using parse::consumeU64;
using parse::nextLine;
using parse::startsWith;

// Queried per call rather than cached in a static: it costs nanoseconds and
// keeps the collectors free of shared state.
double clockTicksPerSecond() {
  errno = 0;  // sysconf() leaves errno alone when it merely has no answer
  long ticks = ::sysconf(_SC_CLK_TCK);
  if (ticks <= 0) throw OsError("sysconf", errno != 0 ? errno : EINVAL);
  return static_cast<double>(ticks);
}

// "cpuN" entries of a sysfs directory: the N when `name` is `prefix` + digits.
bool numberedEntry(std::string_view name, std::string_view prefix, unsigned& n) {
  if (!startsWith(name, prefix)) return false;
  std::string_view digits = name.substr(prefix.size());
  std::uint64_t value;
  if (digits.empty() || !parse::isDigit(digits.front()) || !consumeU64(digits, value) || !digits.empty() ||
      value > std::numeric_limits<unsigned>::max()) {
    return false;
  }
  n = static_cast<unsigned>(value);
  return true;
}

// Numbered entries (cpu0, policy3, ...) of `dir`, ascending by number.
// An unreadable directory yields none: callers then fall back to cpuinfo.
std::vector<unsigned> numberedEntries(const std::string& dir, std::string_view prefix) {
  std::vector<unsigned> out;
  Dir d(dir);
  std::string_view name;
  unsigned n;
  while (d.next(name)) {
    if (numberedEntry(name, prefix, n)) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "key<blanks>: value" lines of /proc/cpuinfo. False for lines without ':'.
bool splitCpuinfoLine(std::string_view line, std::string_view& key,
                      std::string_view& value) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  key = parse::trim(line.substr(0, colon));
  value = parse::trim(line.substr(colon + 1));
  return true;
}

// A sysfs frequency file in kHz, as MHz; NaN when missing or malformed (the
// other fields of the same CPU are still worth reporting).
double readKhzAsMhz(const std::string& path, FileBuffer& buf) {
  if (readFileInto(path, buf) != 0) return std::numeric_limits<double>::quiet_NaN();
  std::uint64_t khz;
  if (!parse::parseU64(buf.view(), khz)) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(khz) / 1000.0;
}

}  // namespace

std::vector<CpuTimesRow> cpuTimes(const std::string& procRoot) {
  const std::string path = procRoot + "/stat";
  const double ticks = clockTicksPerSecond();
  FileBuffer buf;
  std::string_view text = readFile(path, buf);

  std::vector<CpuTimesRow> rows;
  std::string_view line;
  while (nextLine(text, line)) {
    if (!startsWith(line, "cpu")) {
      // The kernel prints all cpu lines first; the rest (notably the long
      // intr line) is of no interest here.
      if (!rows.empty()) break;
      continue;
    }
    std::string_view rest = line.substr(3);
    const bool aggregate = !rest.empty() && parse::isBlank(rest.front());
    if (aggregate != rows.empty()) throwParseError(path);  // row 0 must be "cpu"
    if (!aggregate) {
      std::uint64_t index;
      if (!consumeU64(rest, index)) throwParseError(path);
    }

    CpuTimesRow row{};  // fields an old kernel does not print stay 0
    std::size_t fields = 0;
    std::uint64_t value;
    while (fields < kCpuTimeFields && consumeU64(rest, value)) {
      row[fields++] = static_cast<double>(value) / ticks;
    }
    // user, nice, system, idle exist on every kernel; fewer means garbage.
    if (fields < 4) throwParseError(path);
    rows.push_back(row);
  }
  if (rows.empty()) throwParseError(path);
  return rows;
}

CpuStats cpuStats(const std::string& procRoot) {
  const std::string path = procRoot + "/stat";
  FileBuffer buf;
  std::string_view text = readFile(path, buf);

  // Only the first number of intr and softirq (their totals) is wanted.
  std::uint64_t ctxt = 0, intr = 0, softirq = 0;
  bool haveCtxt = false, haveIntr = false, haveSoftirq = false;
  std::string_view line;
  while (nextLine(text, line) && !(haveCtxt && haveIntr && haveSoftirq)) {
    if (startsWith(line, "ctxt ")) {
      line.remove_prefix(5);
      haveCtxt = consumeU64(line, ctxt);
      if (!haveCtxt) throwParseError(path);
    } else if (startsWith(line, "intr ")) {
      line.remove_prefix(5);
      haveIntr = consumeU64(line, intr);
      if (!haveIntr) throwParseError(path);
    } else if (startsWith(line, "softirq ")) {
      line.remove_prefix(8);
      haveSoftirq = consumeU64(line, softirq);
      if (!haveSoftirq) throwParseError(path);
    }
  }
  if (!(haveCtxt && haveIntr && haveSoftirq)) throwParseError(path);
  return {static_cast<double>(ctxt), static_cast<double>(intr),
          static_cast<double>(softirq)};
}

std::optional<unsigned> cpuinfoProcessorCount(const std::string& procRoot) {
  FileBuffer buf;
  if (readFileInto(procRoot + "/cpuinfo", buf) != 0) return std::nullopt;
  std::string_view text = buf.view(), line, key, value;
  unsigned count = 0;
  while (nextLine(text, line)) {
    if (splitCpuinfoLine(line, key, value) && key == "processor") ++count;
  }
  if (count == 0) return std::nullopt;
  return count;
}

std::optional<unsigned> cpuCountLogical(const std::string& procRoot) {
  // sysconf() answers for the machine we run on; another procfs root (a
  // host's /proc, a fixture) is counted from its own cpuinfo.
  if (procRoot != kProcRoot) return cpuinfoProcessorCount(procRoot);
  long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (online > 0 && online <= std::numeric_limits<int>::max()) {
    return static_cast<unsigned>(online);
  }
  return cpuinfoProcessorCount(procRoot);
}

std::optional<unsigned> cpuCountPhysical(const std::string& procRoot,
                                         const std::string& sysRoot) {
  // Every CPU of one core lists the same siblings, so the number of distinct
  // lists is the number of cores. core_cpus_list is the current name,
  // thread_siblings_list the deprecated one; as psutil does, the second is
  // used only if the first exists for no CPU at all.
  const std::string cpuDir = sysRoot + "/devices/system/cpu";
  const std::vector<unsigned> cpus = numberedEntries(cpuDir, "cpu");
  FileBuffer buf;
  for (const char* file : {"core_cpus_list", "thread_siblings_list"}) {
    std::vector<std::string> lists;
    for (unsigned cpu : cpus) {
      std::string path = cpuDir + "/cpu" + std::to_string(cpu) + "/topology/" + file;
      if (readFileInto(path, buf) != 0) continue;  // offline CPUs have no topology
      lists.emplace_back(parse::trim(buf.view()));
    }
    if (lists.empty()) continue;
    std::sort(lists.begin(), lists.end());
    auto distinct = std::unique(lists.begin(), lists.end()) - lists.begin();
    return static_cast<unsigned>(distinct);
  }

  // Fallback: distinct (physical id, core id) pairs, one pair per cpuinfo
  // section (sections are separated by blank lines).
  if (readFileInto(procRoot + "/cpuinfo", buf) != 0) return std::nullopt;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> cores;
  std::optional<std::uint64_t> physicalId, coreId;
  auto endSection = [&] {
    if (physicalId && coreId) cores.emplace_back(*physicalId, *coreId);
    physicalId.reset();
    coreId.reset();
  };
  std::string_view text = buf.view(), line, key, value;
  while (nextLine(text, line)) {
    if (parse::trim(line).empty()) {
      endSection();
    } else if (splitCpuinfoLine(line, key, value)) {
      std::uint64_t n;
      if (key == "physical id" && parse::parseU64(value, n)) physicalId = n;
      if (key == "core id" && parse::parseU64(value, n)) coreId = n;
    }
  }
  endSection();  // the file need not end with a blank line
  if (cores.empty()) return std::nullopt;
  std::sort(cores.begin(), cores.end());
  auto distinct = std::unique(cores.begin(), cores.end()) - cores.begin();
  return static_cast<unsigned>(distinct);
}

std::optional<std::vector<CpuFreq>> cpuFreq(const std::string& procRoot,
                                            const std::string& sysRoot) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const std::string cpuDir = sysRoot + "/devices/system/cpu";
  FileBuffer buf;

  // Newer kernels group CPUs in cpufreq/policyN; older ones have cpuN/cpufreq.
  std::vector<std::string> freqDirs;
  std::vector<unsigned> numbers = numberedEntries(cpuDir + "/cpufreq", "policy");
  for (unsigned n : numbers) {
    freqDirs.push_back(cpuDir + "/cpufreq/policy" + std::to_string(n));
  }
  if (freqDirs.empty()) {
    for (unsigned n : numberedEntries(cpuDir, "cpu")) {
      std::string dir = cpuDir + "/cpu" + std::to_string(n) + "/cpufreq";
      FileInfo st;
      if (fileInfo(dir, st) == 0 && st.isDirectory()) {
        freqDirs.push_back(std::move(dir));
        numbers.push_back(n);
      }
    }
  }

  if (!freqDirs.empty()) {
    std::vector<CpuFreq> out;
    out.reserve(freqDirs.size());
    for (std::size_t i = 0; i < freqDirs.size(); ++i) {
      const std::string& dir = freqDirs[i];
      double current = readKhzAsMhz(dir + "/scaling_cur_freq", buf);
      // Some old kernels only expose the hardware-reported value.
      if (std::isnan(current)) current = readKhzAsMhz(dir + "/cpuinfo_cur_freq", buf);
      if (std::isnan(current)) {
        // An offline CPU keeps its policy directory but reports nothing;
        // psutil reports zeros for it.
        std::string online = cpuDir + "/cpu" + std::to_string(numbers[i]) + "/online";
        if (readFileInto(online, buf) == 0 && parse::trim(buf.view()) == "0") {
          out.push_back({0.0, 0.0, 0.0});
          continue;
        }
      }
      out.push_back({current, readKhzAsMhz(dir + "/scaling_min_freq", buf),
                     readKhzAsMhz(dir + "/scaling_max_freq", buf)});
    }
    return out;
  }

  // No cpufreq driver (VMs, containers): the "cpu MHz" lines of cpuinfo.
  const std::string path = procRoot + "/cpuinfo";
  if (readFileInto(path, buf) != 0) return std::nullopt;
  std::vector<CpuFreq> out;
  std::string_view text = buf.view(), line, key, value;
  while (nextLine(text, line)) {
    if (!parse::startsWithIgnoreCase(line, "cpu mhz")) continue;
    double mhz;
    if (!splitCpuinfoLine(line, key, value) || !parse::consumeDecimal(value, mhz) ||
        !value.empty()) {
      throwParseError(path);
    }
    out.push_back({mhz, kNaN, kNaN});
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace psnode
