// Hand-written parsing of /proc and /sys text. Nothing here throws, allocates,
// or depends on the locale (strtod would honour LC_NUMERIC's decimal point).
// Every function reports failure by returning false, leaving the policy (skip
// or throwParseError) to the caller.
#pragma once

#include <cstdint>
#include <string_view>

namespace psnode::parse {

inline bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
inline bool isBlank(char c) noexcept { return c == ' ' || c == '\t'; }
inline bool isSpace(char c) noexcept {
  return isBlank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

inline bool startsWith(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

// ASCII-only, as the keys we look for in /proc are.
bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) noexcept;

std::string_view trim(std::string_view s) noexcept;

// Splits the next line (without its '\n') off the front of `text`.
// False once `text` is exhausted.
bool nextLine(std::string_view& text, std::string_view& line) noexcept;

// Drops leading blanks (spaces and tabs) from `s`.
void skipBlanks(std::string_view& s) noexcept;

// Consumes optional blanks then an unsigned decimal integer from the front of
// `s`. False (and `s` untouched) when there are no digits or the value
// overflows 64 bits.
bool consumeU64(std::string_view& s, std::uint64_t& out) noexcept;

// Consumes optional blanks then `digits[.digits]` (or `.digits`). The result
// is correctly rounded whenever the significant digits fit in 2^53 and there
// are at most 22 fractional digits, which covers every value /proc prints;
// beyond that it is within a few ULP.
bool consumeDecimal(std::string_view& s, double& out) noexcept;

// The whole of `s`, surrounding whitespace aside, must be one integer.
bool parseU64(std::string_view s, std::uint64_t& out) noexcept;

}  // namespace psnode::parse
