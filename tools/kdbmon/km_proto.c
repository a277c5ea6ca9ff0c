// SPDX-License-Identifier: GPL-2.0
/* kdbmon's protocol code (km_proto.h): no I/O, no allocation. */
#include <stdio.h>
#include <string.h>

#include "dbg_portable.h"	/* hex_to_bin() */
#include "km_proto.h"

/* --- telnet ------------------------------------------------------------ */

enum {
	TN_DATA,
	TN_IAC,			/* after IAC */
	TN_OPTION,		/* after IAC WILL/WONT/DO/DONT */
	TN_SUB,			/* inside IAC SB ... */
	TN_SUB_IAC,		/* an IAC inside it */
};

#define TN_SB		250
#define TN_SE		240
#define TN_WILL		251
#define TN_DONT		254

size_t km_telnet_decode(struct km_telnet *t, const uint8_t *in, size_t n,
			uint8_t *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		uint8_t c = in[i];

		if (t->data_seen) {
			out[k++] = c;
			continue;
		}
		switch (t->state) {
		case TN_DATA:
			if (c == KM_IAC) {
				t->state = TN_IAC;
			} else {
				out[k++] = c;
				t->data_seen = true;
			}
			break;
		case TN_IAC:
			if (c == KM_IAC) {
				out[k++] = c;
				t->state = TN_DATA;
			} else if (c >= TN_WILL && c <= TN_DONT) {
				t->state = TN_OPTION;
			} else if (c == TN_SB) {
				t->state = TN_SUB;
			} else {
				t->state = TN_DATA;	/* a two-byte command */
			}
			break;
		case TN_OPTION:
			t->state = TN_DATA;
			break;
		case TN_SUB:
			if (c == KM_IAC)
				t->state = TN_SUB_IAC;
			break;
		default:	/* TN_SUB_IAC */
			t->state = c == TN_SE ? TN_DATA : TN_SUB;
			break;
		}
	}
	return k;
}

size_t km_telnet_encode(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		out[k++] = in[i];
		if (in[i] == KM_IAC)
			out[k++] = KM_IAC;
	}
	return k;
}

/* --- the splitter ------------------------------------------------------ */

enum {
	SP_CONSOLE,
	SP_DATA,		/* after '$' */
	SP_SUM1,		/* after '#' */
	SP_SUM2,
};

void km_split_init(struct km_split *s, const struct km_split_ops *ops,
		   void *ctx)
{
	memset(s, 0, offsetof(struct km_split, buf));
	s->ops = ops;
	s->ctx = ctx;
	s->state = SP_CONSOLE;
}

/* What was held was not a packet: it is console output. */
static void split_release(struct km_split *s)
{
	if (s->len)
		s->ops->console(s->ctx, s->buf, s->len);
	s->len = 0;
	s->state = SP_CONSOLE;
}

void km_split_gdb(struct km_split *s, bool attached)
{
	split_release(s);
	s->gdb_attached = attached;
	s->running = false;
	s->acks_due = 0;
}

void km_split_running(struct km_split *s, bool running)
{
	s->running = running;
}

/*
 * While the target runs: is the held packet a stop reply or output? A
 * stop reply is 'T', two hex digits and "name:value;" fields (the stub
 * always sends registers), or a bare S/W/X with two hex digits; output
 * is 'O' and hex. Replies may be run-length encoded ('*' and a count).
 * The checksum must be good.
 */
static bool split_stop_reply(const struct km_split *s)
{
	const uint8_t *d = s->buf + 1;
	size_t n = s->len - 4, i;	/* the payload */
	uint8_t sum = 0;
	bool ok;

	if (s->len < 5)
		return false;
	switch (d[0]) {
	case 'T':
		ok = n > 5 && hex_to_bin(d[1]) >= 0 && hex_to_bin(d[2]) >= 0 &&
		     memchr(d + 3, ':', n - 3) && d[n - 1] == ';';
		break;
	case 'S':
	case 'W':
	case 'X':
		ok = n == 3 && hex_to_bin(d[1]) >= 0 && hex_to_bin(d[2]) >= 0;
		break;
	case 'O':
		ok = n > 1;
		for (i = 1; i < n && ok; i++) {
			if (d[i] == '*' && i > 1 && i + 1 < n)
				i++;	/* a run: the count is any byte */
			else
				ok = hex_to_bin(d[i]) >= 0;
		}
		break;
	default:
		ok = false;
	}
	for (i = 0; i < n; i++)
		sum += d[i];
	return ok && hex_to_bin(s->buf[s->len - 2]) * 16 +
		     hex_to_bin(s->buf[s->len - 1]) == sum;
}

void km_split_packet_sent(struct km_split *s)
{
	s->acks_due = 1;
}

bool km_split_holding(const struct km_split *s)
{
	return s->state != SP_CONSOLE;
}

bool km_split_idle(struct km_split *s)
{
	bool held = s->state != SP_CONSOLE;

	split_release(s);
	return held;
}

