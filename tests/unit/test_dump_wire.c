// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the dump's serial protocol: CRC, escapes, the splitter,
 * commands, and the sender against the receiver over a simulated line
 * that loses, damages and adds bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <lz4.h>

#include "core/dbg_dump_wire.h"

static void test_crc32(void **state)
{
	assert_int_equal(dw_crc32(0, "123456789", 9), 0xcbf43926);
	assert_int_equal(dw_crc32(dw_crc32(0, "1234", 4), "56789", 5),
			 0xcbf43926);
}

/* --- splitter ---------------------------------------------------------- */

static char text[1 << 16];
static size_t text_len;
static u8 frame_payload[DW_PAYLOAD_MAX];
static u32 frame_len, frame_seq, nframes, nbad;
static u8 frame_type;

static void on_text(void *ctx, const u8 *p, size_t n)
{
	memcpy(text + text_len, p, n);
	text_len += n;
}

static void on_frame(void *ctx, u8 type, u32 seq, const u8 *p, u32 len)
{
	frame_type = type;
	frame_seq = seq;
	frame_len = len;
	memcpy(frame_payload, p, len);
	nframes++;
}

static void on_bad(void *ctx)
{
	nbad++;
}

static const struct dw_rx_ops rx_ops = {
	.text = on_text, .frame = on_frame, .bad = on_bad,
};

static void reset_seen(void)
{
	text_len = 0;
	nframes = 0;
	nbad = 0;
}

static void test_every_byte_crosses(void **state)
{
	static u8 payload[256 * 16], wire[DW_WIRE_MAX];
	struct dw_rx rx;
	size_t n, i;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = i;
	n = dw_frame_encode(wire, DW_DATA, 7, payload, sizeof(payload));
	assert_true(n > DW_HDR_LEN + sizeof(payload));
	/* After the magic: no LF, CR, XON, XOFF or raw 0xf7. */
	for (i = 4; i < n; i++) {
		assert_int_not_equal(wire[i], '\n');
		assert_int_not_equal(wire[i], '\r');
		assert_int_not_equal(wire[i], 0x11);
		assert_int_not_equal(wire[i], 0x13);
		assert_int_not_equal(wire[i], DW_MAGIC0);
	}
	dw_rx_init(&rx, &rx_ops);
	reset_seen();
	dw_rx_feed(&rx, (const u8 *)"hi\r\n", 4);
	/* Byte by byte, as a slow line delivers it. */
	for (i = 0; i < n; i++)
		dw_rx_feed(&rx, wire + i, 1);
	dw_rx_feed(&rx, (const u8 *)"bye", 3);
	assert_int_equal(nframes, 1);
	assert_int_equal(frame_type, DW_DATA);
	assert_int_equal(frame_seq, 7);
	assert_int_equal(frame_len, sizeof(payload));
	assert_memory_equal(frame_payload, payload, sizeof(payload));
	assert_int_equal(text_len, 7);
	assert_memory_equal(text, "hi\r\nbye", 7);
	assert_int_equal(nbad, 0);
	assert_int_equal(dw_frame_encode(wire, DW_DATA, 0, payload,
					 DW_PAYLOAD_MAX + 1), 0);
}

static void test_damage_loses_one_frame_only(void **state)
{
	static u8 wire[3][DW_WIRE_MAX], all[4 * DW_WIRE_MAX];
	u8 payload[100];
	size_t n[3], len = 0;
	struct dw_rx rx;
	int i;

	memset(payload, 'x', sizeof(payload));
	for (i = 0; i < 3; i++)
		n[i] = dw_frame_encode(wire[i], DW_DATA, i, payload,
				       sizeof(payload));
	/* Frame 0 damaged, frame 1 cut short, frame 2 whole. */
	wire[0][30] ^= 0x01;
	memcpy(all + len, wire[0], n[0]);
	len += n[0];
	memcpy(all + len, wire[1], n[1] / 2);
	len += n[1] / 2;
	memcpy(all + len, wire[2], n[2]);
	len += n[2];
	dw_rx_init(&rx, &rx_ops);
	reset_seen();
	dw_rx_feed(&rx, all, len);
	assert_int_equal(nframes, 1);
	assert_int_equal(frame_seq, 2);
	assert_int_equal(nbad, 2);
	assert_int_equal(text_len, 0);
}

