/* Fields: key\0value\0 pairs, a key may repeat to form a list (docs/vm-agent-protocol.md). */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct fields {
  const char *data;
  size_t len;
};

/* Checks the payload is whole pairs of NUL-terminated strings; 0 or -1. */
int fields_init(struct fields *f, const void *data, size_t len);
/* The first value of key, or NULL. */
const char *field_get(const struct fields *f, const char *key);
/* The next value of key at or after *pos (start at 0), advancing *pos; NULL at the end. */
const char *field_next(const struct fields *f, const char *key, size_t *pos);
size_t field_count(const struct fields *f, const char *key);

/* A growing buffer to build fields (and frames) in. */
struct buf {
  char *data;
  size_t len, cap;
};
void buf_put(struct buf *b, const void *data, size_t len);
void buf_field(struct buf *b, const char *key, const char *value);
void buf_fieldf(struct buf *b, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void buf_free(struct buf *b);
