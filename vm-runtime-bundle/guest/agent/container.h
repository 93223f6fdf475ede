/* Containers and their processes: create, start, exec, signal, state, list, stats, update, remove; the processes'
   output, stdin and exits. */
#pragma once
#include "loop.h"

int containers_setup(void);
void containers_watch(void);
/* Reaps every exited child (the agent is PID 1) and queues EXIT frames. */
void containers_reap(void);
/* Queues again the EXIT frames not written whole in this connection (after hello). */
void containers_resend_exits(void);
void containers_stdin(unsigned channel, const void *data, size_t len);

int op_create(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_start(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_signal(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_state(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_list(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_exec(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_resize(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_stats(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_update(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_remove(const struct fields *f, struct buf *reply, char *err, size_t errlen);
