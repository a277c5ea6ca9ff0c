// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote protocol's packet layer (see gdb_packet.h).
 *
 * A packet is '$' data '#' and two hex digits of the data's checksum
 * (the sum of its bytes, modulo 256). In binary data, '#', '$', '}' and
 * '*' (and here CR and LF) are sent as '}' and the byte XOR 0x20.
 * Replies may run-length
 * encode: "c*N" is c repeated N - 29 more times.
 */

#include "gdb_packet.h"

static const char gdb_hexdigits[] = "0123456789abcdef";

/**
 * gdb_rx_init - get ready to receive packets
 * @rx: the receiver
 * @buf: room for one packet's data
 * @size: its size (at least 1)
 */
void gdb_rx_init(struct gdb_rx *rx, char *buf, size_t size)
{
	rx->buf = buf;
	rx->size = size;
	rx->len = 0;
	rx->state = GDB_RX_IDLE;
	rx->sum = 0;
	rx->sent_sum = 0;
	rx->too_long = false;
	buf[0] = '\0';
}

/**
 * gdb_rx_move - go on receiving, into @buf, the packet @from has begun
 * @rx: the receiver to set up
 * @buf: its buffer
 * @size: room in @buf, the NUL included
 * @from: another receiver, part way through a packet or not
 *
 * A packet whose beginning does not fit in @buf goes on as too long.
 */
void gdb_rx_move(struct gdb_rx *rx, char *buf, size_t size,
		 const struct gdb_rx *from)
{
	size_t len = min(from->len, size - 1);

	gdb_rx_init(rx, buf, size);
	memcpy(buf, from->buf, len);
	buf[len] = '\0';
	rx->len = len;
	rx->state = from->state;
	rx->sum = from->sum;
	rx->sent_sum = from->sent_sum;
	rx->too_long = from->too_long || len < from->len;
}

static void gdb_rx_start(struct gdb_rx *rx)
{
	rx->state = GDB_RX_DATA;
	rx->len = 0;
	rx->sum = 0;
	rx->too_long = false;
}

/**
 * gdb_rx_byte - take one received byte
 * @rx: the receiver
 * @c: the byte
 *
 * A '$' always starts a new packet, so a packet cut short by line noise
 * costs only itself. Between packets, anything but '$', '+', '-', 0x03
 * (Ctrl-C) and NUL then 'g' is ignored. A serial BREAK leaves a NUL in
 * a 16550's receive register: NUL then 'g' is gdb's interrupt sequence
 * BREAK-g as a line no program has open shows it.
 *
 * Return: what the byte completed (&enum gdb_rx_event). After
 * %GDB_RX_PACKET the data is in @rx->buf (@rx->len bytes, then a NUL).
 */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, u8 c)
{
	int v;

	switch (rx->state) {
	case GDB_RX_IDLE:
		if (c == '$')
			gdb_rx_start(rx);
		else if (c == '+')
			return GDB_RX_ACK;
		else if (c == '-')
			return GDB_RX_NAK;
		else if (c == 0x03)
			return GDB_RX_INTERRUPT;
		else if (c == 0)
			rx->state = GDB_RX_BREAK;
		return GDB_RX_NONE;
	case GDB_RX_BREAK:
		if (c == 0)
			return GDB_RX_NONE;
		rx->state = GDB_RX_IDLE;
		if (c == 'g')
			return GDB_RX_INTERRUPT;
		return gdb_rx_byte(rx, c);
	case GDB_RX_DATA:
		if (c == '$') {
			gdb_rx_start(rx);
		} else if (c == '#') {
			rx->state = GDB_RX_SUM1;
		} else {
			rx->sum += c;
			if (rx->len + 1 < rx->size)
				rx->buf[rx->len++] = c;
			else
				rx->too_long = true;
		}
		return GDB_RX_NONE;
	case GDB_RX_SUM1:
	case GDB_RX_SUM2:
		v = hex_to_bin(c);
		if (v < 0) {
			/* Not a checksum: drop it, maybe start anew. */
			rx->state = GDB_RX_IDLE;
			if (c == '$')
				gdb_rx_start(rx);
			return GDB_RX_BAD;
		}
		if (rx->state == GDB_RX_SUM1) {
			rx->sent_sum = v << 4;
			rx->state = GDB_RX_SUM2;
			return GDB_RX_NONE;
		}
		rx->sent_sum |= v;
		rx->state = GDB_RX_IDLE;
		rx->buf[rx->len] = '\0';
		if (rx->too_long || rx->sent_sum != rx->sum)
			return GDB_RX_BAD;
		return GDB_RX_PACKET;
	}
	rx->state = GDB_RX_IDLE;
	return GDB_RX_NONE;
}

