// Disk collectors for Linux: the mount table, statvfs, /proc/diskstats.
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdint>
#include <set>
#include <string_view>

#include "collectors.h"
#include "common/io.h"
#include "common/parse.h"

namespace psnode {

namespace {

using parse::nextLine;

std::string underRoot(const std::string& root, const char* relative) {
  return root == "/" ? std::string("/") + relative : root + "/" + relative;
}

bool isOctal(char c) { return c >= '0' && c <= '7'; }

// The kernel writes ' ', '\t', '\n' and '\\' in a mount field as \ooo;
// getmntent() decodes those. Any \ooo is decoded here (a kernel that escapes
// more, such as '#', is covered too).
std::string decodeMountField(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '3' &&
        isOctal(field[i + 2]) && isOctal(field[i + 3])) {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

// Splits on single spaces, as the mount table separates its fields.
std::vector<std::string_view> splitOnSpace(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t space = line.find(' ', start);
    fields.push_back(line.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return fields;
}

// Splits on runs of blanks, dropping empty fields.
std::vector<std::string_view> splitBlanks(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && parse::isSpace(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !parse::isSpace(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::vector<MountEntry> parseMounts(std::string_view text, const std::string& path) {
  std::vector<MountEntry> mounts;
  std::string_view line;
  while (nextLine(text, line)) {
    if (line.empty()) continue;
    const std::vector<std::string_view> f = splitOnSpace(line);
    if (f.size() < 4 || f[0].empty() || f[1].empty() || f[2].empty() || f[3].empty()) throwParseError(path);
    mounts.push_back({decodeMountField(f[0]), decodeMountField(f[1]), decodeMountField(f[2]), decodeMountField(f[3])});
  }
  // "/" is always mounted: an empty table is not one we understand.
  if (mounts.empty()) throwParseError(path);
  return mounts;
}

std::vector<FilesystemType> parseFilesystems(std::string_view text, const std::string& path) {
  std::vector<FilesystemType> result;
  std::string_view line;
  while (nextLine(text, line)) {
    if (parse::trim(line).empty()) continue;
    FilesystemType fs;
    if (parse::startsWith(line, "nodev\t")) {
      fs.nodev = true;
    } else if (line.front() != '\t') {
      throwParseError(path);
    }
    const std::string_view name = parse::trim(line.substr(line.find('\t') + 1));
    if (name.empty()) throwParseError(path);
    fs.name = std::string(name);
    result.push_back(std::move(fs));
  }
  if (result.empty()) throwParseError(path);
  return result;
}

bool isMajorMinor(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i != colon && !parse::isDigit(s[i])) return false;
  }
  return true;
}

// psutil's RootFsDeviceFinder, first strategy, with the "/" mount's
// major:minor taken from mountinfo (the st_dev of "/"). Best effort.
std::optional<std::string> findRootDevice(const std::string& procRoot) {
  FileBuffer buf;
  if (readFileInto(underRoot(procRoot, "self/mountinfo"), buf) != 0) return std::nullopt;
  std::string_view text = buf.view();
  std::string majorMinor;
  std::string_view line;
  while (nextLine(text, line)) {
    const std::vector<std::string_view> f = splitOnSpace(line);
    if (f.size() >= 5 && f[4] == "/" && isMajorMinor(f[2])) majorMinor = std::string(f[2]);
  }
  if (majorMinor.empty()) return std::nullopt;
  if (readFileInto(underRoot(procRoot, "partitions"), buf) != 0) return std::nullopt;
  text = buf.view();
  while (nextLine(text, line)) {
    const std::vector<std::string_view> f = splitBlanks(line);
    if (f.size() >= 4 && std::string(f[0]) + ":" + std::string(f[1]) == majorMinor) {
      return "/dev/" + std::string(f[3]);
    }
  }
  return std::nullopt;
}

// The names of <sysRoot>/block; none when it cannot be read.
std::set<std::string, std::less<>> blockNames(const std::string& sysRoot) {
  std::set<std::string, std::less<>> names;
  Dir dir(underRoot(sysRoot, "block"));
  std::string_view name;
  while (dir.next(name)) names.emplace(name);
  return names;
}

double field(const std::vector<std::string_view>& f, std::size_t index, const std::string& path) {
  std::uint64_t value;
  if (index >= f.size() || !parse::parseU64(f[index], value)) throwParseError(path);
  return static_cast<double>(value);
}

constexpr double kSectorSize = 512;

}  // namespace

DiskPartitions diskPartitions(const std::string& procRoot) {
  DiskPartitions result;
  FileBuffer buf;
  const std::string mountsPath = underRoot(procRoot, "self/mounts");
  result.mounts = parseMounts(readFile(mountsPath, buf), mountsPath);
  const std::string filesystemsPath = underRoot(procRoot, "filesystems");
  result.filesystems = parseFilesystems(readFile(filesystemsPath, buf), filesystemsPath);
  for (const MountEntry& m : result.mounts) {
    if (m.device == "/dev/root" || m.device == "rootfs") {
      result.rootDevice = findRootDevice(procRoot);
      break;
    }
  }
  return result;
}

DiskUsage diskUsage(const std::string& path) {
  struct statvfs st;
  int rc;
  do {
    rc = ::statvfs(path.c_str(), &st);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) throw OsError("statvfs", errno, path);
  const double frsize = static_cast<double>(st.f_frsize);
  const std::uint64_t blocks = st.f_blocks;
  const std::uint64_t usedBlocks = blocks >= st.f_bfree ? blocks - st.f_bfree : 0;
  return {static_cast<double>(blocks) * frsize, static_cast<double>(usedBlocks) * frsize,
          static_cast<double>(st.f_bavail) * frsize};
}

std::vector<DiskIoLine> diskIoCounters(const std::string& procRoot, const std::string& sysRoot) {
  const std::string path = underRoot(procRoot, "diskstats");
  FileBuffer buf;
  std::string_view text = readFile(path, buf);
  const auto blocks = blockNames(sysRoot);

  std::vector<DiskIoLine> result;
  std::string_view line;
  while (nextLine(text, line)) {
    const std::vector<std::string_view> f = splitBlanks(line);
    if (f.empty()) continue;
    DiskIoLine d;
    if (f.size() == 7) {
      // A partition before Linux 2.6.25: reads, sectors read, writes, sectors written.
      d.name = std::string(f[2]);
      d.readCount = field(f, 3, path);
      d.readBytes = field(f, 4, path) * kSectorSize;
      d.writeCount = field(f, 5, path);
      d.writeBytes = field(f, 6, path) * kSectorSize;
    } else if (f.size() == 14 || f.size() == 15 || f.size() >= 18) {
      // 11 counters: reads, merged, sectors, ms, writes, merged, sectors, ms,
      // in flight, busy ms, weighted ms. 14 and 18+ (4.18 discards, 5.5
      // flushes): "major minor name" first. 15 is psutil's "Linux 2.4":
      // "major minor reads name", then the other 10.
      const bool old = f.size() == 15;
      d.name = std::string(f[old ? 3 : 2]);
      d.readCount = field(f, old ? 2 : 3, path);
      d.readMergedCount = field(f, 4, path);
      d.readBytes = field(f, 5, path) * kSectorSize;
      d.readTime = field(f, 6, path);
      d.writeCount = field(f, 7, path);
      d.writeMergedCount = field(f, 8, path);
      d.writeBytes = field(f, 9, path) * kSectorSize;
      d.writeTime = field(f, 10, path);
      field(f, 11, path);  // in flight: checked, not reported
      d.busyTime = field(f, 12, path);
      field(f, 13, path);  // weighted ms: checked, not reported
    } else {
      throwParseError(path);
    }
    // psutil's is_storage_device: sysfs writes '/' in a name as '!'.
    std::string key = d.name;
    for (char& c : key) c = c == '/' ? '!' : c;
    d.storage = blocks.count(key) != 0;
    result.push_back(std::move(d));
  }
  return result;
}

}  // namespace psnode
