#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int log_console;

void log_msg(const char *fmt, ...) {
  static int fd = -1;
  char line[1024];
  if (fd < 0) fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC); /* not there before /dev is mounted */
  int n = snprintf(line, sizeof line, "<3>orca-agent: ");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof line - n, fmt, ap);
  va_end(ap);
  size_t len = strlen(line);
  if (log_console) {
    /* orca.debug on the kernel command line: straight to the console too, with the guest's uptime */
    char stamped[1100];
    int m = snprintf(stamped, sizeof stamped, "[%llu ms] %s\n", (unsigned long long)uptime_ms(), line + 3);
    if (write(2, stamped, m) < 0) log_console = 0;
  }
  if (fd >= 0 && write(fd, line, len) >= 0) return;
}

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p) { log_msg("out of memory"); abort(); }
  return p;
}

void *xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (!p) { log_msg("out of memory"); abort(); }
  return p;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

int write_file(const char *path, const char *data) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t len = strlen(data);
  ssize_t n = write(fd, data, len);
  int saved = errno;
  close(fd);
  errno = saved;
  return n == (ssize_t)len ? 0 : -1;
}

ssize_t read_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t total = 0;
  while (total + 1 < size) {
    ssize_t n = read(fd, buf + total, size - 1 - total);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += n;
  }
  close(fd);
  buf[total] = 0;
  return total;
}

int mkdir_p(const char *path, mode_t mode) {
  char tmp[4096];
  if (strlen(path) >= sizeof tmp) { errno = ENAMETOOLONG; return -1; }
  strcpy(tmp, path);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(tmp, mode) < 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(tmp, mode) < 0 && errno != EEXIST) return -1;
  return 0;
}

uint64_t realtime_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

uint64_t uptime_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_BOOTTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

uint64_t parse_u64(const char *s, uint64_t def) {
  if (!s || !*s) return def;
  return strtoull(s, NULL, 10);
}

int64_t parse_i64(const char *s, int64_t def) {
  if (!s || !*s) return def;
  return strtoll(s, NULL, 10);
}

void set_nonblock(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}