/* A damaged header or length: the frame is lost, none of it shows as text. */
static void test_damaged_header_is_not_text(void **state)
{
	static u8 wire[DW_WIRE_MAX], all[3 * DW_WIRE_MAX];
	u8 payload[300];
	size_t n, len, k;
	struct dw_rx rx;
	/* type, version, a length byte: (12 + 1) shortens it to 44 */
	static const size_t where[] = { 4, 5, 13 };

	memset(payload, 'x', sizeof(payload));
	for (k = 0; k < ARRAY_SIZE(where); k++) {
		n = dw_frame_encode(wire, DW_DATA, 1, payload,
				    sizeof(payload));
		wire[where[k]] ^= where[k] == 13 ? 0x01 : 0x40;
		len = 0;
		memcpy(all + len, wire, n);
		len += n;
		memcpy(all + len, "ok", 2);
		len += 2;
		n = dw_frame_encode(all + len, DW_DATA, 2, payload, 10);
		len += n;
		dw_rx_init(&rx, &rx_ops);
		reset_seen();
		dw_rx_feed(&rx, all, len);
		assert_int_equal(nframes, 1);
		assert_int_equal(frame_seq, 2);
		assert_int_equal(nbad, 1);
		assert_int_equal(text_len, 0);
	}
}

static void test_text_that_starts_like_a_frame(void **state)
{
	static const u8 in[] = { 'a', DW_MAGIC0, 'K', 'x', 'b', DW_MAGIC0 };
	struct dw_rx rx;

	dw_rx_init(&rx, &rx_ops);
	reset_seen();
	dw_rx_feed(&rx, in, sizeof(in));
	dw_rx_flush(&rx);
	assert_int_equal(text_len, sizeof(in));
	assert_memory_equal(text, in, sizeof(in));
	assert_int_equal(nframes, 0);
	assert_int_equal(nbad, 0);
}

static void test_commands(void **state)
{
	static const char *bad[] = {
		"$A#ffff", "$A1##0580", "$A1#0581", "$Q1#ab24", "$Z1#0580",
		"$A123456789#0000", "$A1x#0580", "$A1#058",
	};
	struct dw_cmd_rx c;
	char buf[20];
	u32 seq = 0;
	int n, i, got;
	size_t k;

	n = dw_cmd_format(buf, sizeof(buf), DW_CMD_ACK, 0x1f);
	assert_string_equal(buf, "$A1f#dcc5");
	assert_int_equal(n, 9);
	dw_cmd_rx_init(&c);
	got = 0;
	for (i = 0; i < n; i++)
		got = dw_cmd_rx_feed(&c, buf[i], &seq);
	assert_int_equal(got, DW_CMD_ACK);
	assert_int_equal(seq, 0x1f);
	/* Noise before it and a command restarted by '$'. */
	dw_cmd_rx_init(&c);
	dw_cmd_format(buf, sizeof(buf), DW_CMD_QUIT, 0);
	for (k = 0; k < 3; k++)
		assert_int_equal(dw_cmd_rx_feed(&c, "x$R"[k], &seq), 0);
	for (i = 0; buf[i]; i++)
		got = dw_cmd_rx_feed(&c, buf[i], &seq);
	assert_int_equal(got, DW_CMD_QUIT);
	for (k = 0; k < ARRAY_SIZE(bad); k++) {
		dw_cmd_rx_init(&c);
		got = 0;
		for (i = 0; bad[k][i]; i++)
			got |= dw_cmd_rx_feed(&c, bad[k][i], &seq);
		assert_int_equal(got, 0);
	}
}

/* --- the sender and the receiver over a simulated line ------------------ */

#define FILE_SIZE	(64 * 4096 + 1000)
#define LINE_MAX	(1 << 22)

struct line {
	u8 buf[LINE_MAX];
	size_t head, tail;
};

struct sim {
	/* the line: frames one way, commands the other */
	struct line down, up;
	unsigned int drop_ppm, flip_ppm, junk_ppm;
	unsigned int seed;
	u64 now;
	/* the target's file and the receiver's copy */
	u8 file[FILE_SIZE];
	u8 got[FILE_SIZE];
	u32 frames;
	bool receiver_dead;
	u32 kill_at;		/* the receiver dies once it has this frame */
	u64 died_at;
	int begin_err;
	struct dw_rx rx;
	struct dw_recv recv;
	unsigned int ends;
};

