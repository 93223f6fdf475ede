/* The containers' cgroups: cgroup v2 at /sys/fs/cgroup/orca/ID. */
#pragma once
#include "fields.h"
#include <stdint.h>
#include <sys/types.h>

#define CGROUP_ROOT "/sys/fs/cgroup/orca"

/* Mounts cgroup2 and enables the controllers for /sys/fs/cgroup/orca; 0 or -1. */
int cgroup_setup(void);
/* Creates the container's cgroup and applies the resource fields; 0, or -1 with the cause in err. */
int cgroup_create(const char *id, const struct fields *f, char *err, size_t errlen);
/* Applies the resource fields present in f (update). */
int cgroup_apply(const char *id, const struct fields *f, char *err, size_t errlen);
/* Signals every process in the cgroup; how many were signalled. */
int cgroup_signal(const char *id, int sig);
int cgroup_populated(const char *id);
int cgroup_oom_killed(const char *id);
int cgroup_remove(const char *id);

struct cgroup_stats {
  uint64_t cpu_ns, memory_usage, memory_working_set, memory_rss;
};
int cgroup_stats(const char *id, struct cgroup_stats *s);
