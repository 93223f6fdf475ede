#include "container.h"
#include "cgroup.h"
#include "child.h"
#include "frames.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum status { CREATED, RUNNING, EXITED };
static const char *status_names[] = {"created", "running", "exited"};

struct container;

struct proc {
  struct proc *next;
  struct container *container;
  unsigned channel;
  pid_t pid;
  int out_fd, err_fd, in_fd; /* -1 when closed; with a terminal out_fd is the pty master */
  struct buf in;             /* stdin not yet written */
  int in_close, terminal;
  int exited, code, sig, oom;
  uint64_t finished;
  uint64_t exit_seq; /* the EXIT frame's */
};

struct container {
  struct container *next;
  char *id;
  enum status status;
  struct proc *init;
  int start_fd, error_fd; /* until start: the start pipe's write end, the error pipe's read end */
  uint64_t started;
  int own_pid_ns;
};

static struct container *containers;
static struct proc *procs;
static int own_pid_ns_fd = -1;
/* The pod's shared PID namespace, made with the first container that asks for it: its init is a child of the agent
   that ignores SIGCHLD (the kernel reaps what it adopts) and waits, so the agent and the kernel's threads stay out
   of the containers' view, as the node's processes stay out of a runc pod's. */
static int pod_pid_ns_fd = -1;

/* Makes the agent's next child start in the pod's PID namespace, creating it the first time. */
static int join_pod_pid_ns(const char *id, char *err, size_t errlen) {
  if (pod_pid_ns_fd < 0) {
    pid_t init = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, NULL);
    if (init == 0) {
      /* it never execs: close-on-exec does not apply, and an inherited pipe end (a container's error or start pipe,
         its stdio) would keep the agent from ever seeing it closed */
      for (int fd = 3; fd < 4096; fd++) close(fd);
      signal(SIGCHLD, SIG_IGN);
      prctl(PR_SET_NAME, "pod-init", 0, 0, 0);
      for (;;) pause();
    }
    if (init < 0) {
      snprintf(err, errlen, "container \"%s\": the pod's pid namespace: clone: %s", id, strerror(errno));
      return -1;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/pid", (int) init);
    pod_pid_ns_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (pod_pid_ns_fd < 0) {
      snprintf(err, errlen, "container \"%s\": open %s: %s", id, path, strerror(errno));
      kill(init, SIGKILL);
      return -1;
    }
  }
  if (setns(pod_pid_ns_fd, CLONE_NEWPID) < 0) {
    snprintf(err, errlen, "container \"%s\": join the pod's pid namespace: %s", id, strerror(errno));
    return -1;
  }
  return 0;
}

int containers_setup(void) {
  own_pid_ns_fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
  return own_pid_ns_fd < 0 ? -1 : 0;
}

static struct container *find(const char *id) {
  for (struct container *c = containers; c; c = c->next)
    if (id && strcmp(c->id, id) == 0) return c;
  return NULL;
}

static struct proc *proc_by_channel(unsigned channel) {
  for (struct proc *p = procs; p; p = p->next)
    if (p->channel == channel) return p;
  return NULL;
}

