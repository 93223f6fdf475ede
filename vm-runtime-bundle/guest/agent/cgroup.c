#include "cgroup.h"
#include "util.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static void path_of(char *out, size_t size, const char *id, const char *file) {
  snprintf(out, size, CGROUP_ROOT "/%s%s%s", id, file ? "/" : "", file ? file : "");
}

int cgroup_setup(void) {
  mkdir("/sys/fs/cgroup", 0755);
  if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, "nsdelegate") < 0 && errno != EBUSY) {
    log_msg("mount cgroup2: %s", strerror(errno));
    return -1;
  }
  char controllers[256], enable[512] = "";
  if (read_file("/sys/fs/cgroup/cgroup.controllers", controllers, sizeof controllers) < 0) return -1;
  for (char *save, *c = strtok_r(controllers, " \n", &save); c; c = strtok_r(NULL, " \n", &save)) {
    strcat(enable, enable[0] ? " +" : "+");
    strcat(enable, c);
  }
  if (write_file("/sys/fs/cgroup/cgroup.subtree_control", enable) < 0)
    log_msg("enable controllers '%s': %s", enable, strerror(errno));
  mkdir(CGROUP_ROOT, 0755);
  if (write_file(CGROUP_ROOT "/cgroup.subtree_control", enable) < 0)
    log_msg("enable controllers in orca '%s': %s", enable, strerror(errno));
  return 0;
}

static int set(const char *id, const char *file, const char *value, char *err, size_t errlen) {
  char path[512];
  path_of(path, sizeof path, id, file);
  if (write_file(path, value) == 0) return 0;
  snprintf(err, errlen, "container \"%s\": cgroup: write %s to %s: %s", id, value, file, strerror(errno));
  return -1;
}

int cgroup_apply(const char *id, const struct fields *f, char *err, size_t errlen) {
  char value[128];
  const char *v;
  if ((v = field_get(f, "memory_limit"))) {
    uint64_t limit = parse_u64(v, 0);
    if (limit) snprintf(value, sizeof value, "%llu", (unsigned long long)limit);
    else strcpy(value, "max");
    if (set(id, "memory.max", value, err, errlen) < 0) return -1;
  }
  const char *quota = field_get(f, "cpu_quota"), *period = field_get(f, "cpu_period");
  if (quota || period) {
    int64_t q = parse_i64(quota, 0);
    uint64_t p = parse_u64(period, 0);
    if (!p) p = 100000;
    if (q > 0) snprintf(value, sizeof value, "%lld %llu", (long long)q, (unsigned long long)p);
    else snprintf(value, sizeof value, "max %llu", (unsigned long long)p);
    if (set(id, "cpu.max", value, err, errlen) < 0) return -1;
  }
  if ((v = field_get(f, "cpu_shares")) && parse_u64(v, 0)) {
    /* runc's conversion of cgroup v1 shares [2, 262144] to v2 weight [1, 10000] */
    uint64_t shares = parse_u64(v, 0);
    if (shares < 2) shares = 2;
    if (shares > 262144) shares = 262144;
    snprintf(value, sizeof value, "%llu", (unsigned long long)(1 + ((shares - 2) * 9999) / 262142));
    if (set(id, "cpu.weight", value, err, errlen) < 0) return -1;
  }
  if ((v = field_get(f, "pids_limit"))) {
    int64_t limit = parse_i64(v, 0);
    if (limit > 0) snprintf(value, sizeof value, "%lld", (long long)limit);
    else strcpy(value, "max");
    if (set(id, "pids.max", value, err, errlen) < 0) return -1;
  }
  if ((v = field_get(f, "cpuset_cpus")) && *v) {
    if (set(id, "cpuset.cpus", v, err, errlen) < 0) return -1;
  }
  return 0;
}

int cgroup_create(const char *id, const struct fields *f, char *err, size_t errlen) {
  char path[512];
  path_of(path, sizeof path, id, NULL);
  if (mkdir(path, 0755) < 0 && errno != EEXIST) {
    snprintf(err, errlen, "container \"%s\": cgroup: mkdir %s: %s", id, path, strerror(errno));
    return -1;
  }
  return cgroup_apply(id, f, err, errlen);
}

int cgroup_signal(const char *id, int sig) {
  char path[512], procs[65536];
  if (sig == SIGKILL) {
    path_of(path, sizeof path, id, "cgroup.kill");
    if (write_file(path, "1") == 0) return 1;
  }
  path_of(path, sizeof path, id, "cgroup.procs");
  if (read_file(path, procs, sizeof procs) < 0) return 0;
  int n = 0;
  for (char *save, *p = strtok_r(procs, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
    if (kill(atoi(p), sig) == 0) n++;
  return n;
}

int cgroup_populated(const char *id) {
  char path[512], events[256];
  path_of(path, sizeof path, id, "cgroup.events");
  if (read_file(path, events, sizeof events) < 0) return 0;
  return strstr(events, "populated 1") != NULL;
}

static uint64_t keyed(const char *text, const char *key) {
  size_t klen = strlen(key);
  for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
    if (strncmp(line, key, klen) == 0 && line[klen] == ' ') return strtoull(line + klen + 1, NULL, 10);
  return 0;
}

int cgroup_oom_killed(const char *id) {
  char path[512], events[512];
  path_of(path, sizeof path, id, "memory.events");
  if (read_file(path, events, sizeof events) < 0) return 0;
  return keyed(events, "oom_kill") > 0;
}

int cgroup_remove(const char *id) {
  char path[512];
  path_of(path, sizeof path, id, NULL);
  if (rmdir(path) < 0 && errno != ENOENT) return -1;
  return 0;
}

int cgroup_stats(const char *id, struct cgroup_stats *s) {
  char path[512], text[8192];
  memset(s, 0, sizeof *s);
  path_of(path, sizeof path, id, "cpu.stat");
  if (read_file(path, text, sizeof text) < 0) return -1;
  s->cpu_ns = keyed(text, "usage_usec") * 1000;
  path_of(path, sizeof path, id, "memory.current");
  if (read_file(path, text, sizeof text) >= 0) s->memory_usage = strtoull(text, NULL, 10);
  path_of(path, sizeof path, id, "memory.stat");
  if (read_file(path, text, sizeof text) >= 0) {
    uint64_t inactive = keyed(text, "inactive_file");
    s->memory_working_set = s->memory_usage > inactive ? s->memory_usage - inactive : 0;
    s->memory_rss = keyed(text, "anon");
  }
  return 0;
}
