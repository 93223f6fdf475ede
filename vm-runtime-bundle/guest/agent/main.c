/* orca-agent: PID 1 of the pod VM's initramfs; serves docs/vm-agent-protocol.md on the dev.orca.agent port. */
#include "boot.h"
#include "container.h"
#include "frames.h"
#include "loop.h"
#include "network.h"
#include "ports.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define MAX_WATCHES 4096

static struct pollfd pollfds[MAX_WATCHES];
static struct {
  watch_fn fn;
  void *ctx;
} watches[MAX_WATCHES];
static int nwatches;

void watch(int fd, short events, watch_fn fn, void *ctx) {
  if (nwatches == MAX_WATCHES) return;
  pollfds[nwatches] = (struct pollfd){fd, events, 0};
  watches[nwatches].fn = fn;
  watches[nwatches].ctx = ctx;
  nwatches++;
}

static int port = -1, connected, shutting_down;
static uint64_t ready_uptime_ms;

static void identity(struct buf *b) {
  struct utsname u;
  uname(&u);
  buf_field(b, "version", AGENT_VERSION);
  buf_field(b, "kernel", u.release);
  buf_fieldf(b, "uptime_ms", "%llu", (unsigned long long)ready_uptime_ms);
}

static int op_hello(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)err, (void)errlen;
  /* the host's clock, when it sends it: the guest's RTC only gives whole seconds */
  uint64_t now = parse_u64(field_get(f, "time"), 0);
  if (now) {
    struct timespec ts = {now / 1000000000ull, now % 1000000000ull};
    if (clock_settime(CLOCK_REALTIME, &ts) < 0) log_msg("set the clock: %s", strerror(errno));
  }
  identity(reply);
  return 0;
}

static int op_shutdown(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)f, (void)reply, (void)err, (void)errlen;
  shutting_down = 1;
  return 0;
}

static const struct {
  const char *name;
  op_fn fn;
} ops[] = {
  {"hello", op_hello}, {"network", op_network}, {"sandbox", op_sandbox}, {"create", op_create},
  {"start", op_start}, {"signal", op_signal}, {"state", op_state}, {"list", op_list},
  {"exec", op_exec}, {"resize", op_resize}, {"stats", op_stats}, {"update", op_update},
  {"remove", op_remove}, {"dial", op_dial}, {"shutdown", op_shutdown},
};

static void request(uint32_t id, const uint8_t *payload, size_t len) {
  struct fields f;
  struct buf reply = {0};
  char err[4096] = "";
  const char *op = NULL;
  if (fields_init(&f, payload, len) < 0) snprintf(err, sizeof err, "request %u: malformed fields", id);
  else if (!(op = field_get(&f, "op"))) snprintf(err, sizeof err, "request %u: no op", id);
  int rc = -1;
  struct buf results = {0};
  if (op) {
    size_t i;
    for (i = 0; i < sizeof ops / sizeof *ops; i++)
      if (strcmp(ops[i].name, op) == 0) break;
    if (i == sizeof ops / sizeof *ops) snprintf(err, sizeof err, "unknown op \"%s\"", op);
    else rc = ops[i].fn(&f, &results, err, sizeof err);
  }
  if (rc == 0) {
    buf_field(&reply, "ok", "1");
    if (results.len) buf_put(&reply, results.data, results.len);
  } else {
    if (!err[0]) snprintf(err, sizeof err, "%s failed", op ? op : "request");
    buf_field(&reply, "error", err);
  }
  frame_send(FRAME_REPLY, id, reply.data, reply.len);
  buf_free(&reply);
  buf_free(&results);
  if (rc == 0 && strcmp(op, "hello") == 0) {
    /* the reply first, then what was kept while no host was there */
    frames_release();
    containers_resend_exits();
  }
}

static void on_frame(uint8_t type, uint32_t channel, const uint8_t *payload, size_t len) {
  switch (type) {
  case FRAME_REQUEST: request(channel, payload, len); break;
  case FRAME_STDIN: containers_stdin(channel, payload, len); break;
  case FRAME_DATA: ports_data(channel, payload, len); break;
  case FRAME_CLOSE: ports_close(channel); break;
  default: log_msg("unexpected frame type %u", type);
  }
}

static void disconnected(void) {
  if (!connected) return;
  connected = 0;
  frames_disconnected();
  frames_reset_input();
  ports_disconnected();
}

