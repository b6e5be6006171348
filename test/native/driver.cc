// Standalone driver for the collectors, built without Node (see README.md).
// 1. Checks parsing against a fake procfs/sysfs tree with good, truncated and
//    garbage files, synthetic utmp files and the low-level helpers.
// 2. Calls every real collector many times (for ASan/UBSan and valgrind) and
//    prints a summary with per-call timings.
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
  CHECK(cpuCountLogical(proc).has_value());  // sysconf answers for the real machine
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
  runRealSystem(iterations);
  return g_failures == 0 ? 0 : 1;
}
