// Node-API glue: validates arguments, calls the collectors, converts their
// structs to JS values. No state lives here, so the addon can be loaded by
// the main thread and any number of worker_threads at once.
#include <napi.h>
#include <sys/socket.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "collectors.h"
#include "node/js_error.h"
#include "node/js_string.h"

namespace {

using namespace psnode;

static_assert(sizeof(CpuTimesRow) == kCpuTimeFields * sizeof(double),
              "cpuTimes rows are copied into the Float64Array as one block");

// Runs one binding body with every C++ failure mapped to a JS exception.
// node-addon-api only forwards Napi::Error; anything else escaping would
// terminate the process.
template <typename Body>
Napi::Value guarded(const Napi::CallbackInfo& info, Body&& body) {
  Napi::Env env = info.Env();
  try {
    return body(env);
  } catch (const Napi::Error&) {
    throw;  // already a JS error (argument validation)
  } catch (const OsError& e) {
    throw js::toJsError(env, e);
  } catch (const std::bad_alloc&) {
    throw js::toJsError(env, OsError("malloc", ENOMEM));
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

// A root argument (procfs or sysfs), optional and trailing on every call that
// reads /proc or /sys: absent or undefined means the default. src/backends/roots.ts checks it first; this
// keeps a bad value from ever reaching open().
std::string rootArg(const Napi::CallbackInfo& info, std::size_t index, const std::string& fallback,
                    const char* what) {
  if (info.Length() <= index || info[index].IsUndefined()) return fallback;
  if (!info[index].IsString()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  std::string root = info[index].As<Napi::String>().Utf8Value();
  if (root.empty() || root.front() != '/' || root.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be an absolute path without NUL bytes");
  }
  return root;
}

Napi::Value nullable(Napi::Env env, const std::optional<unsigned>& n) {
  if (!n) return env.Null();
  return Napi::Number::New(env, *n);
}

Napi::Value CpuTimes(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::vector<CpuTimesRow> rows = cpuTimes(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Float64Array out = Napi::Float64Array::New(env, rows.size() * kCpuTimeFields);
    std::memcpy(out.Data(), rows.data(), rows.size() * sizeof(CpuTimesRow));
    return out;
  });
}

Napi::Value CpuStats(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const psnode::CpuStats s = cpuStats(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Object out = Napi::Object::New(env);
    out.Set("ctxSwitches", s.ctxSwitches);
    out.Set("interrupts", s.interrupts);
    out.Set("softInterrupts", s.softInterrupts);
    return out;
  });
}

Napi::Value BootTime(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    return Napi::Number::New(env, bootTime(rootArg(info, 0, kProcRoot, "procRoot")));
  });
}

Napi::Value CpuCountLogical(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    return nullable(env, cpuCountLogical(rootArg(info, 0, kProcRoot, "procRoot")));
  });
}

Napi::Value CpuCountPhysical(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::string procRoot = rootArg(info, 0, kProcRoot, "procRoot");
    return nullable(env, cpuCountPhysical(procRoot, rootArg(info, 1, kSysRoot, "sysRoot")));
  });
}

Napi::Value CpuFreq(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::string procRoot = rootArg(info, 0, kProcRoot, "procRoot");
    const auto freqs = cpuFreq(procRoot, rootArg(info, 1, kSysRoot, "sysRoot"));
    if (!freqs) return env.Null();
    Napi::Float64Array out = Napi::Float64Array::New(env, freqs->size() * 3);
    double* data = out.Data();
    for (const psnode::CpuFreq& f : *freqs) {
      *data++ = f.current;
      *data++ = f.min;
      *data++ = f.max;
    }
    return out;
  });
}

Napi::Value LoadAvg(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::array<double, 3> load = loadAvg(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Float64Array out = Napi::Float64Array::New(env, load.size());
    std::memcpy(out.Data(), load.data(), sizeof load);
    return out;
  });
}

Napi::Value VirtualMemory(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const psnode::VirtualMemory vm = virtualMemory(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Object out = Napi::Object::New(env);
    out.Set("total", vm.total);
    out.Set("available", vm.available);
    out.Set("free", vm.free);
    out.Set("active", vm.active);
    out.Set("inactive", vm.inactive);
    out.Set("buffers", vm.buffers);
    out.Set("cached", vm.cached);
    out.Set("shared", vm.shared);
    out.Set("slab", vm.slab);
    return out;
  });
}

Napi::Value SwapMemory(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const psnode::SwapMemory swap = swapMemory(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Object out = Napi::Object::New(env);
    out.Set("total", swap.total);
    out.Set("free", swap.free);
    out.Set("sin", swap.sin);
    out.Set("sout", swap.sout);
    return out;
  });
}