/* Hold @c as part of a packet; false if that made it too long for one. */
static bool split_hold(struct km_split *s, uint8_t c)
{
	if (s->len == sizeof(s->buf)) {
		split_release(s);
		s->ops->console(s->ctx, &c, 1);
		return false;
	}
	s->buf[s->len++] = c;
	return true;
}

void km_split_feed(struct km_split *s, const uint8_t *p, size_t n)
{
	size_t i, run = 0;	/* console bytes not yet handed on */

	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (s->state == SP_CONSOLE) {
			if (!s->gdb_attached) {
				run++;
				continue;
			}
			if (c == '$' || ((c == '+' || c == '-') && s->acks_due)) {
				if (run)
					s->ops->console(s->ctx, p + i - run, run);
				run = 0;
				if (c == '$') {
					s->state = SP_DATA;
					s->len = 0;
					split_hold(s, c);
				} else {
					s->acks_due--;
					s->ops->gdb(s->ctx, &c, 1);
				}
				continue;
			}
			run++;
			continue;
		}
		/* Inside a possible packet. */
		if (c == '\n' || c == '\r' ||
		    (c == '$' && s->state == SP_DATA)) {
			/* Replies never hold raw CR, LF or '$': console text. */
			split_release(s);
			i--;		/* this byte again, as console */
			continue;
		}
		if (s->state == SP_DATA) {
			if (split_hold(s, c) && c == '#')
				s->state = SP_SUM1;
			continue;
		}
		if (hex_to_bin(c) < 0) {
			split_release(s);
			i--;
			continue;
		}
		if (!split_hold(s, c))
			continue;
		if (s->state == SP_SUM1) {
			s->state = SP_SUM2;
			continue;
		}
		/*
		 * A whole packet. One whose checksum is wrong (line noise)
		 * is gdb's too, while it waits for a reply: gdb asks for it
		 * again.
		 */
		if (s->running && !split_stop_reply(s)) {
			split_release(s);
			continue;
		}
		s->ops->gdb(s->ctx, s->buf, s->len);
		s->len = 0;
		s->state = SP_CONSOLE;
		s->acks_due = 0;
	}
	if (run)
		s->ops->console(s->ctx, p + n - run, run);
}

/* --- the watcher ------------------------------------------------------- */

void km_watch_init(struct km_watch *w)
{
	w->len = 0;
	w->overflow = false;
}

void km_watch_feed(struct km_watch *w, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n' || p[i] == '\r') {
			w->len = 0;
			w->overflow = false;
		} else if (w->len < sizeof(w->tail)) {
			w->tail[w->len++] = (char)p[i];
		} else {
			w->overflow = true;
		}
	}
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && !memcmp(s + n - k, suffix, k);
}

enum km_screen km_watch_screen(const struct km_watch *w, char *prompt,
			       size_t size)
{
	enum km_screen what = KM_SCREEN_OTHER;

	if (w->overflow || !w->len)
		return what;
	/* kdb's PROMPT "[%d]kdb> ", or a macro's "[name]kdb> " */
	if (w->tail[0] == '[' && ends_with(w->tail, w->len, "kdb> "))
		what = KM_SCREEN_KDB;
	else if (w->len == 6 && !memcmp(w->tail, "more> ", 6))
		what = KM_SCREEN_MORE;
	if (what != KM_SCREEN_OTHER && prompt && size) {
		size_t k = w->len < size - 1 ? w->len : size - 1;

		memcpy(prompt, w->tail, k);
		prompt[k] = '\0';
	}
	return what;
}

/* --- the echo eater ---------------------------------------------------- */

void km_echo_expect(struct km_echo *e, const char *line, size_t n)
{
	if (n > sizeof(e->want) - 2)
		n = sizeof(e->want) - 2;
	memcpy(e->want, line, n);
	e->want[n] = '\r';
	e->want[n + 1] = '\n';
	e->len = n + 2;
	e->pos = 0;
}

size_t km_echo_eat(struct km_echo *e, const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n && e->pos < e->len && p[i] == (uint8_t)e->want[e->pos]) {
		i++;
		e->pos++;
	}
	if (e->pos == e->len || (i < n && e->pos < e->len))
		e->len = e->pos = 0;	/* done, or not the echo after all */
	return i;
}

bool km_echo_pending(const struct km_echo *e)
{
	return e->pos < e->len;
}

/* --- gdb's packets ----------------------------------------------------- */

bool km_packet_is(const uint8_t *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k + 4 && p[0] == '$' && !memcmp(p + 1, prefix, k);
}

size_t km_packet_make(const char *payload, char *out)
{
	uint8_t sum = 0;
	size_t i, n = strlen(payload);

	out[0] = '$';
	for (i = 0; i < n; i++) {
		out[i + 1] = payload[i];
		sum += (uint8_t)payload[i];
	}
	sprintf(out + n + 1, "#%02x", sum);
	return n + 4;
}
