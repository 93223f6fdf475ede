#include "child.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* linux/capability.h (not in musl's include path) */
#define LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_LAST_CAP 40
struct cap_header {
  uint32_t version;
  int pid;
};
struct cap_data {
  uint32_t effective, permitted, inheritable;
};

/* linux/filter.h, linux/seccomp.h */
#define SECCOMP_MODE_FILTER 2
#define BPF_MAXINSNS 4096
struct sock_filter {
  uint16_t code;
  uint8_t jt, jf;
  uint32_t k;
};
struct sock_fprog {
  unsigned short len;
  struct sock_filter *filter;
};

static int error_fd = -1;
static struct sock_fprog seccomp_filter; /* from seccomp_bpf; installed at most once */
static const char *container_id = "";

void child_init(int fd, const char *id) {
  error_fd = fd;
  container_id = id;
  /* the agent blocks SIGCHLD and SIGIO (it reads them from a signalfd) and ignores SIGPIPE: not the process */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGPIPE, SIG_DFL);
}

void child_fail(const char *fmt, ...) {
  char message[4096];
  int n = snprintf(message, sizeof message, "container \"%s\": ", container_id);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message + n, sizeof message - n, fmt, ap);
  va_end(ap);
  if (error_fd >= 0 && write(error_fd, message, strlen(message)) < 0) _exit(126);
  _exit(126);
}

static const char *get(const struct fields *f, const char *key, const char *def) {
  const char *v = field_get(f, key);
  return v && *v ? v : def;
}

static void apply_rlimits(const struct fields *f) {
  size_t pos = 0;
  for (const char *r; (r = field_next(f, "rlimit", &pos));) {
    unsigned resource;
    unsigned long long soft, hard;
    if (sscanf(r, "%u %llu %llu", &resource, &soft, &hard) != 3) child_fail("rlimit %s: want RESOURCE SOFT HARD", r);
    struct rlimit limit = {soft, hard};
    if (setrlimit(resource, &limit) < 0) child_fail("setrlimit %s: %s", r, strerror(errno));
  }
}

static int last_cap(void) {
  char text[32];
  if (read_file("/proc/sys/kernel/cap_last_cap", text, sizeof text) > 0) return atoi(text);
  return CAP_LAST_CAP;
}