Napi::Value Users(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    std::string path = defaultUtmpPath();
    if (info.Length() > 0 && !info[0].IsUndefined() && !info[0].IsNull()) {
      if (!info[0].IsString()) throw Napi::TypeError::New(env, "utmpPath must be a string");
      path = info[0].As<Napi::String>().Utf8Value();
      // open() would silently stop at the NUL and read another file.
      if (path.find('\0') != std::string::npos) {
        throw Napi::TypeError::New(env, "utmpPath must not contain NUL bytes");
      }
    }
    const std::vector<UserSession> sessions = users(path);
    Napi::Array out = Napi::Array::New(env, sessions.size());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      const UserSession& s = sessions[i];
      Napi::Object user = Napi::Object::New(env);
      user.Set("name", js::osString(env, s.name));
      user.Set("terminal", s.terminal.empty() ? env.Null() : js::osString(env, s.terminal));
      user.Set("host", s.host.empty() ? env.Null() : js::osString(env, s.host));
      user.Set("started", s.started);
      user.Set("pid", s.pid == 0 ? env.Null() : Napi::Number::New(env, s.pid));
      out.Set(static_cast<uint32_t>(i), user);
    }
    return out;
  });
}

Napi::Value Pids(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::vector<int> list = pids(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Array out = Napi::Array::New(env, list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      out.Set(static_cast<uint32_t>(i), Napi::Number::New(env, list[i]));
    }
    return out;
  });
}

Napi::Value PidExists(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsNumber()) {
      throw Napi::TypeError::New(env, "pid must be a number");
    }
    const double pid = info[0].As<Napi::Number>().DoubleValue();
    const std::string procRoot = rootArg(info, 1, kProcRoot, "procRoot");
    // src/api validates; anything that is not a plausible pid simply does not
    // exist (and must never reach kill() as 0 or a negative group id).
    if (!(pid >= 1 && pid <= std::numeric_limits<int>::max()) || std::floor(pid) != pid) {
      return Napi::Boolean::New(env, false);
    }
    return Napi::Boolean::New(env, pidExists(static_cast<long long>(pid), procRoot));
  });
}

Napi::Value DecodeOsString(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsTypedArray() ||
        info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw Napi::TypeError::New(env, "bytes must be a Uint8Array");
    }
    Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
    // A detached buffer has no data and length 0.
    const char* data = reinterpret_cast<const char*>(bytes.Data());
    return js::osString(env, std::string_view(data ? data : "", bytes.ElementLength()));
  });
}

// --- processes --------------------------------------------------------------

// Keys of the objects the process calls return; the attribute names follow
// them (attrKey). The names are kKeyNames, in this order.
enum Key : unsigned {
  kPid, kCreateTime, kStartTime, kZombie, kValues, kErrors, kExists, kCode, kErrno, kSyscall, kPath,
  kReal, kEffective, kSaved, kIoclass, kValue, kReadCount, kWriteCount, kReadBytes,
  kWriteBytes, kReadChars, kWriteChars, kVoluntary, kInvoluntary, kId, kUserTime, kSystemTime,
  kUser, kSystem, kChildrenUser, kChildrenSystem, kIowait, kRss, kVms, kShared, kText, kData,
  kLib, kDirty, kUss, kPss, kSwap, kMinor, kMajor, kFd, kPosition, kMode, kFlags, kAddr,
  kPerms, kSize, kSharedClean, kSharedDirty, kPrivateClean, kPrivateDirty, kReferenced,
  kAnonymous, kKeyCount
};
constexpr const char* kKeyNames[] = {
    "pid", "createTime", "startTime", "zombie", "values", "errors", "exists", "code", "errno", "syscall", "path",
    "real", "effective", "saved", "ioclass", "value", "readCount", "writeCount", "readBytes",
    "writeBytes", "readChars", "writeChars", "voluntary", "involuntary", "id", "userTime",
    "systemTime", "user", "system", "childrenUser", "childrenSystem", "iowait", "rss", "vms",
    "shared", "text", "data", "lib", "dirty", "uss", "pss", "swap", "minor", "major", "fd",
    "position", "mode", "flags", "addr", "perms", "size", "sharedClean", "sharedDirty",
    "privateClean", "privateDirty", "referenced", "anonymous"};
static_assert(sizeof kKeyNames / sizeof kKeyNames[0] == kKeyCount, "one name per Key");

unsigned attrKey(ProcAttr attr) { return kKeyCount + static_cast<unsigned>(attr); }

// Per-environment state (each worker_thread has its own, released with it):
// the boot time that every createTime of this environment adds to, read once
// per procfs root so that a clock step cannot make one process look like two
// (a worker serves every configured root, each with its own btime); and the
// property keys of the process objects.
// The keys live in one array because Node-API before version 10 can only
// reference objects, not strings.
struct AddonData {
  explicit AddonData(Napi::Env env) {
    Napi::Array names = Napi::Array::New(env, kKeyCount + kProcAttrCount);
    uint32_t i = 0;
    for (const char* name : kKeyNames) names.Set(i++, name);
    for (const char* name : kProcAttrNames) names.Set(i++, name);
    keys = Napi::Persistent(names);
  }
  // btime per procfs root (a host's /proc has the host's boot time).
  std::map<std::string, double> bootTimes;
  Napi::Reference<Napi::Array> keys;
};

ProcessReadOptions readOptions(Napi::Env env, const std::string& procRoot) {
  AddonData* data = env.GetInstanceData<AddonData>();
  auto found = data->bootTimes.find(procRoot);
  if (found == data->bootTimes.end()) found = data->bootTimes.emplace(procRoot, bootTime(procRoot)).first;
  ProcessReadOptions options;
  options.procRoot = procRoot;
  options.bootTime = found->second;
  return options;
}

