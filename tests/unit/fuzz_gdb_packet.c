// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer of the GDB packet layer. The input is fed to the receiver as
 * line bytes; every packet it accepts must be checksummed right and fit
 * its buffer. The input is also sent back through the transmitter as
 * text (hex and run-length encoded) and as binary (escaped): received
 * again and decoded, each must give back exactly the input, and no
 * framed packet may hold a stray '#' or '$'.
 */
#include <stdlib.h>

#include "gdb_packet.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static char rxbuf[1024];
static char txbuf[4096];
static char dec[4096];
static u8 bytes[2048];

/* The one packet in txbuf[0..n), received: its data in rxbuf. */
static size_t receive(size_t n)
{
	struct gdb_rx rx;
	size_t i, got = 0;

	gdb_rx_init(&rx, rxbuf, sizeof(rxbuf));
	for (i = 0; i < n; i++) {
		enum gdb_rx_event e = gdb_rx_byte(&rx, (u8)txbuf[i]);

		CHECK(e == GDB_RX_NONE || (e == GDB_RX_PACKET && i == n - 1));
		if (e == GDB_RX_PACKET)
			got = rx.len + 1;
	}
	CHECK(got);
	return got - 1;
}

static void roundtrip(const u8 *data, size_t size)
{
	struct gdb_tx tx;
	size_t n, len, m;
	int k;

	/* As hex, run-length encoded. */
	gdb_tx_begin(&tx, txbuf, sizeof(txbuf));
	gdb_tx_hex(&tx, data, size);
	n = gdb_tx_end(&tx);
	CHECK(n <= sizeof(txbuf) && txbuf[0] == '$' && txbuf[n - 3] == '#');
	CHECK(!memchr(txbuf + 1, '#', n - 4) && !memchr(txbuf + 1, '$', n - 4));
	len = receive(n);
	m = gdb_rle_decode(rxbuf, len, dec, sizeof(dec));
	CHECK(m == 2 * size);
	k = gdb_hex_decode(dec, m, bytes, sizeof(bytes));
	CHECK(k == (int)size && !memcmp(bytes, data, size));

	/* As binary, escaped. */
	gdb_tx_begin(&tx, txbuf, sizeof(txbuf));
	gdb_tx_bin(&tx, data, size);
	n = gdb_tx_end(&tx);
	CHECK(!memchr(txbuf + 1, '#', n - 4) && !memchr(txbuf + 1, '$', n - 4));
	len = receive(n);
	CHECK(!gdb_bin_unescape(rxbuf, len, bytes, sizeof(bytes), &m));
	CHECK(m == size && !memcmp(bytes, data, size));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct gdb_rx rx;
	size_t i;

	gdb_rx_init(&rx, rxbuf, sizeof(rxbuf));
	for (i = 0; i < size; i++) {
		if (gdb_rx_byte(&rx, data[i]) == GDB_RX_PACKET) {
			const char *p = rxbuf;
			u8 sum = 0;
			size_t j;
			u64 v;

			CHECK(rx.len < sizeof(rxbuf) && rxbuf[rx.len] == '\0');
			for (j = 0; j < rx.len; j++)
				sum += (u8)rxbuf[j];
			CHECK(sum == rx.sent_sum);
			while (*p && gdb_parse_hex(&p, &v) != 0)
				p++;
			gdb_bin_unescape(rxbuf, rx.len, bytes, sizeof(bytes), &j);
			gdb_hex_decode(rxbuf, rx.len & ~1UL, bytes, sizeof(bytes));
		}
	}
	if (size <= sizeof(bytes) / 2 && 2 * size + 8 < sizeof(rxbuf))
		roundtrip(data, size);
	return 0;
}
