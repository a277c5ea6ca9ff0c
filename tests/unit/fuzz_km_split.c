// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz kdbmon's line decoding: telnet, then the splitter with gdb
 * attached or not, the prompt watcher and the echo eater, as the line's
 * bytes reach them. Checked: every byte comes out exactly once, as
 * console or gdb, in order; packets handed to gdb are framed.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "km_proto.h"

static uint8_t outbuf[1 << 17];
static size_t outlen;

static void to_console(void *ctx, const uint8_t *p, size_t n)
{
	assert(outlen + n <= sizeof(outbuf));
	memcpy(outbuf + outlen, p, n);
	outlen += n;
}

static void to_gdb(void *ctx, const uint8_t *p, size_t n)
{
	assert(n >= 1);
	if (p[0] == '$') {
		assert(n >= 4 && p[n - 3] == '#');
	} else {
		assert(n == 1 && (p[0] == '+' || p[0] == '-'));
	}
	to_console(ctx, p, n);
}

static const struct km_split_ops ops = {
	.console = to_console,
	.gdb = to_gdb,
};

static struct km_split split;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t dec[1 << 16];
	struct km_telnet tn = { 0 };
	struct km_watch w;
	struct km_echo e = { 0 };
	char prompt[KM_TAIL_MAX];
	size_t i, n, cut;

	if (size < 2 || size > sizeof(dec))
		return 0;
	/* First byte: options; the rest: the line, cut in two reads. */
	km_split_init(&split, &ops, NULL);
	km_split_gdb(&split, data[0] & 1);
	if (data[0] & 2)
		km_split_packet_sent(&split);
	km_watch_init(&w);
	km_echo_expect(&e, (const char *)data + 1, (size - 1) / 4);
	outlen = 0;
	n = (data[0] & 4) ? km_telnet_decode(&tn, data + 1, size - 1, dec) :
			    (memcpy(dec, data + 1, size - 1), size - 1);
	assert(n <= size - 1);
	cut = n ? data[0] % n : 0;
	km_split_feed(&split, dec, cut);
	km_split_feed(&split, dec + cut, n - cut);
	km_split_idle(&split);
	assert(outlen == n && !memcmp(outbuf, dec, n));
	for (i = 0; i < n; i += 7) {
		size_t k = n - i < 7 ? n - i : 7;
		size_t eaten = km_echo_eat(&e, dec + i, k);

		assert(eaten <= k);
		km_watch_feed(&w, dec + i + eaten, k - eaten);
		km_watch_screen(&w, prompt, sizeof(prompt));
		assert(strlen(prompt) < sizeof(prompt));
	}
	return 0;
}