// Integer-valued number argument, or TypeError.
double integerArg(const Napi::CallbackInfo& info, std::size_t index, const char* what) {
  Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw Napi::TypeError::New(env, std::string(what) + " must be a number");
  }
  const double value = info[index].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(value) || std::floor(value) != value) {
    throw Napi::TypeError::New(env, std::string(what) + " must be an integer");
  }
  return value;
}

// A pid as the collectors take it. Out-of-range values are passed on as
// such (they do not exist: ESRCH), never wrapped into a valid pid.
long long pidArg(const Napi::CallbackInfo& info) {
  const double pid = integerArg(info, 0, "pid");
  if (pid < 0 || pid > static_cast<double>(std::numeric_limits<int>::max())) return -1;
  return static_cast<long long>(pid);
}

int intArg(const Napi::CallbackInfo& info, std::size_t index, const char* what) {
  const double value = integerArg(info, index, what);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    throw Napi::RangeError::New(info.Env(), std::string(what) + " is out of range");
  }
  return static_cast<int>(value);
}

ProcMask maskArg(const Napi::CallbackInfo& info, std::size_t index) {
  const double mask = integerArg(info, index, "mask");
  if (mask < 0 || mask > static_cast<double>(kAllProcAttrs) ||
      (static_cast<ProcMask>(mask) & ~kAllProcAttrs) != 0) {
    throw Napi::RangeError::New(info.Env(), "mask has bits beyond the known attributes");
  }
  return static_cast<ProcMask>(mask);
}

// Builds the plain objects of RawProcessRead. Property keys come from the
// per-environment cache (a scan sets ~30 properties per process, and
// napi_set_named_property would create and intern each key from its C string
// every time); values go in with raw napi calls, checked in one place.
// Measured: a third less time per process for an 8-attribute scan.
class JsBuilder {
 public:
  // Takes every key handle now, in the caller's scope: a handle first taken
  // inside a per-process HandleScope would die with that scope.
  explicit JsBuilder(Napi::Env env) : env_(env) {
    napi_value names = env.GetInstanceData<AddonData>()->keys.Value();
    for (uint32_t k = 0; k < kKeyCount + kProcAttrCount; ++k) {
      check(napi_get_element(env_, names, k, &keys_[k]));
    }
  }

  napi_value object() {
    napi_value o;
    check(napi_create_object(env_, &o));
    return o;
  }
  napi_value array(std::size_t length) {
    napi_value a;
    check(napi_create_array_with_length(env_, length, &a));
    return a;
  }
  napi_value number(double value) {
    napi_value n;
    check(napi_create_double(env_, value, &n));
    return n;
  }
  napi_value str(std::string_view bytes) { return js::osString(env_, bytes); }
  napi_value ascii(const char* text) { return Napi::String::New(env_, text); }
  napi_value boolean(bool value) {
    napi_value b;
    check(napi_get_boolean(env_, value, &b));
    return b;
  }

  void set(napi_value object, unsigned key, napi_value value) {
    check(napi_set_property(env_, object, keys_[key], value));
  }
  void set(napi_value object, unsigned key, double value) { set(object, key, number(value)); }
  void setAt(napi_value array, std::size_t index, napi_value value) {
    check(napi_set_element(env_, array, static_cast<uint32_t>(index), value));
  }
  // An own data property, not an assignment: an environment variable named
  // "__proto__" must become a key, not replace the object's prototype.
  void define(napi_value object, napi_value name, napi_value value) {
    napi_property_descriptor d{};
    d.name = name;
    d.value = value;
    d.attributes = napi_default_jsproperty;
    check(napi_define_properties(env_, object, 1, &d));
  }

 private:
  void check(napi_status status) {
    if (status != napi_ok) throw Napi::Error::New(env_);
  }

  Napi::Env env_;
  napi_value keys_[kKeyCount + kProcAttrCount] = {};
};

napi_value idsObject(JsBuilder& js, const ProcIds& ids) {
  napi_value o = js.object();
  js.set(o, kReal, ids.real);
  js.set(o, kEffective, ids.effective);
  js.set(o, kSaved, ids.saved);
  return o;
}

napi_value stringArray(JsBuilder& js, const std::vector<std::string>& items) {
  napi_value out = js.array(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) js.setAt(out, i, js.str(items[i]));
  return out;
}

napi_value environObject(JsBuilder& js, const std::vector<std::pair<std::string, std::string>>& entries) {
  napi_value o = js.object();
  for (const auto& [key, value] : entries) js.define(o, js.str(key), js.str(value));
  return o;
}

// statm fields of memoryInfo (psutil's pmem), shared by the three memory attributes.
napi_value memoryObject(JsBuilder& js, const ProcStatm& m) {
  napi_value o = js.object();
  js.set(o, kRss, m.rss);
  js.set(o, kVms, m.vms);
  js.set(o, kShared, m.shared);
  js.set(o, kText, m.text);
  js.set(o, kData, m.data);
  return o;
}

napi_value cpuTimesObject(JsBuilder& js, const ProcCpuTimes& t) {
  napi_value o = js.object();
  js.set(o, kUser, t.user);
  js.set(o, kSystem, t.system);
  js.set(o, kChildrenUser, t.childrenUser);
  js.set(o, kChildrenSystem, t.childrenSystem);
  js.set(o, kIowait, t.iowait);
  return o;
}

