// Node-API glue: validates arguments, calls the collectors, converts their
// structs to JS values. No state lives here, so the addon can be loaded by
// the main thread and any number of worker_threads at once.
#include <napi.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <string>

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

Napi::Value nullable(Napi::Env env, const std::optional<unsigned>& n) {
  if (!n) return env.Null();
  return Napi::Number::New(env, *n);
}

Napi::Value CpuTimes(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const std::vector<CpuTimesRow> rows = cpuTimes(kProcRoot);
    Napi::Float64Array out = Napi::Float64Array::New(env, rows.size() * kCpuTimeFields);
    std::memcpy(out.Data(), rows.data(), rows.size() * sizeof(CpuTimesRow));
    return out;
  });
}

Napi::Value CpuStats(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const psnode::CpuStats s = cpuStats(kProcRoot);
    Napi::Object out = Napi::Object::New(env);
    out.Set("ctxSwitches", s.ctxSwitches);
    out.Set("interrupts", s.interrupts);
    out.Set("softInterrupts", s.softInterrupts);
    return out;
  });
}

Napi::Value BootTime(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    return Napi::Number::New(env, bootTime(kProcRoot));
  });
}

Napi::Value CpuCountLogical(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    return nullable(env, cpuCountLogical(kProcRoot));
  });
}

Napi::Value CpuCountPhysical(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    return nullable(env, cpuCountPhysical(kProcRoot, kSysRoot));
  });
}

Napi::Value CpuFreq(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const auto freqs = cpuFreq(kProcRoot, kSysRoot);
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
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const std::array<double, 3> load = loadAvg(kProcRoot);
    Napi::Float64Array out = Napi::Float64Array::New(env, load.size());
    std::memcpy(out.Data(), load.data(), sizeof load);
    return out;
  });
}

Napi::Value VirtualMemory(const Napi::CallbackInfo& info) {
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const psnode::VirtualMemory vm = virtualMemory(kProcRoot);
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
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const psnode::SwapMemory swap = swapMemory(kProcRoot);
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
  return guarded(info, [](Napi::Env env) -> Napi::Value {
    const std::vector<int> list = pids(kProcRoot);
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
    // src/api validates; anything that is not a plausible pid simply does not
    // exist (and must never reach kill() as 0 or a negative group id).
    if (!(pid >= 1 && pid <= std::numeric_limits<int>::max()) || std::floor(pid) != pid) {
      return Napi::Boolean::New(env, false);
    }
    return Napi::Boolean::New(env, pidExists(static_cast<long long>(pid), kProcRoot));
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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
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
  return exports;
}

}  // namespace

NODE_API_MODULE(psnode, Init)
