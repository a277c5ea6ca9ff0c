// SPDX-License-Identifier: GPL-2.0
/*
 * The dump's serial protocol (see dbg_dump_wire.h): frames, their
 * escapes and CRC, the receiver's commands, a go-back-N sender and the
 * receiver. Portable: no allocation, no kernel calls but crc32_le().
 */
#include "dbg_dump_wire.h"

#ifdef __KERNEL__
#include <linux/crc32.h>
#endif

static const u8 dw_magic[4] = { DW_MAGIC0, 'K', 'D', 'F' };

#ifdef __KERNEL__
/**
 * dw_crc32 - zlib's CRC-32
 * @crc: the CRC so far (0 to start)
 * @p: bytes
 * @len: how many
 *
 * Return: the CRC including @p.
 */
u32 dw_crc32(u32 crc, const void *p, size_t len)
{
	return ~crc32_le(~crc, p, len);
}
#else
u32 dw_crc32(u32 crc, const void *p, size_t len)
{
	static u32 table[256];
	const u8 *b = p;
	u32 c;
	int i, k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *b++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
#endif

void dw_put_le16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

void dw_put_le32(u8 *p, u32 v)
{
	dw_put_le16(p, v);
	dw_put_le16(p + 2, v >> 16);
}

void dw_put_le64(u8 *p, u64 v)
{
	dw_put_le32(p, v);
	dw_put_le32(p + 4, v >> 32);
}

u32 dw_get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

u64 dw_get_le64(const u8 *p)
{
	return dw_get_le32(p) | (u64)dw_get_le32(p + 4) << 32;
}

static bool dw_must_escape(u8 c)
{
	return c == '\n' || c == '\r' || c == 0x11 || c == 0x13 ||
	       c == DW_ESC || c == DW_MAGIC0;
}

static size_t dw_escape(u8 *out, const u8 *p, size_t n)
{
	size_t o = 0;

	while (n--) {
		u8 c = *p++;

		if (dw_must_escape(c)) {
			out[o++] = DW_ESC;
			c ^= 0x20;
		}
		out[o++] = c;
	}
	return o;
}

/* An LZ4 length: @v, plus bytes of 255 and a last one below it. */
static int dw_lz4_len(const u8 *src, size_t n, size_t *i, size_t *v)
{
	u8 b;

	if (*v != 15)
		return 0;
	do {
		if (*i >= n)
			return -EINVAL;
		b = src[(*i)++];
		*v += b;
	} while (b == 255);
	return 0;
}

/**
 * dw_lz4_decode - decompress one LZ4 block (the kernel's lz4 format)
 * @src: the block
 * @n: its bytes
 * @dst: where the data goes
 * @cap: room in @dst
 *
 * Every length and offset is checked against @src and @dst: a damaged
 * or hostile block is an error, never a read or write outside them.
 *
 * Return: bytes of data, or -EINVAL.
 */
int dw_lz4_decode(const u8 *src, size_t n, u8 *dst, size_t cap)
{
	size_t i = 0, o = 0, lit, off, len, k;
	u8 token;

	for (;;) {
		if (i >= n)
			return -EINVAL;
		token = src[i++];
		lit = token >> 4;
		if (dw_lz4_len(src, n, &i, &lit) || lit > n - i ||
		    lit > cap - o)
			return -EINVAL;
		memcpy(dst + o, src + i, lit);
		i += lit;
		o += lit;
		/* The last sequence is literals only. */
		if (i == n)
			return o;
		if (n - i < 2)
			return -EINVAL;
		off = src[i] | src[i + 1] << 8;
		i += 2;
		len = token & 15;
		if (!off || off > o || dw_lz4_len(src, n, &i, &len))
			return -EINVAL;
		len += 4;
		if (len > cap - o)
			return -EINVAL;
		/* Byte by byte: a match may overlap what it copies. */
		for (k = 0; k < len; k++)
			dst[o + k] = dst[o - off + k];
		o += len;
	}
}

/**
 * dw_frame_encode - a frame as it goes on the line
 * @out: at least DW_WIRE_MAX bytes
 * @type: what it carries
 * @seq: its number
 * @payload: its payload
 * @len: payload bytes, at most DW_PAYLOAD_MAX
 *
 * Return: bytes written to @out, 0 if @len is too long.
 */
size_t dw_frame_encode(u8 *out, enum dw_type type, u32 seq,
		       const u8 *payload, u32 len)
{
	u8 hdr[DW_HDR_LEN];
	u32 crc;
	size_t o;

	if (len > DW_PAYLOAD_MAX)
		return 0;
	memcpy(hdr, dw_magic, 4);
	hdr[4] = type;
	hdr[5] = DW_VERSION;
	dw_put_le16(hdr + 6, 0);
	dw_put_le32(hdr + 8, seq);
	dw_put_le32(hdr + 12, len);
	crc = dw_crc32(0, hdr, 16);
	crc = dw_crc32(crc, payload, len);
	dw_put_le32(hdr + 16, crc);
	memcpy(out, dw_magic, 4);
	o = 4 + dw_escape(out + 4, hdr + 4, DW_HDR_LEN - 4);
	return o + dw_escape(out + o, payload, len);
}

void dw_start_encode(u8 *p, const struct dw_start *s)
{
	dw_put_le64(p, s->file_size);
	dw_put_le64(p + 8, s->frames);
	dw_put_le64(p + 16, s->ram_bytes);
	dw_put_le32(p + 24, s->level);
	dw_put_le32(p + 28, s->ncpus);
	dw_put_le32(p + 32, s->id);
	memcpy(p + 36, s->name, sizeof(s->name));
	p[36 + sizeof(s->name) - 1] = 0;
}

int dw_start_decode(const u8 *p, u32 len, struct dw_start *s)
{
	if (len != DW_START_LEN)
		return -EINVAL;
	s->file_size = dw_get_le64(p);
	s->frames = dw_get_le64(p + 8);
	s->ram_bytes = dw_get_le64(p + 16);
	s->level = dw_get_le32(p + 24);
	s->ncpus = dw_get_le32(p + 28);
	s->id = dw_get_le32(p + 32);
	memcpy(s->name, p + 36, sizeof(s->name));
	s->name[sizeof(s->name) - 1] = 0;
	/* The start frame is one of them; the end frame another. */
	if (s->frames < 2 || s->frames > 0xffffffffULL)
		return -EINVAL;
	return 0;
}

void dw_end_encode(u8 *p, const struct dw_end *e)
{
	dw_put_le64(p, e->file_size);
	dw_put_le32(p + 8, e->status);
	memcpy(p + 12, e->msg, sizeof(e->msg));
	p[12 + sizeof(e->msg) - 1] = 0;
}

int dw_end_decode(const u8 *p, u32 len, struct dw_end *e)
{
	if (len != DW_END_LEN)
		return -EINVAL;
	e->file_size = dw_get_le64(p);
	e->status = dw_get_le32(p + 8);
	memcpy(e->msg, p + 12, sizeof(e->msg));
	e->msg[sizeof(e->msg) - 1] = 0;
	return 0;
}

/* --- splitting text from frames ------------------------------------------ */

void dw_rx_init(struct dw_rx *rx, const struct dw_rx_ops *ops)
{
	memset(rx, 0, sizeof(*rx));
	rx->ops = ops;
}

/* The bytes gathered are not a frame after all: they were text. */
static void dw_rx_not_frame(struct dw_rx *rx)
{
	if (rx->raw_len && rx->ops->text)
		rx->ops->text(rx->ops->ctx, rx->raw, rx->raw_len);
	rx->len = 0;
	rx->raw_len = 0;
	rx->need = 0;
	rx->esc = false;
}

/*
 * A frame that broke off: counted and dropped, never shown as text, nor
 * is what follows up to the next magic (the rest of a frame whose length
 * was damaged).
 */
static void dw_rx_drop(struct dw_rx *rx)
{
	rx->bad_frames++;
	rx->discard = true;
	if (rx->ops->bad)
		rx->ops->bad(rx->ops->ctx);
	rx->len = 0;
	rx->raw_len = 0;
	rx->need = 0;
	rx->esc = false;
}

static bool dw_rx_header_ok(const u8 *h)
{
	u8 type = h[4];

	return (type == DW_START || type == DW_DATA || type == DW_DATA_LZ4 ||
		type == DW_END) &&
	       h[5] == DW_VERSION && !h[6] && !h[7] &&
	       dw_get_le32(h + 12) <= DW_PAYLOAD_MAX;
}

static void dw_rx_complete(struct dw_rx *rx)
{
	u8 *h = rx->buf;
	u32 crc = dw_crc32(0, h, 16);

	crc = dw_crc32(crc, h + DW_HDR_LEN, rx->len - DW_HDR_LEN);
	if (crc != dw_get_le32(h + 16)) {
		dw_rx_drop(rx);
		return;
	}
	rx->frames++;
	if (rx->ops->frame)
		rx->ops->frame(rx->ops->ctx, h[4], dw_get_le32(h + 8),
			       h + DW_HDR_LEN, rx->len - DW_HDR_LEN);
	rx->len = 0;
	rx->raw_len = 0;
	rx->need = 0;
}

/* One byte while a frame (or what may be one) is being gathered. */
static void dw_rx_byte(struct dw_rx *rx, u8 c)
{
	if (!rx->need)
		rx->raw[rx->raw_len++] = c;
	if (rx->len < 4) {
		rx->buf[rx->len++] = c;
		if (c != dw_magic[rx->len - 1])
			dw_rx_not_frame(rx);
		return;
	}
	if (c == DW_ESC && !rx->esc) {
		rx->esc = true;
		return;
	}
	if (rx->esc) {
		c ^= 0x20;
		rx->esc = false;
	}
	rx->buf[rx->len++] = c;
	if (rx->len == DW_HDR_LEN) {
		/* A raw magic only starts frames: this one is damaged. */
		if (!dw_rx_header_ok(rx->buf)) {
			dw_rx_drop(rx);
			return;
		}
		rx->need = DW_HDR_LEN + dw_get_le32(rx->buf + 12);
	}
	if (rx->need && rx->len == rx->need)
		dw_rx_complete(rx);
}

/**
 * dw_rx_feed - bytes from the line
 * @rx: the splitter
 * @p: the bytes
 * @n: how many
 *
 * Calls @rx's text, frame and bad operations as they are found.
 */
void dw_rx_feed(struct dw_rx *rx, const u8 *p, size_t n)
{
	size_t i, text = 0;

	for (i = 0; i < n; i++) {
		u8 c = p[i];

		if (c == DW_MAGIC0) {
			if (i > text && rx->ops->text && !rx->discard)
				rx->ops->text(rx->ops->ctx, p + text, i - text);
			/* A frame cut short by the next one: lost. */
			if (rx->need)
				dw_rx_drop(rx);
			else
				dw_rx_not_frame(rx);
			rx->discard = false;
			rx->buf[0] = c;
			rx->raw[0] = c;
			rx->len = 1;
			rx->raw_len = 1;
			text = i + 1;
			continue;
		}
		if (!rx->len)
			continue;
		if (i > text && rx->ops->text && !rx->discard)
			rx->ops->text(rx->ops->ctx, p + text, i - text);
		dw_rx_byte(rx, c);
		text = i + 1;
	}
	if (n > text && rx->ops->text && !rx->discard)
		rx->ops->text(rx->ops->ctx, p + text, n - text);
}

/**
 * dw_rx_flush - the line went quiet: a frame still open was lost
 * @rx: the splitter
 */
void dw_rx_flush(struct dw_rx *rx)
{
	if (rx->need)
		dw_rx_drop(rx);
	else
		dw_rx_not_frame(rx);
}

/* --- the receiver's commands ----------------------------------------------- */

enum { DW_CMD_IDLE, DW_CMD_LETTER, DW_CMD_HEX, DW_CMD_SUM };

/*
 * CRC-16/CCITT of a command: a false "all arrived" would end a dump
 * short, so a byte sum, which line noise can match, is not enough.
 */
static u16 dw_crc16(u16 crc, u8 c)
{
	int k;

	crc ^= (u16)c << 8;
	for (k = 0; k < 8; k++)
		crc = crc & 0x8000 ? crc << 1 ^ 0x1021 : crc << 1;
	return crc;
}

/**
 * dw_cmd_format - a command for the sender
 * @buf: where it goes
 * @size: room in @buf (20 is enough)
 * @cmd: which
 * @seq: its frame number (ignored for %DW_CMD_QUIT)
 *
 * Return: its length, NUL excluded.
 */
int dw_cmd_format(char *buf, size_t size, enum dw_cmd_type cmd, u32 seq)
{
	char body[12];
	u16 crc = 0xffff;
	int n, i;

	if (cmd == DW_CMD_QUIT)
		n = scnprintf(body, sizeof(body), "%c", cmd);
	else
		n = scnprintf(body, sizeof(body), "%c%x", cmd, seq);
	for (i = 0; i < n; i++)
		crc = dw_crc16(crc, body[i]);
	return scnprintf(buf, size, "$%s#%04x", body, crc);
}

void dw_cmd_rx_init(struct dw_cmd_rx *c)
{
	memset(c, 0, sizeof(*c));
}

/**
 * dw_cmd_rx_feed - one byte from the receiver
 * @c: the parser
 * @ch: the byte
 * @seq: set to the command's frame number when one is complete
 *
 * Anything that is not a well-formed command is ignored.
 *
 * Return: the command completed by @ch, or %DW_CMD_NONE.
 */
enum dw_cmd_type dw_cmd_rx_feed(struct dw_cmd_rx *c, int ch, u32 *seq)
{
	int v;

	if (ch == '$') {
		c->state = DW_CMD_LETTER;
		return DW_CMD_NONE;
	}
	switch (c->state) {
	case DW_CMD_LETTER:
		if (ch != DW_CMD_ACK && ch != DW_CMD_RESEND &&
		    ch != DW_CMD_QUIT)
			break;
		c->cmd = ch;
		c->crc = dw_crc16(0xffff, ch);
		c->seq = 0;
		c->digits = 0;
		c->state = DW_CMD_HEX;
		return DW_CMD_NONE;
	case DW_CMD_HEX:
		if (ch == '#') {
			if (!c->digits != (c->cmd == DW_CMD_QUIT))
				break;
			c->state = DW_CMD_SUM;
			c->sent_crc = 0;
			c->sum_digits = 0;
			return DW_CMD_NONE;
		}
		v = hex_to_bin(ch);
		if (v < 0 || c->digits == 8)
			break;
		c->seq = c->seq << 4 | v;
		c->digits++;
		c->crc = dw_crc16(c->crc, ch);
		return DW_CMD_NONE;
	case DW_CMD_SUM:
		v = hex_to_bin(ch);
		if (v < 0)
			break;
		c->sent_crc = c->sent_crc << 4 | v;
		if (++c->sum_digits < 4)
			return DW_CMD_NONE;
		if (c->sent_crc != c->crc)
			break;
		c->state = DW_CMD_IDLE;
		*seq = c->seq;
		return c->cmd;
	}
	c->state = DW_CMD_IDLE;
	return DW_CMD_NONE;
}

/* --- the sender -------------------------------------------------------------- */

/**
 * dw_tx_run - send frames 0 .. @tx->total - 1 until all are acknowledged
 * @tx: the sender, with ops, total, window and the times set
 *
 * Return: 0 when the receiver has every frame; -ENXIO when none
 * answered the first frame within @tx->hello_ms; -ETIMEDOUT when no
 * frame got through for @tx->giveup_ms (the receiver went away, or the
 * line is too noisy to make progress); -ECANCELED when it gave up; or
 * the error of @tx->ops->send.
 */
int dw_tx_run(struct dw_tx *tx)
{
	const struct dw_tx_ops *ops = tx->ops;
	u64 heard, quiet_since, t;
	enum dw_cmd_type cmd;
	unsigned int k;
	u32 seq;
	int c, err;

	tx->acked = 0;
	tx->next = 0;
	tx->high = 0;
	dw_cmd_rx_init(&tx->cmd);
	heard = ops->now_ms(ops->ctx);
	quiet_since = heard;
	while (tx->acked < tx->total) {
		/* Bounded: a line that never stops sending is not a hang. */
		for (k = 0; k < 256 && (c = ops->getc(ops->ctx)) >= 0; k++) {
			cmd = dw_cmd_rx_feed(&tx->cmd, c, &seq);
			if (cmd == DW_CMD_QUIT)
				return -ECANCELED;
			if (cmd == DW_CMD_NONE || seq > tx->high)
				continue;
			/* It lacks what it had said arrived: it knows best. */
			if (cmd == DW_CMD_RESEND && seq < tx->acked) {
				tx->acked = seq;
				tx->next = seq;
				tx->go_backs++;
				continue;
			}
			/* Either command says all below @seq arrived. */
			quiet_since = ops->now_ms(ops->ctx);
			if (seq > tx->acked) {
				heard = quiet_since;
				tx->acked = seq;
				if (tx->next < seq)
					tx->next = seq;
				if (ops->progress)
					ops->progress(ops->ctx, seq);
			}
			if (cmd == DW_CMD_RESEND && seq >= tx->acked &&
			    seq < tx->next) {
				tx->next = seq;
				tx->go_backs++;
			}
		}
		if (tx->acked >= tx->total)
			break;
		/* One frame at a time until the receiver has answered. */
		if (tx->next < tx->total &&
		    tx->next - tx->acked < (tx->acked ? tx->window : 1)) {
			if (tx->next < tx->high)
				tx->resent++;
			err = ops->send(ops->ctx, tx->next);
			if (err < 0)
				return err;
			tx->next++;
			if (tx->next > tx->high)
				tx->high = tx->next;
			continue;
		}
		t = ops->now_ms(ops->ctx);
		if (!tx->acked && t - heard >= tx->hello_ms)
			return -ENXIO;
		if (t - heard >= tx->giveup_ms)
			return -ETIMEDOUT;
		if (t - quiet_since >= tx->resend_ms) {
			tx->next = tx->acked;
			tx->go_backs++;
			quiet_since = t;
			continue;
		}
		if (ops->idle)
			ops->idle(ops->ctx);
	}
	return 0;
}

/* --- the receiver --------------------------------------------------------------- */

/* Acknowledge after this many frames, or when the line goes quiet. */
#define DW_ACK_EVERY	4
#define DW_ACK_QUIET_MS	50
/* Ask again for the same frame no sooner than this. */
#define DW_ASK_AGAIN_MS	300

void dw_recv_init(struct dw_recv *r, const struct dw_recv_ops *ops)
{
	memset(r, 0, sizeof(*r));
	r->ops = ops;
	r->state = DW_RECV_IDLE;
}

static void dw_recv_cmd(struct dw_recv *r, enum dw_cmd_type cmd, u32 seq)
{
	char buf[20];
	int n = dw_cmd_format(buf, sizeof(buf), cmd, seq);

	r->ops->send(r->ops->ctx, buf, n);
	if (cmd == DW_CMD_ACK)
		r->acked = seq;
}

static void dw_recv_fail(struct dw_recv *r)
{
	r->state = DW_RECV_FAILED;
	dw_recv_cmd(r, DW_CMD_QUIT, 0);
}

static void dw_recv_ask(struct dw_recv *r, u64 now_ms)
{
	if (r->asked == r->expect && now_ms - r->asked_ms < DW_ASK_AGAIN_MS) {
		/* dw_recv_tick() asks once the time has passed. */
		r->ask_due = true;
		return;
	}
	r->ask_due = false;
	r->gaps++;
	r->asked = r->expect;
	r->asked_ms = now_ms;
	dw_recv_cmd(r, DW_CMD_RESEND, r->expect);
}

/* A start frame: a new transfer, or the current one's first frame again. */
static bool dw_recv_start(struct dw_recv *r, const u8 *p, u32 len)
{
	struct dw_start s;

	if (dw_start_decode(p, len, &s))
		return false;
	if (r->state != DW_RECV_IDLE && s.id == r->start.id)
		return false;
	r->start = s;
	r->state = DW_RECV_ACTIVE;
	r->expect = 1;
	r->bytes = 0;
	r->wire_bytes = 0;
	r->asked = 0;
	r->asked_ms = 0;
	r->ask_due = false;
	r->dups = 0;
	r->gaps = 0;
	if (r->ops->begin && r->ops->begin(r->ops->ctx, &s) < 0) {
		dw_recv_fail(r);
		return true;
	}
	dw_recv_cmd(r, DW_CMD_ACK, 1);
	return true;
}

/**
 * dw_recv_frame - a good frame arrived
 * @r: the receiver
 * @type: its type
 * @seq: its number
 * @p: its payload
 * @len: payload bytes
 * @now_ms: a millisecond clock
 */
void dw_recv_frame(struct dw_recv *r, u8 type, u32 seq, const u8 *p,
		   u32 len, u64 now_ms)
{
	if (type == DW_START && !seq && dw_recv_start(r, p, len)) {
		r->last_ms = now_ms;
		return;
	}
	if (r->state == DW_RECV_FAILED) {
		dw_recv_cmd(r, DW_CMD_QUIT, 0);
		return;
	}
	if (r->state == DW_RECV_IDLE)
		return;
	r->last_ms = now_ms;
	if (seq < r->expect || r->state == DW_RECV_DONE) {
		/* Our ack was lost: say again where we are. */
		r->dups++;
		dw_recv_cmd(r, DW_CMD_ACK, r->expect);
		return;
	}
	if (seq > r->expect) {
		dw_recv_ask(r, now_ms);
		return;
	}
	if (type == DW_DATA || type == DW_DATA_LZ4) {
		u64 off = len < 8 ? 0 : dw_get_le64(p);
		const u8 *data = p + 8;
		int n = len - 8;

		if (len < 8) {
			dw_recv_fail(r);
			return;
		}
		if (type == DW_DATA_LZ4) {
			n = dw_lz4_decode(p + 8, len - 8, r->page,
					  sizeof(r->page));
			data = r->page;
		}
		/* Only where the start frame said the file ends. */
		if (n < 0 || off > r->start.file_size ||
		    (u64)n > r->start.file_size - off ||
		    r->ops->write(r->ops->ctx, off, data, n) < 0) {
			dw_recv_fail(r);
			return;
		}
		r->bytes += n;
		r->wire_bytes += len - 8;
	} else if (type == DW_END) {
		/* A good CRC on a bad frame: the sender is broken. */
		if (dw_end_decode(p, len, &r->end)) {
			dw_recv_fail(r);
			return;
		}
		r->state = DW_RECV_DONE;
		if (r->ops->end)
			r->ops->end(r->ops->ctx, &r->end);
	} else {
		dw_recv_fail(r);
		return;
	}
	r->expect++;
	r->ask_due = false;
	if (r->state == DW_RECV_DONE || r->expect - r->acked >= DW_ACK_EVERY)
		dw_recv_cmd(r, DW_CMD_ACK, r->expect);
}

/**
 * dw_recv_bad - a frame was lost on the line
 * @r: the receiver
 * @now_ms: a millisecond clock
 */
void dw_recv_bad(struct dw_recv *r, u64 now_ms)
{
	if (r->state == DW_RECV_ACTIVE)
		dw_recv_ask(r, now_ms);
}

/**
 * dw_recv_tick - call now and then: acknowledges what a quiet line left
 *	unacknowledged
 * @r: the receiver
 * @now_ms: a millisecond clock
 */
void dw_recv_tick(struct dw_recv *r, u64 now_ms)
{
	/* A frame asked for again was lost again: ask again. */
	if (r->state == DW_RECV_ACTIVE && r->ask_due &&
	    now_ms - r->asked_ms >= DW_ASK_AGAIN_MS)
		dw_recv_ask(r, now_ms);
	if (r->state == DW_RECV_ACTIVE && r->acked != r->expect &&
	    now_ms - r->last_ms >= DW_ACK_QUIET_MS)
		dw_recv_cmd(r, DW_CMD_ACK, r->expect);
}
