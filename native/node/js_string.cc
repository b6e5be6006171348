#include "node/js_string.h"

#include <string>

#include "common/strings.h"

namespace psnode::js {

Napi::String osString(Napi::Env env, std::string_view bytes) {
  // Valid input (the norm) goes to V8 without a copy. V8 would also repair
  // invalid input itself, but its replacement rules are not a documented
  // contract, so we hand it only well-formed UTF-8.
  if (validUtf8Prefix(bytes) == bytes.size()) {
    return Napi::String::New(env, bytes.empty() ? "" : bytes.data(), bytes.size());
  }
  const std::string fixed = toValidUtf8(bytes);
  return Napi::String::New(env, fixed.data(), fixed.size());
}

}  // namespace psnode::js
