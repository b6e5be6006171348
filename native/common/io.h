// RAII wrappers for file descriptors and directory streams, and a bounded
// whole-file reader. All of it is reentrant: no shared buffers, no static state.
#pragma once

#include <dirent.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <fcntl.h>

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
  // `name` relative to the directory descriptor `dirFd` (openat semantics).
  Dir(int dirFd, const char* name) noexcept;
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
  friend int readFileAt(int, const char*, FileBuffer&, std::size_t, const char**,
                        bool) noexcept;
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

// readFileInto for `name` relative to the directory descriptor `dirFd`
// (AT_FDCWD for the current directory): reading several files of one
// /proc/<pid> through its descriptor skips the repeated path walk and keeps
// every read on the same process even if the pid is reused meanwhile.
//
// `shortReadEnds`: a read that returns less than asked is taken as the end,
// saving the read() that would return 0. Valid for /proc files produced by a
// single seq_file show (stat, status, statm, io, fdinfo, smaps_rollup), which
// hand over all they have in one read, and for regular files; NOT for
// cmdline/environ or multi-record seq_files (a short read there is one chunk).
int readFileAt(int dirFd, const char* name, FileBuffer& buf,
               std::size_t maxBytes = kMaxFileSize,
               const char** failedSyscall = nullptr,
               bool shortReadEnds = false) noexcept;

// Same, throwing OsError on failure.
std::string_view readFile(const std::string& path, FileBuffer& buf,
                          std::size_t maxBytes = kMaxFileSize);

// open() relative to a directory descriptor, retrying EINTR; -1 + errno on failure.
int openAt(int dirFd, const char* name, int flags) noexcept;

// readlinkat() into `out`, growing the buffer for long targets (up to 64 KiB:
// the kernel caps /proc link targets at a page). 0 or an errno; ENAMETOOLONG
// past the cap. Throws only std::bad_alloc.
int readLinkAt(int dirFd, const char* name, std::string& out);

// Streams a file line by line through a fixed buffer, for files too large to
// hold whole (/proc/<pid>/smaps of a big process runs to tens of MiB). Lines
// longer than the buffer, or more than `maxTotal` bytes in all, end the
// stream with EFBIG. Never throws.
class LineReader {
 public:
  static constexpr std::size_t kBufferSize = 64 * 1024;

  LineReader(int dirFd, const char* name, std::size_t maxTotal) noexcept;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // errno of the open, a read, or EFBIG; 0 while all is well and at EOF.
  int error() const noexcept { return error_; }
  // "open" or "read" for a failure.
  const char* failedSyscall() const noexcept { return syscall_; }
  // Next line without its '\n'. False at EOF or on error (check error()).
  // The view is valid until the next call.
  bool next(std::string_view& line) noexcept;

 private:
  bool fill() noexcept;

  Fd fd_;
  std::unique_ptr<char[]> buf_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::size_t total_ = 0;
  std::size_t maxTotal_;
  bool eof_ = false;
  int error_ = 0;
  const char* syscall_ = "";
};

// What the collectors need to know of a file: its type and, for devices, its
// device number.
struct FileInfo {
  unsigned mode = 0;  // st_mode: type and permission bits
  unsigned long long rdev = 0;  // device number of a character or block device
  bool isDirectory() const noexcept;
  bool isRegular() const noexcept;
  bool isCharDevice() const noexcept;
};

// stat() (or, with followLinks false, lstat()) relative to dirFd (AT_FDCWD for
// the current directory). Returns 0 or an errno. Built on statx() because
// glibc 2.33 turned stat()/fstatat() into versioned symbols, which would make
// the addon refuse to load on older systems (RHEL 8, Debian 10) for no reason;
// statx() only needs glibc 2.28, the floor Node itself has.
int fileInfo(int dirFd, const char* path, FileInfo& out, bool followLinks = true) noexcept;
inline int fileInfo(const std::string& path, FileInfo& out) noexcept {
  return fileInfo(AT_FDCWD, path.c_str(), out);
}

}  // namespace psnode
