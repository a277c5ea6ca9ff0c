// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the dump protocol's receiving side as kdbmon runs it: the line's
 * bytes through the splitter (dw_rx) into the receiver (dw_recv), cut
 * into reads, the clock moving; every byte also into the sender's
 * command parser. Checked: the receiver writes only inside the file its
 * start frame announced; the splitter hands on no more bytes than it was
 * given; what the receiver sends are whole, well-formed commands; the
 * input encoded as a frame comes back whole, the text around it intact.
 *
 * Input: an options byte (bit 0: the file cannot be created; bits 1-3:
 * the read size; bits 4-7: milliseconds a read takes, times 20), then
 * the line. tools/kdbmon/fake_dump.py --seeds writes the seeds.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dbg_dump_wire.h"

#define FILE_MAX	(1 << 16)

static struct {
	struct dw_rx rx;
	struct dw_recv recv;
	u64 now;
	bool fail_begin;
	bool begun;
	u64 file_size;		/* the transfer begun last */
	size_t text, framed;	/* bytes handed on as text, in frames */
	u8 file[FILE_MAX];	/* last: not cleared between inputs */
} f;

static void on_text(void *ctx, const u8 *p, size_t n)
{
	f.text += n;
}

static void on_frame(void *ctx, u8 type, u32 seq, const u8 *p, u32 len)
{
	assert(len <= DW_PAYLOAD_MAX);
	f.framed += DW_HDR_LEN + len;
	dw_recv_frame(&f.recv, type, seq, p, len, f.now);
}

static void on_bad(void *ctx)
{
	dw_recv_bad(&f.recv, f.now);
}

static int op_begin(void *ctx, const struct dw_start *s)
{
	assert(s->frames >= 2);
	assert(memchr(s->name, 0, sizeof(s->name)));
	f.begun = true;
	f.file_size = s->file_size;
	return f.fail_begin ? -ENOSPC : 0;
}

static int op_write(void *ctx, u64 off, const u8 *p, size_t len)
{
	assert(f.begun && f.recv.state == DW_RECV_ACTIVE);
	/* off + len <= file_size, without overflowing. */
	assert(off <= f.file_size && len <= f.file_size - off);
	if (off <= FILE_MAX && len <= FILE_MAX - off)
		memcpy(f.file + off, p, len);
	return 0;
}

static void op_end(void *ctx, const struct dw_end *e)
{
	assert(f.recv.state == DW_RECV_DONE);
	assert(memchr(e->msg, 0, sizeof(e->msg)));
}

/* What the receiver says must parse as exactly one command. */
static void op_send(void *ctx, const char *s, size_t n)
{
	struct dw_cmd_rx c;
	enum dw_cmd_type got = DW_CMD_NONE;
	u32 seq = 0;
	size_t i;

	assert(n > 4 && n < 16 && s[0] == '$');
	dw_cmd_rx_init(&c);
	for (i = 0; i < n; i++) {
		assert(got == DW_CMD_NONE);
		got = dw_cmd_rx_feed(&c, (u8)s[i], &seq);
	}
	assert(got == DW_CMD_ACK || got == DW_CMD_RESEND ||
	       got == DW_CMD_QUIT);
}

static const struct dw_rx_ops rx_ops = {
	.text = on_text, .frame = on_frame, .bad = on_bad,
};

static const struct dw_recv_ops recv_ops = {
	.begin = op_begin, .write = op_write, .end = op_end, .send = op_send,
};

/* --- the round trip --------------------------------------------------- */

static u8 rt_text[8];
static size_t rt_text_len;
static unsigned int rt_frames;
static u8 rt_type;
static u32 rt_seq, rt_len;
static u8 rt_payload[DW_PAYLOAD_MAX];

static void rt_on_text(void *ctx, const u8 *p, size_t n)
{
	assert(rt_text_len + n <= sizeof(rt_text));
	memcpy(rt_text + rt_text_len, p, n);
	rt_text_len += n;
}

static void rt_on_frame(void *ctx, u8 type, u32 seq, const u8 *p, u32 len)
{
	rt_frames++;
	rt_type = type;
	rt_seq = seq;
	rt_len = len;
	memcpy(rt_payload, p, len);
}

static void rt_on_bad(void *ctx)
{
	assert(0);
}

static const struct dw_rx_ops rt_ops = {
	.text = rt_on_text, .frame = rt_on_frame, .bad = rt_on_bad,
};

static void round_trip(const u8 *p, size_t n, u32 seq)
{
	static const enum dw_type types[] = { DW_START, DW_DATA, DW_END };
	static u8 wire[DW_WIRE_MAX];
	static struct dw_rx rx;
	enum dw_type type = types[seq % 3];
	size_t len;

	if (n > DW_PAYLOAD_MAX)
		return;
	len = dw_frame_encode(wire, type, seq, p, n);
	assert(len >= DW_HDR_LEN + n && len <= DW_WIRE_MAX);
	rt_text_len = 0;
	rt_frames = 0;
	dw_rx_init(&rx, &rt_ops);
	dw_rx_feed(&rx, (const u8 *)"a", 1);
	dw_rx_feed(&rx, wire, len / 2);
	dw_rx_feed(&rx, wire + len / 2, len - len / 2);
	dw_rx_feed(&rx, (const u8 *)"b", 1);
	dw_rx_flush(&rx);
	assert(rt_frames == 1 && rt_type == type && rt_seq == seq);
	assert(rt_len == n && !memcmp(rt_payload, p, n));
	assert(rt_text_len == 2 && !memcmp(rt_text, "ab", 2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t reads[] = { 1, 2, 3, 7, 16, 64, 512, 4096 };
	struct dw_cmd_rx cmd;
	const u8 *line;
	size_t n, i, step;
	u32 seq;

	if (size < 1)
		return 0;
	line = data + 1;
	n = size - 1;
	step = reads[(data[0] >> 1) & 7];
	memset(&f, 0, offsetof(typeof(f), file));
	f.fail_begin = data[0] & 1;
	dw_rx_init(&f.rx, &rx_ops);
	dw_recv_init(&f.recv, &recv_ops);
	for (i = 0; i < n; i += step) {
		dw_rx_feed(&f.rx, line + i, n - i < step ? n - i : step);
		f.now += (data[0] >> 4) * 20;
		dw_recv_tick(&f.recv, f.now);
	}
	dw_rx_flush(&f.rx);
	f.now += 1000;
	dw_recv_tick(&f.recv, f.now);
	assert(f.text + f.framed <= n);
	assert(f.rx.frames + f.rx.bad_frames <= n / 4);
	if (f.fail_begin)
		assert(f.recv.state != DW_RECV_ACTIVE &&
		       f.recv.state != DW_RECV_DONE);
	/* The sender's side of the same bytes. */
	dw_cmd_rx_init(&cmd);
	for (i = 0; i < n; i++) {
		enum dw_cmd_type c = dw_cmd_rx_feed(&cmd, line[i], &seq);

		assert(c == DW_CMD_NONE || c == DW_CMD_ACK ||
		       c == DW_CMD_RESEND || c == DW_CMD_QUIT);
	}
	round_trip(line, n, (u32)size * 2654435761u);
	return 0;
}
