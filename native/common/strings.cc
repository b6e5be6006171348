#include "common/strings.h"

#include <cstdint>
#include <cstring>

namespace psnode {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Outcome of decoding one sequence starting with a non-ASCII lead byte.
struct Step {
  std::size_t length;  // bytes consumed
  bool valid;          // true: bytes [0, length) are a well-formed character
};

// One step of the WHATWG decoder from a non-ASCII lead byte at s[0]. For an
// ill-formed sequence `length` is the maximal subpart to replace by a single
// U+FFFD: the lead plus every continuation byte that was still acceptable.
// The byte that broke the sequence is not consumed, so it is decoded afresh.
Step decodeOne(const unsigned char* s, std::size_t n) noexcept {
  const unsigned char lead = s[0];
  std::size_t needed;
  // The first continuation byte has a narrower range for some leads: that is
  // what rules out overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
  unsigned char lower = 0x80, upper = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    if (lead == 0xE0) lower = 0xA0;
    if (lead == 0xED) upper = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    if (lead == 0xF0) lower = 0x90;
    if (lead == 0xF4) upper = 0x8F;
  } else {
    // 80..C1 (continuation bytes, overlong 2-byte leads) and F5..FF.
    return {1, false};
  }

  std::size_t i = 1;
  for (; i <= needed; ++i) {
    if (i >= n) return {i, false};  // truncated by end of input
    const unsigned char c = s[i];
    if (c < lower || c > upper) return {i, false};
    lower = 0x80;
    upper = 0xBF;
  }
  return {i, true};
}

}  // namespace

std::size_t validUtf8Prefix(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // OS strings are overwhelmingly ASCII: test eight bytes per iteration.
    if (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    Step step = decodeOne(s + i, n - i);
    if (!step.valid) return i;
    i += step.length;
  }
  return n;
}

std::string toValidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = validUtf8Prefix(bytes);

  std::string out;
  // Worst case every byte becomes a 3-byte U+FFFD; reserving for the usual
  // case (a few replacements) avoids most regrowth without tripling memory.
  out.reserve(n + 8);
  out.append(bytes.data(), i);

  while (i < n) {
    if (s[i] < 0x80) {
      out.push_back(static_cast<char>(s[i]));
      ++i;
      continue;
    }
    Step step = decodeOne(s + i, n - i);
    if (step.valid) {
      out.append(bytes.data() + i, step.length);
    } else {
      out.append(kReplacement, 3);
    }
    i += step.length;
  }
  return out;
}

}  // namespace psnode
