// RAII wrappers for file descriptors and directory streams, and a bounded
// whole-file reader. All of it is reentrant: no shared buffers, no static state.
#pragma once

#include <dirent.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace psnode {

// Largest file we agree to read. /proc/cpuinfo on a 1024-CPU machine is ~1.5 MiB;
// anything far bigger means we are not reading what we think we are.
inline constexpr std::size_t kMaxFileSize = 8u << 20;

class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  ~Fd();
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }

 private:
  int fd_;
};

// A private DIR*: readdir() on a stream nobody else touches is thread-safe.
class Dir {
 public:
  explicit Dir(const std::string& path) noexcept;
  ~Dir();
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;

  explicit operator bool() const noexcept { return dir_ != nullptr; }
  // errno of a failed opendir() or readdir(); 0 otherwise.
  int error() const noexcept { return error_; }
  // Next entry name (never "." or ".."). False at the end or on error; check
  // error() to tell which. The view is valid until the next call.
  bool next(std::string_view& name) noexcept;

 private:
  DIR* dir_;
  int error_ = 0;
};

// Destination of readFile(): starts in inline storage (so the common case of a
// few-KiB /proc file costs no allocation) and moves to the heap when needed.
// Reusable: each read overwrites the previous content.
class FileBuffer {
 public:
  FileBuffer() noexcept = default;
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;

  std::string_view view() const noexcept { return {data_, size_}; }

 private:
  friend int readFileInto(const std::string&, FileBuffer&, std::size_t,
                          const char**) noexcept;
  static constexpr std::size_t kInlineSize = 16 * 1024;

  char inline_[kInlineSize];  // deliberately uninitialised: only read() fills it
  std::unique_ptr<char[]> heap_;
  char* data_ = inline_;
  std::size_t capacity_ = kInlineSize;
  std::size_t size_ = 0;
};

// Reads the whole file (handling EINTR and short reads, as /proc hands out
// content a page at a time). Returns 0 or an errno and, through failedSyscall,
// which call failed ("open", "read", or "read" with EFBIG past maxBytes,
// "malloc" with ENOMEM). Never throws.
int readFileInto(const std::string& path, FileBuffer& buf,
                 std::size_t maxBytes = kMaxFileSize,
                 const char** failedSyscall = nullptr) noexcept;

// Same, throwing OsError on failure.
std::string_view readFile(const std::string& path, FileBuffer& buf,
                          std::size_t maxBytes = kMaxFileSize);

}  // namespace psnode
