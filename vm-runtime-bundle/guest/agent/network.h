/* The pod's network in the guest: the NIC (found by MAC), its addresses, routes and MTU; lo; sysctls. */
#pragma once
#include "loop.h"

void network_loopback_up(void);
int op_network(const struct fields *f, struct buf *reply, char *err, size_t errlen);
int op_sandbox(const struct fields *f, struct buf *reply, char *err, size_t errlen);