static void on_port(void *ctx, int fd, short revents) {
  (void)ctx;
  if (revents & POLLHUP) {
    disconnected();
    return;
  }
  if (revents & POLLIN) {
    if (frames_read(fd, on_frame) <= 0) disconnected();
  }
  if (connected && (revents & POLLOUT) && frames_flush(fd) < 0) disconnected();
}

/* Whether a host is attached to the port: virtio-serial polls POLLHUP while none is. */
static void check_connection(void) {
  struct pollfd p = {port, POLLIN, 0};
  if (poll(&p, 1, 0) < 0) return;
  if (p.revents & POLLHUP) disconnected();
  else if (!connected) {
    connected = 1;
    frames_connected();
  }
}

static void on_signal(void *ctx, int fd, short revents) {
  (void)ctx, (void)revents;
  struct signalfd_siginfo si;
  while (read(fd, &si, sizeof si) == sizeof si) {
  }
  containers_reap();
  check_connection();
}

static void power_off(void) {
  /* the reply and whatever output is queued first, for at most a second */
  for (int i = 0; i < 1000 && connected && frames_pending(); i++) {
    struct pollfd p = {port, POLLOUT, 0};
    poll(&p, 1, 1);
    if (p.revents & POLLHUP) break;
    if (frames_flush(port) < 0) break;
  }
  sync();
  reboot(RB_POWER_OFF);
  _exit(0);
}

/* fds 0-2 are the console the kernel opened for init; when it could not, hold them so that no pipe of ours becomes a
   child's stdio by accident, and point them at /dev/null once /dev is there. */
static void hold_stdio(int after_boot) {
  for (int fd = 0; fd < 3; fd++) {
    if (!after_boot) {
      if (fcntl(fd, F_GETFD) < 0 && open("/", O_RDONLY) != fd) log_msg("hold fd %d", fd);
      continue;
    }
    char link[64], target[64] = "";
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    if (readlink(link, target, sizeof target - 1) == 1 && target[0] == '/') {
      int null = open("/dev/null", O_RDWR);
      if (null >= 0 && null != fd) {
        dup2(null, fd);
        close(null);
      }
    }
  }
}

int main(void) {
  hold_stdio(0);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigaddset(&mask, SIGIO);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  signal(SIGPIPE, SIG_IGN);
  int sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);

  uint64_t agent_start_ms = uptime_ms();
  boot();
  uint64_t booted_ms = uptime_ms();
  hold_stdio(1);
  containers_setup();
  port = open_agent_port();
  if (port < 0) {
    sleep(1);
    reboot(RB_POWER_OFF);
    return 1;
  }
  fcntl(port, F_SETOWN, getpid());
  fcntl(port, F_SETFL, fcntl(port, F_GETFL) | O_ASYNC | O_NONBLOCK);
  ready_uptime_ms = uptime_ms();
  struct buf ready = {0};
  identity(&ready);
  frame_send(FRAME_READY, 0, ready.data, ready.len);
  buf_free(&ready);
  check_connection();
  log_msg("ready at %llu ms (agent started at %llu ms, mounts+modules+9p %llu ms, port %llu ms)", (unsigned long long)ready_uptime_ms,
          (unsigned long long)agent_start_ms, (unsigned long long)(booted_ms - agent_start_ms),
          (unsigned long long)(ready_uptime_ms - booted_ms));

  for (;;) {
    if (connected && frames_pending()) frames_flush(port);
    if (shutting_down && !frames_pending()) power_off();
    nwatches = 0;
    watch(sigfd, POLLIN, on_signal, NULL);
    if (connected) watch(port, POLLIN | (frames_pending() ? POLLOUT : 0), on_port, NULL);
    containers_watch();
    ports_watch();
    /* while no host is attached, SIGIO says when one comes; the timeout is a fallback */
    int n = poll(pollfds, nwatches, connected ? -1 : 1000);
    if (n < 0 && errno != EINTR) log_msg("poll: %s", strerror(errno));
    if (!connected) check_connection();
    for (int i = 0; n > 0 && i < nwatches; i++)
      if (pollfds[i].revents) watches[i].fn(watches[i].ctx, pollfds[i].fd, pollfds[i].revents);
    if (shutting_down && (!connected || !frames_pending())) power_off();
  }
}