/**
 * gdb_tx_begin - start a packet
 * @tx: the packet
 * @buf: where it is built
 * @size: room (at least GDB_FRAME_LEN + 1)
 */
void gdb_tx_begin(struct gdb_tx *tx, char *buf, size_t size)
{
	tx->buf = buf;
	tx->size = size;
	tx->len = 1;
	tx->overflow = false;
	tx->binary = false;
	buf[0] = '$';
}

/**
 * gdb_tx_room - data bytes that still fit
 * @tx: the packet
 *
 * Return: what can be added before the frame's end no longer fits.
 */
size_t gdb_tx_room(const struct gdb_tx *tx)
{
	size_t used = tx->len + GDB_FRAME_LEN - 1;

	return tx->overflow || used >= tx->size ? 0 : tx->size - used;
}

static void gdb_tx_put(struct gdb_tx *tx, const char *s, size_t n)
{
	if (n > gdb_tx_room(tx)) {
		tx->overflow = true;
		return;
	}
	memcpy(tx->buf + tx->len, s, n);
	tx->len += n;
}

/**
 * gdb_tx_str - add text
 * @tx: the packet
 * @s: the text (no '#', '$' or '}' in it)
 */
void gdb_tx_str(struct gdb_tx *tx, const char *s)
{
	gdb_tx_put(tx, s, strlen(s));
}

/**
 * gdb_tx_char - add one character
 * @tx: the packet
 * @c: the character
 */
void gdb_tx_char(struct gdb_tx *tx, char c)
{
	gdb_tx_put(tx, &c, 1);
}

/**
 * gdb_tx_fmt - add formatted text
 * @tx: the packet
 * @fmt: printf format
 */
void gdb_tx_fmt(struct gdb_tx *tx, const char *fmt, ...)
{
	char line[128];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (n < 0 || n >= (int)sizeof(line)) {
		tx->overflow = true;
		return;
	}
	gdb_tx_put(tx, line, n);
}

/**
 * gdb_tx_hex - add bytes as hex, two digits each, in memory order
 * @tx: the packet
 * @data: the bytes
 * @len: how many
 */
void gdb_tx_hex(struct gdb_tx *tx, const void *data, size_t len)
{
	const u8 *p = data;
	size_t i;

	if (2 * len > gdb_tx_room(tx)) {
		tx->overflow = true;
		return;
	}
	for (i = 0; i < len; i++) {
		tx->buf[tx->len++] = gdb_hexdigits[p[i] >> 4];
		tx->buf[tx->len++] = gdb_hexdigits[p[i] & 0xf];
	}
}

/**
 * gdb_tx_hex_u64 - add a number in hex, no leading zeros
 * @tx: the packet
 * @v: the number
 */
void gdb_tx_hex_u64(struct gdb_tx *tx, u64 v)
{
	char digits[16];
	int n = 0;

	do {
		digits[n++] = gdb_hexdigits[v & 0xf];
		v >>= 4;
	} while (v);
	while (n)
		gdb_tx_char(tx, digits[--n]);
}

/*
 * The protocol's four, and CR and LF: the console's polled output turns
 * LF into CR LF, so they never go out raw (gdb unescapes any byte).
 */
static bool gdb_must_escape(u8 c)
{
	return c == '#' || c == '$' || c == '}' || c == '*' || c == '\n' ||
	       c == '\r';
}

/**
 * gdb_tx_bin - add binary data, escaped
 * @tx: the packet
 * @data: the bytes
 * @len: how many
 *
 * The packet is then not run-length encoded.
 */
void gdb_tx_bin(struct gdb_tx *tx, const void *data, size_t len)
{
	const u8 *p = data;
	size_t i;

	tx->binary = true;
	for (i = 0; i < len && !tx->overflow; i++) {
		if (gdb_must_escape(p[i])) {
			char esc[2] = { '}', (char)(p[i] ^ 0x20) };

			gdb_tx_put(tx, esc, 2);
		} else {
			gdb_tx_put(tx, (const char *)&p[i], 1);
		}
	}
}

/*
 * A repeat count is sent as a character, count + 29: printable, and not
 * '#' or '$' (6 and 7), which would end or start a packet.
 */
#define GDB_RLE_MIN	3	/* repeats worth a "c*N" (3 bytes for 4) */
#define GDB_RLE_MAX	97	/* '~' */

