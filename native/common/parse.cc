#include "common/parse.h"

#include <cstring>

namespace psnode::parse {

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool nextLine(std::string_view& text, std::string_view& line) noexcept {
  if (text.empty()) return false;
  // memchr is vectorised; /proc/stat's intr line can be tens of KiB we skip.
  const void* nl = std::memchr(text.data(), '\n', text.size());
  if (nl == nullptr) {
    line = text;
    text = {};
  } else {
    std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
    line = text.substr(0, len);
    text.remove_prefix(len + 1);
  }
  return true;
}

void skipBlanks(std::string_view& s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && isBlank(s[i])) ++i;
  s.remove_prefix(i);
}

bool consumeU64(std::string_view& s, std::uint64_t& out) noexcept {
  std::size_t i = 0;
  while (i < s.size() && isBlank(s[i])) ++i;
  std::size_t start = i;
  std::uint64_t value = 0;
  for (; i < s.size() && isDigit(s[i]); ++i) {
    unsigned digit = static_cast<unsigned>(s[i] - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  if (i == start) return false;
  out = value;
  s.remove_prefix(i);
  return true;
}

namespace {

// Powers of ten exactly representable as doubles.
constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr int kMaxExactPow10 = 22;
constexpr std::uint64_t kMaxExactMantissa = std::uint64_t{1} << 53;

double scaleByPow10(double value, int exp10) noexcept {
  // Only reached for absurdly long numbers; repeated scaling is good enough.
  while (exp10 > kMaxExactPow10) {
    value *= kExactPow10[kMaxExactPow10];
    exp10 -= kMaxExactPow10;
  }
  while (exp10 < -kMaxExactPow10) {
    value /= kExactPow10[kMaxExactPow10];
    exp10 += kMaxExactPow10;
  }
  return exp10 >= 0 ? value * kExactPow10[exp10] : value / kExactPow10[-exp10];
}

}  // namespace

bool consumeDecimal(std::string_view& s, double& out) noexcept {
  std::size_t i = 0;
  while (i < s.size() && isBlank(s[i])) ++i;

  // Keep up to 19 significant digits in an integer (no overflow possible),
  // tracking the decimal exponent separately.
  std::uint64_t mantissa = 0;
  int kept = 0;
  int exp10 = 0;
  bool anyDigit = false;

  for (; i < s.size() && isDigit(s[i]); ++i) {
    anyDigit = true;
    if (kept < 19) {
      mantissa = mantissa * 10 + static_cast<unsigned>(s[i] - '0');
      if (mantissa != 0) ++kept;
    } else {
      ++exp10;  // dropped integer digit: still scales the value
    }
  }
  if (i < s.size() && s[i] == '.') {
    std::size_t dot = i++;
    bool fracDigit = false;
    for (; i < s.size() && isDigit(s[i]); ++i) {
      fracDigit = true;
      if (kept < 19) {
        mantissa = mantissa * 10 + static_cast<unsigned>(s[i] - '0');
        if (mantissa != 0) ++kept;
        --exp10;
      }
    }
    anyDigit = anyDigit || fracDigit;
    // A lone "." or a trailing "." with nothing after it: stop before the dot.
    if (!fracDigit) i = dot;
  }
  if (!anyDigit) return false;

  double value = static_cast<double>(mantissa);
  if (mantissa <= kMaxExactMantissa && exp10 >= -kMaxExactPow10 &&
      exp10 <= kMaxExactPow10) {
    // Both operands exact, so one IEEE operation yields the correctly rounded
    // result (Clinger's fast path).
    value = exp10 >= 0 ? value * kExactPow10[exp10] : value / kExactPow10[-exp10];
  } else {
    value = scaleByPow10(value, exp10);
  }
  out = value;
  s.remove_prefix(i);
  return true;
}

bool parseU64(std::string_view s, std::uint64_t& out) noexcept {
  s = trim(s);
  std::uint64_t value;
  if (!consumeU64(s, value) || !s.empty()) return false;
  out = value;
  return true;
}

}  // namespace psnode::parse