napi_value ioObject(JsBuilder& js, const ProcIoCounters& io) {
  napi_value o = js.object();
  js.set(o, kReadCount, io.readCount);
  js.set(o, kWriteCount, io.writeCount);
  js.set(o, kReadBytes, io.readBytes);
  js.set(o, kWriteBytes, io.writeBytes);
  js.set(o, kReadChars, io.readChars);
  js.set(o, kWriteChars, io.writeChars);
  return o;
}

napi_value pairObject(JsBuilder& js, unsigned k1, double v1, unsigned k2, double v2) {
  napi_value o = js.object();
  js.set(o, k1, v1);
  js.set(o, k2, v2);
  return o;
}

napi_value threadsArray(JsBuilder& js, const std::vector<ProcThread>& threads) {
  napi_value out = js.array(threads.size());
  for (std::size_t i = 0; i < threads.size(); ++i) {
    napi_value t = js.object();
    js.set(t, kId, threads[i].id);
    js.set(t, kUserTime, threads[i].userTime);
    js.set(t, kSystemTime, threads[i].systemTime);
    js.setAt(out, i, t);
  }
  return out;
}

napi_value openFilesArray(JsBuilder& js, const std::vector<ProcOpenFile>& files) {
  napi_value out = js.array(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    napi_value f = js.object();
    js.set(f, kPath, js.str(files[i].path));
    js.set(f, kFd, files[i].fd);
    js.set(f, kPosition, files[i].position);
    js.set(f, kMode, js.ascii(files[i].mode));
    js.set(f, kFlags, files[i].flags);
    js.setAt(out, i, f);
  }
  return out;
}

napi_value memoryMapsArray(JsBuilder& js, const std::vector<ProcMemoryMap>& maps) {
  napi_value out = js.array(maps.size());
  for (std::size_t i = 0; i < maps.size(); ++i) {
    const ProcMemoryMap& m = maps[i];
    napi_value o = js.object();
    js.set(o, kAddr, js.str(m.addr));
    js.set(o, kPerms, js.str(m.perms));
    js.set(o, kPath, js.str(m.path));
    js.set(o, kRss, m.rss);
    js.set(o, kSize, m.size);
    js.set(o, kPss, m.pss);
    js.set(o, kSharedClean, m.sharedClean);
    js.set(o, kSharedDirty, m.sharedDirty);
    js.set(o, kPrivateClean, m.privateClean);
    js.set(o, kPrivateDirty, m.privateDirty);
    js.set(o, kReferenced, m.referenced);
    js.set(o, kAnonymous, m.anonymous);
    js.set(o, kSwap, m.swap);
    js.setAt(out, i, o);
  }
  return out;
}

napi_value intArray(JsBuilder& js, const std::vector<int>& items) {
  napi_value out = js.array(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) js.setAt(out, i, js.number(items[i]));
  return out;
}

// The value of one read attribute, in the ProcessValues shape of
// src/backends/process-types.ts.
napi_value attrValue(JsBuilder& js, Napi::Env env, const ProcessInfo& p, ProcAttr attr) {
  switch (attr) {
    case ProcAttr::kPpid: return js.number(p.ppid);
    case ProcAttr::kName: return js.str(p.name);
    case ProcAttr::kExe: return js.str(p.exe);
    case ProcAttr::kCmdline: return stringArray(js, p.cmdline);
    case ProcAttr::kEnviron: return environObject(js, p.environ);
    case ProcAttr::kCreateTime: return js.number(p.createTime);
    case ProcAttr::kStatus: return js.ascii(p.status);
    case ProcAttr::kCwd: return js.str(p.cwd);
    case ProcAttr::kUsername: return js.str(p.username);
    case ProcAttr::kUids: return idsObject(js, p.uids);
    case ProcAttr::kGids: return idsObject(js, p.gids);
    case ProcAttr::kTerminal: return p.terminal ? js.str(*p.terminal) : napi_value(env.Null());
    case ProcAttr::kNice: return js.number(p.nice);
    case ProcAttr::kIonice: return pairObject(js, kIoclass, p.ioclass, kValue, p.iolevel);
    case ProcAttr::kIoCounters: return ioObject(js, p.io);
    case ProcAttr::kNumCtxSwitches:
      return pairObject(js, kVoluntary, p.ctxVoluntary, kInvoluntary, p.ctxInvoluntary);
    case ProcAttr::kNumFds: return js.number(p.numFds);
    case ProcAttr::kNumThreads: return js.number(p.numThreads);
    case ProcAttr::kThreads: return threadsArray(js, p.threads);
    case ProcAttr::kCpuTimes: return cpuTimesObject(js, p.cpuTimes);
    case ProcAttr::kCpuNum: return js.number(p.cpuNum);
    case ProcAttr::kCpuAffinity: return intArray(js, p.cpuAffinity);
    case ProcAttr::kMemoryInfo: return memoryObject(js, p.statm);
    case ProcAttr::kMemoryInfoEx: {
      napi_value o = memoryObject(js, p.statm);
      js.set(o, kLib, p.statm.lib);
      js.set(o, kDirty, p.statm.dirty);
      return o;
    }
    case ProcAttr::kMemoryFullInfo: {
      napi_value o = memoryObject(js, p.statm);
      js.set(o, kUss, p.footprint.uss);
      js.set(o, kPss, p.footprint.pss);
      js.set(o, kSwap, p.footprint.swap);
      return o;
    }
    case ProcAttr::kPageFaults: return pairObject(js, kMinor, p.minorFaults, kMajor, p.majorFaults);
    case ProcAttr::kOpenFiles: return openFilesArray(js, p.openFiles);
    case ProcAttr::kMemoryMaps: return memoryMapsArray(js, p.memoryMaps);
    case ProcAttr::kCount: break;
  }
  return env.Undefined();
}

