/* Frames on the virtio-serial port: the output queue to the host and the input parser. */
#pragma once
#include <stddef.h>
#include <stdint.h>

enum frame_type {
  FRAME_REQUEST = 1,
  FRAME_REPLY = 2,
  FRAME_STDOUT = 3,
  FRAME_STDERR = 4,
  FRAME_EXIT = 5,
  FRAME_STDIN = 6,
  FRAME_READY = 7,
  FRAME_DATA = 8,
  FRAME_CLOSE = 9,
};

#define FRAME_PAYLOAD_MAX (1u << 20)
/* Output kept per channel while the host does not read; past it the writer is no longer read from. */
#define CHANNEL_BUFFER_MAX (1u << 20)

/* Queues a frame; returns its sequence number (increasing from 1). */
uint64_t frame_send(uint8_t type, uint32_t channel, const void *payload, size_t len);
/* Bytes of output queued for a channel and not yet written. */
size_t frame_channel_pending(uint32_t channel);
int frames_pending(void);
/* Writes queued frames without blocking; -1 when the port failed (other than EAGAIN). */
int frames_flush(int fd);
/* The sequence number of the last frame written whole to the port. */
uint64_t frames_written(void);
/* The host went away: the frame being written starts again on the next connection, replies are dropped. */
void frames_disconnected(void);
/* A host connected: after the first, nothing but REPLY goes to it until it says hello (frames_release). */
void frames_connected(void);
void frames_release(void);
/* Whether the frame seq was written whole to an earlier connection (then it may be lost with it). */
int frame_written_before(uint64_t seq);

typedef void (*frame_handler)(uint8_t type, uint32_t channel, const uint8_t *payload, size_t len);
/* Reads what the port has and hands each whole frame to handler; 0 on EOF, -1 on error, else 1. */
int frames_read(int fd, frame_handler handler);
void frames_reset_input(void);
