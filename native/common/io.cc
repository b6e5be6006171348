#include "common/io.h"

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

int readFileInto(const std::string& path, FileBuffer& buf, std::size_t maxBytes,
                 const char** failedSyscall) noexcept {
  const char* ignored;
  const char*& syscall = failedSyscall != nullptr ? *failedSyscall : ignored;
  buf.size_ = 0;

  int raw;
  do {
    raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (raw < 0 && errno == EINTR);
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
    ssize_t n = readRetrying(fd.get(), buf.data_ + buf.size_, limit - buf.size_);
    if (n < 0) {
      syscall = "read";
      return errno;
    }
    if (n == 0) return 0;
    buf.size_ += static_cast<std::size_t>(n);
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

}  // namespace psnode
