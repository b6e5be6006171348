// Standalone driver for the collectors, built without Node (see README.md).
// 1. Checks parsing against a fake procfs/sysfs tree with good, truncated and
//    garbage files, synthetic utmp files and the low-level helpers.
// 2. Calls every real collector many times (for ASan/UBSan and valgrind) and
//    prints a summary with per-call timings.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <utmp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "collectors.h"
#include "common/error.h"
#include "common/io.h"
#include "common/parse.h"
#include "common/strings.h"

namespace fs = std::filesystem;
using namespace psnode;

namespace {

int g_checks = 0;
int g_failures = 0;

#define CHECK(cond)                                                          \
  do {                                                                       \
    ++g_checks;                                                              \
    if (!(cond)) {                                                           \
      ++g_failures;                                                          \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

// Runs `fn`, which must throw OsError{syscall, err}.
void expectOsError(const char* what, const std::function<void()>& fn,
                   const std::string& syscall, int err) {
  ++g_checks;
  try {
    fn();
  } catch (const OsError& e) {
    if (e.syscall() == syscall && e.err() == err) return;
    ++g_failures;
    std::fprintf(stderr, "%s: expected %s/%s, got \"%s\"\n", what, syscall.c_str(),
                 errnoName(err).c_str(), e.what());
    return;
  }
  ++g_failures;
  std::fprintf(stderr, "%s: expected an OsError, none thrown\n", what);
}
#define EXPECT_OS_ERROR(expr, syscall, err) \
  expectOsError(#expr, [&] { (void)(expr); }, syscall, err)
#define EXPECT_PARSE_ERROR(expr) EXPECT_OS_ERROR(expr, "parse", EINVAL)

bool near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::fmax(1.0, std::fabs(b)); }

void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// --- helpers ------------------------------------------------------------

void testParse() {
  std::string_view s = "  123 456x";
  std::uint64_t v = 0;
  CHECK(parse::consumeU64(s, v) && v == 123);
  CHECK(parse::consumeU64(s, v) && v == 456 && s == "x");
  CHECK(!parse::consumeU64(s, v) && s == "x");
  std::string_view overflow = "18446744073709551616";
  CHECK(!parse::consumeU64(overflow, v));
  std::string_view max = "18446744073709551615";
  CHECK(parse::consumeU64(max, v) && v == UINT64_MAX);
  CHECK(parse::parseU64(" 42\n", v) && v == 42);
  CHECK(!parse::parseU64("42 43", v));
  CHECK(!parse::parseU64("", v));
  CHECK(!parse::parseU64("-1", v));

  // consumeDecimal must agree exactly with strtod (C locale) on /proc-like input.
  const char* decimals[] = {"0.58", "2096.032", "0.1", "1", "1.", "123456789.123456",
                            "0.000001", "99999.99", ".5", "3.14159265358979"};
  for (const char* text : decimals) {
    std::string_view in = text;
    double d = -1;
    CHECK(parse::consumeDecimal(in, d) && d == std::strtod(text, nullptr));
  }
  std::uint32_t seed = 12345;
  for (int i = 0; i < 20000; ++i) {
    seed = seed * 1664525u + 1013904223u;
    char text[32];
    std::snprintf(text, sizeof text, "%u.%0*u", seed % 100000, 1 + static_cast<int>(seed % 6),
                  (seed / 7) % 1000000);
    std::string_view in = text;
    double d = -1;
    bool ok = parse::consumeDecimal(in, d) && in.empty();
    if (!ok || d != std::strtod(text, nullptr)) {
      CHECK(false);
      std::fprintf(stderr, "  consumeDecimal(%s) = %.17g\n", text, d);
      break;
    }
  }
  std::string_view bad = ".x";
  double d;
  CHECK(!parse::consumeDecimal(bad, d) && bad == ".x");
  std::string_view huge = "123456789012345678901234567890.5";
  CHECK(parse::consumeDecimal(huge, d) && std::fabs(d / 1.234567890123456789e29 - 1) < 1e-15);

  std::string_view text = "a\n\nb", line;
  CHECK(parse::nextLine(text, line) && line == "a");
  CHECK(parse::nextLine(text, line) && line.empty());
  CHECK(parse::nextLine(text, line) && line == "b");
  CHECK(!parse::nextLine(text, line));
}

void testStrings() {
  using namespace std::string_literals;
  CHECK(toValidUtf8("abc") == "abc");
  CHECK(toValidUtf8("a\0b"s) == "a\0b"s);  // NULs kept
  CHECK(toValidUtf8("\xC0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(toValidUtf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(toValidUtf8("\xF4\x90\x80\x80") ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(toValidUtf8("\xE2\x82") == "\xEF\xBF\xBD");       // one maximal subpart
  CHECK(toValidUtf8("\xE2\x82" "A") == "\xEF\xBF\xBD" "A");
  CHECK(toValidUtf8("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");
  CHECK(validUtf8Prefix("abcdefghij\xFF") == 10);
  CHECK(validUtf8Prefix("") == 0);
}

void testErrors() {
  CHECK(errnoName(ENOENT) == "ENOENT");
  CHECK(errnoName(EPERM) == "EPERM");
  CHECK(errnoName(9999) == "E9999");
  OsError e("open", ENOENT, "/proc/x/stat");
  CHECK(std::string(e.what()) == "open '/proc/x/stat' failed: ENOENT");
  CHECK(std::string(OsError("sysconf", EINVAL).what()) == "sysconf failed: EINVAL");
}

void testReadFile(const fs::path& root) {
  // Larger than the inline buffer, so the heap growth path runs.
  std::string big(100000, 'x');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
  writeFile(root / "big", big);
  FileBuffer buf;
  CHECK(readFile((root / "big").string(), buf) == big);
  CHECK(readFile((root / "big").string(), buf, big.size()) == big);  // exactly at the cap
  EXPECT_OS_ERROR(readFile((root / "big").string(), buf, big.size() - 1), "read", EFBIG);
  EXPECT_OS_ERROR(readFile((root / "big").string(), buf, 100), "read", EFBIG);
  writeFile(root / "empty", "");
  CHECK(readFile((root / "empty").string(), buf).empty());
  EXPECT_OS_ERROR(readFile((root / "missing").string(), buf), "open", ENOENT);
  EXPECT_OS_ERROR(readFile(root.string(), buf), "read", EISDIR);
}

// --- fake procfs / sysfs --------------------------------------------------

const char kStat[] =
    "cpu  100 2 300 4000 50 6 7 8 9 10\n"
    "cpu0 50 1 150 2000 25 3 3 4 4 5\n"
    "cpu1 50 1 150 2000 25 3 4 4 5 5\n"
    "intr 123456 0 0 1 2 3\n"
    "ctxt 987654\n"
    "btime 1700000000\n"
    "processes 4242\n"
    "procs_running 1\n"
    "softirq 5555 1 2 3\n";

void testStat(const fs::path& root) {
  const std::string proc = (root / "proc").string();
  const double tck = static_cast<double>(::sysconf(_SC_CLK_TCK));
  writeFile(root / "proc/stat", kStat);

  auto rows = cpuTimes(proc);
  CHECK(rows.size() == 3);
  CHECK(near(rows[0][0], 100 / tck) && near(rows[0][3], 4000 / tck) && near(rows[0][9], 10 / tck));
  CHECK(near(rows[2][6], 4 / tck));
  CpuStats st = cpuStats(proc);
  CHECK(st.ctxSwitches == 987654 && st.interrupts == 123456 && st.softInterrupts == 5555);
  CHECK(bootTime(proc) == 1700000000);

  // A 2.4-era kernel prints four columns: the rest are 0.
  writeFile(root / "proc/stat", "cpu 1 2 3 4\ncpu0 1 2 3 4\nbtime 5\n");
  rows = cpuTimes(proc);
  CHECK(rows.size() == 2 && near(rows[1][3], 4 / tck) && rows[1][4] == 0 && rows[1][9] == 0);
  CHECK(bootTime(proc) == 5);
  EXPECT_PARSE_ERROR(cpuStats(proc));  // no ctxt/intr/softirq

  // Garbage, truncation, wrong order.
  for (const char* bad : {"", "\n", "cpu  abc\n", "cpu  1 2\n", "cpu0 1 2 3 4\n",
                          "cpu 1 2 3 4\ncpu 1 2 3 4\n", "cpu 1 2 3 4\ncpux 1 2 3 4\n",
                          "intr 1\nctxt 2\n"}) {
    writeFile(root / "proc/stat", bad);
    EXPECT_PARSE_ERROR(cpuTimes(proc));
    EXPECT_PARSE_ERROR(bootTime(proc));
  }
  writeFile(root / "proc/stat", "cpu 1 2 3 4\nbtime x\nctxt 1\nintr q\nsoftirq 3\n");
  EXPECT_PARSE_ERROR(bootTime(proc));
  EXPECT_PARSE_ERROR(cpuStats(proc));
  // A file cut mid-number parses what is there (we always read to EOF, so
  // only a corrupt fake file can look like this); cut earlier, it is garbage.
  writeFile(root / "proc/stat", std::string(kStat, 50));
  rows = cpuTimes(proc);
  CHECK(rows.size() == 2 && rows[1][0] == 50 / tck && rows[1][3] == 20 / tck);
  writeFile(root / "proc/stat", std::string(kStat, 40));
  EXPECT_PARSE_ERROR(cpuTimes(proc));

  fs::remove(root / "proc/stat");
  EXPECT_OS_ERROR(cpuTimes(proc), "open", ENOENT);
  EXPECT_OS_ERROR(cpuStats(proc), "open", ENOENT);
  EXPECT_OS_ERROR(bootTime(proc), "open", ENOENT);
}

void testMem(const fs::path& root) {
  const std::string proc = (root / "proc").string();
  writeFile(root / "proc/meminfo",
            "MemTotal:        1000 kB\n"
            "MemFree:          100 kB\n"
            "MemAvailable:     600 kB\n"
            "Buffers:           10 kB\n"
            "Cached:           200 kB\n"
            "SwapCached:         1 kB\n"
            "Active:           300 kB\n"
            "Inactive:         150 kB\n"
            "Active(anon):      99 kB\n"
            "SwapTotal:        500 kB\n"
            "SwapFree:         400 kB\n"
            "Shmem:              5 kB\n"
            "Slab:              40 kB\n"
            "SReclaimable:      30 kB\n"
            "HugePages_Total:    7\n");
  VirtualMemory vm = virtualMemory(proc);
  CHECK(vm.total == 1000 * 1024.0 && vm.free == 100 * 1024.0 && vm.available == 600 * 1024.0);
  CHECK(vm.buffers == 10 * 1024.0 && vm.cached == 230 * 1024.0 && vm.shared == 5 * 1024.0);
  CHECK(vm.active == 300 * 1024.0 && vm.inactive == 150 * 1024.0 && vm.slab == 40 * 1024.0);

  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  writeFile(root / "proc/vmstat", "nr_free_pages 1\npswpin 11\npswpout 22\npswpx 3\n");
  SwapMemory sw = swapMemory(proc);
  CHECK(sw.total == 500 * 1024.0 && sw.free == 400 * 1024.0);
  CHECK(sw.sin == 11 * page && sw.sout == 22 * page);
  writeFile(root / "proc/vmstat", "pswpin x\n");
  EXPECT_PARSE_ERROR(swapMemory(proc));
  writeFile(root / "proc/vmstat", "nr_free_pages 1\npswpin 11\n");
  EXPECT_PARSE_ERROR(swapMemory(proc));  // no pswpout: an error, never a silent 0
  fs::remove(root / "proc/vmstat");
  EXPECT_OS_ERROR(swapMemory(proc), "open", ENOENT);

  // Old kernel: no MemAvailable, MemShared instead of Shmem, no SReclaimable.
  const std::string oldKernel =
      "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 200 kB\n"
      "Active: 300 kB\nInactive: 150 kB\nSlab: 40 kB\n";
  writeFile(root / "proc/meminfo", oldKernel + "MemShared: 3 kB\n");
  vm = virtualMemory(proc);
  CHECK(vm.available == 310 * 1024.0 && vm.cached == 200 * 1024.0 && vm.shared == 3 * 1024.0);
  CHECK(vm.active == 300 * 1024.0 && vm.slab == 40 * 1024.0);
  EXPECT_PARSE_ERROR(swapMemory(proc));  // no SwapTotal
  writeFile(root / "proc/meminfo", oldKernel);
  EXPECT_PARSE_ERROR(virtualMemory(proc));  // neither Shmem nor MemShared: not a silent 0

  // Container oddity: available > total falls back to free.
  writeFile(root / "proc/meminfo", oldKernel + "Shmem: 1 kB\nMemAvailable: 5000 kB\n");
  CHECK(virtualMemory(proc).available == 100 * 1024.0);

  for (const char* bad : {"", "garbage\n", "MemFree: 100 kB\n", "MemTotal: abc kB\nMemFree: 1 kB\n",
                          "MemTotal: 99999999999999999999 kB\nMemFree: 1 kB\n",
                          "MemTotal: 18446744073709551 kB\nMemFree: 1 kB\n"}) {
    writeFile(root / "proc/meminfo", bad);
    EXPECT_PARSE_ERROR(virtualMemory(proc));
  }
  fs::remove(root / "proc/meminfo");
  EXPECT_OS_ERROR(virtualMemory(proc), "open", ENOENT);
}

void testLoadAvg(const fs::path& root) {
  const std::string proc = (root / "proc").string();
  writeFile(root / "proc/loadavg", "0.58 1.25 12.00 3/456 7890\n");
  auto load = loadAvg(proc);
  CHECK(load[0] == 0.58 && load[1] == 1.25 && load[2] == 12.0);
  for (const char* bad : {"", "0.5 0.6", "0.5x 1 2 3/4 5\n", "a b c d e\n", "0.5 0.6 0.7"}) {
    writeFile(root / "proc/loadavg", bad);
    EXPECT_PARSE_ERROR(loadAvg(proc));
  }
}

void testCpuinfoAndSysfs(const fs::path& root) {
  const std::string proc = (root / "proc").string();
  const std::string sys = (root / "sys").string();
  fs::create_directories(root / "sys");

  // 2 sockets x 2 cores x 2 threads, as cpuinfo sees it.
  std::string cpuinfo;
  for (int cpu = 0; cpu < 8; ++cpu) {
    cpuinfo += "processor\t: " + std::to_string(cpu) + "\n";
    cpuinfo += "cpu MHz\t\t: " + std::to_string(1000 + cpu) + ".500\n";
    cpuinfo += "physical id\t: " + std::to_string(cpu / 4) + "\n";
    cpuinfo += "core id\t\t: " + std::to_string(cpu % 2) + "\n";
    if (cpu != 7) cpuinfo += "\n";  // the last section ends without a blank line
  }
  writeFile(root / "proc/cpuinfo", cpuinfo);
  CHECK(cpuinfoProcessorCount(proc) == 8u);
  CHECK(cpuCountLogical(proc) == 8u);  // another root: its cpuinfo, not sysconf
  CHECK(cpuCountLogical().has_value());  // the real root: sysconf
  CHECK(cpuCountPhysical(proc, sys) == 4u);  // no sysfs topology: cpuinfo pairs
  auto freq = cpuFreq(proc, sys);
  CHECK(freq && freq->size() == 8 && (*freq)[3].current == 1003.5 && std::isnan((*freq)[3].min));

  // sysfs topology wins over cpuinfo; deprecated name only when the new one
  // exists nowhere.
  const fs::path cpuDir = root / "sys/devices/system/cpu";
  for (int cpu = 0; cpu < 4; ++cpu) {
    writeFile(cpuDir / ("cpu" + std::to_string(cpu)) / "topology/thread_siblings_list",
              cpu < 2 ? "0-1\n" : "2-3\n");
  }
  writeFile(cpuDir / "cpufreq/ondemand", "");     // not a policy
  writeFile(cpuDir / "cpuidle/state", "");        // not a cpu
  CHECK(cpuCountPhysical(proc, sys) == 2u);
  for (int cpu = 0; cpu < 4; ++cpu) {
    writeFile(cpuDir / ("cpu" + std::to_string(cpu)) / "topology/core_cpus_list",
              std::to_string(cpu) + "\n");
  }
  CHECK(cpuCountPhysical(proc, sys) == 4u);

  // cpufreq policies, listed out of order on disk, reported in numeric order.
  for (int p : {10, 2, 0}) {
    fs::path dir = cpuDir / "cpufreq" / ("policy" + std::to_string(p));
    writeFile(dir / "scaling_cur_freq", std::to_string(1000000 + p * 1000) + "\n");
    writeFile(dir / "scaling_min_freq", "800000\n");
    writeFile(dir / "scaling_max_freq", "3500000\n");
  }
  freq = cpuFreq(proc, sys);
  CHECK(freq && freq->size() == 3);
  if (freq && freq->size() == 3) {
    CHECK((*freq)[0].current == 1000 && (*freq)[1].current == 1002 && (*freq)[2].current == 1010);
    CHECK((*freq)[2].min == 800 && (*freq)[2].max == 3500);
  }
  // Only cpuinfo_cur_freq; garbage max; and an offline CPU.
  fs::remove(cpuDir / "cpufreq/policy2/scaling_cur_freq");
  writeFile(cpuDir / "cpufreq/policy2/cpuinfo_cur_freq", "1500000\n");
  writeFile(cpuDir / "cpufreq/policy2/scaling_max_freq", "fast\n");
  fs::remove(cpuDir / "cpufreq/policy10/scaling_cur_freq");
  writeFile(cpuDir / "cpu10/online", "0\n");
  freq = cpuFreq(proc, sys);
  CHECK(freq && freq->size() == 3);
  if (freq && freq->size() == 3) {
    CHECK((*freq)[1].current == 1500 && std::isnan((*freq)[1].max) && (*freq)[1].min == 800);
    CHECK((*freq)[2].current == 0 && (*freq)[2].min == 0 && (*freq)[2].max == 0);
  }
  // Old layout: cpuN/cpufreq.
  fs::remove_all(cpuDir / "cpufreq");
  writeFile(cpuDir / "cpu1/cpufreq/scaling_cur_freq", "2000000\n");
  freq = cpuFreq(proc, sys);
  CHECK(freq && freq->size() == 1 && (*freq)[0].current == 2000 && std::isnan((*freq)[0].max));
  fs::remove_all(cpuDir / "cpu1/cpufreq");

  writeFile(root / "proc/cpuinfo", "processor : 0\ncpu MHz : fast\n");
  EXPECT_PARSE_ERROR(cpuFreq(proc, sys));
  writeFile(root / "proc/cpuinfo", "garbage\n\n\n");
  CHECK(!cpuinfoProcessorCount(proc));
  CHECK(!cpuFreq(proc, sys));
  fs::remove_all(root / "sys/devices");
  CHECK(!cpuCountPhysical(proc, sys));
  fs::remove(root / "proc/cpuinfo");
  CHECK(!cpuinfoProcessorCount(proc) && !cpuFreq(proc, sys) && !cpuCountPhysical(proc, sys));
}

void testPids(const fs::path& root) {
  const fs::path proc = root / "pids";
  for (const char* name : {"20", "3", "1", "self", "12a", "99999999999", "sys"}) {
    fs::create_directories(proc / name);
  }
  writeFile(proc / "7", "a file, still a numeric entry\n");
  auto list = pids(proc.string());
  CHECK((list == std::vector<int>{1, 3, 7, 20}));
  EXPECT_OS_ERROR(pids((root / "nope").string()), "opendir", ENOENT);

  // pidExists: kill() goes to the real system, status to the fake root.
  const long long self = ::getpid();
  CHECK(pidExists(self));
  CHECK(!pidExists(0) && !pidExists(-1) && !pidExists(1LL << 40));
  writeFile(proc / std::to_string(self) / "status", "Name:\tx\nTgid:\t1\nPid:\t" +
                                                        std::to_string(self) + "\n");
  CHECK(!pidExists(self, proc.string()));  // looks like a thread of pid 1
  writeFile(proc / std::to_string(self) / "status", "Name:\tx\n");
  CHECK(pidExists(self, proc.string()));   // no Tgid: trust kill()
  CHECK(!pidExists(self, (root / "nope").string()));  // status gone (ENOENT): exited since kill()
  // Another root is another pid namespace: kill() is not asked, the entry answers.
  writeFile(proc / "4194303" / "status", "Name:\tx\nTgid:\t4194303\n");
  CHECK(pidExists(4194303, proc.string()));  // no such pid here, but in that root
  CHECK(!pidExists(20, proc.string()));      // listed, but no status file
}

// Builds a utmp record the way glibc's writer lays it out.
std::string utmpRecord(short type, pid_t pid, const std::string& line, const std::string& user,
                       const std::string& host, std::int32_t sec) {
  struct utmp u;
  std::memset(&u, 0, sizeof u);
  u.ut_type = type;
  u.ut_pid = pid;
  std::memcpy(u.ut_line, line.data(), std::min(line.size(), sizeof u.ut_line));
  std::memcpy(u.ut_user, user.data(), std::min(user.size(), sizeof u.ut_user));
  std::memcpy(u.ut_host, host.data(), std::min(host.size(), sizeof u.ut_host));
  u.ut_tv.tv_sec = sec;
  return std::string(reinterpret_cast<const char*>(&u), sizeof u);
}

void testUsers(const fs::path& root) {
  const std::string longUser(UT_NAMESIZE, 'u');  // fills the field: no NUL
  const std::string longLine(UT_LINESIZE, 'l');
  std::string file = utmpRecord(BOOT_TIME, 0, "~", "reboot", "6.1", 1) +
                     utmpRecord(USER_PROCESS, 1234, "pts/0", "alice", "10.0.0.1", 1700000000) +
                     utmpRecord(DEAD_PROCESS, 99, "pts/1", "", "", 2) +
                     utmpRecord(USER_PROCESS, 0, longLine, longUser, "", 1700000001);
  // Enough records to cross the reader's chunk boundary several times.
  for (int i = 0; i < 40; ++i) {
    file += utmpRecord(i % 2 ? USER_PROCESS : LOGIN_PROCESS, 100 + i, "tty" + std::to_string(i),
                       "u" + std::to_string(i), "", 1700000100 + i);
  }
  file += file.substr(0, 100);  // a writer caught mid-record
  writeFile(root / "utmp", file);

  auto sessions = users((root / "utmp").string());
  CHECK(sessions.size() == 22);
  if (sessions.size() == 22) {
    CHECK(sessions[0].name == "alice" && sessions[0].terminal == "pts/0" &&
          sessions[0].host == "10.0.0.1" && sessions[0].started == 1700000000 &&
          sessions[0].pid == 1234);
    CHECK(sessions[1].name == longUser && sessions[1].terminal == longLine &&
          sessions[1].host.empty() && sessions[1].pid == 0);
    CHECK(sessions[21].name == "u39" && sessions[21].pid == 139);
  }
  CHECK(users((root / "no-utmp").string()).empty());
  writeFile(root / "empty-utmp", "");
  CHECK(users((root / "empty-utmp").string()).empty());
  EXPECT_OS_ERROR(users(root.string()), "read", EISDIR);
}

// --- processes (fake /proc/<pid>) -------------------------------------------

// Fake pids above PID_MAX_LIMIT (2^22): the syscalls that cannot be faked
// (ioprio_get, sched_getaffinity) then reliably fail with ESRCH.
constexpr int kFakePid = 4200100;

// A /proc/<pid>/stat line. `fields` overrides by man proc's field number
// (1 = pid, 2 = comm, 3 = state, ...); 52 fields in all, as Linux 5.x+ prints.
std::string statLine(int pid, const std::string& comm, const std::map<int, std::string>& fields = {},
                     int count = 52) {
  std::map<int, std::string> f = {{3, "S"},  {4, "1"},  {7, "0"},   {10, "11"}, {12, "3"},
                                  {14, "250"}, {15, "120"}, {16, "7"}, {17, "9"}, {19, "-5"},
                                  {20, "4"}, {22, "4200"}, {38, "17"}, {39, "1"}, {42, "30"}};
  for (const auto& [k, v] : fields) f[k] = v;
  std::string line = std::to_string(pid) + " (" + comm + ")";
  for (int i = 3; i <= count; ++i) {
    auto it = f.find(i);
    line += " " + (it != f.end() ? it->second : std::string("0"));
  }
  return line + "\n";
}

const char kStatus[] =
    "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4200100\nPid:\t4200100\n"
    "Uid:\t0\t1\t2\t3\nGid:\t4000000\t5\t6\t7\nThreads:\t4\n"
    "voluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t34\n";

const char kSmaps[] =
    "00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon\n"
    "Size:                328 kB\n"
    "Rss:                 300 kB\n"
    "Pss:                 150 kB\n"
    "Shared_Clean:        200 kB\n"
    "Shared_Dirty:          0 kB\n"
    "Private_Clean:       100 kB\n"
    "Private_Dirty:         0 kB\n"
    "Private_Hugetlb:       2 kB\n"
    "Referenced:          300 kB\n"
    "Anonymous:             0 kB\n"
    "Swap:                  1 kB\n"
    "THPeligible:           0\n"
    "VmFlags: rd ex mr mw me dw sd\n"
    "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n"
    "Size:                  4 kB\n"
    "Rss:                   4 kB\n"
    "Pss:                   4 kB\n"
    "Private_Dirty:         4 kB\n"
    "Swap:                  8 kB\n"
    "VmFlags: rd wr mr mw me ac sd\n"
    "7f0000001000-7f0000002000 rw-s 00000000 00:05 42   /memfd:x (deleted)\n"
    "Rss:                   8 kB\n";

const char kRollup[] =
    "00400000-7fff00000000 ---p 00000000 00:00 0    [rollup]\n"
    "Rss:                 312 kB\n"
    "Pss:                 160 kB\n"
    "Pss_Anon:              4 kB\n"
    "Private_Clean:       100 kB\n"
    "Private_Dirty:         4 kB\n"
    "Private_Hugetlb:       0 kB\n"
    "Swap:                  9 kB\n"
    "SwapPss:               5 kB\n";

// A complete, well-formed process directory.
fs::path fakeProcess(const fs::path& proc, int pid, const std::string& comm,
                     const std::map<int, std::string>& statFields = {}) {
  const fs::path dir = proc / std::to_string(pid);
  fs::create_directories(dir);
  writeFile(dir / "stat", statLine(pid, comm, statFields));
  writeFile(dir / "status", kStatus);
  writeFile(dir / "statm", "1000 200 50 10 0 300 0\n");
  writeFile(dir / "io",
            "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\nwrite_bytes: 6\n"
            "cancelled_write_bytes: 7\n");
  writeFile(dir / "cmdline", "/usr/bin/" + comm + std::string("\0--flag\0", 8));
  writeFile(dir / "smaps", kSmaps);
  writeFile(dir / "smaps_rollup", kRollup);
  for (int tid : {pid + 2, pid}) {
    writeFile(dir / "task" / std::to_string(tid) / "stat",
              statLine(tid, comm, {{14, std::to_string(tid - pid + 10)}, {15, "20"}}));
  }
  fs::create_directories(dir / "fd");
  fs::create_directories(dir / "fdinfo");
  return dir;
}

const ProcessInfo* findPid(const std::vector<ProcessInfo>& list, int pid) {
  for (const ProcessInfo& p : list) {
    if (p.pid == pid) return &p;
  }
  return nullptr;
}

const ProcAttrError* errorOf(const ProcessInfo& p, ProcAttr a) {
  for (const ProcAttrError& e : p.errors) {
    if (e.attr == a) return &e;
  }
  return nullptr;
}

bool failedWith(const ProcessInfo& p, ProcAttr a, const std::string& syscall, int err) {
  const ProcAttrError* e = errorOf(p, a);
  return e != nullptr && !p.has(a) && e->syscall == syscall && e->err == err;
}

void testProcessValues(const fs::path& root) {
  using namespace std::string_literals;
  const fs::path proc = root / "fp";
  ProcessReadOptions o;
  o.procRoot = proc.string();
  o.devRoot = (root / "fdev").string();
  o.bootTime = 1000;
  const double tck = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));

  // A name with spaces and ')' (the stat parse must use the LAST ')'),
  // invalid UTF-8 in cwd, environ and cmdline.
  const std::string odd = "a b) (c";
  const fs::path dir = fakeProcess(proc, kFakePid, odd);
  writeFile(dir / "cmdline", "/opt/a b) (c\0arg \xff\0"s);
  writeFile(dir / "environ", "A=1\0B=x=y\0NOEQ\0=bad\0A=2\0BAD=\xff\0\0C=3\0"s);
  fs::create_symlink("/tmp/d\xff" "ir", dir / "cwd");
  fs::create_symlink("/nonexistent/bin/prog (deleted)", dir / "exe");
  // fds: two regular files (one O_RDWR|O_APPEND), a pipe, a char device, a
  // regular file whose fdinfo vanished.
  writeFile(root / "regular", "x");
  fs::create_symlink(root / "regular", dir / "fd/0");
  writeFile(dir / "fdinfo/0", "pos:\t7\nflags:\t0100000\nmnt_id:\t1\n");
  fs::create_symlink(root / "regular", dir / "fd/3");
  writeFile(dir / "fdinfo/3", "pos:\t0\nflags:\t02002\n");
  fs::create_symlink("pipe:[1234]", dir / "fd/1");
  fs::create_symlink("/dev/null", dir / "fd/2");
  fs::create_symlink(root / "regular", dir / "fd/9");

  ProcessInfo p = processRead(kFakePid, kAllProcAttrs, o);
  CHECK(p.pid == kFakePid && !p.zombie && p.exists);
  CHECK(near(p.createTime, 1000 + 4200 / tck));
  CHECK(p.has(ProcAttr::kPpid) && p.ppid == 1);
  CHECK(p.has(ProcAttr::kName) && p.name == odd);
  CHECK(p.has(ProcAttr::kStatus) && std::string(p.status) == "sleeping");
  CHECK(p.has(ProcAttr::kCreateTime));
  CHECK(p.has(ProcAttr::kNice) && p.nice == -5 && p.numThreads == 4);
  CHECK(near(p.cpuTimes.user, 250 / tck) && near(p.cpuTimes.system, 120 / tck) &&
        near(p.cpuTimes.childrenUser, 7 / tck) && near(p.cpuTimes.childrenSystem, 9 / tck) &&
        near(p.cpuTimes.iowait, 30 / tck));
  CHECK(p.has(ProcAttr::kCpuNum) && p.cpuNum == 1);
  CHECK(p.minorFaults == 11 && p.majorFaults == 3);
  CHECK(p.has(ProcAttr::kTerminal) && !p.terminal);  // tty_nr 0
  CHECK((p.cmdline == std::vector<std::string>{"/opt/a b) (c", "arg \xff"}));
  CHECK(toValidUtf8(p.cmdline[1]) == "arg \xEF\xBF\xBD");
  CHECK(p.environ.size() == 4 && p.environ[0] == std::make_pair("A"s, "1"s) &&
        p.environ[1] == std::make_pair("B"s, "x=y"s) && p.environ[2] == std::make_pair("A"s, "2"s) &&
        p.environ[3].second == "\xff");
  CHECK(p.has(ProcAttr::kCwd) && p.cwd == "/tmp/d\xff" "ir");
  CHECK(p.has(ProcAttr::kExe) && p.exe == "/nonexistent/bin/prog");  // " (deleted)" dropped
  CHECK(p.has(ProcAttr::kUids) && p.uids.real == 0 && p.uids.effective == 1 && p.uids.saved == 2);
  CHECK(p.gids.real == 4000000 && p.gids.saved == 6);
  CHECK(p.has(ProcAttr::kUsername) && p.username == "root");
  CHECK(p.ctxVoluntary == 12 && p.ctxInvoluntary == 34);
  CHECK(p.io.readChars == 1 && p.io.writeChars == 2 && p.io.readCount == 3 && p.io.writeCount == 4 &&
        p.io.readBytes == 5 && p.io.writeBytes == 6);
  CHECK(p.has(ProcAttr::kNumFds) && p.numFds == 5);
  CHECK(p.has(ProcAttr::kOpenFiles) && p.openFiles.size() == 2);
  for (const ProcOpenFile& f : p.openFiles) {
    CHECK(f.path == (root / "regular").string());
    if (f.fd == 0) CHECK(f.position == 7 && f.flags == 0100000 && std::string(f.mode) == "r");
    if (f.fd == 3) CHECK(f.position == 0 && f.flags == 02002 && std::string(f.mode) == "a+");
  }
  CHECK(p.has(ProcAttr::kThreads) && p.threads.size() == 2);
  if (p.threads.size() == 2) {
    CHECK(p.threads[0].id == kFakePid && p.threads[1].id == kFakePid + 2);  // sorted
    CHECK(near(p.threads[0].userTime, 10 / tck) && near(p.threads[1].userTime, 12 / tck) &&
          near(p.threads[1].systemTime, 20 / tck));
  }
  CHECK(p.statm.vms == 1000 * page && p.statm.rss == 200 * page && p.statm.shared == 50 * page &&
        p.statm.text == 10 * page && p.statm.data == 300 * page && p.statm.lib == 0);
  CHECK(p.has(ProcAttr::kMemoryInfo) && p.has(ProcAttr::kMemoryInfoEx));
  CHECK(p.has(ProcAttr::kMemoryFullInfo) && p.footprint.uss == 104 * 1024.0 &&
        p.footprint.pss == 160 * 1024.0 && p.footprint.swap == 9 * 1024.0);  // from the rollup
  CHECK(p.has(ProcAttr::kMemoryMaps) && p.memoryMaps.size() == 3);
  if (p.memoryMaps.size() == 3) {
    const ProcMemoryMap& m = p.memoryMaps[0];
    CHECK(m.addr == "00400000-00452000" && m.perms == "r-xp" && m.path == "/usr/bin/dbus-daemon");
    CHECK(m.size == 328 * 1024.0 && m.rss == 300 * 1024.0 && m.pss == 150 * 1024.0 &&
          m.sharedClean == 200 * 1024.0 && m.privateClean == 100 * 1024.0 &&
          m.referenced == 300 * 1024.0 && m.swap == 1024.0 && m.anonymous == 0);
    CHECK(p.memoryMaps[1].path == "[anon]" && p.memoryMaps[1].privateDirty == 4096);
    CHECK(p.memoryMaps[2].path == "/memfd:x" && p.memoryMaps[2].rss == 8192 &&
          p.memoryMaps[2].size == 0);
  }
  // The two syscalls go to the real system, where the fake pid does not exist.
  CHECK(failedWith(p, ProcAttr::kIonice, "ioprio_get", ESRCH));
  CHECK(failedWith(p, ProcAttr::kCpuAffinity, "sched_getaffinity", ESRCH));
  CHECK(p.errors.size() == 2 && p.errors[0].attr == ProcAttr::kIonice);  // attr order
  if (const ProcAttrError* e = errorOf(p, ProcAttr::kIonice)) CHECK(e->path.empty());  // a syscall

  // Without smaps_rollup (before Linux 4.14): smaps totals, psutil's way.
  fs::remove(dir / "smaps_rollup");
  for (ProcMask mask : {procBit(ProcAttr::kMemoryFullInfo),
                        procBit(ProcAttr::kMemoryFullInfo) | procBit(ProcAttr::kMemoryMaps)}) {
    p = processRead(kFakePid, mask, o);
    CHECK(p.has(ProcAttr::kMemoryFullInfo) && p.footprint.uss == 106 * 1024.0 &&
          p.footprint.pss == 154 * 1024.0 && p.footprint.swap == 9 * 1024.0);
  }

  // The mask decides what is read: with status, cmdline and statm gone,
  // stat-only attributes still read without a single error.
  for (const char* file : {"status", "cmdline", "statm", "smaps", "io", "environ"}) fs::remove(dir / file);
  p = processRead(kFakePid, procBit(ProcAttr::kPpid) | procBit(ProcAttr::kCpuTimes) |
                                procBit(ProcAttr::kName), o);
  CHECK(p.errors.empty() && p.exists && p.has(ProcAttr::kPpid) && p.has(ProcAttr::kName) &&
        !p.has(ProcAttr::kUids) && !p.has(ProcAttr::kMemoryInfo));
  // Every attribute from a missing file fails with that file's error.
  p = processRead(kFakePid, kAllProcAttrs, o);
  for (ProcAttr a : {ProcAttr::kUsername, ProcAttr::kUids, ProcAttr::kGids, ProcAttr::kNumCtxSwitches,
                     ProcAttr::kMemoryInfo, ProcAttr::kMemoryInfoEx, ProcAttr::kMemoryFullInfo,
                     ProcAttr::kCmdline, ProcAttr::kEnviron, ProcAttr::kIoCounters,
                     ProcAttr::kMemoryMaps}) {
    CHECK(failedWith(p, a, "open", ENOENT));
  }
  CHECK(p.exists && p.has(ProcAttr::kName) && p.name == odd);  // name survives a missing cmdline
  if (const ProcAttrError* e = errorOf(p, ProcAttr::kUids)) {
    CHECK(e->path == o.procRoot + "/" + std::to_string(kFakePid) + "/status");
  }

  // Garbage in one file fails only the attributes parsed from it.
  writeFile(dir / "status", "Uid:\t4000001\t2\t3\t4\nGid:\tx\n");  // a uid without a name
  writeFile(dir / "statm", "12 abc\n");
  writeFile(dir / "io", "rchar: 1\nwchar: 2\n");
  p = processRead(kFakePid, kAllProcAttrs, o);
  CHECK(p.has(ProcAttr::kUids) && p.has(ProcAttr::kUsername) && p.username == "4000001");
  CHECK(failedWith(p, ProcAttr::kGids, "parse", EINVAL));
  CHECK(failedWith(p, ProcAttr::kNumCtxSwitches, "parse", EINVAL));  // pre-2.6.23 kernel
  CHECK(failedWith(p, ProcAttr::kMemoryInfo, "parse", EINVAL));
  CHECK(failedWith(p, ProcAttr::kMemoryFullInfo, "parse", EINVAL));
  CHECK(failedWith(p, ProcAttr::kIoCounters, "parse", EINVAL));
  writeFile(dir / "smaps", "Rss: 4 kB\n");  // data before any header
  CHECK(failedWith(processRead(kFakePid, procBit(ProcAttr::kMemoryMaps), o), ProcAttr::kMemoryMaps,
                   "parse", EINVAL));
  writeFile(dir / "smaps", "");  // kernel threads, zombies
  p = processRead(kFakePid, procBit(ProcAttr::kMemoryMaps), o);
  CHECK(p.has(ProcAttr::kMemoryMaps) && p.memoryMaps.empty());
}

void testProcessNames(const fs::path& root) {
  using namespace std::string_literals;
  const fs::path proc = root / "fn";
  ProcessReadOptions o;
  o.procRoot = proc.string();
  o.bootTime = 0;
  const ProcMask nameAndCmdline = procBit(ProcAttr::kName) | procBit(ProcAttr::kCmdline);
  struct Case {
    std::string comm, cmdline, name;
    std::vector<std::string> args;
  };
  const Case cases[] = {
      // comm is truncated at 15 bytes: the basename of argv[0] extends it.
      {"gnome-keyring-d", "/usr/bin/gnome-keyring-daemon\0--start\0"s, "gnome-keyring-daemon",
       {"/usr/bin/gnome-keyring-daemon", "--start"}},
      {"gnome-keyring-d", "/usr/bin/other-daemon\0"s, "gnome-keyring-d", {"/usr/bin/other-daemon"}},
      {"short", "/usr/bin/shorter\0"s, "short", {"/usr/bin/shorter"}},  // < 15: never upgraded
      // setproctitle() styles (psutil issue 1179).
      {"chrome", "/opt/chrome --type=renderer --lang"s, "chrome",
       {"/opt/chrome", "--type=renderer", "--lang"}},
      {"chrome", "/opt/chrome --type=gpu \0"s, "chrome", {"/opt/chrome", "--type=gpu", ""}},
      {"x", "a b "s, "x", {"a", "b"}},
      {"x", "a\0b"s, "x", {"a\0b"s}},
      {"x", "a\0\0"s, "x", {"a", ""}},
      {"kworker/0:1", ""s, "kworker/0:1", {}},  // kernel thread
      {"\xff\xfe bad", "\xff\0"s, "\xff\xfe bad", {"\xff"}},
  };
  int pid = kFakePid;
  for (const Case& c : cases) {
    const fs::path dir = proc / std::to_string(++pid);
    fs::create_directories(dir);
    writeFile(dir / "stat", statLine(pid, c.comm));
    writeFile(dir / "cmdline", c.cmdline);
    const ProcessInfo p = processRead(pid, nameAndCmdline, o);
    CHECK(p.name == c.name);
    CHECK(p.cmdline == c.args);
  }
  // The stat parse: names holding "(", ")" and ") S 1 (".
  for (const std::string comm : {"()", ")", "a) S 1 (b", "(((", "x y z"}) {
    const fs::path dir = proc / std::to_string(++pid);
    fs::create_directories(dir);
    writeFile(dir / "stat", statLine(pid, comm, {{4, "77"}}));
    const ProcessInfo p = processRead(pid, procBit(ProcAttr::kName) | procBit(ProcAttr::kPpid), o);
    CHECK(p.name == comm && p.ppid == 77);
  }
}

void testProcessStates(const fs::path& root) {
  const fs::path proc = root / "fs";
  ProcessReadOptions o;
  o.procRoot = proc.string();
  o.bootTime = 0;
  const std::pair<char, const char*> letters[] = {
      {'R', "running"},  {'S', "sleeping"},     {'D', "disk-sleep"}, {'T', "stopped"},
      {'t', "tracing-stop"}, {'Z', "zombie"},   {'X', "dead"},       {'x', "dead"},
      {'K', "wake-kill"}, {'W', "waking"},      {'I', "idle"},       {'P', "parked"}};
  const fs::path dir = proc / std::to_string(kFakePid);
  fs::create_directories(dir);
  for (const auto& [letter, name] : letters) {
    writeFile(dir / "stat", statLine(kFakePid, "s", {{3, std::string(1, letter)}}));
    const ProcessInfo p = processRead(kFakePid, procBit(ProcAttr::kStatus), o);
    CHECK(p.has(ProcAttr::kStatus) && std::string(p.status) == name && p.zombie == (letter == 'Z'));
  }
  writeFile(dir / "stat", statLine(kFakePid, "s", {{3, "?"}}));
  ProcessInfo p = processRead(kFakePid, procBit(ProcAttr::kStatus) | procBit(ProcAttr::kPpid), o);
  CHECK(failedWith(p, ProcAttr::kStatus, "parse", EINVAL) && p.has(ProcAttr::kPpid));

  // A zombie: empty cmdline, no exe link. Its exe is an error (src/api makes
  // it ZombieProcess), not the "" of a kernel thread.
  writeFile(dir / "stat", statLine(kFakePid, "defunct", {{3, "Z"}}));
  writeFile(dir / "cmdline", "");
  const ProcMask linksAndArgs =
      procBit(ProcAttr::kExe) | procBit(ProcAttr::kCmdline) | procBit(ProcAttr::kName);
  p = processRead(kFakePid, linksAndArgs, o);
  CHECK(p.zombie && p.cmdline.empty() && p.has(ProcAttr::kCmdline) && p.name == "defunct");
  CHECK(failedWith(p, ProcAttr::kExe, "readlink", ENOENT) && p.exists);
  // A kernel thread: same files, but alive: exe is "".
  writeFile(dir / "stat", statLine(kFakePid, "kthreadd", {{3, "S"}, {4, "0"}}));
  p = processRead(kFakePid, linksAndArgs, o);
  CHECK(!p.zombie && p.has(ProcAttr::kExe) && p.exe.empty() && p.errors.empty());

  // cpuNum and iowait on kernels that print fewer fields.
  writeFile(dir / "stat", statLine(kFakePid, "old", {}, 37));  // no processor, no blkio
  p = processRead(kFakePid, procBit(ProcAttr::kCpuNum) | procBit(ProcAttr::kCpuTimes), o);
  CHECK(failedWith(p, ProcAttr::kCpuNum, "parse", EINVAL) && p.cpuTimes.iowait == 0 &&
        p.has(ProcAttr::kCpuTimes));

  // Whole-process failures.
  writeFile(dir / "stat", statLine(kFakePid, "t", {}, 21));  // cut before starttime
  EXPECT_PARSE_ERROR(processRead(kFakePid, 0, o));
  for (const char* bad : {"", "garbage\n", "4200100 (x S 1 2 3\n", "4200100 x) S 1\n"}) {
    writeFile(dir / "stat", bad);
    EXPECT_PARSE_ERROR(processRead(kFakePid, kAllProcAttrs, o));
  }
  writeFile(dir / "stat", statLine(kFakePid, "t", {{4, "one"}}));
  EXPECT_PARSE_ERROR(processRead(kFakePid, 0, o));
  writeFile(dir / "stat", statLine(kFakePid, "t", {{22, "99999999999999999999"}}));
  EXPECT_PARSE_ERROR(processRead(kFakePid, 0, o));
  writeFile(dir / "stat", statLine(kFakePid, "t", {{42, "x"}}));
  EXPECT_PARSE_ERROR(processRead(kFakePid, 0, o));
  // A thread id: /proc/<tid> resolves but exit_signal is -1.
  writeFile(dir / "stat", statLine(kFakePid, "t", {{38, "-1"}}));
  EXPECT_OS_ERROR(processRead(kFakePid, kAllProcAttrs, o), "open", ESRCH);
  // No exit_signal field (ancient kernel): status Tgid decides.
  writeFile(dir / "stat", statLine(kFakePid, "t", {}, 30));
  writeFile(dir / "status", "Tgid:\t1\n");
  EXPECT_OS_ERROR(processRead(kFakePid, 0, o), "open", ESRCH);
  writeFile(dir / "status", std::string("Tgid:\t") + std::to_string(kFakePid) + "\n");
  CHECK(processRead(kFakePid, 0, o).pid == kFakePid);
  fs::remove(dir / "stat");
  EXPECT_OS_ERROR(processRead(kFakePid, 0, o), "open", ESRCH);
  EXPECT_OS_ERROR(processRead(kFakePid + 1, 0, o), "open", ESRCH);  // no directory at all
  EXPECT_OS_ERROR(processRead(0, 0, o), "open", ESRCH);
  EXPECT_OS_ERROR(processRead(-1, 0, o), "open", ESRCH);
  EXPECT_OS_ERROR(processRead(1LL << 40, 0, o), "open", ESRCH);
  fs::remove_all(dir);

  // createTime from the boot time in <procRoot>/stat when none is given.
  fakeProcess(proc, kFakePid, "b");
  writeFile(proc / "stat", "cpu 1 2 3 4\nbtime 1700000000\n");
  o.bootTime = std::nan("");
  const double tck = static_cast<double>(::sysconf(_SC_CLK_TCK));
  CHECK(near(processRead(kFakePid, 0, o).createTime, 1700000000 + 4200 / tck));
}

void testTerminal(const fs::path& root) {
  const fs::path proc = root / "ft";
  const fs::path dev = root / "ftdev";
  ProcessReadOptions o;
  o.procRoot = proc.string();
  o.devRoot = dev.string();
  o.bootTime = 0;
  fs::create_directories(dev / "pts");
  const fs::path dir = proc / std::to_string(kFakePid);
  fs::create_directories(dir);
  auto terminal = [&](unsigned major, unsigned minor) {
    const unsigned nr = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
    writeFile(dir / "stat", statLine(kFakePid, "t", {{7, std::to_string(nr)}}));
    return processRead(kFakePid, procBit(ProcAttr::kTerminal), o).terminal;
  };
  CHECK(!terminal(136, 3));  // no such device node: null, as psutil
  // Device nodes need CAP_MKNOD; without it only the misses are checked.
  if (::mknod((dev / "pts/3").c_str(), S_IFCHR | 0600, makedev(136, 3)) != 0) {
    std::printf("  (terminal: mknod not permitted, device lookups skipped)\n");
    return;
  }
  ::mknod((dev / "pts/300").c_str(), S_IFCHR | 0600, makedev(137, 44));
  ::mknod((dev / "tty2").c_str(), S_IFCHR | 0600, makedev(4, 2));
  ::mknod((dev / "ttyS1").c_str(), S_IFCHR | 0600, makedev(4, 65));
  ::mknod((dev / "ttyAMA0").c_str(), S_IFCHR | 0600, makedev(204, 64));
  ::mknod((dev / "ttyS9").c_str(), S_IFCHR | 0600, makedev(4, 66));  // misnamed: found by number
  CHECK(terminal(136, 3) == (dev / "pts/3").string());
  CHECK(terminal(137, 44) == (dev / "pts/300").string());
  CHECK(terminal(4, 2) == (dev / "tty2").string());
  CHECK(terminal(4, 65) == (dev / "ttyS1").string());
  CHECK(terminal(204, 64) == (dev / "ttyAMA0").string());
  CHECK(terminal(4, 66) == (dev / "ttyS9").string());
  CHECK(!terminal(4, 3));
}

void testProcessScan(const fs::path& root) {
  const fs::path proc = root / "fscan";
  ProcessReadOptions o;
  o.procRoot = proc.string();
  o.bootTime = 0;
  for (int pid : {kFakePid + 20, kFakePid + 3, kFakePid + 100}) fakeProcess(proc, pid, "p");
  fs::create_directories(proc / std::to_string(kFakePid + 7));  // vanished: no stat
  fakeProcess(proc, kFakePid + 8, "thread", {{38, "-1"}});        // a tid: not a process
  fs::create_directories(proc / "self");
  const ProcMask mask = procBit(ProcAttr::kName) | procBit(ProcAttr::kUids) |
                        procBit(ProcAttr::kMemoryInfo);
  std::vector<ProcessInfo> all = processScan(mask, o);
  CHECK(all.size() == 3);
  if (all.size() == 3) {
    CHECK(all[0].pid == kFakePid + 3 && all[1].pid == kFakePid + 20 && all[2].pid == kFakePid + 100);
    for (const ProcessInfo& p : all) CHECK(p.have == mask && p.errors.empty());
  }
  fs::remove(proc / std::to_string(kFakePid + 20) / "statm");
  all = processScan(mask, o);
  const ProcessInfo* p = findPid(all, kFakePid + 20);
  CHECK(all.size() == 3 && p && failedWith(*p, ProcAttr::kMemoryInfo, "open", ENOENT));
  writeFile(proc / std::to_string(kFakePid + 3) / "stat", "garbage");
  EXPECT_PARSE_ERROR(processScan(mask, o));
  EXPECT_OS_ERROR(processScan(mask, {(root / "nope").string(), "/dev", 0}), "open", ENOENT);
}

#include "driver-disk-sensors.inc"

// --- network ------------------------------------------------------------

// The hex of a 4-byte group as /proc/net prints it: the group read as a
// 32-bit word in this machine's byte order.
std::string procNetWord(unsigned char a, unsigned char b, unsigned char c, unsigned char d) {
  const unsigned char bytes[4] = {a, b, c, d};
  std::uint32_t word;
  std::memcpy(&word, bytes, 4);
  char out[9];
  std::snprintf(out, sizeof out, "%08X", word);
  return out;
}

const NetConnection* findConn(const std::vector<NetConnection>& list, int pid, int fd) {
  for (const NetConnection& c : list) {
    if (c.pid == pid && c.fd == fd) return &c;
  }
  return nullptr;
}

void testNet(const fs::path& root) {
  const fs::path proc = root / "netproc";
  const std::string devHeader =
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo "
      "colls carrier compressed\n";
  writeFile(proc / "net" / "dev", devHeader +
                                      "    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0\n"
                                      "enp0s31f6:18446744073709551615 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
  auto io = netIoCounters(proc.string());
  CHECK(io.size() == 2 && io[0].name == "lo" && io[0].bytesRecv == 3193 && io[0].packetsSent == 29);
  CHECK(io[1].name == "enp0s31f6" && near(io[1].bytesRecv, 18446744073709551615.0) && io[1].packetsRecv == 2);
  CHECK(io[1].errin == 3 && io[1].dropin == 4 && io[1].bytesSent == 9 && io[1].packetsSent == 10);
  CHECK(io[1].errout == 11 && io[1].dropout == 12);
  for (const char* bad : {"", "no header\n", "Inter-|\n face |\n  eth0: 1 2 3\n",
                          "Inter-|\n face |\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
                          "Inter-|\n face |\n  eth0: 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
                          "Inter-|\n face |\n  : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"}) {
    writeFile(root / "badnet" / "net" / "dev", bad);
    EXPECT_PARSE_ERROR(netIoCounters((root / "badnet").string()));
  }
  writeFile(root / "emptynet" / "net" / "dev", devHeader);
  CHECK(netIoCounters((root / "emptynet").string()).empty());
  EXPECT_OS_ERROR(netIoCounters((root / "nope").string()), "open", ENOENT);

  // Sockets: pid 100 holds the listener (fd 3) and a unix socket twice (fds
  // 5 and 4); pid 200 holds the listener too (fd 9: the highest pid wins) and
  // a tcp6 socket; pid 300 has no fd directory (gone, or hidden).
  const std::string tcpHeader =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  const std::string any4 = procNetWord(0, 0, 0, 0), lo4 = procNetWord(127, 0, 0, 1);
  writeFile(proc / "net" / "tcp",
            tcpHeader + "   0: " + any4 + ":0050 " + any4 + ":0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0\n" +
                "   1: " + lo4 + ":E92C " + lo4 + ":9851 06 00000000:00000000 03:0000172E 00000000     0        0 0 3 0\n");
  const std::string mapped = procNetWord(0, 0, 0, 0) + procNetWord(0, 0, 0, 0) + procNetWord(0, 0, 0xff, 0xff) +
                             procNetWord(127, 0, 0, 1);
  const std::string linkLocal = procNetWord(0xfe, 0x80, 0, 0) + procNetWord(0, 0, 0, 0) +
                                procNetWord(0, 0xfc, 0, 0xff) + procNetWord(0xfe, 0, 0, 1);
  writeFile(proc / "net" / "tcp6",
            tcpHeader + "   0: " + mapped + ":8C93 " + mapped + ":EC76 01 00000000:00000000 00:00000000 00000000  0  0 3001 1 0\n" +
                "   1: " + linkLocal + ":01BB " + std::string(32, '0') + ":0000 0A 0:0 0:0 0 0 0 3002 1 0\n");
  writeFile(proc / "net" / "udp", tcpHeader + "  7: " + lo4 + ":0000 " + any4 + ":0000 07 0:0 0:0 0 0 0 4001 2 0 0\n");
  // No udp6: IPv6 disabled, skipped as psutil does.
  writeFile(proc / "net" / "unix",
            "Num       RefCount Protocol Flags    Type St Inode Path\n"
            "00000000ecc6c7a4: 00000002 00000000 00010000 0001 01  2001 /run/a b\n"
            "second line\n"
            "0000000000000000: 00000003 00000000 00000000 0005 03 2002\n"
            "0000000000000001: 00000002 00000000 00010000 0002 01 2003 @abstract@@\n");
  fs::create_directories(proc / "100" / "fd");
  fs::create_directories(proc / "200" / "fd");
  fs::create_directories(proc / "300");
  fs::create_symlink("socket:[1001]", proc / "100" / "fd" / "3");
  fs::create_symlink("socket:[2001]", proc / "100" / "fd" / "5");
  fs::create_symlink("socket:[2001]", proc / "100" / "fd" / "4");
  fs::create_symlink("pipe:[9]", proc / "100" / "fd" / "6");
  fs::create_symlink("/dev/null", proc / "100" / "fd" / "7");
  fs::create_symlink("socket:[1001]", proc / "200" / "fd" / "9");
  fs::create_symlink("socket:[3001]", proc / "200" / "fd" / "4");
  writeFile(proc / "200" / "fd" / "not-an-fd", "");

  const auto all = netConnections(kAllNetTables, -1, proc.string());
  CHECK(all.size() == 9);
  const NetConnection* listener = findConn(all, 200, 9);
  CHECK(listener != nullptr && listener->family == AF_INET && listener->type == SOCK_STREAM &&
        listener->laddr == "0.0.0.0" && listener->lport == 80 && listener->rport == 0 &&
        std::string(listener->status) == "LISTEN");
  CHECK(findConn(all, 100, 3) == nullptr);  // the same socket: reported for pid 200 only
  const NetConnection& timeWait = all[1];
  CHECK(timeWait.pid == 0 && timeWait.fd == -1 && std::string(timeWait.status) == "TIME_WAIT" &&
        timeWait.laddr == "127.0.0.1" && timeWait.lport == 0xE92C && timeWait.rport == 0x9851);
  const NetConnection* v6 = findConn(all, 200, 4);
  CHECK(v6 != nullptr && v6->family == AF_INET6 && v6->laddr == "::ffff:127.0.0.1" && v6->lport == 0x8C93 &&
        v6->raddr == "::ffff:127.0.0.1" && v6->rport == 0xEC76 && std::string(v6->status) == "ESTABLISHED");
  CHECK(all[3].pid == 0 && all[3].laddr == "fe80::fc:ff:fe00:1" && all[3].lport == 443 && all[3].rport == 0);
  CHECK(all[4].type == SOCK_DGRAM && std::string(all[4].status) == "NONE" && all[4].lport == 0 && all[4].laddr.empty());
  // The unix socket: once per fd of its owner, the path with its newline rejoined.
  CHECK(all[5].pid == 100 && all[5].fd == 4 && all[6].pid == 100 && all[6].fd == 5);
  CHECK(all[5].family == AF_UNIX && all[5].laddr == "/run/a b\nsecond line" && all[6].laddr == all[5].laddr);
  CHECK(all[7].type == SOCK_SEQPACKET && all[7].laddr.empty() && all[7].fd == -1);
  CHECK(all[8].type == SOCK_DGRAM && all[8].laddr == "@abstract@@" && all[8].pid == 0);
  CHECK(findConn(all, 0, -1) != nullptr);

  const auto mine = netConnections(kAllNetTables, 100, proc.string());
  CHECK(mine.size() == 3 && mine[0].fd == 3 && mine[0].lport == 80 && mine[1].fd == 4 && mine[2].fd == 5);
  CHECK(netConnections(kNetTcp, 200, proc.string()).size() == 1);
  CHECK(netConnections(kNetUnix | kNetUdp6, 200, proc.string()).empty());
  EXPECT_OS_ERROR(netConnections(kAllNetTables, 300, proc.string()), "opendir", ENOENT);
  EXPECT_OS_ERROR(netConnections(kAllNetTables, 999, proc.string()), "opendir", ENOENT);

  // Malformed tables fail the call; a missing IPv4 table is an error, not a skip.
  auto withTable = [&](const char* file, const std::string& content) {
    const fs::path bad = root / "badsock";
    fs::remove_all(bad);
    fs::create_directories(bad);
    writeFile(bad / "net" / file, content);
    return bad.string();
  };
  const std::string row = "   0: " + any4 + ":0050 " + any4 + ":0000 0A 0:0 0:0 0 0 0 1001 1 0\n";
  EXPECT_PARSE_ERROR(netConnections(kNetTcp, -1, withTable("tcp", row)));
  EXPECT_PARSE_ERROR(netConnections(kNetTcp, -1, withTable("tcp", "")));
  EXPECT_PARSE_ERROR(netConnections(kNetTcp, -1, withTable("tcp", tcpHeader + "   0: " + any4 + ":0050 " + any4 + ":0000 0C 0:0 0:0 0 0 0 1 1 0\n")));
  EXPECT_PARSE_ERROR(netConnections(kNetTcp, -1, withTable("tcp", tcpHeader + "   0: " + any4 + ":50 " + any4 + ":0000 0A 0:0 0:0 0 0 0 1 1 0\n")));
  EXPECT_PARSE_ERROR(netConnections(kNetTcp6, -1, withTable("tcp6", tcpHeader + row)));
  EXPECT_PARSE_ERROR(netConnections(kNetTcp, -1, withTable("tcp", tcpHeader + "   0: " + any4 + ":0050\n")));
  EXPECT_PARSE_ERROR(netConnections(kNetUdp, -1, withTable("udp", tcpHeader + "   0: " + any4 + ":0050 " + any4 + ":0000 07 0:0 0:0 0 0 0 x 1 0\n")));
  EXPECT_PARSE_ERROR(netConnections(kNetUnix, -1, withTable("unix", "Num RefCount\n0000: 00000002 00000000 00000000 0001 01 5\nstray\n")));
  EXPECT_PARSE_ERROR(netConnections(kNetUnix, -1, withTable("unix", tcpHeader)));
  EXPECT_OS_ERROR(netConnections(kNetTcp, -1, withTable("udp", "")), "open", ENOENT);
  CHECK(netConnections(kNetTcp6 | kNetUdp6, -1, withTable("udp", "")).empty());
}

void runFakeRootTests() {
  char tmpl[] = "/tmp/psnode-driver-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    std::exit(2);
  }
  const fs::path root = tmpl;
  testParse();
  testStrings();
  testErrors();
  testReadFile(root);
  testStat(root);
  testMem(root);
  testLoadAvg(root);
  testCpuinfoAndSysfs(root);
  testPids(root);
  testUsers(root);
  testProcessValues(root);
  testProcessNames(root);
  testProcessStates(root);
  testTerminal(root);
  testProcessScan(root);
  testNet(root);
  runDiskSensorsTests(root);
  fs::remove_all(root);
}

// --- the real system ----------------------------------------------------

template <typename Fn>
double timeIt(int iterations, Fn&& fn) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) fn();
  std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count() / iterations;
}

// Every attribute of every process, then the checks that need a live
// system: per-attribute completeness, thread ids refused, timings.
void realProcesses(int iterations) {
  const std::vector<ProcessInfo> all = processScan(kAllProcAttrs);
  std::size_t failures = 0;
  for (const ProcessInfo& p : all) {
    ProcMask failed = 0;
    for (const ProcAttrError& e : p.errors) failed |= procBit(e.attr);
    CHECK((p.have | failed) == kAllProcAttrs && (p.have & failed) == 0);
    failures += p.errors.size();
  }
  std::printf("  processScan(all)  %zu processes, %zu attribute errors\n", all.size(), failures);
  const ProcessInfo self = processRead(::getpid(), kAllProcAttrs);
  CHECK(self.errors.empty() && self.has(ProcAttr::kMemoryMaps) && !self.memoryMaps.empty());
  CHECK(self.ppid == ::getppid() && !self.cmdline.empty() && !self.zombie);

  // Thread ids are not processes (exit_signal -1), and agree with Tgid.
  std::size_t tids = 0;
  for (const ProcessInfo& p : all) {
    Dir tasks("/proc/" + std::to_string(p.pid) + "/task");
    std::string_view name;
    while (tasks.next(name)) {
      const std::string tid(name);
      if (tid == std::to_string(p.pid)) continue;
      ++tids;
      EXPECT_OS_ERROR(processRead(std::stoll(tid), 0), "open", ESRCH);
    }
  }
  std::printf("  thread ids refused: %zu\n", tids);

  const ProcMask common = procBit(ProcAttr::kName) | procBit(ProcAttr::kUsername) |
                          procBit(ProcAttr::kCpuTimes) | procBit(ProcAttr::kMemoryInfo) |
                          procBit(ProcAttr::kStatus) | procBit(ProcAttr::kCreateTime) |
                          procBit(ProcAttr::kNumThreads) | procBit(ProcAttr::kPpid);
  std::size_t n = 0;
  const int scans = std::max(1, iterations / 10);
  double us = timeIt(scans, [&] { n = processScan(common).size(); });
  std::printf("  processScan(8)    %7.2f  per process (%zu processes)\n", us / static_cast<double>(n), n);
  us = timeIt(std::max(1, scans / 10), [&] { n = processScan(kAllProcAttrs).size(); });
  std::printf("  processScan(all)  %7.2f  per process\n", us / static_cast<double>(n));
  us = timeIt(iterations, [&] { (void)processRead(::getpid(), common); });
  std::printf("  processRead(8)    %7.2f\n", us);
  for (const ProcessInfo& p : all) {
    for (const ProcAttrError& e : p.errors) {
      CHECK(!e.syscall.empty() && e.err > 0);
      CHECK(e.path.empty() || e.path.rfind("/proc/" + std::to_string(p.pid), 0) == 0);
    }
  }
}

// The network collectors on this machine: shapes and a socket of our own.
void realNet(int iterations) {
  const auto io = netIoCounters();
  CHECK(std::any_of(io.begin(), io.end(), [](const NetIoCounters& n) { return n.name == "lo"; }));
  const auto addrs = netIfAddrs();
  CHECK(std::any_of(addrs.begin(), addrs.end(),
                    [](const NetIfAddr& a) { return a.family == AF_INET && a.address == "127.0.0.1"; }));
  for (const NetIfAddr& a : addrs) CHECK(!a.address.empty() && !(a.broadcast && a.ptp));
  const auto stats = netIfStats();
  CHECK(stats.size() <= io.size() && !stats.empty());
  for (const NetIfStats& s : stats) CHECK(s.mtu > 0 && s.duplex >= 0 && s.duplex <= 2 && s.speed >= 0);
  // A listener of our own, found with its fd system-wide and per process.
  const int sock = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  CHECK(sock >= 0 && ::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(sock, 1) == 0 &&
        ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const int port = ntohs(addr.sin_port);
  for (const auto& list : {netConnections(kAllNetTables), netConnections(kNetTcp, ::getpid())}) {
    const NetConnection* c = findConn(list, ::getpid(), sock);
    CHECK(c != nullptr && c->laddr == "127.0.0.1" && c->lport == port && std::string(c->status) == "LISTEN");
  }
  std::size_t n = 0;
  const int rounds = std::max(1, iterations / 100);
  double us = timeIt(iterations, [&] { n = netIoCounters().size(); });
  std::printf("  netIoCounters     %7.2f  nics=%zu\n", us, n);
  us = timeIt(rounds * 10, [&] { n = netIfAddrs().size(); });
  std::printf("  netIfAddrs        %7.2f  addresses=%zu\n", us, n);
  us = timeIt(rounds * 10, [&] { n = netIfStats().size(); });
  std::printf("  netIfStats        %7.2f  nics=%zu\n", us, n);
  us = timeIt(rounds, [&] { n = netConnections(kAllNetTables).size(); });
  std::printf("  netConnections    %7.2f  sockets=%zu (all kinds, every process)\n", us, n);
  ::close(sock);
}

void runRealSystem(int iterations) {
  // Each collector may legitimately fail on an exotic machine; that is
  // reported, not fatal. What the sanitizers look for is memory misuse.
  auto attempt = [](const char* name, auto&& fn) {
    try {
      fn();
    } catch (const OsError& e) {
      std::printf("  %s: %s\n", name, e.what());
    }
  };
  std::printf("real system, %d iterations each (µs/call):\n", iterations);
  attempt("cpuTimes", [&] {
    std::size_t rows = 0;
    double us = timeIt(iterations, [&] { rows = cpuTimes().size(); });
    std::printf("  cpuTimes          %7.2f  rows=%zu\n", us, rows);
  });
  attempt("cpuStats", [&] {
    CpuStats s{};
    double us = timeIt(iterations, [&] { s = cpuStats(); });
    std::printf("  cpuStats          %7.2f  ctxt=%.0f\n", us, s.ctxSwitches);
  });
  attempt("bootTime", [&] {
    double b = 0;
    double us = timeIt(iterations, [&] { b = bootTime(); });
    std::printf("  bootTime          %7.2f  btime=%.0f\n", us, b);
  });
  attempt("cpuCountLogical", [&] {
    std::optional<unsigned> n;
    double us = timeIt(iterations, [&] { n = cpuCountLogical(); });
    std::printf("  cpuCountLogical   %7.2f  %u\n", us, n.value_or(0));
  });
  attempt("cpuCountPhysical", [&] {
    std::optional<unsigned> n;
    double us = timeIt(iterations, [&] { n = cpuCountPhysical(); });
    std::printf("  cpuCountPhysical  %7.2f  %u\n", us, n.value_or(0));
  });
  attempt("cpuFreq", [&] {
    std::size_t n = 0;
    double us = timeIt(iterations, [&] { n = cpuFreq().value_or(std::vector<CpuFreq>{}).size(); });
    std::printf("  cpuFreq           %7.2f  cpus=%zu\n", us, n);
  });
  attempt("loadAvg", [&] {
    std::array<double, 3> l{};
    double us = timeIt(iterations, [&] { l = loadAvg(); });
    std::printf("  loadAvg           %7.2f  %.2f %.2f %.2f\n", us, l[0], l[1], l[2]);
  });
  attempt("virtualMemory", [&] {
    VirtualMemory vm{};
    double us = timeIt(iterations, [&] { vm = virtualMemory(); });
    std::printf("  virtualMemory     %7.2f  total=%.0f available=%.0f\n", us, vm.total, vm.available);
  });
  attempt("swapMemory", [&] {
    SwapMemory sw{};
    double us = timeIt(iterations, [&] { sw = swapMemory(); });
    std::printf("  swapMemory        %7.2f  total=%.0f\n", us, sw.total);
  });
  attempt("users", [&] {
    std::size_t n = 0;
    double us = timeIt(iterations, [&] { n = users().size(); });
    std::printf("  users             %7.2f  sessions=%zu (%s)\n", us, n, defaultUtmpPath().c_str());
  });
  attempt("pids", [&] {
    std::size_t n = 0;
    double us = timeIt(iterations, [&] { n = pids().size(); });
    std::printf("  pids              %7.2f  count=%zu\n", us, n);
  });
  attempt("pidExists", [&] {
    bool self = false;
    double us = timeIt(iterations, [&] { self = pidExists(::getpid()); });
    std::printf("  pidExists         %7.2f  self=%d\n", us, self);
  });
  attempt("processes", [&] { realProcesses(iterations); });
  attempt("net", [&] { realNet(iterations); });
  realDiskSensors(iterations, attempt);
  // The floor: one open/read/close of /proc/stat with nothing parsed.
  FileBuffer buf;
  double raw = timeIt(iterations, [&] { (void)readFile("/proc/stat", buf); });
  std::printf("  (raw /proc/stat read %.2f)\n", raw);
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 3000;
  runFakeRootTests();
  std::printf("fake-root checks: %d run, %d failed\n", g_checks, g_failures);
  const int fakeChecks = g_checks, fakeFailures = g_failures;
  runRealSystem(iterations);
  std::printf("real-system checks: %d run, %d failed\n", g_checks - fakeChecks,
              g_failures - fakeFailures);
  return g_failures == 0 ? 0 : 1;
}
