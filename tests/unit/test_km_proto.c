// SPDX-License-Identifier: GPL-2.0
/* Unit tests of kdbmon's protocol code: telnet, splitter, watcher, echo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "km_proto.h"

/* What the splitter handed on, as "C[...]" and "G[...]" in order. */
static char seen[4 * KM_PACKET_MAX];

static void put(char kind, const uint8_t *p, size_t n)
{
	size_t k = strlen(seen);

	/* Runs of console bytes may come in pieces: they are joined. */
	if (kind == 'C' && k && seen[k - 1] == ']' && k >= 2) {
		char *open = strrchr(seen, '[');

		if (open && open > seen && open[-1] == 'C' &&
		    !strchr(open, ']')[1]) {
			k--;
			memcpy(seen + k, p, n);
			seen[k + n] = ']';
			seen[k + n + 1] = '\0';
			return;
		}
	}
	seen[k] = kind;
	seen[k + 1] = '[';
	memcpy(seen + k + 2, p, n);
	seen[k + 2 + n] = ']';
	seen[k + 3 + n] = '\0';
}

static void to_console(void *ctx, const uint8_t *p, size_t n)
{
	put('C', p, n);
}

static void to_gdb(void *ctx, const uint8_t *p, size_t n)
{
	put('G', p, n);
}

static const struct km_split_ops ops = {
	.console = to_console,
	.gdb = to_gdb,
};

static struct km_split split;

static const char *feed(const char *s)
{
	seen[0] = '\0';
	km_split_feed(&split, (const uint8_t *)s, strlen(s));
	return seen;
}

