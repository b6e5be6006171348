// Turning bytes the OS hands us (utmp fields, file contents, paths) into valid
// UTF-8. Invalid input never fails: each maximal subpart of an ill-formed
// sequence becomes one U+FFFD, exactly as the WHATWG Encoding Standard's UTF-8
// decoder does (and so as TextDecoder and Buffer#toString('utf8') do).
// Embedded NULs are ordinary characters and kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace psnode {

// Length of the longest prefix of `bytes` that is well-formed UTF-8 and does
// not end inside a sequence. Equals bytes.size() for valid input.
std::size_t validUtf8Prefix(std::string_view bytes) noexcept;

// `bytes` with every ill-formed subpart replaced by U+FFFD.
std::string toValidUtf8(std::string_view bytes);

}  // namespace psnode
