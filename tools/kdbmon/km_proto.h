/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbmon's protocol code: what it needs to know about the bytes on the
 * target's line, with no I/O of its own (unit-tested and fuzzed).
 *
 * - telnet: QEMU's chardevs in telnet mode (telnet=on) take a serial
 *   BREAK as telnet's IAC BREAK and wrap their own negotiation in IAC
 *   sequences; a 0xff data byte is sent as IAC IAC.
 * - the splitter: with gdb attached, separates gdb's packets (and
 *   acknowledgements) from console bytes, so neither ends up in the
 *   other's stream.
 * - the watcher: follows the console's last line, to see a kdb prompt or
 *   kdb's pager waiting for the user.
 * - the echo eater: kdb echoes what it is typed; kdbmon, which has shown
 *   the line already, drops that echo.
 */
#ifndef KM_PROTO_H
#define KM_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- telnet ------------------------------------------------------------ */

#define KM_IAC		0xff
#define KM_IAC_BREAK	0xf3

struct km_telnet {
	int state;		/* where in an IAC sequence */
	bool data_seen;		/* negotiation is over */
};

/*
 * Decode @n bytes from a telnet peer into @out (room for @n). Telnet as
 * QEMU speaks it: its negotiation comes first, when the connection
 * opens, and is dropped; after the first data byte QEMU sends the
 * guest's bytes as they are (a 0xff too, not doubled), so from there
 * everything is data. Returns the bytes written to @out.
 */
size_t km_telnet_decode(struct km_telnet *t, const uint8_t *in, size_t n,
			uint8_t *out);

/* Encode @n data bytes for a telnet peer into @out (room for 2 * @n). */
size_t km_telnet_encode(const uint8_t *in, size_t n, uint8_t *out);

/* --- the splitter ------------------------------------------------------ */

/* A reply gdb 13.1 accepts is at most this long (its PacketSize cap). */
#define KM_PACKET_MAX	(64 * 1024)

struct km_split_ops {
	/* Bytes for the terminal. */
	void (*console)(void *ctx, const uint8_t *p, size_t n);
	/* A whole packet ('$' to the checksum) or an ack, for gdb. */
	void (*gdb)(void *ctx, const uint8_t *p, size_t n);
};

struct km_split {
	const struct km_split_ops *ops;
	void *ctx;
	bool gdb_attached;	/* look for packets at all */
	bool running;		/* gdb let the target run */
	unsigned int acks_due;	/* '+'/'-' gdb is waiting for */
	int state;		/* where in a packet */
	size_t len;
	uint8_t buf[KM_PACKET_MAX];
};

void km_split_init(struct km_split *s, const struct km_split_ops *ops,
		   void *ctx);
/* gdb attached or gone: with none, everything is console. */
void km_split_gdb(struct km_split *s, bool attached);
/*
 * gdb let the target run (it waits for a stop): while it runs only a
 * stop reply or an 'O' packet with a good checksum is gdb's, the rest
 * is console output, which may hold '$' and '#' of its own.
 */
void km_split_running(struct km_split *s, bool running);
/* kdbmon sent gdb's packet on: the target's ack is due. */
void km_split_packet_sent(struct km_split *s);
/* Bytes from the target. */
void km_split_feed(struct km_split *s, const uint8_t *p, size_t n);
/*
 * The line went quiet: a '$' that began no packet is console output (a
 * shell prompt), shown now. Returns true if it held anything.
 */
bool km_split_idle(struct km_split *s);
/* True while part of a possible packet is held back. */
bool km_split_holding(const struct km_split *s);

/* --- the watcher ------------------------------------------------------- */

enum km_screen {
	KM_SCREEN_OTHER,	/* console output, a shell, anything */
	KM_SCREEN_KDB,		/* a kdb prompt, waiting for a command */
	KM_SCREEN_MORE,		/* kdb's pager, waiting for a key */
};

#define KM_TAIL_MAX	128

struct km_watch {
	char tail[KM_TAIL_MAX];	/* the console's last line, so far */
	size_t len;
	bool overflow;		/* the line is longer than the tail */
};

void km_watch_init(struct km_watch *w);
void km_watch_feed(struct km_watch *w, const uint8_t *p, size_t n);
/* What the last line is; for a prompt, its text in @prompt (NUL-ended). */
enum km_screen km_watch_screen(const struct km_watch *w, char *prompt,
			       size_t size);

/* --- the echo eater ---------------------------------------------------- */

struct km_echo {
	char want[1024];	/* what kdb will echo */
	size_t len, pos;
};

/* kdbmon sent @line (then CR): its echo, then CR LF, is due. */
void km_echo_expect(struct km_echo *e, const char *line, size_t n);
/*
 * Drop from @p what is the due echo; returns how many leading bytes of
 * @p to drop. A byte that is not the echo ends the wait (kdb printed
 * something else: it is shown).
 */
size_t km_echo_eat(struct km_echo *e, const uint8_t *p, size_t n);
bool km_echo_pending(const struct km_echo *e);

/* --- gdb's packets ----------------------------------------------------- */

/* Does @p (a whole packet as gdb sent it) carry this payload prefix? */
bool km_packet_is(const uint8_t *p, size_t n, const char *prefix);
/* "$<payload>#cs" into @out (room for strlen + 4 + 1); returns length. */
size_t km_packet_make(const char *payload, char *out);

#endif /* KM_PROTO_H */
