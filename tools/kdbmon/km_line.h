/* SPDX-License-Identifier: GPL-2.0 */
/* kdbmon: the target's line (a tty, a unix socket, a TCP port). */
#ifndef KM_LINE_H
#define KM_LINE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "km_opts.h"
#include "km_proto.h"

struct km_line {
	const struct km_opts *o;
	int fd;			/* -1 while the line is down */
	struct km_telnet tn;
	char why[800];		/* why the last open failed */
};

/* Open the line; 0, or -1 with the reason in @l->why. */
int km_line_open(struct km_line *l);
void km_line_close(struct km_line *l);
/*
 * Read what is there, decoded (telnet): >0 bytes, 0 if nothing was data,
 * -1 if the line went away.
 */
ssize_t km_line_read(struct km_line *l, uint8_t *buf, size_t size);
/* Write all of @p (telnet-encoded as needed); -1 if the line went away. */
int km_line_write(struct km_line *l, const void *p, size_t n);
/* A serial BREAK; -1 if this line cannot send one (a plain socket). */
int km_line_break(struct km_line *l);

#endif /* KM_LINE_H */
