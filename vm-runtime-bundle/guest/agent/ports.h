/* Port forwarding: dial connects to 127.0.0.1:port in the guest and relays it as DATA/CLOSE frames. */
#pragma once
#include "loop.h"

int op_dial(const struct fields *f, struct buf *reply, char *err, size_t errlen);
void ports_watch(void);
void ports_data(unsigned channel, const void *data, size_t len);
void ports_close(unsigned channel);
/* The host went away: its streams are gone. */
void ports_disconnected(void);