static struct sim sim;

static unsigned int sim_rand(void)
{
	sim.seed = sim.seed * 1103515245 + 12345;
	return (sim.seed >> 16) & 0x7fff;
}

static unsigned int sim_rand32(void)
{
	return sim_rand() << 15 | sim_rand();
}

/* A byte onto a line, perhaps lost, damaged, or with noise after it. */
static void line_put(struct line *l, u8 c)
{
	if (sim_rand32() % 1000000 < sim.drop_ppm)
		return;
	if (sim_rand32() % 1000000 < sim.flip_ppm)
		c ^= 1 << (sim_rand() % 8);
	l->buf[l->tail++ % LINE_MAX] = c;
	if (sim_rand32() % 1000000 < sim.junk_ppm)
		l->buf[l->tail++ % LINE_MAX] = sim_rand();
}

static int line_get(struct line *l)
{
	if (l->head == l->tail)
		return -1;
	return l->buf[l->head++ % LINE_MAX];
}

/* The target's frame @seq, as dbg_dump makes them: start, data, end. */
static int sim_send(void *ctx, u32 seq)
{
	static u8 payload[DW_PAYLOAD_MAX], wire[DW_WIRE_MAX];
	enum dw_type type;
	u32 len;
	size_t n, i;

	if (!seq) {
		struct dw_start s = {
			.file_size = FILE_SIZE, .frames = sim.frames,
			.ncpus = 2, .id = 42, .name = "test",
		};
		dw_start_encode(payload, &s);
		type = DW_START;
		len = DW_START_LEN;
	} else if (seq == sim.frames - 1) {
		struct dw_end e = { .file_size = FILE_SIZE, .msg = "ok" };

		dw_end_encode(payload, &e);
		type = DW_END;
		len = DW_END_LEN;
	} else {
		u64 off = (u64)(seq - 1) * 4096;

		len = FILE_SIZE - off < 4096 ? FILE_SIZE - off : 4096;
		dw_put_le64(payload, off);
		memcpy(payload + 8, sim.file + off, len);
		len += 8;
		type = DW_DATA;
	}
	n = dw_frame_encode(wire, type, seq, payload, len);
	for (i = 0; i < n; i++)
		line_put(&sim.down, wire[i]);
	sim.now++;
	return 0;
}

/* The host side runs whenever the target looks for input. */
static void sim_host(void)
{
	u8 buf[512];
	size_t n = 0;
	int c;

	if (sim.kill_at && !sim.receiver_dead &&
	    sim.recv.expect >= sim.kill_at) {
		sim.receiver_dead = true;
		sim.died_at = sim.now;
	}
	if (sim.receiver_dead) {
		sim.down.head = sim.down.tail;
		return;
	}
	while ((c = line_get(&sim.down)) >= 0) {
		buf[n++] = c;
		if (n == sizeof(buf)) {
			dw_rx_feed(&sim.rx, buf, n);
			n = 0;
		}
	}
	dw_rx_feed(&sim.rx, buf, n);
	dw_recv_tick(&sim.recv, sim.now);
}

static int sim_getc(void *ctx)
{
	sim_host();
	return line_get(&sim.up);
}

static u64 sim_now(void *ctx)
{
	return sim.now;
}

static void sim_idle(void *ctx)
{
	sim.now++;
}

static void host_frame(void *ctx, u8 type, u32 seq, const u8 *p, u32 len)
{
	dw_recv_frame(&sim.recv, type, seq, p, len, sim.now);
}

static void host_bad(void *ctx)
{
	dw_recv_bad(&sim.recv, sim.now);
}

static int host_begin(void *ctx, const struct dw_start *s)
{
	assert_int_equal(s->file_size, FILE_SIZE);
	return sim.begin_err;
}

static int host_write(void *ctx, u64 off, const u8 *p, size_t len)
{
	assert_true(off + len <= FILE_SIZE);
	memcpy(sim.got + off, p, len);
	return 0;
}

static void host_end(void *ctx, const struct dw_end *e)
{
	sim.ends++;
}