static int channel_used(unsigned channel) {
  for (struct proc *p = procs; p; p = p->next)
    if (p->channel == channel && !p->exited) return 1;
  return 0;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static void proc_free(struct proc *p) {
  for (struct proc **pp = &procs; *pp; pp = &(*pp)->next)
    if (*pp == p) {
      *pp = p->next;
      break;
    }
  close_fd(&p->out_fd);
  close_fd(&p->err_fd);
  close_fd(&p->in_fd);
  buf_free(&p->in);
  free(p);
}

/* ---- output ---- */

static int pump(struct proc *p, int fd, uint8_t type, int ignore_cap) {
  char data[65536];
  while (ignore_cap || frame_channel_pending(p->channel) < CHANNEL_BUFFER_MAX) {
    ssize_t n = read(fd, data, sizeof data);
    if (n > 0) {
      frame_send(type, p->channel, data, n);
      if (!ignore_cap) return 1;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return 1;
    return 0; /* EOF, or EIO from a pty master whose slave is closed */
  }
  return 1;
}

static void on_output(void *ctx, int fd, short revents) {
  struct proc *p = ctx;
  (void)revents;
  uint8_t type = fd == p->err_fd ? FRAME_STDERR : FRAME_STDOUT;
  if (!pump(p, fd, type, 0)) {
    if (fd == p->out_fd) {
      if (p->in_fd == p->out_fd) p->in_fd = -1;
      close_fd(&p->out_fd);
    } else {
      close_fd(&p->err_fd);
    }
  }
}

static void flush_stdin(struct proc *p) {
  while (p->in.len && p->in_fd >= 0) {
    ssize_t n = write(p->in_fd, p->in.data, p->in.len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      p->in.len = 0; /* the reader went away */
      break;
    }
    memmove(p->in.data, p->in.data + n, p->in.len - n);
    p->in.len -= n;
  }
  if (!p->in.len && p->in_close && p->in_fd >= 0) {
    if (p->terminal) {
      if (write(p->in_fd, "\x04", 1) < 0) log_msg("stdin eof: %s", strerror(errno));
      if (p->in_fd != p->out_fd) close(p->in_fd);
      p->in_fd = -1;
    } else {
      close_fd(&p->in_fd);
    }
    p->in_close = 0;
  }
}

static void on_stdin(void *ctx, int fd, short revents) {
  (void)fd;
  (void)revents;
  flush_stdin(ctx);
}

void containers_stdin(unsigned channel, const void *data, size_t len) {
  struct proc *p = proc_by_channel(channel);
  if (!p || p->exited || p->in_fd < 0) return;
  if (len == 0) p->in_close = 1;
  else buf_put(&p->in, data, len);
  flush_stdin(p);
}

void containers_watch(void) {
  for (struct proc *p = procs; p; p = p->next) {
    if (p->exited) continue;
    int room = frame_channel_pending(p->channel) < CHANNEL_BUFFER_MAX;
    if (room && p->out_fd >= 0) watch(p->out_fd, POLLIN, on_output, p);
    if (room && p->err_fd >= 0) watch(p->err_fd, POLLIN, on_output, p);
    if ((p->in.len || p->in_close) && p->in_fd >= 0 && p->in_fd != p->out_fd) watch(p->in_fd, POLLOUT, on_stdin, p);
  }
}

/* ---- exits ---- */

static void send_exit(struct proc *p) {
  struct buf b = {0};
  buf_fieldf(&b, "code", "%d", p->code);
  buf_fieldf(&b, "signal", "%d", p->sig);
  buf_fieldf(&b, "oom", "%d", p->oom);
  buf_fieldf(&b, "finished", "%llu", (unsigned long long)p->finished);
  p->exit_seq = frame_send(FRAME_EXIT, p->channel, b.data, b.len);
  buf_free(&b);
}

void containers_resend_exits(void) {
  /* those written to an earlier connection: queued ones go out anyway */
  for (struct proc *p = procs; p; p = p->next)
    if (p->exited && frame_written_before(p->exit_seq)) send_exit(p);
}

/* A container keeps its last EXECS_KEPT ended execs (for their EXIT after a reconnect); older ones, written, go. */
#define EXECS_KEPT 64
static void prune(struct container *c) {
  int kept = 0;
  for (struct proc *p = procs, *next; p; p = next) {
    next = p->next;
    if (!c || p->container != c || p == c->init || !p->exited) continue;
    if (++kept > EXECS_KEPT && p->exit_seq <= frames_written()) proc_free(p);
  }
}

static void exited(struct proc *p, int status) {
  p->exited = 1;
  p->finished = realtime_ns();
  if (WIFSIGNALED(status)) {
    p->sig = WTERMSIG(status);
    p->code = 128 + p->sig;
  } else {
    p->code = WEXITSTATUS(status);
  }
  /* the container's cgroup counted an OOM kill: for an exec, only when the kill was its own */
  p->oom = p->container && cgroup_oom_killed(p->container->id) && (p->container->init == p || p->sig == SIGKILL);
  /* what the process wrote before it ended comes before its EXIT */
  if (p->out_fd >= 0) pump(p, p->out_fd, FRAME_STDOUT, 1);
  if (p->err_fd >= 0) pump(p, p->err_fd, FRAME_STDERR, 1);
  if (p->in_fd == p->out_fd) p->in_fd = -1;
  close_fd(&p->out_fd);
  close_fd(&p->err_fd);
  close_fd(&p->in_fd);
  buf_free(&p->in);
  if (p->container && p->container->init == p) {
    p->container->status = EXITED;
    close_fd(&p->container->start_fd);
    close_fd(&p->container->error_fd);
  }
  send_exit(p);
  prune(p->container);
}

void containers_reap(void) {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    for (struct proc *p = procs; p; p = p->next)
      if (p->pid == pid && !p->exited) {
        exited(p, status);
        break;
      }
  }
}

/* ---- spawning ---- */

struct stdio {
  int terminal, keep_stdin;
  int master, null, in_r, in_w, out_r, out_w, err_r, err_w;
  int console[2]; /* with a terminal: the child opens it in the container and sends the master back here */
};

static int stdio_open(struct stdio *s, const struct fields *f, char *err, size_t errlen) {
  const char *t = field_get(f, "terminal"), *in = field_get(f, "stdin");
  s->terminal = t && strcmp(t, "1") == 0;
  s->keep_stdin = in && strcmp(in, "1") == 0;
  s->master = s->in_r = s->in_w = s->out_r = s->out_w = s->err_r = s->err_w = -1;
  s->console[0] = s->console[1] = -1;
  s->null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (s->terminal) {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s->console) < 0) {
      snprintf(err, errlen, "socketpair: %s", strerror(errno));
      return -1;
    }
    return 0;
  }
  int out[2], errp[2], inp[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 || (s->keep_stdin && pipe2(inp, O_CLOEXEC) < 0)) {
    snprintf(err, errlen, "pipe: %s", strerror(errno));
    return -1;
  }
  s->out_r = out[0], s->out_w = out[1], s->err_r = errp[0], s->err_w = errp[1], s->in_r = inp[0], s->in_w = inp[1];
  set_nonblock(s->out_r);
  set_nonblock(s->err_r);
  if (s->in_w >= 0) set_nonblock(s->in_w);
  return 0;
}

