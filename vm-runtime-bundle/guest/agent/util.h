/* Small helpers: logging to the kernel log, files, time, memory. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define AGENT_VERSION "1"

/* Logs to the kernel log (and to the console when log_console is set). */
extern int log_console;
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* Writes data to an existing file (sysfs, procfs, cgroupfs); 0 or -1 with errno. */
int write_file(const char *path, const char *data);
/* Reads a whole small file into buf, NUL-terminated; bytes read or -1. */
ssize_t read_file(const char *path, char *buf, size_t size);
int mkdir_p(const char *path, mode_t mode);
uint64_t realtime_ns(void);
uint64_t uptime_ms(void);
/* Parses a decimal number; def when s is NULL or empty. */
uint64_t parse_u64(const char *s, uint64_t def);
int64_t parse_i64(const char *s, int64_t def);
void set_nonblock(int fd);
