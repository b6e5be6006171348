#include "common/error.h"

#include <cerrno>
#include <utility>

namespace psnode {

namespace {

// A table rather than strerrorname_np(): that is glibc >= 2.32 only, and the
// set of names that matter for /proc, /sys and utmp reads is small.
const char* knownErrnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ELOOP: return "ELOOP";
    case EOVERFLOW: return "EOVERFLOW";
    case ENOTSUP: return "ENOTSUP";
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return "EOPNOTSUPP";
#endif
    case ETIMEDOUT: return "ETIMEDOUT";
#ifdef ENODATA
    case ENODATA: return "ENODATA";
#endif
#ifdef ESTALE
    case ESTALE: return "ESTALE";
#endif
    default: return nullptr;
  }
}

std::string buildMessage(const std::string& syscall, int err,
                         const std::string& path) {
  std::string msg = syscall;
  if (!path.empty()) {
    msg += " '";
    msg += path;
    msg += '\'';
  }
  msg += " failed: ";
  msg += errnoName(err);
  return msg;
}

}  // namespace

OsError::OsError(std::string syscall, int err, std::string path)
    : syscall_(std::move(syscall)),
      // A caller passing 0 or a negative value is a bug; still keep the
      // documented "positive errno" promise rather than emit nonsense.
      err_(err > 0 ? err : (err < 0 ? -err : EIO)),
      path_(std::move(path)),
      message_(buildMessage(syscall_, err_, path_)) {}

void throwParseError(const std::string& path) {
  throw OsError("parse", EINVAL, path);
}

std::string errnoName(int err) {
  if (const char* name = knownErrnoName(err)) return name;
  return "E" + std::to_string(err);
}

}  // namespace psnode