static void stdio_close(struct stdio *s) {
  int *fds[] = {&s->master, &s->null, &s->in_r, &s->in_w, &s->out_r, &s->out_w, &s->err_r, &s->err_w, &s->console[0], &s->console[1]};
  for (size_t i = 0; i < sizeof fds / sizeof *fds; i++) close_fd(fds[i]);
}

/* The parent's ends only. */
static void stdio_parent(struct stdio *s) {
  close_fd(&s->out_w);
  close_fd(&s->err_w);
  close_fd(&s->in_r);
  close_fd(&s->console[1]);
  close_fd(&s->null);
}

/* Receives the terminal's master from the child; -1 when the child ended first. */
static int receive_master(struct stdio *s) {
  char byte;
  char control[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {&byte, 1};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n;
  while ((n = recvmsg(s->console[0], &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
  memcpy(&s->master, CMSG_DATA(c), sizeof(int));
  set_nonblock(s->master);
  close_fd(&s->console[0]);
  return 0;
}

/* In the child, in the container's mount namespace: the process's stdin, stdout and stderr; a session of its own. A
   terminal comes from the container's own devpts (as runc's console socket does), so that ttyname() finds it. */
static void child_stdio(struct stdio *s) {
  setsid();
  int in = -1, out = -1, errfd = -1;
  if (s->terminal) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    char slave_path[64];
    if (master < 0) child_fail("open /dev/ptmx: %s", strerror(errno));
    if (grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, slave_path, sizeof slave_path) != 0)
      child_fail("open a terminal: %s", strerror(errno));
    int slave = open(slave_path, O_RDWR);
    if (slave < 0) child_fail("open %s: %s", slave_path, strerror(errno));
    if (ioctl(slave, TIOCSCTTY, 0) < 0) child_fail("set the controlling terminal: %s", strerror(errno));
    char byte = 0, control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct iovec iov = {&byte, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &master, sizeof(int));
    if (sendmsg(s->console[1], &msg, 0) != 1) child_fail("send the terminal: %s", strerror(errno));
    close(master);
    in = out = errfd = slave; /* as runc: the terminal is stdin too, STDIN frames or not */
  } else {
    in = s->keep_stdin ? s->in_r : s->null;
    out = s->out_w;
    errfd = s->err_w;
  }
  if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0) child_fail("set up stdio: %s", strerror(errno));
}

static struct proc *proc_new(struct container *c, unsigned channel, pid_t pid, struct stdio *s) {
  struct proc *p = xmalloc(sizeof *p);
  memset(p, 0, sizeof *p);
  p->container = c;
  p->channel = channel;
  p->pid = pid;
  p->terminal = s->terminal;
  if (s->terminal) {
    p->out_fd = s->master;
    p->in_fd = s->keep_stdin ? s->master : -1;
    p->err_fd = -1;
    s->master = -1;
  } else {
    p->out_fd = s->out_r, p->err_fd = s->err_r, p->in_fd = s->in_w;
    s->out_r = s->err_r = s->in_w = -1;
  }
  p->next = procs;
  procs = p;
  return p;
}

/* Reads the error pipe until EOF: 0 when nothing (or only the ready byte, with ready set) came, else -1. */
static int read_child_error(int fd, char *err, size_t errlen, int *ready) {
  size_t len = 0;
  if (ready) *ready = 0;
  for (;;) {
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (len == 0 && c == 0 && ready) {
      *ready = 1;
      return 0;
    }
    if (len + 1 < errlen) err[len++] = c;
  }
  err[len] = 0;
  return len ? -1 : 0;
}

static void write_cgroup_procs(const char *id) {
  char path[512];
  snprintf(path, sizeof path, CGROUP_ROOT "/%s/cgroup.procs", id);
  if (write_file(path, "0") < 0) child_fail("join cgroup %s: %s", path, strerror(errno));
}

int op_create(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  const char *id = field_get(f, "id");
  unsigned channel = parse_u64(field_get(f, "channel"), 0);
  if (!id || !*id || strchr(id, '/') || id[0] == '.') return snprintf(err, errlen, "create: bad id"), -1;
  if (find(id)) return snprintf(err, errlen, "container \"%s\": already exists", id), -1;
  if (!channel || channel_used(channel)) return snprintf(err, errlen, "container \"%s\": bad or used channel %u", id, channel), -1;
  if (cgroup_create(id, f, err, errlen) < 0) return cgroup_remove(id), -1;

  struct stdio s;
  int errp[2] = {-1, -1}, startp[2] = {-1, -1};
  if (stdio_open(&s, f, err, errlen) < 0 || pipe2(errp, O_CLOEXEC) < 0 || pipe2(startp, O_CLOEXEC) < 0) {
    if (!*err) snprintf(err, errlen, "container \"%s\": pipe: %s", id, strerror(errno));
    stdio_close(&s);
    close_fd(&errp[0]), close_fd(&errp[1]), close_fd(&startp[0]), close_fd(&startp[1]);
    cgroup_remove(id);
    return -1;
  }
  const char *pidns = field_get(f, "pid_namespace");
  int own_pid_ns = !pidns || strcmp(pidns, "pod") != 0;
  if (!own_pid_ns && join_pod_pid_ns(id, err, errlen) < 0) {
    stdio_close(&s);
    close_fd(&errp[0]), close_fd(&errp[1]), close_fd(&startp[0]), close_fd(&startp[1]);
    cgroup_remove(id);
    return -1;
  }
  long flags = CLONE_NEWNS | CLONE_NEWUTS | (own_pid_ns ? CLONE_NEWPID : 0) | SIGCHLD;
  pid_t pid = syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
  if (pid != 0 && !own_pid_ns && setns(own_pid_ns_fd, CLONE_NEWPID) < 0)
    log_msg("return to the agent's pid namespace: %s", strerror(errno));
  if (pid == 0) {
    close(errp[0]);
    close(startp[1]);
    child_init(errp[1], id);
    write_cgroup_procs(id);
    if (unshare(CLONE_NEWCGROUP) < 0) child_fail("new cgroup namespace: %s", strerror(errno));
    const char *hostname = field_get(f, "hostname");
    if (hostname && *hostname && sethostname(hostname, strlen(hostname)) < 0) child_fail("sethostname: %s", strerror(errno));
    child_mounts(f);
    child_stdio(&s);
    const char *path = child_process(f);
    if (write(errp[1], "", 1) != 1) _exit(126);
    char go;
    if (read(startp[0], &go, 1) != 1) _exit(126);
    child_exec(f, path);
    child_fail("exec %s: %s", path, strerror(errno));
  }
  close_fd(&errp[1]);
  close_fd(&startp[0]);
  stdio_parent(&s);
  if (pid < 0) {
    snprintf(err, errlen, "container \"%s\": clone: %s", id, strerror(errno));
    goto fail;
  }
  int ready;
  if (s.terminal) receive_master(&s);
  if (read_child_error(errp[0], err, errlen, &ready) < 0 || !ready) {
    if (!*err) snprintf(err, errlen, "container \"%s\": its process ended while being set up", id);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    goto fail;
  }
  struct container *c = xmalloc(sizeof *c);
  memset(c, 0, sizeof *c);
  c->id = xstrdup(id);
  c->status = CREATED;
  c->start_fd = startp[1];
  c->error_fd = errp[0];
  c->own_pid_ns = own_pid_ns;
  c->init = proc_new(c, channel, pid, &s);
  c->next = containers;
  containers = c;
  buf_fieldf(reply, "pid", "%d", pid);
  return 0;
fail:
  stdio_close(&s);
  close_fd(&errp[0]);
  close_fd(&startp[1]);
  cgroup_remove(id);
  return -1;
}

static struct container *need(const struct fields *f, char *err, size_t errlen) {
  const char *id = field_get(f, "id");
  struct container *c = find(id);
  if (!c) snprintf(err, errlen, "container \"%s\": does not exist", id ? id : "");
  return c;
}

int op_start(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  struct container *c = need(f, err, errlen);
  if (!c) return -1;
  if (c->status != CREATED) return snprintf(err, errlen, "container \"%s\": cannot start a container that is %s", c->id, status_names[c->status]), -1;
  if (write(c->start_fd, "", 1) != 1) return snprintf(err, errlen, "container \"%s\": start: %s", c->id, strerror(errno)), -1;
  close_fd(&c->start_fd);
  c->started = realtime_ns();
  c->status = RUNNING;
  /* EOF on the error pipe: the exec happened (the pipe is close-on-exec) */
  int failed = read_child_error(c->error_fd, err, errlen, NULL);
  close_fd(&c->error_fd);
  return failed;
}

/* An exec's process is a session leader (child_stdio), so its process group is the exec and what it started. */
static int signal_channel(const char *channel_field, int sig, char *err, size_t errlen) {
  unsigned channel = parse_u64(channel_field, 0);
  struct proc *p = proc_by_channel(channel);
  (void)err, (void)errlen;
  if (!p || p->exited) return 0; /* ended (and perhaps forgotten): nothing to signal, as for a container */
  if (kill(-p->pid, sig) < 0) kill(p->pid, sig);
  return 0;
}

int op_signal(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  const char *channel = field_get(f, "channel");
  if (channel && !field_get(f, "id")) return signal_channel(channel, parse_u64(field_get(f, "signal"), SIGTERM), err, errlen);
  struct container *c = need(f, err, errlen);
  if (!c) return -1;
  int sig = parse_u64(field_get(f, "signal"), SIGTERM);
  const char *all = field_get(f, "all");
  if (all && strcmp(all, "1") == 0) cgroup_signal(c->id, sig);
  else if (c->status != EXITED) kill(c->init->pid, sig);
  return 0;
}

int op_state(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  struct container *c = need(f, err, errlen);
  if (!c) return -1;
  struct proc *p = c->init;
  buf_field(reply, "status", status_names[c->status]);
  buf_fieldf(reply, "pid", "%d", c->status == EXITED ? 0 : p->pid);
  buf_fieldf(reply, "code", "%d", p->code);
  buf_fieldf(reply, "signal", "%d", p->sig);
  buf_fieldf(reply, "oom", "%d", p->oom);
  buf_fieldf(reply, "started", "%llu", (unsigned long long)c->started);
  buf_fieldf(reply, "finished", "%llu", (unsigned long long)p->finished);
  return 0;
}

int op_list(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)f, (void)err, (void)errlen;
  for (struct container *c = containers; c; c = c->next)
    buf_fieldf(reply, "container", "%s %s %u", c->id, status_names[c->status], c->init->channel);
  return 0;
}

