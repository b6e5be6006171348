#include "node/js_error.h"

#include "common/strings.h"
#include "node/js_string.h"

namespace psnode::js {

Napi::Error toJsError(Napi::Env env, const OsError& error) {
  // The message embeds the path, which may hold arbitrary bytes.
  Napi::Error js = Napi::Error::New(env, toValidUtf8(error.what()));
  Napi::Object obj = js.Value();
  obj.Set("code", Napi::String::New(env, errnoName(error.err())));
  obj.Set("errno", Napi::Number::New(env, error.err()));
  obj.Set("syscall", Napi::String::New(env, error.syscall()));
  if (!error.path().empty()) obj.Set("path", osString(env, error.path()));
  return js;
}

}  // namespace psnode::js