static void test_telnet_decode_and_encode(void **state)
{
	/*
	 * QEMU's greeting (WILL ECHO, WILL SGA, a subnegotiation, an
	 * escaped 0xff, DO BINARY), then data: from the first data byte on,
	 * QEMU sends the guest's bytes raw, 0xff included.
	 */
	static const uint8_t in[] = {
		0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03,
		0xff, 0xfa, 0x1f, 0x00, 0x50, 0xff, 0xff, 0xff, 0xf0,
		0xff, 0xff, 0xff, 0xfd, 0x00,
		'a', 0xff, 0xfa, 'b', 0xff, 0xff, 0xf3,
	};
	static const uint8_t want[] = {
		0xff, 'a', 0xff, 0xfa, 'b', 0xff, 0xff, 0xf3,
	};
	uint8_t out[sizeof(in)], enc[8];
	struct km_telnet t = { 0 };
	size_t n, i, k = 0;

	n = km_telnet_decode(&t, in, sizeof(in), out);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* Byte by byte: the same. */
	memset(&t, 0, sizeof(t));
	for (i = 0; i < sizeof(in); i++)
		k += km_telnet_decode(&t, in + i, 1, out + k);
	assert_int_equal(k, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* Toward QEMU, which decodes all it gets: 0xff doubled. */
	n = km_telnet_encode((const uint8_t *)"x\xffy", 3, enc);
	assert_int_equal(n, 4);
	assert_memory_equal(enc, "x\xff\xffy", 4);
}

static void test_split_without_gdb_is_all_console(void **state)
{
	km_split_init(&split, &ops, NULL);
	assert_string_equal(feed("$ ls\r\n$OK#9a+"), "C[$ ls\r\n$OK#9a+]");
	assert_false(km_split_holding(&split));
}

static void test_split_packets_acks_and_console(void **state)
{
	km_split_init(&split, &ops, NULL);
	km_split_gdb(&split, true);
	/* An ack only when one is due. */
	assert_string_equal(feed("a+b"), "C[a+b]");
	km_split_packet_sent(&split);
	assert_string_equal(feed("+$OK#9aok\r\n"), "G[+]G[$OK#9a]C[ok\r\n]");
	/* A packet in pieces; console bytes around it. */
	assert_string_equal(feed("x$T05thr"), "C[x]");
	assert_true(km_split_holding(&split));
	assert_string_equal(feed("ead:1;#4"), "");
	assert_string_equal(feed("fy"), "G[$T05thread:1;#4f]C[y]");
	/* A bad checksum is still gdb's: it asks again. */
	assert_string_equal(feed("$g#00"), "G[$g#00]");
}

static void test_split_releases_what_is_not_a_packet(void **state)
{
	km_split_init(&split, &ops, NULL);
	km_split_gdb(&split, true);
	/* A shell's "$ " prompt: held, then shown when the line is quiet. */
	assert_string_equal(feed("\r\n$ "), "C[\r\n]");
	seen[0] = '\0';
	assert_true(km_split_idle(&split));
	assert_string_equal(seen, "C[$ ]");
	assert_false(km_split_idle(&split));
	/* A newline inside: console text. */
	assert_string_equal(feed("cost $5\r\n"), "C[cost $5\r\n]");
	/* '#' then no hex digits. */
	assert_string_equal(feed("$x#zz"), "C[$x#zz]");
	/* A '$' inside starts anew: the part before is console. */
	assert_string_equal(feed("$ab$OK#9a"), "C[$ab]G[$OK#9a]");
	/* gdb gone: what was held is console, and no more packets. */
	assert_string_equal(feed("$par"), "");
	seen[0] = '\0';
	km_split_gdb(&split, false);
	assert_string_equal(seen, "C[$par]");
	assert_string_equal(feed("$OK#9a"), "C[$OK#9a]");
}

/* While the target runs only a stop reply or output is gdb's. */
static void test_split_while_running_takes_stop_replies_only(void **state)
{
	km_split_init(&split, &ops, NULL);
	km_split_gdb(&split, true);
	km_split_running(&split, true);
	/* A shell echoing packet-like text: console. */
	assert_string_equal(feed("echo $OK#9a\r\n"), "C[echo $OK#9a\r\n]");
	/* Not the stub's stop reply (no thread), or a bad checksum. */
	assert_string_equal(feed("$T05#b9"), "C[$T05#b9]");
	assert_string_equal(feed("$T02thread:1;#00"), "C[$T02thread:1;#00]");
	/* Run-length encoded output: "O5" then '0' x 5... */
	assert_string_equal(feed("$O5*\"0a#61"), "G[$O5*\"0a#61]");
	assert_string_equal(feed("$O41#b4"), "G[$O41#b4]");
	assert_string_equal(feed("$T02thread:1;#d4"), "G[$T02thread:1;#d4]");
	/* No thread (the stub found none), registers still. */
	assert_string_equal(feed("$T0506:00;#f4"), "G[$T0506:00;#f4]");
	assert_string_equal(feed("$S05#b8"), "G[$S05#b8]");
	/* Stopped: any packet is gdb's. */
	km_split_running(&split, false);
	assert_string_equal(feed("$OK#9a"), "G[$OK#9a]");
}

static void test_split_too_long_is_console(void **state)
{
	static char big[KM_PACKET_MAX + 16];

	km_split_init(&split, &ops, NULL);
	km_split_gdb(&split, true);
	big[0] = '$';
	memset(big + 1, 'a', sizeof(big) - 2);
	big[sizeof(big) - 1] = '\0';
	seen[0] = '\0';
	km_split_feed(&split, (const uint8_t *)big, strlen(big));
	/* Nothing went to gdb; all of it reached the console. */
	assert_null(strstr(seen, "G["));
	km_split_idle(&split);
	assert_int_equal(strlen(seen) > KM_PACKET_MAX, 1);
}

static void test_watch_sees_prompts(void **state)
{
	struct km_watch w;
	char prompt[64];

	km_watch_init(&w);
	km_watch_feed(&w, (const uint8_t *)"Entering kdb\r\n[1]kdb> ", 22);
	assert_int_equal(km_watch_screen(&w, prompt, sizeof(prompt)),
			 KM_SCREEN_KDB);
	assert_string_equal(prompt, "[1]kdb> ");
	km_watch_feed(&w, (const uint8_t *)"bt\r\n", 4);
	assert_int_equal(km_watch_screen(&w, NULL, 0), KM_SCREEN_OTHER);
	km_watch_feed(&w, (const uint8_t *)"line\r\nmore> ", 12);
	assert_int_equal(km_watch_screen(&w, prompt, sizeof(prompt)),
			 KM_SCREEN_MORE);
	km_watch_feed(&w, (const uint8_t *)"\r\ndbgsh# ", 9);
	assert_int_equal(km_watch_screen(&w, NULL, 0), KM_SCREEN_OTHER);
	/* A macro's prompt. */
	km_watch_feed(&w, (const uint8_t *)"\n[mymac]kdb> ", 13);
	assert_int_equal(km_watch_screen(&w, NULL, 0), KM_SCREEN_KDB);
	/* Text that merely ends so, on a line too long to be a prompt. */
	km_watch_init(&w);
	for (int i = 0; i < 200; i++)
		km_watch_feed(&w, (const uint8_t *)"[", 1);
	km_watch_feed(&w, (const uint8_t *)"kdb> ", 5);
	assert_int_equal(km_watch_screen(&w, NULL, 0), KM_SCREEN_OTHER);
}

static void test_echo_is_eaten_once(void **state)
{
	struct km_echo e = { 0 };

	km_echo_expect(&e, "bt", 2);
	assert_true(km_echo_pending(&e));
	assert_int_equal(km_echo_eat(&e, (const uint8_t *)"b", 1), 1);
	assert_int_equal(km_echo_eat(&e, (const uint8_t *)"t\r\nStack", 8), 3);
	assert_false(km_echo_pending(&e));
	assert_int_equal(km_echo_eat(&e, (const uint8_t *)"bt", 2), 0);
	/* Something else came: shown, and the wait is over. */
	km_echo_expect(&e, "go", 2);
	assert_int_equal(km_echo_eat(&e, (const uint8_t *)"gX", 2), 1);
	assert_false(km_echo_pending(&e));
}

static void test_packets(void **state)
{
	char buf[64];

	assert_int_equal(km_packet_make("OK", buf), 6);
	assert_string_equal(buf, "$OK#9a");
	km_packet_make("3", buf);
	assert_string_equal(buf, "$3#33");
	assert_true(km_packet_is((const uint8_t *)"$D#44", 5, "D"));
	assert_true(km_packet_is((const uint8_t *)"$vKill;1#6e", 11, "vKill"));
	assert_false(km_packet_is((const uint8_t *)"$g#67", 5, "D"));
	assert_false(km_packet_is((const uint8_t *)"+", 1, "D"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_telnet_decode_and_encode),
		cmocka_unit_test(test_split_without_gdb_is_all_console),
		cmocka_unit_test(test_split_packets_acks_and_console),
		cmocka_unit_test(test_split_releases_what_is_not_a_packet),
		cmocka_unit_test(test_split_while_running_takes_stop_replies_only),
		cmocka_unit_test(test_split_too_long_is_console),
		cmocka_unit_test(test_watch_sees_prompts),
		cmocka_unit_test(test_echo_is_eaten_once),
		cmocka_unit_test(test_packets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