static void host_send(void *ctx, const char *s, size_t n)
{
	while (n--)
		line_put(&sim.up, *s++);
}

static const struct dw_tx_ops tx_ops = {
	.send = sim_send, .getc = sim_getc, .now_ms = sim_now,
	.idle = sim_idle,
};

static const struct dw_rx_ops host_rx_ops = {
	.frame = host_frame, .bad = host_bad,
};

static const struct dw_recv_ops recv_ops = {
	.begin = host_begin, .write = host_write, .end = host_end,
	.send = host_send,
};

static int run(unsigned int drop, unsigned int flip, unsigned int junk,
	       unsigned int seed, struct dw_tx *tx)
{
	size_t i;

	memset(&sim, 0, sizeof(sim));
	sim.drop_ppm = drop;
	sim.flip_ppm = flip;
	sim.junk_ppm = junk;
	sim.seed = seed;
	for (i = 0; i < FILE_SIZE; i++)
		sim.file[i] = i * 7 + (i >> 12) + seed;
	sim.frames = 2 + (FILE_SIZE + 4095) / 4096;
	dw_rx_init(&sim.rx, &host_rx_ops);
	dw_recv_init(&sim.recv, &recv_ops);
	memset(tx, 0, sizeof(*tx));
	tx->ops = &tx_ops;
	tx->total = sim.frames;
	tx->window = 16;
	tx->resend_ms = 200;
	tx->hello_ms = 3000;
	/* 30 go-backs: at 300 per million a frame gets through 3 times in 10. */
	tx->giveup_ms = 6000;
	return dw_tx_run(tx);
}

static void test_clean_line(void **state)
{
	struct dw_tx tx;

	assert_int_equal(run(0, 0, 0, 1, &tx), 0);
	assert_memory_equal(sim.got, sim.file, FILE_SIZE);
	assert_int_equal(sim.recv.state, DW_RECV_DONE);
	assert_int_equal(sim.ends, 1);
	assert_int_equal(tx.resent, 0);
}

/*
 * Lost, damaged and extra bytes both ways (rates per million bytes: at
 * 100 a 4 KiB frame fails one time in three): the file arrives whole.
 */
static void test_noisy_line_loses_nothing(void **state)
{
	static const unsigned int rates[][3] = {
		{ 100, 0, 0 }, { 0, 100, 0 }, { 0, 0, 100 }, { 30, 30, 30 },
		{ 300, 0, 0 },
	};
	struct dw_tx tx;
	size_t k;
	unsigned int seed;

	for (k = 0; k < ARRAY_SIZE(rates); k++) {
		for (seed = 1; seed <= 5; seed++) {
			assert_int_equal(run(rates[k][0], rates[k][1],
					     rates[k][2], seed, &tx), 0);
			assert_memory_equal(sim.got, sim.file, FILE_SIZE);
			assert_int_equal(sim.recv.state, DW_RECV_DONE);
			assert_int_equal(sim.ends, 1);
		}
	}
	/* Retransmission really happened on a bad line. */
	assert_true(tx.resent > 0);
}

static void test_nobody_listens(void **state)
{
	struct dw_tx tx;

	memset(&sim, 0, sizeof(sim));
	sim.receiver_dead = true;
	sim.frames = 4;
	memset(&tx, 0, sizeof(tx));
	tx.ops = &tx_ops;
	tx.total = 4;
	tx.window = 16;
	tx.resend_ms = 200;
	tx.hello_ms = 1000;
	tx.giveup_ms = 5000;
	assert_int_equal(dw_tx_run(&tx), -ENXIO);
	/* One frame at a time while nobody answers. */
	assert_int_equal(tx.high, 1);
	assert_true(sim.now >= 1000 && sim.now < 1100);
}

static void test_receiver_dies_midway(void **state)
{
	struct dw_tx tx;
	u64 died;

	memset(&sim, 0, sizeof(sim));
	sim.frames = 2 + (FILE_SIZE + 4095) / 4096;
	sim.kill_at = sim.frames / 2;
	dw_rx_init(&sim.rx, &host_rx_ops);
	dw_recv_init(&sim.recv, &recv_ops);
	memset(&tx, 0, sizeof(tx));
	tx.ops = &tx_ops;
	tx.total = sim.frames;
	tx.window = 4;
	tx.resend_ms = 200;
	tx.hello_ms = 1000;
	tx.giveup_ms = 2000;
	assert_int_equal(dw_tx_run(&tx), -ETIMEDOUT);
	assert_true(sim.receiver_dead);
	died = sim.died_at;
	/* It gave up within its bound of the last answer, not before. */
	assert_true(sim.now - died >= 2000 - 10 && sim.now - died < 2200);
	assert_true(tx.acked >= sim.kill_at - 1 && tx.acked < sim.frames);
}

