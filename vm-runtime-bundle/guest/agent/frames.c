#include "frames.h"
#include "util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct frame {
  struct frame *next;
  uint64_t seq;
  uint8_t type;
  uint32_t channel;
  size_t len, off; /* len: the whole frame, header included */
  uint8_t data[];
};

struct channel_count {
  struct channel_count *next;
  uint32_t channel;
  size_t bytes;
};

static struct frame *head, *tail;
static uint64_t next_seq = 1, written_seq, connection_start_seq;
static int held;
static struct channel_count *counts;

static struct channel_count *count_of(uint32_t channel, int create) {
  for (struct channel_count *c = counts; c; c = c->next)
    if (c->channel == channel) return c;
  if (!create) return NULL;
  struct channel_count *c = xmalloc(sizeof *c);
  c->channel = channel;
  c->bytes = 0;
  c->next = counts;
  counts = c;
  return c;
}

static void count_sub(uint32_t channel, size_t bytes) {
  struct channel_count **p = &counts;
  for (; *p; p = &(*p)->next) {
    if ((*p)->channel != channel) continue;
    (*p)->bytes -= bytes;
    if ((*p)->bytes == 0) {
      struct channel_count *gone = *p;
      *p = gone->next;
      free(gone);
    }
    return;
  }
}

static int counted(uint8_t type) { return type == FRAME_STDOUT || type == FRAME_STDERR || type == FRAME_DATA; }

uint64_t frame_send(uint8_t type, uint32_t channel, const void *payload, size_t len) {
  struct frame *f = xmalloc(sizeof *f + 9 + len);
  uint32_t rest = 5 + len;
  f->data[0] = rest >> 24;
  f->data[1] = rest >> 16;
  f->data[2] = rest >> 8;
  f->data[3] = rest;
  f->data[4] = type;
  f->data[5] = channel >> 24;
  f->data[6] = channel >> 16;
  f->data[7] = channel >> 8;
  f->data[8] = channel;
  if (len) memcpy(f->data + 9, payload, len);
  f->next = NULL;
  f->seq = next_seq++;
  f->type = type;
  f->channel = channel;
  f->len = 9 + len;
  f->off = 0;
  if (tail) tail->next = f; else head = f;
  tail = f;
  if (counted(type)) count_of(channel, 1)->bytes += len;
  return f->seq;
}

size_t frame_channel_pending(uint32_t channel) {
  struct channel_count *c = count_of(channel, 0);
  return c ? c->bytes : 0;
}

static int passes_hold(const struct frame *f) { return f->type == FRAME_READY || f->type == FRAME_REPLY; }

/* While held, the first READY or REPLY moves to the head (nothing is half written then): the rest waits for hello. */
static struct frame *next_to_write(void) {
  if (!held || !head || passes_hold(head)) return head;
  for (struct frame *prev = head; prev->next; prev = prev->next) {
    struct frame *f = prev->next;
    if (!passes_hold(f)) continue;
    prev->next = f->next;
    if (tail == f) tail = prev;
    f->next = head;
    head = f;
    return f;
  }
  return NULL;
}

int frames_pending(void) { return next_to_write() != NULL; }

void frames_connected(void) {
  static int connections;
  connection_start_seq = written_seq;
  /* the first host gets READY and all that follows; one that comes after another left says hello first */
  held = connections++ > 0;
}

void frames_release(void) { held = 0; }

int frame_written_before(uint64_t seq) { return seq <= connection_start_seq; }

uint64_t frames_written(void) { return written_seq; }

static void pop(void) {
  struct frame *f = head;
  head = f->next;
  if (!head) tail = NULL;
  if (counted(f->type)) count_sub(f->channel, f->len - 9);
  free(f);
}

int frames_flush(int fd) {
  while (frames_pending()) {
    ssize_t n = write(fd, head->data + head->off, head->len - head->off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN ? 0 : -1;
    }
    head->off += n;
    if (head->off < head->len) continue;
    written_seq = head->seq;
    pop();
  }
  return 0;
}

void frames_disconnected(void) {
  if (head) head->off = 0;
  /* replies answer requests of the host that went away */
  struct frame **p = &head;
  tail = NULL;
  while (*p) {
    if ((*p)->type == FRAME_REPLY || (*p)->type == FRAME_READY) {
      struct frame *gone = *p;
      *p = gone->next;
      free(gone);
    } else {
      tail = *p;
      p = &(*p)->next;
    }
  }
}

static uint8_t *in_buf;
static size_t in_len, in_cap;

void frames_reset_input(void) { in_len = 0; }

int frames_read(int fd, frame_handler handler) {
  if (in_cap - in_len < 65536) {
    in_cap = in_len + 65536;
    in_buf = xrealloc(in_buf, in_cap);
  }
  ssize_t n = read(fd, in_buf + in_len, in_cap - in_len);
  if (n < 0) return errno == EAGAIN || errno == EINTR ? 1 : -1;
  if (n == 0) return 0;
  in_len += n;
  size_t off = 0;
  while (in_len - off >= 9) {
    uint8_t *h = in_buf + off;
    uint32_t rest = (uint32_t)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
    if (rest < 5 || rest > 5 + FRAME_PAYLOAD_MAX) {
      log_msg("bad frame length %u, dropping input", rest);
      in_len = 0;
      return 1;
    }
    if (in_len - off < 4 + (size_t)rest) {
      if (in_cap < off + 4 + rest) {
        /* grow for this frame; parsed frames are moved out first */
        memmove(in_buf, in_buf + off, in_len - off);
        in_len -= off;
        off = 0;
        in_cap = 4 + rest + 65536;
        in_buf = xrealloc(in_buf, in_cap);
      }
      break;
    }
    uint32_t channel = (uint32_t)h[5] << 24 | h[6] << 16 | h[7] << 8 | h[8];
    handler(h[4], channel, h + 9, rest - 5);
    off += 4 + rest;
  }
  memmove(in_buf, in_buf + off, in_len - off);
  in_len -= off;
  return 1;
}
