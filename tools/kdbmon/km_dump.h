/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbmon's dump receiver: a vmcore the target sends over the debug line
 * in frames (kernel/debug/core/dbg_dump_wire.h), written to a file.
 *
 * Every byte from the line goes through km_dump_feed() first: console
 * text comes out of its text operation as it went in, frames go to the
 * protocol's receiver, which answers the target on the line.
 */
#ifndef KM_DUMP_H
#define KM_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dbg_dump_wire.h"

/* Partial frame on a line quiet this long: it will not be finished. */
#define KM_DUMP_FLUSH_MS	500
/* The receiver's clock ticks at least this often during a transfer. */
#define KM_DUMP_TICK_MS		50
/*
 * No frame for this long: the target gave up (a live sender goes back
 * and sends again after 2 s without an ack; a frame at 9600 baud takes
 * 5 s, but its bytes keep coming).
 */
#define KM_DUMP_STALE_MS	10000
/* The progress line, at most five times a second. */
#define KM_DUMP_PROGRESS_MS	200

struct km_dump_ops {
	/* Console text, in order, for the console's own path. */
	void (*text)(void *ctx, const uint8_t *p, size_t n);
	/* A command for the target (ASCII). */
	void (*send)(void *ctx, const char *s, size_t n);
	/* A message for the terminal. */
	void (*say)(void *ctx, const char *msg);
	/* A line for the log: a transfer began or ended. */
	void (*log)(void *ctx, const char *msg);
	void *ctx;
};

/*
 * --dump-damage: one bit of every Nth frame flipped before the splitter
 * sees it, in its CRC or payload, never in what frames it (the escape
 * byte, the magic, the length), so the frame fails its CRC and nothing
 * else: the target has to send it again. A frame number is damaged once
 * at most (the next one is, if the Nth was): damage in step with the
 * sender's going back would hit the same frame for ever.
 */
struct km_damage {
	unsigned int every;	/* 0: none */
	unsigned int match;	/* bytes of the magic seen */
	bool due;		/* the next frame that can be is damaged */
	bool armed;		/* this frame is */
	bool esc;		/* after the escape byte */
	unsigned int idx;	/* unescaped bytes after the magic */
	uint32_t seq;		/* this frame's number */
	bool any;		/* a frame was damaged: @last is its number */
	uint32_t last;
	uint64_t frames;	/* frames seen */
	uint64_t flipped;	/* frames damaged */
};

struct km_dump {
	const struct km_dump_ops *ops;
	const char *dir;
	struct dw_rx_ops rx_ops;
	struct dw_recv_ops recv_ops;
	struct dw_rx rx;
	struct dw_recv recv;
	struct km_damage damage;
	int fd;			/* the file being received; -1: none */
	char path[4200];
	char name[64];		/* the start frame's name, as a file name */
	long long now;		/* the clock of the bytes being fed */
	long long t0;		/* when the transfer began */
	long long last_byte;	/* when the line last sent anything */
	long long last_frame;	/* when it last sent part of a frame */
	long long last_progress;
	uint64_t size;		/* the start frame's file size */
	uint64_t bytes;		/* written so far */
	bool keys_said;		/* "keys are held" said this transfer */
	bool failed_said;	/* why the receiver gives up, said */
	bool kdump;		/* rewrite a finished dump kdump-compressed */
};

void km_dump_init(struct km_dump *d, const struct km_dump_ops *ops,
		  const char *dir, unsigned int damage_every);
/* Bytes from the line (may be damaged in place, --dump-damage). */
void km_dump_feed(struct km_dump *d, uint8_t *p, size_t n, long long now);
/* Call when the poll loop wakes: the receiver's acks, a stale frame. */
void km_dump_tick(struct km_dump *d, long long now);
/* Milliseconds until km_dump_tick() has work; -1: none. */
int km_dump_wait(const struct km_dump *d, long long now);
/* A transfer is under way (frames are coming into an open file). */
bool km_dump_active(const struct km_dump *d);
/*
 * A key was typed for the target while a transfer is under way: true if
 * it is to be dropped (said once per transfer).
 */
bool km_dump_hold_keys(struct km_dump *d);
/*
 * The progress line into @buf, if one is due (every
 * KM_DUMP_PROGRESS_MS during a transfer): its length, else 0.
 */
int km_dump_progress(struct km_dump *d, long long now, char *buf,
		     size_t size);
/* The line went away: a transfer under way is cut short. */
void km_dump_line_down(struct km_dump *d);
/* A new connection: nothing gathered from the old one is a frame. */
void km_dump_line_up(struct km_dump *d);
/* kdbmon quits: the target is told to give up, the file closed. */
void km_dump_quit(struct km_dump *d);

#endif /* KM_DUMP_H */
