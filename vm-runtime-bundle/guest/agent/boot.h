/* Bringing the guest up as PID 1: the root, the kernel file systems, the modules, the shared directory, the port. */
#pragma once

/* Everything up to the port; -1 when the guest is unusable. */
int boot(void);
/* Opens the virtio-serial port named dev.orca.agent, waiting for it to appear; the fd or -1. */
int open_agent_port(void);