/* A receiver that cannot create its file says so, and the sender stops. */
static void test_receiver_gives_up(void **state)
{
	struct dw_tx tx;

	memset(&sim, 0, sizeof(sim));
	sim.frames = 5;
	sim.begin_err = -28;
	dw_rx_init(&sim.rx, &host_rx_ops);
	dw_recv_init(&sim.recv, &recv_ops);
	memset(&tx, 0, sizeof(tx));
	tx.ops = &tx_ops;
	tx.total = sim.frames;
	tx.window = 4;
	tx.resend_ms = 200;
	tx.hello_ms = 1000;
	tx.giveup_ms = 2000;
	assert_int_equal(dw_tx_run(&tx), -ECANCELED);
	assert_int_equal(sim.recv.state, DW_RECV_FAILED);
}

/* The kernel compresses with LZ4's own code: liblz4 stands in for it. */
static void test_lz4_round_trip(void **state)
{
	static u8 page[4096], block[8192], out[4096];
	unsigned int seed = 7;
	int kind, n, m;
	size_t i;

	for (kind = 0; kind < 4; kind++) {
		for (i = 0; i < sizeof(page); i++) {
			seed = seed * 1103515245 + 12345;
			page[i] = kind == 0 ? 0 : kind == 1 ? i % 7 :
				  kind == 2 ? (seed >> 16) & (i & 64 ? 0xff : 3) :
				  seed >> 16;
		}
		n = LZ4_compress_default((char *)page, (char *)block,
					 sizeof(page), sizeof(block));
		assert_true(n > 0);
		m = dw_lz4_decode(block, n, out, sizeof(out));
		assert_int_equal(m, sizeof(page));
		assert_memory_equal(out, page, sizeof(page));
		/* Too little room, or a block cut short: an error. */
		assert_int_equal(dw_lz4_decode(block, n, out, sizeof(out) - 1),
				 -EINVAL);
		if (n > 1)
			assert_true(dw_lz4_decode(block, n - 1, out,
						  sizeof(out)) != sizeof(page));
	}
}

static void test_lz4_hostile_blocks(void **state)
{
	/* token 0x0f: no literals, then an offset pointing before the start */
	static const u8 before_start[] = { 0x10, 'a', 0x05, 0x00 };
	static const u8 zero_offset[] = { 0x10, 'a', 0x00, 0x00 };
	static const u8 long_literals[] = { 0xf0, 0xff, 0xff };
	static const u8 empty_last[] = { 0x00 };
	u8 out[64];

	assert_int_equal(dw_lz4_decode(before_start, sizeof(before_start),
				       out, sizeof(out)), -EINVAL);
	assert_int_equal(dw_lz4_decode(zero_offset, sizeof(zero_offset),
				       out, sizeof(out)), -EINVAL);
	assert_int_equal(dw_lz4_decode(long_literals, sizeof(long_literals),
				       out, sizeof(out)), -EINVAL);
	assert_int_equal(dw_lz4_decode(empty_last, 1, out, sizeof(out)), 0);
	assert_int_equal(dw_lz4_decode(empty_last, 0, out, sizeof(out)),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_every_byte_crosses),
		cmocka_unit_test(test_damage_loses_one_frame_only),
		cmocka_unit_test(test_damaged_header_is_not_text),
		cmocka_unit_test(test_text_that_starts_like_a_frame),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_lz4_round_trip),
		cmocka_unit_test(test_lz4_hostile_blocks),
		cmocka_unit_test(test_clean_line),
		cmocka_unit_test(test_noisy_line_loses_nothing),
		cmocka_unit_test(test_nobody_listens),
		cmocka_unit_test(test_receiver_dies_midway),
		cmocka_unit_test(test_receiver_gives_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