// RawAttrError: the errno name, or EPARSE for content we could not parse.
napi_value attrError(JsBuilder& js, const ProcAttrError& e) {
  napi_value o = js.object();
  js.set(o, kCode, js.ascii(e.syscall == "parse" ? "EPARSE" : errnoName(e.err).c_str()));
  js.set(o, kErrno, e.err);
  js.set(o, kSyscall, js.ascii(e.syscall.c_str()));
  if (!e.path.empty()) js.set(o, kPath, js.str(e.path));
  return o;
}

// RawProcessRead.
napi_value processObject(JsBuilder& js, Napi::Env env, const ProcessInfo& p) {
  napi_value values = js.object();
  for (std::size_t i = 0; i < kProcAttrCount; ++i) {
    const auto attr = static_cast<ProcAttr>(i);
    if (p.has(attr)) js.set(values, attrKey(attr), attrValue(js, env, p, attr));
  }
  napi_value errors = js.object();
  for (const ProcAttrError& e : p.errors) js.set(errors, attrKey(e.attr), attrError(js, e));
  napi_value o = js.object();
  js.set(o, kPid, p.pid);
  js.set(o, kCreateTime, p.createTime);
  js.set(o, kStartTime, p.startTime);
  js.set(o, kZombie, js.boolean(p.zombie));
  js.set(o, kValues, values);
  js.set(o, kErrors, errors);
  js.set(o, kExists, js.boolean(p.exists));
  return o;
}

Napi::Value ProcessRead(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const long long pid = pidArg(info);
    const ProcMask mask = maskArg(info, 1);
    const ProcessInfo read = processRead(pid, mask, readOptions(env, rootArg(info, 2, kProcRoot, "procRoot")));
    JsBuilder js(env);
    return Napi::Value(env, processObject(js, env, read));
  });
}

Napi::Value ProcessScan(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const ProcMask mask = maskArg(info, 0);
    const std::vector<ProcessInfo> all = processScan(mask, readOptions(env, rootArg(info, 1, kProcRoot, "procRoot")));
    JsBuilder js(env);
    napi_value out = js.array(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      // One scope per process: the handles of its values die with it.
      Napi::HandleScope scope(env);
      js.setAt(out, i, processObject(js, env, all[i]));
    }
    return Napi::Value(env, out);
  });
}

// A limit from JS: -1 (RLIM_INFINITY) or an integer in [0, 2^53].
double rlimitArg(const Napi::CallbackInfo& info, std::size_t index, const char* what) {
  const double value = integerArg(info, index, what);
  if (value < -1 || value > 9007199254740992.0) {
    throw Napi::RangeError::New(info.Env(), std::string(what) + " is out of range");
  }
  return value;
}

Napi::Value ProcessRlimit(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const long long pid = pidArg(info);
    const int resource = intArg(info, 1, "resource");
    std::optional<std::array<double, 2>> limits;
    const bool setting = info.Length() > 2 && !info[2].IsUndefined();
    if (setting) limits = std::array<double, 2>{rlimitArg(info, 2, "soft"), rlimitArg(info, 3, "hard")};
    const std::array<double, 2> old = processRlimit(pid, resource, limits);
    Napi::Array out = Napi::Array::New(env, 2);
    out.Set(0u, old[0]);
    out.Set(1u, old[1]);
    return out;
  });
}

Napi::Value ProcessSetNice(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    processSetNice(pidArg(info), intArg(info, 1, "value"));
    return env.Undefined();
  });
}

Napi::Value ProcessSetIonice(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const long long pid = pidArg(info);
    const int ioclass = intArg(info, 1, "ioclass");
    const int value = intArg(info, 2, "value");
    // Wider values would spill into the other half of the ioprio word.
    if (ioclass < 0 || ioclass > 7 || value < 0 || value > 0x1fff) {
      throw Napi::RangeError::New(env, "ioclass or value is out of range");
    }
    processSetIonice(pid, ioclass, value);
    return env.Undefined();
  });
}

