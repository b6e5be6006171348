#include "common/io.h"

#include <sys/sysmacros.h>

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "common/error.h"

namespace psnode {

Fd::~Fd() {
  // close() may report EINTR on some systems but the descriptor is released
  // on Linux regardless; retrying could close someone else's fd.
  if (fd_ >= 0) ::close(fd_);
}

Dir::Dir(const std::string& path) noexcept : dir_(::opendir(path.c_str())) {
  if (dir_ == nullptr) error_ = errno;
}

Dir::Dir(int dirFd, const char* name) noexcept : dir_(nullptr) {
  int fd = openAt(dirFd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error_ = errno;
    return;
  }
  dir_ = ::fdopendir(fd);  // owns fd from here on
  if (dir_ == nullptr) {
    error_ = errno;
    ::close(fd);
  }
}

Dir::~Dir() {
  if (dir_ != nullptr) ::closedir(dir_);
}

bool Dir::next(std::string_view& name) noexcept {
  if (dir_ == nullptr) return false;
  for (;;) {
    // readdir() signals errors only through errno, so it must be cleared first.
    errno = 0;
    const dirent* entry = ::readdir(dir_);
    if (entry == nullptr) {
      error_ = errno;
      return false;
    }
    const char* n = entry->d_name;
    if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
    name = n;
    return true;
  }
}

namespace {

ssize_t readRetrying(int fd, char* dst, std::size_t len) noexcept {
  ssize_t n;
  do {
    n = ::read(fd, dst, len);
  } while (n < 0 && errno == EINTR);
  return n;
}

}  // namespace

int openAt(int dirFd, const char* name, int flags) noexcept {
  int fd;
  do {
    fd = ::openat(dirFd, name, flags);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

int readFileInto(const std::string& path, FileBuffer& buf, std::size_t maxBytes,
                 const char** failedSyscall) noexcept {
  return readFileAt(AT_FDCWD, path.c_str(), buf, maxBytes, failedSyscall);
}

int readFileAt(int dirFd, const char* name, FileBuffer& buf, std::size_t maxBytes,
               const char** failedSyscall, bool shortReadEnds) noexcept {
  const char* ignored;
  const char*& syscall = failedSyscall != nullptr ? *failedSyscall : ignored;
  buf.size_ = 0;

  int raw = openAt(dirFd, name, O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    syscall = "open";
    return errno;
  }
  Fd fd(raw);

  for (;;) {
    std::size_t limit = buf.capacity_ < maxBytes ? buf.capacity_ : maxBytes;
    if (buf.size_ == limit) {
      if (limit == maxBytes) {
        // Full at the cap: one more byte tells "exactly maxBytes" from "too big".
        char probe;
        ssize_t n = readRetrying(fd.get(), &probe, 1);
        if (n < 0) {
          syscall = "read";
          return errno;
        }
        if (n > 0) {
          syscall = "read";
          return EFBIG;
        }
        return 0;
      }
      std::size_t grown = buf.capacity_ * 2;
      if (grown > maxBytes) grown = maxBytes;
      std::unique_ptr<char[]> bigger(new (std::nothrow) char[grown]);
      if (!bigger) {
        syscall = "malloc";
        return ENOMEM;
      }
      std::memcpy(bigger.get(), buf.data_, buf.size_);
      buf.heap_ = std::move(bigger);
      buf.data_ = buf.heap_.get();
      buf.capacity_ = grown;
      continue;
    }
    const std::size_t wanted = limit - buf.size_;
    ssize_t n = readRetrying(fd.get(), buf.data_ + buf.size_, wanted);
    if (n < 0) {
      syscall = "read";
      return errno;
    }
    if (n == 0) return 0;
    buf.size_ += static_cast<std::size_t>(n);
    if (shortReadEnds && static_cast<std::size_t>(n) < wanted) return 0;
  }
}

std::string_view readFile(const std::string& path, FileBuffer& buf,
                          std::size_t maxBytes) {
  const char* syscall = "";
  if (int err = readFileInto(path, buf, maxBytes, &syscall)) {
    throw OsError(syscall, err, path);
  }
  return buf.view();
}

int readLinkAt(int dirFd, const char* name, std::string& out) {
  constexpr std::size_t kMaxLink = 64 * 1024;
  // Most targets fit the first try; a full buffer may mean truncation.
  for (std::size_t size = 512;; size *= 2) {
    out.resize(size);
    ssize_t n = ::readlinkat(dirFd, name, out.data(), size);
    if (n < 0) {
      out.clear();
      return errno;
    }
    if (static_cast<std::size_t>(n) < size) {
      out.resize(static_cast<std::size_t>(n));
      return 0;
    }
    if (size >= kMaxLink) {
      out.clear();
      return ENAMETOOLONG;
    }
  }
}

LineReader::LineReader(int dirFd, const char* name, std::size_t maxTotal) noexcept
    : fd_(openAt(dirFd, name, O_RDONLY | O_CLOEXEC)), maxTotal_(maxTotal) {
  if (!fd_) {
    error_ = errno;
    syscall_ = "open";
    return;
  }
  buf_.reset(new (std::nothrow) char[kBufferSize]);
  if (!buf_) {
    error_ = ENOMEM;
    syscall_ = "malloc";
  }
}

bool LineReader::fill() noexcept {
  // Keep the unread tail, then top the buffer up.
  std::memmove(buf_.get(), buf_.get() + start_, end_ - start_);
  end_ -= start_;
  start_ = 0;
  if (end_ == kBufferSize) {  // one line fills the whole buffer
    error_ = EFBIG;
    syscall_ = "read";
    return false;
  }
  ssize_t n = readRetrying(fd_.get(), buf_.get() + end_, kBufferSize - end_);
  if (n < 0) {
    error_ = errno;
    syscall_ = "read";
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  total_ += static_cast<std::size_t>(n);
  if (total_ > maxTotal_) {
    error_ = EFBIG;
    syscall_ = "read";
    return false;
  }
  end_ += static_cast<std::size_t>(n);
  return true;
}

bool LineReader::next(std::string_view& line) noexcept {
  if (error_ != 0) return false;
  for (;;) {
    const char* begin = buf_.get() + start_;
    const void* nl = std::memchr(begin, '\n', end_ - start_);
    if (nl != nullptr) {
      std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - begin);
      line = std::string_view(begin, len);
      start_ += len + 1;
      return true;
    }
    if (eof_ || !fill()) {
      if (error_ != 0 || start_ == end_) return false;
      // A last line without '\n'.
      line = std::string_view(buf_.get() + start_, end_ - start_);
      start_ = end_;
      return true;
    }
  }
}

bool FileInfo::isDirectory() const noexcept { return S_ISDIR(mode); }
bool FileInfo::isRegular() const noexcept { return S_ISREG(mode); }
bool FileInfo::isCharDevice() const noexcept { return S_ISCHR(mode); }

int fileInfo(int dirFd, const char* path, FileInfo& out, bool followLinks) noexcept {
  struct statx st;
  const int flags = followLinks ? 0 : AT_SYMLINK_NOFOLLOW;
  if (::statx(dirFd, path, flags, STATX_TYPE | STATX_MODE, &st) != 0) return errno;
  out.mode = st.stx_mode;
  out.rdev = makedev(st.stx_rdev_major, st.stx_rdev_minor);
  return 0;
}

}  // namespace psnode
