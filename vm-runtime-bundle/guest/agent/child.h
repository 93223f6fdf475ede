/* What runs in a forked container or exec process before it execs: failures are written to the error pipe. */
#pragma once
#include "fields.h"

/* Writes "container \"id\": <message>" to the error pipe and exits. */
void child_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void child_init(int error_fd, const char *id);

/* mounts.c: the container's root, its mounts, pivot_root, masked and read-only paths. */
void child_mounts(const struct fields *f);

/* process.c: rlimits, oom_score_adj, umask, cwd, groups, uid/gid, capabilities, no_new_privs, and the seccomp filter
   when there is no no_new_privs (else child_exec loads it); returns the resolved path of arg[0] (failing like runc when
   it does not resolve). */
const char *child_process(const struct fields *f);
/* Loads the seccomp filter if not yet, and execs the resolved program with the request's arg and env; only returns on
   failure. */
void child_exec(const struct fields *f, const char *path);
