// The one error type the collectors throw, free of any Node-API dependency so
// the collectors can be exercised by a plain C++ driver.
#pragma once

#include <exception>
#include <string>

namespace psnode {

// A failed OS call (or unparsable OS-provided content, reported as
// syscall "parse" with errno EINVAL so callers need only one error shape).
class OsError : public std::exception {
 public:
  OsError(std::string syscall, int err, std::string path = {});

  const std::string& syscall() const noexcept { return syscall_; }
  int err() const noexcept { return err_; }  // always positive
  const std::string& path() const noexcept { return path_; }
  // "open '/proc/x/stat' failed: ENOENT", or "sysconf failed: EINVAL".
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string syscall_;
  int err_;
  std::string path_;
  std::string message_;
};

// Malformed content of a file we parsed: the single convention for it.
[[noreturn]] void throwParseError(const std::string& path);

// Symbolic name of an errno value ("ENOENT"); "E<num>" for ones not in the table.
std::string errnoName(int err);

}  // namespace psnode