static void apply_identity(const struct fields *f) {
  uint64_t bounding = parse_u64(field_get(f, "cap_bounding"), 0), effective = parse_u64(field_get(f, "cap_effective"), 0);
  uint64_t permitted = parse_u64(field_get(f, "cap_permitted"), 0), inheritable = parse_u64(field_get(f, "cap_inheritable"), 0);
  uint64_t ambient = parse_u64(field_get(f, "cap_ambient"), 0);
  int last = last_cap();
  for (int cap = 0; cap <= last; cap++)
    if (!(bounding & (1ull << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      child_fail("drop capability %d from the bounding set: %s", cap, strerror(errno));

  uid_t uid = parse_u64(field_get(f, "uid"), 0);
  gid_t gid = parse_u64(field_get(f, "gid"), 0);
  gid_t groups[256];
  size_t ngroups = 0;
  char list[4096];
  snprintf(list, sizeof list, "%s", get(f, "gids", ""));
  for (char *save, *g = strtok_r(list, ",", &save); g && ngroups < 256; g = strtok_r(NULL, ",", &save))
    groups[ngroups++] = strtoul(g, NULL, 10);
  if (setgroups(ngroups, groups) < 0) child_fail("setgroups: %s", strerror(errno));
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) child_fail("keep capabilities: %s", strerror(errno));
  if (setresgid(gid, gid, gid) < 0) child_fail("setgid %u: %s", gid, strerror(errno));
  if (setresuid(uid, uid, uid) < 0) child_fail("setuid %u: %s", uid, strerror(errno));
  prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);

  struct cap_header header = {LINUX_CAPABILITY_VERSION_3, 0};
  struct cap_data data[2] = {
    {(uint32_t)effective, (uint32_t)permitted, (uint32_t)inheritable},
    {(uint32_t)(effective >> 32), (uint32_t)(permitted >> 32), (uint32_t)(inheritable >> 32)},
  };
  if (syscall(SYS_capset, &header, data) < 0) child_fail("capset: %s", strerror(errno));
  for (int cap = 0; cap <= last; cap++)
    if ((ambient & (1ull << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      child_fail("raise ambient capability %d: %s", cap, strerror(errno));
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* seccomp_bpf: the host-compiled struct sock_filter array as lowercase hex. */
static void seccomp_decode(const struct fields *f) {
  const char *hex = field_get(f, "seccomp_bpf");
  if (!hex || !*hex) return;
  size_t n = strlen(hex);
  if (n % (2 * sizeof(struct sock_filter)) || n / (2 * sizeof(struct sock_filter)) > BPF_MAXINSNS)
    child_fail("seccomp_bpf: %zu hex digits are not 1 to %d BPF instructions", n, BPF_MAXINSNS);
  uint8_t *bytes = xmalloc(n / 2);
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) child_fail("seccomp_bpf: not lowercase hex at digit %zu", 2 * i);
    bytes[i] = hi << 4 | lo;
  }
  seccomp_filter.len = n / (2 * sizeof(struct sock_filter));
  seccomp_filter.filter = (struct sock_filter *)bytes;
}

static void seccomp_install(void) {
  if (!seccomp_filter.filter) return;
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &seccomp_filter, 0, 0) < 0)
    child_fail("load the seccomp filter: %s", strerror(errno));
  seccomp_filter.filter = NULL;
}

static int no_new_privs(const struct fields *f) {
  return strcmp(get(f, "no_new_privs", "0"), "1") == 0;
}

static int executable(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

/* Go's exec.LookPath, as runc words its failures. */
static const char *look_path(const struct fields *f, const char *name) {
  static char found[4096];
  if (strchr(name, '/')) {
    struct stat st;
    if (stat(name, &st) < 0) child_fail("exec: \"%s\": stat %s: %s", name, name, strerror(errno));
    if (!executable(name)) child_fail("exec: \"%s\": permission denied", name);
    return name;
  }
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  size_t pos = 0;
  for (const char *e; (e = field_next(f, "env", &pos));)
    if (strncmp(e, "PATH=", 5) == 0) path = e + 5;
  for (const char *dir = path; dir;) {
    const char *end = strchr(dir, ':');
    int len = end ? (int)(end - dir) : (int)strlen(dir);
    snprintf(found, sizeof found, "%.*s/%s", len ? len : 1, len ? dir : ".", name);
    if (executable(found)) return found;
    dir = end ? end + 1 : NULL;
  }
  child_fail("exec: \"%s\": executable file not found in $PATH", name);
}

const char *child_process(const struct fields *f) {
  const char *arg0 = field_get(f, "arg");
  if (!arg0) child_fail("no arg to run");
  seccomp_decode(f);
  apply_rlimits(f);
  const char *adj = field_get(f, "oom_score_adj");
  if (adj && *adj && write_file("/proc/self/oom_score_adj", adj) < 0)
    child_fail("write oom_score_adj %s: %s", adj, strerror(errno));
  const char *mask = field_get(f, "umask");
  if (mask && *mask) umask(strtoul(mask, NULL, 8));
  const char *cwd = get(f, "cwd", "/");
  if (chdir(cwd) < 0) {
    if (errno != ENOENT || mkdir_p(cwd, 0755) < 0 || chdir(cwd) < 0) child_fail("chdir to cwd (\"%s\"): %s", cwd, strerror(errno));
  }
  /* As runc: without no_new_privs loading a filter needs CAP_SYS_ADMIN, so it goes in before the capabilities are
     dropped; with it, as late as possible (child_exec), so that the fewest calls run under it. */
  if (!no_new_privs(f)) seccomp_install();
  apply_identity(f);
  if (no_new_privs(f) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) child_fail("no_new_privs: %s", strerror(errno));
  return look_path(f, arg0);
}

void child_exec(const struct fields *f, const char *path) {
  size_t nargs = field_count(f, "arg"), nenv = field_count(f, "env"), pos;
  char **argv = xmalloc((nargs + 1) * sizeof *argv), **envp = xmalloc((nenv + 1) * sizeof *envp);
  pos = 0;
  for (size_t i = 0; i < nargs; i++) argv[i] = (char *)field_next(f, "arg", &pos);
  argv[nargs] = NULL;
  pos = 0;
  for (size_t i = 0; i < nenv; i++) envp[i] = (char *)field_next(f, "env", &pos);
  envp[nenv] = NULL;
  seccomp_install();
  execve(path, argv, envp);
}
