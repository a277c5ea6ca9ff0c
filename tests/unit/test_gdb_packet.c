// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the GDB remote protocol's packet layer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "gdb_packet.h"

static char rxbuf[64];

/* Feed a string; the events in order, as letters (P B + - I). */
static const char *feed(struct gdb_rx *rx, const char *s, size_t n)
{
	static char ev[64];
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		enum gdb_rx_event e = gdb_rx_byte(rx, (u8)s[i]);
		static const char names[] = "-PB+NI";

		if (e != GDB_RX_NONE && k + 1 < sizeof(ev))
			ev[k++] = names[e] == '-' ? '?' : names[e];
	}
	ev[k] = '\0';
	return ev;
}

#define FEED(rx, s) feed(rx, s, sizeof(s) - 1)

static void test_rx_packets_acks_and_interrupt(void **state)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx, rxbuf, sizeof(rxbuf));
	assert_string_equal(FEED(&rx, "+$g#67"), "+P");
	assert_string_equal(rxbuf, "g");
	assert_string_equal(FEED(&rx, "-\x03junk$m0,4#fd"), "NIP");
	assert_string_equal(rxbuf, "m0,4");
	/* Upper-case checksum digits are fine. */
	assert_string_equal(FEED(&rx, "$?#3F"), "P");
	assert_string_equal(rxbuf, "?");
	assert_int_equal(rx.len, 1);
}

/* A BREAK (a NUL on a 16550) then 'g': gdb's BREAK-g. */
static void test_rx_break_then_g_interrupts(void **state)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx, rxbuf, sizeof(rxbuf));
	assert_string_equal(feed(&rx, "\0g", 2), "I");
	assert_string_equal(feed(&rx, "\0\0\0g", 4), "I");
	/* 'g' alone, or NUL then something else, is not an interrupt. */
	assert_string_equal(FEED(&rx, "g"), "");
	assert_string_equal(feed(&rx, "\0x g", 4), "");
	/* What follows a NUL is still taken as itself. */
	assert_string_equal(feed(&rx, "\0$g#67", 6), "P");
	assert_string_equal(rxbuf, "g");
	assert_string_equal(feed(&rx, "\0\x03", 2), "I");
	/* A NUL inside a packet is data. */
	assert_string_equal(feed(&rx, "$\0g#67", 6), "P");
	assert_int_equal(rx.len, 2);
}

static void test_rx_bad_checksum_noise_and_resync(void **state)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx, rxbuf, sizeof(rxbuf));
	assert_string_equal(FEED(&rx, "$g#68"), "B");
	/* A '$' inside a packet starts it again: the noise before is lost. */
	assert_string_equal(FEED(&rx, "$m1\xff$g#67"), "P");
	assert_string_equal(rxbuf, "g");
	/* A non-digit where the checksum goes: bad, and a '$' restarts. */
	assert_string_equal(FEED(&rx, "$g#x$?#3f"), "BP");
	assert_string_equal(rxbuf, "?");
	assert_string_equal(FEED(&rx, "$g#6$?#3f"), "BP");
}

static void test_rx_too_long_is_bad_not_truncated(void **state)
{
	struct gdb_rx rx;
	char small[4];

	gdb_rx_init(&rx, small, sizeof(small));
	assert_string_equal(FEED(&rx, "$abc#26"), "P");
	assert_string_equal(small, "abc");
	assert_string_equal(FEED(&rx, "$abcd#8a"), "B");
	/* And the next one is fine again. */
	assert_string_equal(FEED(&rx, "$ab#c3"), "P");
	assert_string_equal(small, "ab");
}

/* A packet begun by one receiver (the poller) is finished by another. */
static void test_rx_move_goes_on_with_a_half_packet(void **state)
{
	struct gdb_rx poll, rx;
	char pollbuf[16], small[4];

	gdb_rx_init(&poll, pollbuf, sizeof(pollbuf));
	assert_string_equal(FEED(&poll, "$m0,"), "");
	gdb_rx_move(&rx, rxbuf, sizeof(rxbuf), &poll);
	assert_string_equal(FEED(&rx, "4#fd"), "P");
	assert_string_equal(rxbuf, "m0,4");
	/* In the checksum, and a bad one stays bad. */
	gdb_rx_init(&poll, pollbuf, sizeof(pollbuf));
	assert_string_equal(FEED(&poll, "$g#6"), "");
	gdb_rx_move(&rx, rxbuf, sizeof(rxbuf), &poll);
	assert_string_equal(FEED(&rx, "7"), "P");
	gdb_rx_init(&poll, pollbuf, sizeof(pollbuf));
	assert_string_equal(FEED(&poll, "$g#6"), "");
	gdb_rx_move(&rx, rxbuf, sizeof(rxbuf), &poll);
	assert_string_equal(FEED(&rx, "8"), "B");
	/* Between packets: nothing carried. */
	gdb_rx_init(&poll, pollbuf, sizeof(pollbuf));
	assert_string_equal(FEED(&poll, "$?#3f+"), "P+");
	gdb_rx_move(&rx, rxbuf, sizeof(rxbuf), &poll);
	assert_string_equal(FEED(&rx, "#00"), "");
	/* More than the new buffer holds: too long, not truncated. */
	gdb_rx_init(&poll, pollbuf, sizeof(pollbuf));
	assert_string_equal(FEED(&poll, "$abcd"), "");
	gdb_rx_move(&rx, small, sizeof(small), &poll);
	assert_string_equal(FEED(&rx, "#8a"), "B");
	assert_string_equal(FEED(&rx, "$ab#c3"), "P");
}