Napi::Value ProcessSetCpuAffinity(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const long long pid = pidArg(info);
    if (info.Length() < 2 || !info[1].IsArray()) throw Napi::TypeError::New(env, "cpus must be an array");
    Napi::Array list = info[1].As<Napi::Array>();
    std::vector<int> cpus;
    cpus.reserve(list.Length());
    for (uint32_t i = 0; i < list.Length(); ++i) {
      Napi::Value item = list.Get(i);
      const double cpu = item.IsNumber() ? item.As<Napi::Number>().DoubleValue() : -1;
      // The set is allocated up to the highest CPU: keep that bounded.
      if (!(cpu >= 0 && cpu < (1 << 20)) || std::floor(cpu) != cpu) {
        throw Napi::TypeError::New(env, "cpus must hold CPU numbers (integers from 0)");
      }
      cpus.push_back(static_cast<int>(cpu));
    }
    processSetCpuAffinity(pid, cpus);
    return env.Undefined();
  });
}

// --- network ------------------------------------------------------------

// The shapes of src/backends/net-types.ts (RawNetIoCounters, RawNetIfAddr,
// RawNetIfStats, RawNetConnection). Keys are made once per call.

Napi::Value NetIoCounters(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::vector<psnode::NetIoCounters> rows = netIoCounters(rootArg(info, 0, kProcRoot, "procRoot"));
    const Napi::String name = Napi::String::New(env, "name"), bytesSent = Napi::String::New(env, "bytesSent"),
                       bytesRecv = Napi::String::New(env, "bytesRecv"),
                       packetsSent = Napi::String::New(env, "packetsSent"),
                       packetsRecv = Napi::String::New(env, "packetsRecv"), errin = Napi::String::New(env, "errin"),
                       errout = Napi::String::New(env, "errout"), dropin = Napi::String::New(env, "dropin"),
                       dropout = Napi::String::New(env, "dropout");
    Napi::Array out = Napi::Array::New(env, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const psnode::NetIoCounters& r = rows[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set(name, js::osString(env, r.name));
      o.Set(bytesSent, r.bytesSent);
      o.Set(bytesRecv, r.bytesRecv);
      o.Set(packetsSent, r.packetsSent);
      o.Set(packetsRecv, r.packetsRecv);
      o.Set(errin, r.errin);
      o.Set(errout, r.errout);
      o.Set(dropin, r.dropin);
      o.Set(dropout, r.dropout);
      out.Set(static_cast<uint32_t>(i), o);
    }
    return out;
  });
}

Napi::Value NetIfAddrs(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const std::vector<psnode::NetIfAddr> rows = netIfAddrs();
    const Napi::String name = Napi::String::New(env, "name"), family = Napi::String::New(env, "family"),
                       address = Napi::String::New(env, "address"), netmask = Napi::String::New(env, "netmask"),
                       broadcast = Napi::String::New(env, "broadcast"), ptp = Napi::String::New(env, "ptp");
    auto text = [env](const std::optional<std::string>& s) -> Napi::Value {
      return s ? Napi::Value(js::osString(env, *s)) : env.Null();
    };
    Napi::Array out = Napi::Array::New(env, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const psnode::NetIfAddr& r = rows[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set(name, js::osString(env, r.name));
      o.Set(family, r.family);
      o.Set(address, js::osString(env, r.address));
      o.Set(netmask, text(r.netmask));
      o.Set(broadcast, text(r.broadcast));
      o.Set(ptp, text(r.ptp));
      out.Set(static_cast<uint32_t>(i), o);
    }
    return out;
  });
}

Napi::Value NetIfStats(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::vector<psnode::NetIfStats> rows = netIfStats(rootArg(info, 0, kProcRoot, "procRoot"));
    const Napi::String name = Napi::String::New(env, "name"), flags = Napi::String::New(env, "flags"),
                       mtu = Napi::String::New(env, "mtu"), duplex = Napi::String::New(env, "duplex"),
                       speed = Napi::String::New(env, "speed");
    Napi::Array out = Napi::Array::New(env, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const psnode::NetIfStats& r = rows[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set(name, js::osString(env, r.name));
      o.Set(flags, r.flags);
      o.Set(mtu, r.mtu);
      o.Set(duplex, r.duplex);
      o.Set(speed, r.speed);
      out.Set(static_cast<uint32_t>(i), o);
    }
    return out;
  });
}

// netConnections(tables, pid?): `tables` has bit i for NET_SOCKET_TABLES[i];
// `pid` null or absent for every process.
Napi::Value NetConnections(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const double tables = integerArg(info, 0, "tables");
    if (tables < 1 || tables > kAllNetTables) throw Napi::RangeError::New(env, "tables is out of range");
    long long pid = -1;
    if (info.Length() > 1 && !info[1].IsNull() && !info[1].IsUndefined()) {
      const double value = integerArg(info, 1, "pid");
      if (value < 0) throw Napi::RangeError::New(env, "pid must be >= 0");
      // Beyond any pid: the collector reports it gone (ENOENT).
      pid = value > static_cast<double>(std::numeric_limits<int>::max()) ? std::numeric_limits<int>::max() + 1LL
                                                                         : static_cast<long long>(value);
    }
    const std::vector<NetConnection> rows = netConnections(static_cast<unsigned>(tables), pid, rootArg(info, 2, kProcRoot, "procRoot"));
    const Napi::String fd = Napi::String::New(env, "fd"), family = Napi::String::New(env, "family"),
                       type = Napi::String::New(env, "type"), laddr = Napi::String::New(env, "laddr"),
                       raddr = Napi::String::New(env, "raddr"), status = Napi::String::New(env, "status"),
                       pidKey = Napi::String::New(env, "pid"), ip = Napi::String::New(env, "ip"),
                       port = Napi::String::New(env, "port");
    auto inet = [&](const std::string& addr, int p) -> Napi::Value {
      if (p == 0) return env.Null();
      Napi::Object a = Napi::Object::New(env);
      a.Set(ip, Napi::String::New(env, addr));
      a.Set(port, p);
      return a;
    };
    Napi::Array out = Napi::Array::New(env, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Napi::HandleScope scope(env);
      const NetConnection& c = rows[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set(fd, c.fd);
      o.Set(family, c.family);
      o.Set(type, c.type);
      if (c.family == AF_UNIX) {
        o.Set(laddr, c.laddr.empty() ? env.Null() : Napi::Value(js::osString(env, c.laddr)));
        o.Set(raddr, env.Null());
      } else {
        o.Set(laddr, inet(c.laddr, c.lport));
        o.Set(raddr, inet(c.raddr, c.rport));
      }
      o.Set(status, Napi::String::New(env, c.status));
      o.Set(pidKey, c.pid == 0 ? env.Null() : Napi::Number::New(env, c.pid));
      out.Set(static_cast<uint32_t>(i), o);
    }
    return out;
  });
}