static size_t gdb_rle(char *data, size_t len)
{
	size_t in = 0, out = 0;

	while (in < len) {
		char c = data[in];
		size_t run = 1;

		while (in + run < len && data[in + run] == c &&
		       run - 1 < GDB_RLE_MAX)
			run++;
		data[out++] = c;
		in += run;
		run--;			/* repeats after the first */
		if (run == 6 || run == 7) {
			/* '#' or '$': five repeats, the rest as they come. */
			in -= run - 5;
			run = 5;
		}
		if (run >= GDB_RLE_MIN) {
			data[out++] = '*';
			data[out++] = (char)(run + 29);
		} else {
			while (run--)
				data[out++] = c;
		}
	}
	return out;
}

/**
 * gdb_tx_end - finish a packet
 * @tx: the packet
 *
 * A packet something did not fit in becomes the error reply "E0c"
 * (ENOMEM): gdb is never sent half a reply. Text replies are run-length
 * encoded.
 *
 * Return: the packet's length in @tx->buf.
 */
size_t gdb_tx_end(struct gdb_tx *tx)
{
	size_t i;
	u8 sum = 0;

	if (tx->overflow) {
		tx->len = 1;
		tx->overflow = false;
		tx->binary = false;
		gdb_tx_str(tx, "E0c");
	}
	if (!tx->binary)
		tx->len = 1 + gdb_rle(tx->buf + 1, tx->len - 1);
	for (i = 1; i < tx->len; i++)
		sum += (u8)tx->buf[i];
	tx->buf[tx->len++] = '#';
	tx->buf[tx->len++] = gdb_hexdigits[sum >> 4];
	tx->buf[tx->len++] = gdb_hexdigits[sum & 0xf];
	return tx->len;
}

/**
 * gdb_parse_hex - read a hex number
 * @p: where it starts; moved past it
 * @val: set to it
 *
 * Return: 0; -EINVAL if there is no digit; -ERANGE past 64 bits.
 */
int gdb_parse_hex(const char **p, u64 *val)
{
	const char *s = *p;
	u64 v = 0;
	int d, n = 0;

	while ((d = hex_to_bin(*s)) >= 0) {
		if (v >> 60)
			return -ERANGE;
		v = v << 4 | d;
		s++;
		n++;
	}
	if (!n)
		return -EINVAL;
	*p = s;
	*val = v;
	return 0;
}

/**
 * gdb_hex_decode - hex digits to bytes
 * @hex: the digits
 * @nhex: how many (even)
 * @out: the bytes
 * @max: room in @out
 *
 * Return: the number of bytes; -EINVAL for an odd count or a non-digit;
 * -E2BIG if they do not fit.
 */
int gdb_hex_decode(const char *hex, size_t nhex, u8 *out, size_t max)
{
	size_t i;

	if (nhex % 2)
		return -EINVAL;
	if (nhex / 2 > max)
		return -E2BIG;
	for (i = 0; i < nhex / 2; i++) {
		int hi = hex_to_bin(hex[2 * i]), lo = hex_to_bin(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = hi << 4 | lo;
	}
	return nhex / 2;
}

/**
 * gdb_bin_unescape - binary data as sent to bytes
 * @in: the data
 * @inlen: its length
 * @out: the bytes
 * @max: room in @out
 * @outlen: set to their number
 *
 * Return: 0; -EINVAL for a '}' at the end; -E2BIG if they do not fit.
 */
int gdb_bin_unescape(const char *in, size_t inlen, u8 *out, size_t max,
		     size_t *outlen)
{
	size_t i, n = 0;

	for (i = 0; i < inlen; i++) {
		u8 c = in[i];

		if (c == '}') {
			if (++i == inlen)
				return -EINVAL;
			c = in[i] ^ 0x20;
		}
		if (n == max)
			return -E2BIG;
		out[n++] = c;
	}
	*outlen = n;
	return 0;
}

/**
 * gdb_rle_decode - expand a run-length encoded reply
 * @in: the data
 * @inlen: its length
 * @out: the expanded data
 * @max: room in @out
 *
 * For the host side and the tests. A '*' with nothing before it, or a
 * count out of range, is kept as it is.
 *
 * Return: the expanded length (at most @max; the rest is dropped).
 */
size_t gdb_rle_decode(const char *in, size_t inlen, char *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < inlen; i++) {
		if (in[i] == '*' && n && i + 1 < inlen &&
		    (u8)in[i + 1] >= 29 + GDB_RLE_MIN &&
		    (u8)in[i + 1] <= 29 + GDB_RLE_MAX) {
			int run = (u8)in[++i] - 29;
			char c = out[n - 1];

			while (run-- && n < max)
				out[n++] = c;
			continue;
		}
		if (n < max)
			out[n++] = in[i];
	}
	return n;
}
