#include "ports.h"
#include "frames.h"
#include "util.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct stream {
  struct stream *next;
  unsigned channel;
  int fd;
  struct buf out; /* from the host, not yet written to the socket */
  int host_done, guest_done, shut_wr;
};

static struct stream *streams;

static struct stream *find(unsigned channel) {
  for (struct stream *s = streams; s; s = s->next)
    if (s->channel == channel) return s;
  return NULL;
}

static void stream_free(struct stream *s) {
  for (struct stream **p = &streams; *p; p = &(*p)->next)
    if (*p == s) {
      *p = s->next;
      break;
    }
  close(s->fd);
  buf_free(&s->out);
  free(s);
}

int op_dial(const struct fields *f, struct buf *reply, char *err, size_t errlen) {
  (void)reply;
  unsigned port = parse_u64(field_get(f, "port"), 0), channel = parse_u64(field_get(f, "channel"), 0);
  if (!port || port > 65535 || !channel || find(channel))
    return snprintf(err, errlen, "dial: bad port %u or channel %u", port, channel), -1;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    /* worded as Go's net.Dial: the cause in lower case */
    char cause[128];
    snprintf(cause, sizeof cause, "%s", strerror(errno));
    cause[0] = tolower((unsigned char)cause[0]);
    snprintf(err, errlen, "dial tcp 127.0.0.1:%u: connect: %s", port, cause);
    if (fd >= 0) close(fd);
    return -1;
  }
  set_nonblock(fd);
  struct stream *s = xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->channel = channel;
  s->fd = fd;
  s->next = streams;
  streams = s;
  return 0;
}

/* Frees the stream when both sides are done; 1 when it did. */
static int finish_if_done(struct stream *s) {
  if (!(s->host_done && s->guest_done && !s->out.len)) return 0;
  stream_free(s);
  return 1;
}

static int flush(struct stream *s) {
  while (s->out.len) {
    ssize_t n = write(s->fd, s->out.data, s->out.len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return 0;
      s->out.len = 0; /* the guest side reset the connection */
      if (!s->guest_done) frame_send(FRAME_CLOSE, s->channel, NULL, 0);
      s->guest_done = s->host_done = 1;
      break;
    }
    memmove(s->out.data, s->out.data + n, s->out.len - n);
    s->out.len -= n;
  }
  if (s->host_done && !s->shut_wr) {
    shutdown(s->fd, SHUT_WR);
    s->shut_wr = 1;
  }
  return finish_if_done(s);
}

static void on_socket(void *ctx, int fd, short revents) {
  struct stream *s = ctx;
  if ((revents & POLLOUT) && flush(s)) return;
  if (!(revents & (POLLIN | POLLHUP | POLLERR)) || s->guest_done) return;
  char data[65536];
  ssize_t n = read(fd, data, sizeof data);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n > 0) {
    frame_send(FRAME_DATA, s->channel, data, n);
    return;
  }
  frame_send(FRAME_CLOSE, s->channel, NULL, 0);
  s->guest_done = 1;
  finish_if_done(s);
}

void ports_watch(void) {
  for (struct stream *s = streams; s; s = s->next) {
    short events = 0;
    if (!s->guest_done && frame_channel_pending(s->channel) < CHANNEL_BUFFER_MAX) events |= POLLIN;
    if (s->out.len) events |= POLLOUT;
    if (events) watch(s->fd, events, on_socket, s);
  }
}

void ports_data(unsigned channel, const void *data, size_t len) {
  struct stream *s = find(channel);
  if (!s || s->host_done) return;
  buf_put(&s->out, data, len);
  flush(s);
}

void ports_close(unsigned channel) {
  struct stream *s = find(channel);
  if (!s) return;
  s->host_done = 1;
  flush(s);
}

void ports_disconnected(void) {
  while (streams) stream_free(streams);
}
