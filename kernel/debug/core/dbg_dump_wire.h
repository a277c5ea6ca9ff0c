/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump's serial protocol: how a vmcore crosses the debug line to a
 * receiver (kdbmon) without losing a byte on a noisy line. Portable: the
 * kernel sends with it, kdbmon receives with it, and both halves are
 * unit-tested against each other over a simulated lossy line.
 *
 * Target to host, binary frames (little-endian):
 *
 *	0  magic  f7 'K' 'D' 'F'
 *	4  u8     type (enum dw_type)
 *	5  u8     version (DW_VERSION)
 *	6  u16    reserved, 0
 *	8  u32    sequence number, from 0, one per frame
 *	12 u32    payload length (at most DW_PAYLOAD_MAX)
 *	16 u32    CRC-32 (zlib's) of bytes 0..15 and the payload
 *	20        payload
 *
 * Everything after the magic is escaped: 0x0a and 0x0d (the kernel's
 * polled output turns LF into CR LF), 0x11 and 0x13 (XON/XOFF), 0xf7
 * and the escape byte 0x7d go out as 0x7d, byte ^ 0x20. So a raw 0xf7
 * only ever starts a frame (UTF-8 text never has one) and a receiver
 * finds the next frame after any damage. The CRC covers the unescaped
 * bytes. Bytes outside frames are console text (the kernel's progress
 * lines) and are passed on as such. Host to target, short ASCII commands in
 * gdb's style, '$' cmd [hex] '#' four hex digits of the CRC-16/CCITT of
 * cmd and hex: "$A<n>#crc" all frames below n arrived, "$R<n>#crc" send
 * again from n, "$Q#crc" give up.
 *
 * The sender keeps at most a window of frames unacknowledged and goes
 * back to the first unacknowledged one when asked or when acks stop
 * (go-back-N). A frame's content depends only on its number, so going
 * back costs nothing to remember.
 */
#ifndef _DBG_DUMP_WIRE_H
#define _DBG_DUMP_WIRE_H

#include "../dbg_portable.h"

#define DW_MAGIC0	0xf7
#define DW_VERSION	1
#define DW_HDR_LEN	20
/* A page and its file offset; the start frame's text fits too. */
#define DW_PAYLOAD_MAX	(4096 + 8)
#define DW_FRAME_MAX	(DW_HDR_LEN + DW_PAYLOAD_MAX)
/* A frame as sent: the magic, then everything else escaped. */
#define DW_WIRE_MAX	(4 + 2 * (DW_FRAME_MAX - 4))
#define DW_ESC		0x7d
/* What one frame's data decompresses to at most: a page. */
#define DW_DATA_MAX	4096

enum dw_type {
	DW_START = 'S',	/* struct dw_start: what is coming */
	DW_DATA = 'D',	/* u64 file offset, then the bytes there */
	DW_DATA_LZ4 = 'L',	/* u64 file offset, then an LZ4 block of them */
	DW_END = 'E',	/* struct dw_end: the file is complete (or not) */
};

/* The start frame's payload, as encoded by dw_start_encode(). */
struct dw_start {
	u64 file_size;		/* bytes of the finished file */
	u64 frames;		/* frames in the whole transfer, this one too */
	u64 ram_bytes;		/* RAM the machine has */
	u32 level;		/* what was left out (DUMP_LEVEL_* bits) */
	u32 ncpus;
	u32 id;			/* differs between transfers */
	char name[64];		/* "release hostname": for the file's name */
};

#define DW_START_LEN	(8 + 8 + 8 + 4 + 4 + 4 + 64)

/* The end frame's payload. */
struct dw_end {
	u64 file_size;
	u32 status;		/* 0: complete; else an errno, the file is cut */
	char msg[96];
};

#define DW_END_LEN	(8 + 4 + 96)

u32 dw_crc32(u32 crc, const void *p, size_t len);
void dw_put_le16(u8 *p, u16 v);
void dw_put_le32(u8 *p, u32 v);
void dw_put_le64(u8 *p, u64 v);
u32 dw_get_le32(const u8 *p);
u64 dw_get_le64(const u8 *p);

int dw_lz4_decode(const u8 *src, size_t n, u8 *dst, size_t cap);
size_t dw_frame_encode(u8 *out, enum dw_type type, u32 seq,
		       const u8 *payload, u32 len);
void dw_start_encode(u8 *payload, const struct dw_start *s);
int dw_start_decode(const u8 *payload, u32 len, struct dw_start *s);
void dw_end_encode(u8 *payload, const struct dw_end *e);
int dw_end_decode(const u8 *payload, u32 len, struct dw_end *e);

/* --- the receiving side's frame splitter ------------------------------ */

/**
 * struct dw_rx_ops - what dw_rx_feed() found
 * @text: bytes that are not part of a frame, in order
 * @frame: a frame with a good CRC
 * @bad: a frame header that looked right but whose CRC failed
 * @ctx: passed to each
 */
struct dw_rx_ops {
	void (*text)(void *ctx, const u8 *p, size_t n);
	void (*frame)(void *ctx, u8 type, u32 seq, const u8 *payload,
		      u32 len);
	void (*bad)(void *ctx);
	void *ctx;
};

/**
 * struct dw_rx - splits a byte stream into console text and frames
 * @ops: where things go
 * @buf: a frame (or its start) being gathered, unescaped
 * @len: bytes in @buf
 * @need: bytes the frame in @buf needs in all (0: still in the header)
 * @raw: the bytes of @buf's header as they came, escapes and all
 * @raw_len: bytes in @raw
 * @esc: the last byte was the escape byte
 * @discard: a frame was dropped: bytes up to the next magic are its rest
 * @frames: good frames seen
 * @bad_frames: frames dropped: bad CRC, or cut short
 */
struct dw_rx {
	const struct dw_rx_ops *ops;
	u8 buf[DW_FRAME_MAX];
	size_t len;
	size_t need;
	u8 raw[4 + 2 * (DW_HDR_LEN - 4)];
	size_t raw_len;
	bool esc;
	bool discard;
	u64 frames;
	u64 bad_frames;
};

void dw_rx_init(struct dw_rx *rx, const struct dw_rx_ops *ops);
void dw_rx_feed(struct dw_rx *rx, const u8 *p, size_t n);
void dw_rx_flush(struct dw_rx *rx);

/* --- commands from the receiver ---------------------------------------- */

enum dw_cmd_type {
	DW_CMD_NONE,
	DW_CMD_ACK = 'A',	/* every frame below @seq arrived */
	DW_CMD_RESEND = 'R',	/* send again from @seq */
	DW_CMD_QUIT = 'Q',	/* the receiver gives up */
};

struct dw_cmd_rx {
	int state;
	char cmd;
	u32 seq;
	unsigned int digits;
	u16 crc;
	u16 sent_crc;
	unsigned int sum_digits;
};

int dw_cmd_format(char *buf, size_t size, enum dw_cmd_type cmd, u32 seq);
void dw_cmd_rx_init(struct dw_cmd_rx *c);
enum dw_cmd_type dw_cmd_rx_feed(struct dw_cmd_rx *c, int ch, u32 *seq);

/* --- the sender --------------------------------------------------------- */

/**
 * struct dw_tx_ops - the sender's world
 * @send: put frame @seq on the line; <0: it cannot be made (the transfer
 *	stops with that error)
 * @getc: a byte from the receiver, or -1 if none is waiting
 * @now_ms: a millisecond clock
 * @idle: called while waiting (the kernel touches its watchdogs)
 * @progress: called after each acknowledged advance
 * @ctx: passed to each
 */
struct dw_tx_ops {
	int (*send)(void *ctx, u32 seq);
	int (*getc)(void *ctx);
	u64 (*now_ms)(void *ctx);
	void (*idle)(void *ctx);
	void (*progress)(void *ctx, u32 acked);
	void *ctx;
};

/**
 * struct dw_tx - a go-back-N sender
 * @ops: its world
 * @total: frames in the transfer
 * @window: frames that may be unacknowledged at once
 * @resend_ms: go back when no ack came for this long with frames out
 * @hello_ms: stop when nobody answered the first frame for this long
 * @giveup_ms: stop when no ack came for this long
 * @acked: frames below this one arrived
 * @next: next frame to send
 * @high: frames below this one were sent at least once
 * @resent: frames sent more than once
 * @go_backs: times the sender went back
 * @cmd: the receiver's command being parsed
 */
struct dw_tx {
	const struct dw_tx_ops *ops;
	u32 total;
	u32 window;
	u32 resend_ms;
	u32 hello_ms;
	u32 giveup_ms;
	u32 acked;
	u32 next;
	u32 high;
	u64 resent;
	u64 go_backs;
	struct dw_cmd_rx cmd;
};

int dw_tx_run(struct dw_tx *tx);

/* --- the receiver ------------------------------------------------------- */

/**
 * struct dw_recv_ops - the receiver's world
 * @begin: a new transfer starts (a file to open); <0 on error
 * @write: store @len bytes at @off of the file; <0 on error
 * @end: the end frame arrived (the file is complete, or says why not)
 * @send: put a command on the line
 * @ctx: passed to each
 */
struct dw_recv_ops {
	int (*begin)(void *ctx, const struct dw_start *s);
	int (*write)(void *ctx, u64 off, const u8 *p, size_t len);
	void (*end)(void *ctx, const struct dw_end *e);
	void (*send)(void *ctx, const char *s, size_t n);
	void *ctx;
};

enum dw_recv_state {
	DW_RECV_IDLE,		/* no transfer */
	DW_RECV_ACTIVE,		/* frames are coming */
	DW_RECV_DONE,		/* the end frame arrived */
	DW_RECV_FAILED,		/* begin or write failed: the receiver sent Q */
};

/**
 * struct dw_recv - the receiving side's state
 * @ops: its world
 * @state: see &enum dw_recv_state
 * @start: the start frame
 * @end: the end frame, once DONE
 * @expect: the next frame wanted
 * @bytes: bytes written to the file
 * @wire_bytes: data bytes as they came (compressed or not)
 * @page: where a compressed frame's data is decompressed
 * @asked: frame number last asked for again (rate-limits requests)
 * @asked_ms: when
 * @ask_due: a request was held back by the rate limit
 * @acked: the last number acknowledged
 * @last_ms: when the last good frame came
 * @dups: frames that came twice
 * @gaps: times a frame was missing
 */
struct dw_recv {
	const struct dw_recv_ops *ops;
	enum dw_recv_state state;
	struct dw_start start;
	struct dw_end end;
	u32 expect;
	u64 bytes;
	u64 wire_bytes;
	u8 page[DW_DATA_MAX];
	u32 asked;
	u64 asked_ms;
	bool ask_due;
	u32 acked;
	u64 last_ms;
	u64 dups;
	u64 gaps;
};

void dw_recv_init(struct dw_recv *r, const struct dw_recv_ops *ops);
void dw_recv_frame(struct dw_recv *r, u8 type, u32 seq, const u8 *payload,
		   u32 len, u64 now_ms);
void dw_recv_bad(struct dw_recv *r, u64 now_ms);
void dw_recv_tick(struct dw_recv *r, u64 now_ms);

#endif /* _DBG_DUMP_WIRE_H */
