// Memory collectors for Linux: /proc/meminfo and /proc/vmstat.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string_view>

#include "collectors.h"
#include "common/io.h"
#include "common/parse.h"

namespace psnode {

namespace {

using parse::nextLine;

// The /proc/meminfo keys we use. Looking each line's key up in this small
// table keeps the parse to one pass with no allocation.
enum MemKey : unsigned {
  kMemTotal,
  kMemFree,
  kMemAvailable,
  kBuffers,
  kCached,
  kSReclaimable,
  kShmem,
  kMemShared,  // pre-2.6 name of Shmem
  kActive,
  kInactive,
  kSlab,
  kSwapTotal,
  kSwapFree,
  kKeyCount
};

constexpr std::string_view kMemKeyNames[kKeyCount] = {
    "MemTotal", "MemFree", "MemAvailable", "Buffers",  "Cached",   "SReclaimable",
    "Shmem",    "MemShared", "Active",     "Inactive", "Slab",     "SwapTotal",
    "SwapFree"};

struct MemInfo {
  std::uint64_t bytes[kKeyCount] = {};
  bool present[kKeyCount] = {};

  double get(MemKey key) const { return static_cast<double>(bytes[key]); }
};

MemInfo readMemInfo(const std::string& path) {
  FileBuffer buf;
  std::string_view text = readFile(path, buf);
  MemInfo info;
  std::string_view line;
  while (nextLine(text, line)) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    for (unsigned k = 0; k < kKeyCount; ++k) {
      if (key != kMemKeyNames[k]) continue;
      std::string_view rest = line.substr(colon + 1);
      std::uint64_t value;
      if (!parse::consumeU64(rest, value)) throwParseError(path);
      // Values are in kB (KiB, despite the unit name) except for the
      // HugePages counts, which we do not read.
      parse::skipBlanks(rest);
      std::uint64_t scale = rest == "kB" ? 1024 : 1;
      if (value > UINT64_MAX / scale) throwParseError(path);
      info.bytes[k] = value * scale;
      info.present[k] = true;
      break;
    }
  }
  return info;
}

}  // namespace

VirtualMemory virtualMemory(const std::string& procRoot) {
  const std::string path = procRoot + "/meminfo";
  const MemInfo m = readMemInfo(path);
  // Every kernel since 2.6.32 prints these; a file without them is not one
  // we understand, and a silent 0 would be a wrong answer (the exec backend
  // applies the same rule). Shmem had the name MemShared before 2.6.32.
  for (MemKey key : {kMemTotal, kMemFree, kBuffers, kCached, kActive, kInactive, kSlab}) {
    if (!m.present[key]) throwParseError(path);
  }
  if (!m.present[kShmem] && !m.present[kMemShared]) throwParseError(path);
  VirtualMemory vm;
  vm.total = m.get(kMemTotal);
  vm.free = m.get(kMemFree);
  vm.buffers = m.get(kBuffers);
  // Reclaimable slab is cache in all but name; psutil and free(1) count it.
  vm.cached = m.get(kCached) + m.get(kSReclaimable);
  vm.shared = m.present[kShmem] ? m.get(kShmem) : m.get(kMemShared);
  vm.active = m.get(kActive);
  vm.inactive = m.get(kInactive);
  vm.slab = m.get(kSlab);
  if (m.present[kMemAvailable]) {
    vm.available = m.get(kMemAvailable);
  } else {
    // Kernels before 3.14 have no MemAvailable. free + page cache + buffers
    // is the classic estimate (free(1)'s old "-/+ buffers/cache" line): it
    // overstates slightly, since not all cache is reclaimable, but it is
    // what those systems' own tools reported.
    vm.available = vm.free + vm.cached + vm.buffers;
  }
  // Inside some containers meminfo mixes host and container figures; an
  // available above total is meaningless, and psutil falls back to free.
  if (vm.available > vm.total) vm.available = vm.free;
  return vm;
}

SwapMemory swapMemory(const std::string& procRoot) {
  const std::string meminfoPath = procRoot + "/meminfo";
  const MemInfo m = readMemInfo(meminfoPath);
  if (!m.present[kSwapTotal] || !m.present[kSwapFree]) throwParseError(meminfoPath);

  SwapMemory swap{m.get(kSwapTotal), m.get(kSwapFree), 0.0, 0.0};

  errno = 0;
  const long pageSize = ::sysconf(_SC_PAGESIZE);
  if (pageSize <= 0) throw OsError("sysconf", errno != 0 ? errno : EINVAL);

  // pswpin/pswpout count pages. A /proc/vmstat without them is an error, not
  // a silent 0 (as in the exec backend); every kernel since 2.6 prints them.
  const std::string vmstatPath = procRoot + "/vmstat";
  FileBuffer buf;
  std::string_view text = readFile(vmstatPath, buf), line;
  bool haveIn = false, haveOut = false;
  while (!(haveIn && haveOut) && nextLine(text, line)) {
    double* target = nullptr;
    if (parse::startsWith(line, "pswpin ")) {
      target = &swap.sin;
      haveIn = true;
    } else if (parse::startsWith(line, "pswpout ")) {
      target = &swap.sout;
      haveOut = true;
    } else {
      continue;
    }
    line.remove_prefix(line.find(' ') + 1);
    std::uint64_t pages;
    if (!parse::consumeU64(line, pages)) throwParseError(vmstatPath);
    *target = static_cast<double>(pages) * static_cast<double>(pageSize);
  }
  if (!haveIn || !haveOut) throwParseError(vmstatPath);
  return swap;
}

}  // namespace psnode
