#include "fields.h"
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fields_init(struct fields *f, const void *data, size_t len) {
  f->data = data;
  f->len = len;
  if (len == 0) return 0;
  if (f->data[len - 1] != 0) return -1;
  size_t strings = 0;
  for (size_t i = 0; i < len; i++) strings += f->data[i] == 0;
  return strings % 2 == 0 ? 0 : -1;
}

const char *field_next(const struct fields *f, const char *key, size_t *pos) {
  size_t i = *pos;
  while (i < f->len) {
    const char *k = f->data + i;
    size_t klen = strlen(k);
    const char *v = k + klen + 1;
    i += klen + 1 + strlen(v) + 1;
    if (strcmp(k, key) == 0) {
      *pos = i;
      return v;
    }
  }
  *pos = i;
  return NULL;
}

const char *field_get(const struct fields *f, const char *key) {
  size_t pos = 0;
  return field_next(f, key, &pos);
}

size_t field_count(const struct fields *f, const char *key) {
  size_t pos = 0, n = 0;
  while (field_next(f, key, &pos)) n++;
  return n;
}

void buf_put(struct buf *b, const void *data, size_t len) {
  if (b->len + len > b->cap) {
    b->cap = (b->len + len) * 2 + 64;
    b->data = xrealloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

void buf_field(struct buf *b, const char *key, const char *value) {
  buf_put(b, key, strlen(key) + 1);
  buf_put(b, value, strlen(value) + 1);
}

void buf_fieldf(struct buf *b, const char *key, const char *fmt, ...) {
  char value[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(value, sizeof value, fmt, ap);
  va_end(ap);
  buf_field(b, key, value);
}

void buf_free(struct buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
