#include "boot.h"
#include "cgroup.h"
#include "network.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define MODULES_LIST "/lib/modules/orca-load"
#define SHARED_DIR "/run/orca/shared"
#define PORT_NAME "dev.orca.agent"

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

static int mount_at(const char *source, const char *target, const char *type, unsigned long flags, const char *data) {
  mkdir_p(target, 0755);
  if (mount(source, target, type, flags, data) == 0 || errno == EBUSY) return 0;
  log_msg("mount %s on %s: %s", type, target, strerror(errno));
  return -1;
}

/* pivot_root cannot move away from the initramfs (rootfs): containers could not pivot. Stand the root on a bind
   mount of itself, which has a parent, as switch_root would on a new root. */
static void root_on_bind_mount(void) {
  mkdir("/.root", 0700);
  if (mount("/", "/.root", NULL, MS_BIND, NULL) < 0 || chdir("/.root") < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 ||
      chroot(".") < 0 || chdir("/") < 0)
    log_msg("stand the root on a bind mount: %s", strerror(errno));
}

/* Loads the modules the initramfs lists, in order (dependencies first). */
static void load_modules(void) {
  char list[8192];
  if (read_file(MODULES_LIST, list, sizeof list) < 0) return;
  for (char *save, *name = strtok_r(list, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
    char path[512];
    snprintf(path, sizeof path, "/lib/modules/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      log_msg("module %s: %s", path, strerror(errno));
      continue;
    }
    if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST) log_msg("load %s: %s", path, strerror(errno));
    close(fd);
  }
}

static void mount_shared(void) {
  mkdir_p(SHARED_DIR, 0755);
  for (int attempt = 0; attempt < 500; attempt++) {
    if (mount("orca-shared", SHARED_DIR, "9p", 0, "trans=virtio,version=9p2000.L,msize=262144,cache=none,access=client") == 0) return;
    if (errno != ENOENT) break;
    sleep_ms(1);
  }
  log_msg("mount the 9p share orca-shared on " SHARED_DIR ": %s", strerror(errno));
}

int boot(void) {
  if (getpid() == 1) root_on_bind_mount();
  mount_at("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
  mount_at("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  char cmdline[4096];
  if (read_file("/proc/cmdline", cmdline, sizeof cmdline) > 0 && strstr(cmdline, "orca.debug")) log_console = 1;
  log_msg("started");
  mount_at("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  mount_at("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5");
  mount_at("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  mount_at("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  mount_at("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  unlink("/dev/ptmx");
  if (symlink("pts/ptmx", "/dev/ptmx") < 0) log_msg("link /dev/ptmx: %s", strerror(errno));
  cgroup_setup();
  log_msg("mounted");
  load_modules();
  log_msg("modules loaded");
  network_loopback_up();
  mount_shared();
  log_msg("9p mounted");
  return 0;
}

int open_agent_port(void) {
  for (int attempt = 0; attempt < 10000; attempt++) {
    DIR *d = opendir("/sys/class/virtio-ports");
    struct dirent *e;
    while (d && (e = readdir(d))) {
      char path[300], name[128];
      if (e->d_name[0] == '.') continue;
      snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
      if (read_file(path, name, sizeof name) <= 0) continue;
      name[strcspn(name, "\n")] = 0;
      if (strcmp(name, PORT_NAME)) continue;
      snprintf(path, sizeof path, "/dev/%s", e->d_name);
      closedir(d);
      int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) return fd;
      log_msg("open %s: %s", path, strerror(errno));
      d = NULL;
      break;
    }
    if (d) closedir(d);
    sleep_ms(1);
  }
  log_msg("no virtio-serial port named " PORT_NAME);
  return -1;
}
