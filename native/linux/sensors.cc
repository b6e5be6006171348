// Sensor collectors for Linux, psutil's logic over sysfs: hwmon temperatures
// and fans, thermal zones, the first battery. The exec backend does the same
// over a find/grep dump (src/backends/exec/linux/parsers/sensors-sysfs.ts);
// the fixture trees of test/fixtures/linux/sys-* hold both to it.
//
// sysfs is a "stinky broken mess" (psutil): an attribute that exists may
// still fail to read (EIO, ENXIO, ENODATA for a sensor that is not wired).
// Every such file counts as absent, and psutil's fallbacks take over.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>

#include "collectors.h"
#include "common/io.h"
#include "common/parse.h"

namespace psnode {

namespace {

using parse::startsWith;

std::string underRoot(const std::string& root, const char* relative) {
  return root == "/" ? std::string("/") + relative : root + "/" + relative;
}

// Entry names of `dir`; none when it cannot be read.
std::vector<std::string> listDir(const std::string& dir) {
  std::vector<std::string> names;
  Dir d(dir);
  std::string_view name;
  while (d.next(name)) names.emplace_back(name);
  return names;
}

// fileInfo() follows links, as the exec side's `find -L … -type f|d`.
bool isRegularFile(const std::string& path) {
  FileInfo st;
  return fileInfo(path, st) == 0 && st.isRegular();
}
bool isDirectory(const std::string& path) {
  FileInfo st;
  return fileInfo(path, st) == 0 && st.isDirectory();
}

// A small sysfs file, or nullopt when it cannot be read.
std::optional<std::string> readText(const std::string& path, FileBuffer& buf) {
  if (readFileInto(path, buf, 64 * 1024) != 0) return std::nullopt;
  return std::string(buf.view());
}

std::string trimmed(const std::optional<std::string>& text) {
  return text ? std::string(parse::trim(*text)) : std::string();
}

// `[+-]digits[.digits]` with blanks around, as Python's float() reads sysfs
// values; nullopt otherwise.
std::optional<double> number(const std::optional<std::string>& text, bool integerOnly) {
  if (!text) return std::nullopt;
  std::string_view s = parse::trim(*text);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !parse::isDigit(s.front())) return std::nullopt;
  double value;
  if (integerOnly) {
    std::uint64_t n;
    if (!parse::parseU64(s, n)) return std::nullopt;
    value = static_cast<double>(n);
  } else {
    if (!parse::consumeDecimal(s, value) || !s.empty()) return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<double> readNumber(const std::string& path, FileBuffer& buf) {
  return number(readText(path, buf), false);
}
std::optional<double> readInteger(const std::string& path, FileBuffer& buf) {
  return number(readText(path, buf), true);
}

std::optional<double> degrees(const std::string& path, FileBuffer& buf) {
  const std::optional<double> milli = readNumber(path, buf);
  if (!milli) return std::nullopt;
  return *milli / 1000.0;
}

// psutil's `path.split('_')[0]` for a file matching "<prefix>*_*": the file
// name up to its first '_' after the prefix.
std::optional<std::string> sensorBase(std::string_view name, std::string_view prefix) {
  if (!startsWith(name, prefix)) return std::nullopt;
  const std::size_t underscore = name.find('_', prefix.size());
  if (underscore == std::string_view::npos) return std::nullopt;
  return std::string(name.substr(0, underscore));
}

std::string dirname(const std::string& path) { return path.substr(0, path.rfind('/')); }

// The bases ("<dir>/temp1") of the regular files "<prefix>*_*" in `dir`.
void collectBases(const std::string& dir, std::string_view prefix, std::set<std::string>& out) {
  for (const std::string& name : listDir(dir)) {
    const std::optional<std::string> base = sensorBase(name, prefix);
    if (base && isRegularFile(dir + "/" + name)) out.insert(dir + "/" + *base);
  }
}

// Appends `sensor` to the group `name`, groups in order of first appearance.
template <typename T>
void addToGroup(SensorGroups<T>& groups, std::map<std::string, std::size_t>& index, std::string name,
                T sensor) {
  auto it = index.find(name);
  if (it == index.end()) {
    index.emplace(name, groups.size());
    groups.emplace_back(std::move(name), std::vector<T>{});
    groups.back().second.push_back(std::move(sensor));
  } else {
    groups[it->second].second.push_back(std::move(sensor));
  }
}

std::vector<std::string> hwmonDirs(const std::string& classDir) {
  std::vector<std::string> dirs;
  for (const std::string& name : listDir(classDir)) {
    if (startsWith(name, "hwmon")) dirs.push_back(classDir + "/" + name);
  }
  return dirs;
}

SensorGroups<TemperatureSensor> thermalZones(const std::string& sysRoot, FileBuffer& buf) {
  const std::string classDir = underRoot(sysRoot, "class/thermal");
  std::vector<std::string> zones;
  for (const std::string& name : listDir(classDir)) {
    if (startsWith(name, "thermal_zone")) zones.push_back(classDir + "/" + name);
  }
  std::sort(zones.begin(), zones.end());
  SensorGroups<TemperatureSensor> groups;
  std::map<std::string, std::size_t> index;
  for (const std::string& zone : zones) {
    const std::optional<double> current = readNumber(zone + "/temp", buf);
    const std::optional<std::string> type = readText(zone + "/type", buf);
    if (!current || !type) continue;
    // Trip points "trip_point_<n>_*", in numeric order; a later one of the
    // same type wins. psutil only looks for the types "critical" and "high".
    std::set<std::uint64_t> trips;
    for (const std::string& name : listDir(zone)) {
      std::string_view rest(name);
      if (!startsWith(rest, "trip_point_")) continue;
      rest.remove_prefix(11);
      std::uint64_t n;
      if (!rest.empty() && parse::isDigit(rest.front()) && parse::consumeU64(rest, n) && startsWith(rest, "_")) {
        trips.insert(n);
      }
    }
    TemperatureSensor t{"", *current / 1000.0, std::nullopt, std::nullopt};
    for (std::uint64_t n : trips) {
      const std::string trip = zone + "/trip_point_" + std::to_string(n);
      const std::string tripType = trimmed(readText(trip + "_type", buf));
      if (tripType == "critical") {
        t.critical = degrees(trip + "_temp", buf);
      } else if (tripType == "high") {
        t.high = degrees(trip + "_temp", buf);
      }
    }
    addToGroup(groups, index, trimmed(type), std::move(t));
  }
  return groups;
}

}  // namespace

SensorGroups<TemperatureSensor> sensorsTemperatures(const std::string& sysRoot) {
  const std::string classDir = underRoot(sysRoot, "class/hwmon");
  std::set<std::string> bases;  // sorted by bytes: psutil's sorted() for these names
  for (const std::string& dir : hwmonDirs(classDir)) {
    collectBases(dir, "temp", bases);
    collectBases(dir + "/device", "temp", bases);
  }
  std::vector<std::string> ordered(bases.begin(), bases.end());

  // coretemp hwmons not linked in class/hwmon (psutil issue 1708). psutil
  // compares a file name with the bases there, so it never reads them; we
  // compare bases, as it meant to.
  const std::string platform = underRoot(sysRoot, "devices/platform");
  std::set<std::string> coretemp;
  for (const std::string& device : listDir(platform)) {
    if (!startsWith(device, "coretemp.")) continue;
    const std::string hwmonParent = platform + "/" + device + "/hwmon";
    for (const std::string& hwmon : listDir(hwmonParent)) {
      if (startsWith(hwmon, "hwmon")) collectBases(hwmonParent + "/" + hwmon, "temp", coretemp);
    }
  }
  for (const std::string& base : coretemp) {
    const std::size_t file = base.rfind('/');
    const std::size_t hwmon = base.rfind('/', file - 1);
    if (bases.count(classDir + base.substr(hwmon)) == 0) ordered.push_back(base);
  }

  FileBuffer buf;
  if (ordered.empty()) return thermalZones(sysRoot, buf);

  SensorGroups<TemperatureSensor> groups;
  std::map<std::string, std::size_t> index;
  for (const std::string& base : ordered) {
    // psutil skips the whole entry when the input or the chip name cannot be read.
    const std::optional<double> current = readNumber(base + "_input", buf);
    if (!current) continue;
    const std::optional<std::string> name = readText(dirname(base) + "/name", buf);
    if (!name) continue;
    TemperatureSensor t{trimmed(readText(base + "_label", buf)), *current / 1000.0, degrees(base + "_max", buf),
                        degrees(base + "_crit", buf)};
    addToGroup(groups, index, trimmed(name), std::move(t));
  }
  return groups;
}

SensorGroups<FanSensor> sensorsFans(const std::string& sysRoot) {
  const std::string classDir = underRoot(sysRoot, "class/hwmon");
  std::set<std::string> direct, inDevice;
  for (const std::string& dir : hwmonDirs(classDir)) {
    collectBases(dir, "fan", direct);
    collectBases(dir + "/device", "fan", inDevice);
  }
  FileBuffer buf;
  SensorGroups<FanSensor> groups;
  std::map<std::string, std::size_t> index;
  for (const std::string& base : direct.empty() ? inDevice : direct) {
    const std::optional<double> current = readInteger(base + "_input", buf);
    if (!current) continue;
    const std::optional<std::string> name = readText(dirname(base) + "/name", buf);
    if (!name) continue;
    addToGroup(groups, index, trimmed(name), FanSensor{trimmed(readText(base + "_label", buf)), *current});
  }
  return groups;
}

std::optional<BatteryFiles> sensorsBattery(const std::string& sysRoot) {
  const std::string classDir = underRoot(sysRoot, "class/power_supply");
  std::optional<std::string> battery;
  for (const std::string& name : listDir(classDir)) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const bool isBattery = startsWith(name, "BAT") || lower.find("battery") != std::string::npos;
    if (isBattery && isDirectory(classDir + "/" + name) && (!battery || name < *battery)) battery = name;
  }
  if (!battery) return std::nullopt;

  FileBuffer buf;
  const std::string dir = classDir + "/" + *battery + "/";
  // psutil's multi_bcat: the first file that can be read decides, even when
  // its content is not a number.
  auto first = [&buf](std::initializer_list<std::string> paths) -> std::optional<double> {
    for (const std::string& path : paths) {
      std::optional<std::string> text = readText(path, buf);
      if (text) return number(text, true);
    }
    return std::nullopt;
  };
  BatteryFiles files;
  files.energyNow = first({dir + "energy_now", dir + "charge_now"});
  files.powerNow = first({dir + "power_now", dir + "current_now"});
  files.energyFull = first({dir + "energy_full", dir + "charge_full"});
  files.timeToEmptyNow = first({dir + "time_to_empty_now"});
  files.capacity = readNumber(dir + "capacity", buf);
  files.acOnline = first({classDir + "/AC0/online", classDir + "/AC/online"});
  const std::optional<std::string> status = readText(dir + "status", buf);
  if (status) files.status = std::string(parse::trim(*status));
  return files;
}

}  // namespace psnode
