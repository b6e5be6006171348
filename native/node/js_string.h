// The one way an OS-provided string becomes a JS string.
#pragma once

#include <napi.h>

#include <string_view>

namespace psnode::js {

// Bytes -> JS string, ill-formed UTF-8 replaced by U+FFFD exactly as
// TextDecoder does (see common/strings.h). Never throws on bad input.
Napi::String osString(Napi::Env env, std::string_view bytes);

}  // namespace psnode::js
