/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDB remote protocol's packet layer: framing, checksums, binary
 * escapes, run-length encoding, hex. Portable: built in the kernel and
 * in userspace (unit tests, fuzzing). No allocation: every buffer is the
 * caller's.
 */
#ifndef _GDB_PACKET_H
#define _GDB_PACKET_H

#include "../dbg_portable.h"

/* Receiving: bytes go in one at a time, whole packets come out. */
enum gdb_rx_state {
	GDB_RX_IDLE,		/* between packets */
	GDB_RX_DATA,		/* after '$' */
	GDB_RX_SUM1,		/* after '#' */
	GDB_RX_SUM2,
	GDB_RX_BREAK,		/* after a NUL between packets */
};

enum gdb_rx_event {
	GDB_RX_NONE,		/* nothing complete yet */
	GDB_RX_PACKET,		/* a packet with a good checksum */
	GDB_RX_BAD,		/* a packet with a bad checksum, or too long */
	GDB_RX_ACK,		/* '+' between packets */
	GDB_RX_NAK,		/* '-' between packets: resend */
	GDB_RX_INTERRUPT,	/* 0x03 between packets: gdb's Ctrl-C */
};

/**
 * struct gdb_rx - a packet being received
 * @buf: where its data goes (as sent: escapes are left for the packet's
 *	handler); NUL-terminated when complete
 * @size: room in @buf, the NUL included
 * @len: bytes of data so far
 * @state: &enum gdb_rx_state
 * @sum: checksum of the data so far
 * @sent_sum: the checksum as sent
 * @too_long: more data came than @buf holds
 */
struct gdb_rx {
	char *buf;
	size_t size;
	size_t len;
	enum gdb_rx_state state;
	u8 sum;
	u8 sent_sum;
	bool too_long;
};

void gdb_rx_init(struct gdb_rx *rx, char *buf, size_t size);
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, u8 c);
void gdb_rx_move(struct gdb_rx *rx, char *buf, size_t size,
		 const struct gdb_rx *from);

/**
 * struct gdb_tx - a packet being built
 * @buf: the whole packet: '$', data, '#', two checksum digits
 * @size: room in @buf
 * @len: bytes so far
 * @overflow: something did not fit (the packet is then an error reply)
 * @binary: binary data is in it: no run-length encoding
 */
struct gdb_tx {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
	bool binary;
};

/* Room the frame takes besides the data: '$' and '#xx'. */
#define GDB_FRAME_LEN	4

void gdb_tx_begin(struct gdb_tx *tx, char *buf, size_t size);
size_t gdb_tx_room(const struct gdb_tx *tx);
void gdb_tx_str(struct gdb_tx *tx, const char *s);
void gdb_tx_char(struct gdb_tx *tx, char c);
__printf(2, 3) void gdb_tx_fmt(struct gdb_tx *tx, const char *fmt, ...);
void gdb_tx_hex(struct gdb_tx *tx, const void *data, size_t len);
void gdb_tx_hex_u64(struct gdb_tx *tx, u64 v);
void gdb_tx_bin(struct gdb_tx *tx, const void *data, size_t len);
size_t gdb_tx_end(struct gdb_tx *tx);

/* Hex and binary. */
int gdb_parse_hex(const char **p, u64 *val);
int gdb_hex_decode(const char *hex, size_t nhex, u8 *out, size_t max);
int gdb_bin_unescape(const char *in, size_t inlen, u8 *out, size_t max,
		     size_t *outlen);
size_t gdb_rle_decode(const char *in, size_t inlen, char *out, size_t max);

#endif /* _GDB_PACKET_H */