int op_exec(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  struct container *c = need(f, err, errlen);
  if (!c) return -1;
  unsigned channel = parse_u64(field_get(f, "channel"), 0);
  if (c->status != RUNNING) return snprintf(err, errlen, "container \"%s\": cannot exec in a container that is %s", c->id, status_names[c->status]), -1;
  if (!channel || channel_used(channel)) return snprintf(err, errlen, "container \"%s\": bad or used channel %u", c->id, channel), -1;
  static const char *kinds[] = {"cgroup", "mnt", "uts", "pid"};
  int ns[4] = {-1, -1, -1, -1};
  for (int i = 0; i < 4; i++) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/%s", c->init->pid, kinds[i]);
    if ((ns[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
      snprintf(err, errlen, "container \"%s\": open %s: %s", c->id, path, strerror(errno));
      for (int j = 0; j < i; j++) close(ns[j]);
      return -1;
    }
  }
  struct stdio s;
  int errp[2] = {-1, -1};
  int rc = -1;
  if (stdio_open(&s, f, err, errlen) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
    if (!*err) snprintf(err, errlen, "container \"%s\": pipe: %s", c->id, strerror(errno));
    goto out;
  }
  if (setns(ns[3], CLONE_NEWPID) < 0) {
    snprintf(err, errlen, "container \"%s\": join its pid namespace: %s", c->id, strerror(errno));
    goto out;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(errp[0]);
    child_init(errp[1], c->id);
    write_cgroup_procs(c->id);
    for (int i = 0; i < 3; i++)
      if (setns(ns[i], 0) < 0) child_fail("join its %s namespace: %s", kinds[i], strerror(errno));
    child_stdio(&s);
    const char *path = child_process(f);
    child_exec(f, path);
    child_fail("exec %s: %s", path, strerror(errno));
  }
  if (setns(own_pid_ns_fd, CLONE_NEWPID) < 0) log_msg("return to the agent's pid namespace: %s", strerror(errno));
  close_fd(&errp[1]);
  stdio_parent(&s);
  if (pid < 0) {
    snprintf(err, errlen, "container \"%s\": fork: %s", c->id, strerror(errno));
    goto out;
  }
  if (s.terminal) receive_master(&s);
  if (read_child_error(errp[0], err, errlen, NULL) < 0) {
    waitpid(pid, NULL, 0);
    goto out;
  }
  proc_new(c, channel, pid, &s);
  buf_fieldf(reply, "pid", "%d", pid);
  rc = 0;
out:
  for (int i = 0; i < 4; i++) close_fd(&ns[i]);
  close_fd(&errp[0]);
  close_fd(&errp[1]);
  stdio_close(&s);
  return rc;
}

int op_resize(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  unsigned channel = parse_u64(field_get(f, "channel"), 0);
  struct proc *p = proc_by_channel(channel);
  if (!p) return snprintf(err, errlen, "resize: no process on channel %u", channel), -1;
  if (!p->terminal || p->out_fd < 0) return 0;
  struct winsize ws = {parse_u64(field_get(f, "rows"), 24), parse_u64(field_get(f, "cols"), 80), 0, 0};
  if (ioctl(p->out_fd, TIOCSWINSZ, &ws) < 0) return snprintf(err, errlen, "resize: %s", strerror(errno)), -1;
  return 0;
}

int op_stats(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  struct container *c = need(f, err, errlen);
  if (!c) return -1;
  struct cgroup_stats s;
  if (cgroup_stats(c->id, &s) < 0) return snprintf(err, errlen, "container \"%s\": stats: %s", c->id, strerror(errno)), -1;
  buf_fieldf(reply, "cpu_ns", "%llu", (unsigned long long)s.cpu_ns);
  buf_fieldf(reply, "memory_usage", "%llu", (unsigned long long)s.memory_usage);
  buf_fieldf(reply, "memory_working_set", "%llu", (unsigned long long)s.memory_working_set);
  buf_fieldf(reply, "memory_rss", "%llu", (unsigned long long)s.memory_rss);
  buf_fieldf(reply, "timestamp", "%llu", (unsigned long long)realtime_ns());
  return 0;
}

int op_update(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  struct container *c = need(f, err, errlen);
  if (!c) return -1;
  return cgroup_apply(c->id, f, err, errlen);
}

int op_remove(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  const char *id = field_get(f, "id");
  struct container *c = find(id);
  if (!c) return 0;
  close_fd(&c->start_fd); /* a created container's process ends when its start pipe closes */
  close_fd(&c->error_fd);
  for (int i = 0; i < 5000 && cgroup_populated(c->id); i++) {
    cgroup_signal(c->id, SIGKILL);
    containers_reap();
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
  containers_reap();
  if (cgroup_remove(c->id) < 0) return snprintf(err, errlen, "container \"%s\": remove its cgroup: %s", c->id, strerror(errno)), -1;
  if (!c->init->exited) {
    /* it left the cgroup without being reaped yet: wait for it */
    int status;
    if (waitpid(c->init->pid, &status, 0) == c->init->pid) exited(c->init, status);
  }
  for (struct proc *p = procs, *next; p; p = next) {
    next = p->next;
    if (p->container == c) {
      if (!p->exited) p->container = NULL; /* an exec that left the cgroup: reaped later, its EXIT still sent */
      else proc_free(p);
    }
  }
  for (struct container **cc = &containers; *cc; cc = &(*cc)->next)
    if (*cc == c) {
      *cc = c->next;
      break;
    }
  free(c->id);
  free(c);
  return 0;
}
