#include "child.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct option_flag {
  const char *name;
  int clear;
  unsigned long flag;
};

static const struct option_flag option_flags[] = {
  {"ro", 0, MS_RDONLY}, {"rw", 1, MS_RDONLY}, {"nosuid", 0, MS_NOSUID}, {"suid", 1, MS_NOSUID},
  {"nodev", 0, MS_NODEV}, {"dev", 1, MS_NODEV}, {"noexec", 0, MS_NOEXEC}, {"exec", 1, MS_NOEXEC},
  {"sync", 0, MS_SYNCHRONOUS}, {"async", 1, MS_SYNCHRONOUS}, {"dirsync", 0, MS_DIRSYNC},
  {"remount", 0, MS_REMOUNT}, {"mand", 0, MS_MANDLOCK}, {"nomand", 1, MS_MANDLOCK},
  {"noatime", 0, MS_NOATIME}, {"atime", 1, MS_NOATIME}, {"nodiratime", 0, MS_NODIRATIME},
  {"diratime", 1, MS_NODIRATIME}, {"relatime", 0, MS_RELATIME}, {"norelatime", 1, MS_RELATIME},
  {"strictatime", 0, MS_STRICTATIME}, {"bind", 0, MS_BIND}, {"rbind", 0, MS_BIND | MS_REC},
};

static const struct option_flag propagation_flags[] = {
  {"private", 0, MS_PRIVATE}, {"rprivate", 0, MS_PRIVATE | MS_REC}, {"shared", 0, MS_SHARED},
  {"rshared", 0, MS_SHARED | MS_REC}, {"slave", 0, MS_SLAVE}, {"rslave", 0, MS_SLAVE | MS_REC},
  {"unbindable", 0, MS_UNBINDABLE}, {"runbindable", 0, MS_UNBINDABLE | MS_REC},
};

struct parsed_options {
  unsigned long flags, propagation;
  char data[1024];
};

static void parse_options(const char *options, struct parsed_options *o) {
  char copy[2048];
  o->flags = o->propagation = 0;
  o->data[0] = 0;
  snprintf(copy, sizeof copy, "%s", options);
  for (char *save, *opt = strtok_r(copy, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
    int known = 0;
    for (size_t i = 0; i < sizeof option_flags / sizeof *option_flags && !known; i++) {
      if (strcmp(opt, option_flags[i].name)) continue;
      if (option_flags[i].clear) o->flags &= ~option_flags[i].flag;
      else o->flags |= option_flags[i].flag;
      known = 1;
    }
    for (size_t i = 0; i < sizeof propagation_flags / sizeof *propagation_flags && !known; i++) {
      if (strcmp(opt, propagation_flags[i].name)) continue;
      o->propagation |= propagation_flags[i].flag;
      known = 1;
    }
    if (known || strcmp(opt, "tmpcopyup") == 0) continue;
    if (o->data[0]) strncat(o->data, ",", sizeof o->data - strlen(o->data) - 1);
    strncat(o->data, opt, sizeof o->data - strlen(o->data) - 1);
  }
}

/* Creates the mount point: a directory, or an empty file when a bind mount's source is not a directory. */
static void make_target(const char *target, int file) {
  struct stat st;
  if (lstat(target, &st) == 0) return;
  char parent[4096];
  snprintf(parent, sizeof parent, "%s", target);
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent) {
    *slash = 0;
    mkdir_p(parent, 0755);
  }
  if (file) {
    int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0) close(fd);
  } else {
    mkdir(target, 0755);
  }
}

/* The default device nodes runc puts in a container's /dev tmpfs. */
static void populate_dev(const char *dev) {
  static const struct { const char *name; int major, minor; } nodes[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
  };
  static const struct { const char *name, *target; } links[] = {
    {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
    {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"}, {"core", "/proc/kcore"},
  };
  char path[4096];
  mode_t old = umask(0);
  for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++) {
    snprintf(path, sizeof path, "%s/%s", dev, nodes[i].name);
    if (mknod(path, S_IFCHR | 0666, makedev(nodes[i].major, nodes[i].minor)) < 0 && errno != EEXIST)
      child_fail("mknod %s: %s", path, strerror(errno));
  }
  umask(old);
  for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
    snprintf(path, sizeof path, "%s/%s", dev, links[i].name);
    if (symlink(links[i].target, path) < 0 && errno != EEXIST) child_fail("symlink %s: %s", path, strerror(errno));
  }
}

