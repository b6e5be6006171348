// The one place an OsError becomes a JS Error (shape: NativeErrorShape in
// src/backends/native/binding.ts).
#pragma once

#include <napi.h>

#include "common/error.h"

namespace psnode::js {

// message "open '/proc/x/stat' failed: ENOENT", plus code, errno, syscall and
// (when there is one) path.
Napi::Error toJsError(Napi::Env env, const OsError& error);

}  // namespace psnode::js
