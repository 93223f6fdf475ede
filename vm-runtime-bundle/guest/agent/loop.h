/* The agent's single poll() loop: modules add the descriptors they wait on, each pass. */
#pragma once
#include "fields.h"
#include <poll.h>
#include <stddef.h>

typedef void (*watch_fn)(void *ctx, int fd, short revents);
void watch(int fd, short events, watch_fn fn, void *ctx);

/* An op's handler: 0 with results in reply, or -1 with the message in err. */
typedef int (*op_fn)(const struct fields *f, struct buf *reply, char *err, size_t errlen);