static void mount_one(const char *rootfs, const char *spec) {
  char copy[8192];
  snprintf(copy, sizeof copy, "%s", spec);
  char *type = copy, *source = strchr(type, '\t'), *dest = NULL, *options = NULL;
  if (source) *source++ = 0, dest = strchr(source, '\t');
  if (dest) *dest++ = 0, options = strchr(dest, '\t');
  if (options) *options++ = 0;
  if (!source || !dest || dest[0] != '/') child_fail("mount %s: want TYPE\\tSOURCE\\tDESTINATION\\tOPTIONS", spec);
  if (!options) options = "";

  struct parsed_options o;
  parse_options(options, &o);
  char target[4096];
  snprintf(target, sizeof target, "%s%s", rootfs, dest);
  int bind = strcmp(type, "bind") == 0 || (o.flags & MS_BIND);
  if (strcmp(type, "cgroup") == 0) type = "cgroup2";
  if (bind) {
    struct stat st;
    if (stat(source, &st) < 0) child_fail("mount %s to %s: stat %s: %s", source, dest, source, strerror(errno));
    make_target(target, !S_ISDIR(st.st_mode));
    if (mount(source, target, NULL, MS_BIND | (o.flags & MS_REC), NULL) < 0)
      child_fail("mount %s to %s: %s", source, dest, strerror(errno));
    unsigned long remount = o.flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
    if (remount && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | remount, NULL) < 0)
      child_fail("remount %s: %s", dest, strerror(errno));
  } else {
    make_target(target, 0);
    if (mount(source, target, type, o.flags, o.data[0] ? o.data : NULL) < 0) {
      /* sysfs and cgroup in a mount namespace whose ro-ness the kernel enforces: try read-only */
      if (errno != EPERM || mount(source, target, type, o.flags | MS_RDONLY, o.data[0] ? o.data : NULL) < 0)
        child_fail("mount %s (%s) to %s: %s", source, type, dest, strerror(errno));
    }
    if (strcmp(dest, "/dev") == 0 && strcmp(type, "tmpfs") == 0) populate_dev(target);
  }
  if (o.propagation && mount(NULL, target, NULL, o.propagation, NULL) < 0)
    child_fail("set propagation of %s: %s", dest, strerror(errno));
}

static void mask(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) return;
  if (S_ISDIR(st.st_mode)) {
    if (mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL) < 0) child_fail("mask %s: %s", path, strerror(errno));
  } else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
    child_fail("mask %s: %s", path, strerror(errno));
  }
}

static void readonly(const char *path) {
  if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
    if (errno == ENOENT) return;
    child_fail("readonly path %s: %s", path, strerror(errno));
  }
  if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 &&
      mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
    child_fail("readonly path %s: %s", path, strerror(errno));
}

void child_mounts(const struct fields *f) {
  const char *rootfs = field_get(f, "rootfs");
  if (!rootfs || rootfs[0] != '/') child_fail("rootfs: not an absolute guest path");
  if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) child_fail("make / rslave: %s", strerror(errno));
  if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) child_fail("bind rootfs %s: %s", rootfs, strerror(errno));
  size_t pos = 0;
  for (const char *m; (m = field_next(f, "mount", &pos));) mount_one(rootfs, m);
  if (chdir(rootfs) < 0) child_fail("chdir %s: %s", rootfs, strerror(errno));
  if (syscall(SYS_pivot_root, ".", ".") < 0) child_fail("pivot_root %s: %s", rootfs, strerror(errno));
  if (umount2(".", MNT_DETACH) < 0) child_fail("unmount the old root: %s", strerror(errno));
  if (chdir("/") < 0) child_fail("chdir /: %s", strerror(errno));
  pos = 0;
  for (const char *p; (p = field_next(f, "masked", &pos));) mask(p);
  pos = 0;
  for (const char *p; (p = field_next(f, "readonly_path", &pos));) readonly(p);
  if (strcmp(field_get(f, "readonly_rootfs") ? field_get(f, "readonly_rootfs") : "0", "1") == 0 &&
      mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
    child_fail("remount / read-only: %s", strerror(errno));
}