static void test_rx_binary_data_with_nul_and_escapes(void **state)
{
	struct gdb_rx rx;
	static const char pkt[] = "$X0,4:\x00}\x03}]\xff#";
	u8 sum = 0, out[8];
	size_t i, n;
	char full[32];

	for (i = 1; i < sizeof(pkt) - 2; i++)
		sum += (u8)pkt[i];
	memcpy(full, pkt, sizeof(pkt) - 1);
	snprintf(full + sizeof(pkt) - 1, 3, "%02x", sum);
	gdb_rx_init(&rx, rxbuf, sizeof(rxbuf));
	assert_string_equal(feed(&rx, full, sizeof(pkt) + 1), "P");
	assert_int_equal(rx.len, 11);
	assert_int_equal(gdb_bin_unescape(rxbuf + 5, rx.len - 5, out,
					  sizeof(out), &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(out, "\x00#}\xff", 4);
}

static size_t build(char *buf, size_t size, void (*fill)(struct gdb_tx *))
{
	struct gdb_tx tx;

	gdb_tx_begin(&tx, buf, size);
	fill(&tx);
	return gdb_tx_end(&tx);
}

static void fill_ok(struct gdb_tx *tx)
{
	gdb_tx_str(tx, "OK");
}

static void fill_zeros(struct gdb_tx *tx)
{
	static const u8 z[16];

	gdb_tx_hex(tx, z, sizeof(z));
}

static void fill_six(struct gdb_tx *tx)
{
	gdb_tx_str(tx, "a0000000b");	/* seven zeros: 6 repeats */
}

static void fill_bin(struct gdb_tx *tx)
{
	gdb_tx_bin(tx, "a###$*}", 7);
}

static void fill_too_much(struct gdb_tx *tx)
{
	gdb_tx_str(tx, "0123456789abcdef0123456789abcdef");
}

static void test_tx_frames_and_checksums(void **state)
{
	char buf[64];
	size_t n = build(buf, sizeof(buf), fill_ok);

	buf[n] = '\0';
	assert_string_equal(buf, "$OK#9a");
}

static void test_tx_run_length_encoding(void **state)
{
	char buf[64], dec[64];
	size_t n = build(buf, sizeof(buf), fill_zeros);

	/* 32 zeros: "0" then 31 repeats, '*' and 31 + 29 = '<'. */
	buf[n] = '\0';
	assert_string_equal(buf, "$0*<#96");
	assert_int_equal(gdb_rle_decode(buf + 1, 3, dec, sizeof(dec)), 32);
	/* Six repeats would be '#': five, then one more as it is. */
	n = build(buf, sizeof(buf), fill_six);
	buf[n] = '\0';
	assert_null(strchr(buf + 1, '$'));
	assert_ptr_equal(strchr(buf, '#'), buf + n - 3);
	n = gdb_rle_decode(buf + 1, n - 4, dec, sizeof(dec));
	dec[n] = '\0';
	assert_string_equal(dec, "a0000000b");
}

static void test_tx_binary_is_escaped_not_compressed(void **state)
{
	char buf[64];
	u8 out[16];
	size_t n = build(buf, sizeof(buf), fill_bin), m;

	buf[n] = '\0';
	assert_int_equal(buf[n - 3], '#');
	assert_memory_equal(buf, "$a}\x03}\x03}\x03}\x04}\x0a}]", 14);
	assert_int_equal(gdb_bin_unescape(buf + 1, 13, out, sizeof(out), &m), 0);
	assert_int_equal(m, 7);
	assert_memory_equal(out, "a###$*}", 7);
}

static void test_tx_overflow_becomes_an_error_reply(void **state)
{
	char buf[16];
	size_t n = build(buf, sizeof(buf), fill_too_much);

	buf[n] = '\0';
	assert_string_equal(buf, "$E0c#d8");
}

static void test_hex_helpers(void **state)
{
	const char *p = "ffffffff81000000,40";
	u64 v;
	u8 out[4];

	assert_int_equal(gdb_parse_hex(&p, &v), 0);
	assert_true(v == 0xffffffff81000000ULL);
	assert_int_equal(*p, ',');
	p = "10000000000000000";
	assert_int_equal(gdb_parse_hex(&p, &v), -ERANGE);
	p = ",1";
	assert_int_equal(gdb_parse_hex(&p, &v), -EINVAL);
	assert_int_equal(gdb_hex_decode("deadBEEF", 8, out, 4), 4);
	assert_memory_equal(out, "\xde\xad\xbe\xef", 4);
	assert_int_equal(gdb_hex_decode("abc", 3, out, 4), -EINVAL);
	assert_int_equal(gdb_hex_decode("zz", 2, out, 4), -EINVAL);
	assert_int_equal(gdb_hex_decode("0011223344", 10, out, 4), -E2BIG);
	assert_int_equal(gdb_bin_unescape("a}", 2, out, 4, &(size_t){0}),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_packets_acks_and_interrupt),
		cmocka_unit_test(test_rx_break_then_g_interrupts),
		cmocka_unit_test(test_rx_bad_checksum_noise_and_resync),
		cmocka_unit_test(test_rx_too_long_is_bad_not_truncated),
		cmocka_unit_test(test_rx_move_goes_on_with_a_half_packet),
		cmocka_unit_test(test_rx_binary_data_with_nul_and_escapes),
		cmocka_unit_test(test_tx_frames_and_checksums),
		cmocka_unit_test(test_tx_run_length_encoding),
		cmocka_unit_test(test_tx_binary_is_escaped_not_compressed),
		cmocka_unit_test(test_tx_overflow_becomes_an_error_reply),
		cmocka_unit_test(test_hex_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