// --- disks and sensors -------------------------------------------------------

Napi::Value DiskPartitions(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const psnode::DiskPartitions parts = diskPartitions(rootArg(info, 0, kProcRoot, "procRoot"));
    Napi::Array mounts = Napi::Array::New(env, parts.mounts.size());
    for (std::size_t i = 0; i < parts.mounts.size(); ++i) {
      const MountEntry& m = parts.mounts[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("device", js::osString(env, m.device));
      o.Set("mountpoint", js::osString(env, m.mountpoint));
      o.Set("fstype", js::osString(env, m.fstype));
      o.Set("opts", js::osString(env, m.opts));
      mounts.Set(static_cast<uint32_t>(i), o);
    }
    Napi::Array filesystems = Napi::Array::New(env, parts.filesystems.size());
    for (std::size_t i = 0; i < parts.filesystems.size(); ++i) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", js::osString(env, parts.filesystems[i].name));
      o.Set("nodev", Napi::Boolean::New(env, parts.filesystems[i].nodev));
      filesystems.Set(static_cast<uint32_t>(i), o);
    }
    Napi::Object out = Napi::Object::New(env);
    out.Set("mounts", mounts);
    out.Set("filesystems", filesystems);
    out.Set("rootDevice", parts.rootDevice ? Napi::Value(js::osString(env, *parts.rootDevice)) : env.Null());
    return out;
  });
}

Napi::Value DiskUsage(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "path must be a string");
    const std::string path = info[0].As<Napi::String>().Utf8Value();
    // statvfs() would silently stop at the NUL and measure another path.
    if (path.empty() || path.find('\0') != std::string::npos) {
      throw Napi::TypeError::New(env, "path must be a non-empty string without NUL bytes");
    }
    const psnode::DiskUsage usage = diskUsage(path);
    Napi::Object out = Napi::Object::New(env);
    out.Set("total", usage.total);
    out.Set("used", usage.used);
    out.Set("free", usage.free);
    return out;
  });
}

// Values per line of diskIoCounters: the storage flag, then DISK_IO_FIELDS
// (src/backends/disk-sensors-types.ts) in order.
constexpr std::size_t kDiskIoRow = 10;

Napi::Value DiskIoCounters(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::string procRoot = rootArg(info, 0, kProcRoot, "procRoot");
    const std::vector<DiskIoLine> lines = diskIoCounters(procRoot, rootArg(info, 1, kSysRoot, "sysRoot"));
    Napi::Array names = Napi::Array::New(env, lines.size());
    Napi::Float64Array values = Napi::Float64Array::New(env, lines.size() * kDiskIoRow);
    double* v = values.Data();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const DiskIoLine& d = lines[i];
      names.Set(static_cast<uint32_t>(i), js::osString(env, d.name));
      for (double x : {d.storage ? 1.0 : 0.0, d.readCount, d.writeCount, d.readBytes, d.writeBytes, d.readTime,
                       d.writeTime, d.readMergedCount, d.writeMergedCount, d.busyTime}) {
        *v++ = x;
      }
    }
    Napi::Object out = Napi::Object::New(env);
    out.Set("names", names);
    out.Set("values", values);
    return out;
  });
}

Napi::Value optionalNumber(Napi::Env env, const std::optional<double>& value) {
  return value ? Napi::Value(Napi::Number::New(env, *value)) : env.Null();
}

// RawSensorGroups: [[name, [sensor, …]], …]; `toJs` makes one sensor object.
template <typename T, typename ToJs>
Napi::Array sensorGroups(Napi::Env env, const SensorGroups<T>& groups, ToJs toJs) {
  Napi::Array out = Napi::Array::New(env, groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& [name, sensors] = groups[g];
    Napi::Array list = Napi::Array::New(env, sensors.size());
    for (std::size_t i = 0; i < sensors.size(); ++i) list.Set(static_cast<uint32_t>(i), toJs(sensors[i]));
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, js::osString(env, name));
    pair.Set(1u, list);
    out.Set(static_cast<uint32_t>(g), pair);
  }
  return out;
}

Napi::Value SensorsTemperatures(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const auto groups = sensorsTemperatures(rootArg(info, 0, kSysRoot, "sysRoot"));
    return sensorGroups(env, groups, [env](const TemperatureSensor& t) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("label", js::osString(env, t.label));
      o.Set("current", t.current);
      o.Set("high", optionalNumber(env, t.high));
      o.Set("critical", optionalNumber(env, t.critical));
      return o;
    });
  });
}

Napi::Value SensorsFans(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const auto groups = sensorsFans(rootArg(info, 0, kSysRoot, "sysRoot"));
    return sensorGroups(env, groups, [env](const FanSensor& f) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("label", js::osString(env, f.label));
      o.Set("current", f.current);
      return o;
    });
  });
}

Napi::Value SensorsBattery(const Napi::CallbackInfo& info) {
  return guarded(info, [&info](Napi::Env env) -> Napi::Value {
    const std::optional<BatteryFiles> battery = sensorsBattery(rootArg(info, 0, kSysRoot, "sysRoot"));
    if (!battery) return env.Null();
    Napi::Object o = Napi::Object::New(env);
    o.Set("energyNow", optionalNumber(env, battery->energyNow));
    o.Set("powerNow", optionalNumber(env, battery->powerNow));
    o.Set("energyFull", optionalNumber(env, battery->energyFull));
    o.Set("timeToEmptyNow", optionalNumber(env, battery->timeToEmptyNow));
    o.Set("capacity", optionalNumber(env, battery->capacity));
    o.Set("acOnline", optionalNumber(env, battery->acOnline));
    o.Set("status", battery->status ? Napi::Value(js::osString(env, *battery->status)) : env.Null());
    return o;
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new AddonData(env));
  exports.Set("cpuTimes", Napi::Function::New(env, CpuTimes, "cpuTimes"));
  exports.Set("cpuStats", Napi::Function::New(env, CpuStats, "cpuStats"));
  exports.Set("bootTime", Napi::Function::New(env, BootTime, "bootTime"));
  exports.Set("cpuCountLogical", Napi::Function::New(env, CpuCountLogical, "cpuCountLogical"));
  exports.Set("cpuCountPhysical",
              Napi::Function::New(env, CpuCountPhysical, "cpuCountPhysical"));
  exports.Set("cpuFreq", Napi::Function::New(env, CpuFreq, "cpuFreq"));
  exports.Set("loadAvg", Napi::Function::New(env, LoadAvg, "loadAvg"));
  exports.Set("virtualMemory", Napi::Function::New(env, VirtualMemory, "virtualMemory"));
  exports.Set("swapMemory", Napi::Function::New(env, SwapMemory, "swapMemory"));
  exports.Set("users", Napi::Function::New(env, Users, "users"));
  exports.Set("pids", Napi::Function::New(env, Pids, "pids"));
  exports.Set("pidExists", Napi::Function::New(env, PidExists, "pidExists"));
  exports.Set("decodeOsString", Napi::Function::New(env, DecodeOsString, "decodeOsString"));
  exports.Set("processRead", Napi::Function::New(env, ProcessRead, "processRead"));
  exports.Set("processScan", Napi::Function::New(env, ProcessScan, "processScan"));
  exports.Set("processRlimit", Napi::Function::New(env, ProcessRlimit, "processRlimit"));
  exports.Set("processSetNice", Napi::Function::New(env, ProcessSetNice, "processSetNice"));
  exports.Set("processSetIonice", Napi::Function::New(env, ProcessSetIonice, "processSetIonice"));
  exports.Set("processSetCpuAffinity",
              Napi::Function::New(env, ProcessSetCpuAffinity, "processSetCpuAffinity"));
  Napi::Array attrNames = Napi::Array::New(env, kProcAttrCount);
  for (std::size_t i = 0; i < kProcAttrCount; ++i) {
    attrNames.Set(static_cast<uint32_t>(i), kProcAttrNames[i]);
  }
  exports.Set("processAttrs", attrNames);
  exports.Set("diskPartitions", Napi::Function::New(env, DiskPartitions, "diskPartitions"));
  exports.Set("diskUsage", Napi::Function::New(env, DiskUsage, "diskUsage"));
  exports.Set("diskIoCounters", Napi::Function::New(env, DiskIoCounters, "diskIoCounters"));
  exports.Set("sensorsTemperatures",
              Napi::Function::New(env, SensorsTemperatures, "sensorsTemperatures"));
  exports.Set("sensorsFans", Napi::Function::New(env, SensorsFans, "sensorsFans"));
  exports.Set("sensorsBattery", Napi::Function::New(env, SensorsBattery, "sensorsBattery"));
  exports.Set("netIoCounters", Napi::Function::New(env, NetIoCounters, "netIoCounters"));
  exports.Set("netIfAddrs", Napi::Function::New(env, NetIfAddrs, "netIfAddrs"));
  exports.Set("netIfStats", Napi::Function::New(env, NetIfStats, "netIfStats"));
  exports.Set("netConnections", Napi::Function::New(env, NetConnections, "netConnections"));
  return exports;
}

}  // namespace

NODE_API_MODULE(psnode, Init)
