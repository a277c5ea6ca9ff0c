// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer of the kdb output pipeline. The first bytes choose the page
 * settings, the prompt and the `| grep` filters (their words are built from
 * the input); the rest is split into output text, written in chunks of
 * varying size, and keys for the pager.
 *
 * Checked: no crash or sanitizer report; the line buffer and the search
 * string stay in bounds; every line that reaches the console is at most
 * KDB_OUT_LINE bytes, ends with its only newline and passes every filter;
 * nothing but the Ctrl-C notice is written once the output was stopped;
 * the pager always gets a key, so it cannot hang. Without paging, the
 * console must show exactly the lines of the text (long ones cut into
 * pieces) that a naive reference grep keeps, until a Ctrl-C, and every
 * key typed meanwhile comes back from kdb_out_getc(), in order.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "kdb_out.h"

#define MAX_WORDS	8
#define CTRL_C		3

static const char stopped_msg[] = "\n^C (output stopped)\n";

static struct kdb_out o;
static const uint8_t *keys;
static size_t nkeys, key_pos;
static bool page_mode;
static unsigned int idles, stopped_msgs;

static char out[1 << 16];
static size_t out_len;
static bool out_overflow;

static void fz_write(const char *s, size_t n, void *ctx)
{
	size_t i, nl = 0;
	unsigned int g;

	assert(ctx == &o);
	assert(n > 0);
	for (i = 0; i < n; i++)
		nl += s[i] == '\n';
	if (o.quit) {
		/* After a stop only the notice, once, right away. */
		assert(n == sizeof(stopped_msg) - 1);
		assert(!memcmp(s, stopped_msg, n));
		assert(++stopped_msgs == 1);
	} else if (nl == 1 && s[n - 1] == '\n') {
		/* A line of output (prompts never hold a newline). */
		assert(n <= KDB_OUT_LINE);
		for (g = 0; g < o.ngrep; g++)
			assert(kdb_grep_match(&o.grep[g], s, n - 1));
	}
	if (out_len + n > sizeof(out)) {
		out_overflow = true;
		return;
	}
	memcpy(out + out_len, s, n);
	out_len += n;
}

static int fz_getc(void *ctx)
{
	assert(ctx == &o);
	if (key_pos < nkeys) {
		uint8_t c = keys[key_pos++];

		return c == 0xff ? -1 : c;
	}
	/* Out of keys: the pager quits; a poll finds nothing. */
	return page_mode ? CTRL_C : -1;
}

static void fz_idle(void *ctx)
{
	assert(ctx == &o);
	assert(++idles <= nkeys);	/* only for the 0xff keys */
}

static const struct kdb_out_ops fz_ops = {
	.write = fz_write,
	.getc = fz_getc,
	.idle = fz_idle,
};

/* A grep written differently: lower-case copies, then memcmp. */
static bool ref_match(const struct kdb_grep *g, const char *line,
		      size_t len)
{
	static char l[KDB_OUT_LINE], p[KDB_GREP_PAT];
	size_t i, n = g->len;
	bool hit = false;

	for (i = 0; i < len; i++)
		l[i] = g->icase && line[i] >= 'A' && line[i] <= 'Z' ?
		       line[i] + 32 : line[i];
	for (i = 0; i < n; i++)
		p[i] = g->icase && g->pat[i] >= 'A' && g->pat[i] <= 'Z' ?
		       g->pat[i] + 32 : g->pat[i];
	if (!n)
		hit = true;
	else if (n <= len && g->at_start && g->at_end)
		hit = n == len && !memcmp(l, p, n);
	else if (n <= len && g->at_start)
		hit = !memcmp(l, p, n);
	else if (n <= len && g->at_end)
		hit = !memcmp(l + len - n, p, n);
	else
		for (i = 0; !hit && i + n <= len; i++)
			hit = !memcmp(l + i, p, n);
	return hit != g->invert;
}

/* The expected console output without paging and without a Ctrl-C. */
static char want[1 << 12];
static size_t want_len;

static void ref_line(const char *line, size_t len)
{
	unsigned int g;

	for (g = 0; g < o.ngrep; g++)
		if (!ref_match(&o.grep[g], line, len))
			return;
	assert(want_len + len + 1 <= sizeof(want));
	memcpy(want + want_len, line, len);
	want[want_len + len] = '\n';
	want_len += len + 1;
}

static void ref_output(const uint8_t *text, size_t n)
{
	size_t start = 0, i;

	want_len = 0;
	for (i = 0; i < n; i++) {
		if (text[i] == '\n') {
			ref_line((const char *)text + start, i - start);
			start = i + 1;
		} else if (i - start == KDB_OUT_LINE - 1) {
			ref_line((const char *)text + start, i - start);
			start = i;
		}
	}
	if (start < n)
		ref_line((const char *)text + start, n - start);
}

static void check_state(void)
{
	assert(o.len < KDB_OUT_LINE);
	assert(o.ngrep <= KDB_GREP_MAX);
	assert(strlen(o.search) < KDB_SEARCH_MAX);
	assert(o.typeahead_len <= KDB_TYPEAHEAD_MAX);
	if (o.page_lines)
		/* a line of tabs on 1 column: 8 rows a byte */
		assert(o.shown < o.page_lines + 8 * KDB_OUT_LINE);
	if (o.quit)
		assert(kdb_out_stopped(&o));
}

/*
 * No key is lost: what the polls kept, then what is still on the line,
 * comes out of kdb_out_getc() as typed (0xff, "nothing yet", aside).
 */
static void check_typeahead(void)
{
	size_t i = 0;
	int c;

	for (;;) {
		c = kdb_out_getc(&o);
		if (c < 0 && key_pos >= nkeys)
			break;
		if (c < 0)
			continue;
		while (i < nkeys && keys[i] == 0xff)
			i++;
		assert(i < nkeys && c == keys[i]);
		i++;
	}
	while (i < nkeys && keys[i] == 0xff)
		i++;
	assert(i == nkeys);
}

/* Parse argv; check the result and add it to the output if valid. */
static void try_filter(int argc, char **argv, bool must_fail)
{
	struct kdb_grep g;
	unsigned int ngrep = o.ngrep;
	int err;

	err = kdb_grep_parse(&g, argc, argv);
	assert(err == 0 || err == -EINVAL || err == -E2BIG);
	if (must_fail)
		assert(err == -EINVAL);
	if (err)
		return;
	assert(g.len < KDB_GREP_PAT);
	assert(strlen(g.pat) == g.len);
	err = kdb_out_add_grep(&o, &g);
	if (ngrep < KDB_GREP_MAX)
		assert(err == 0 && o.ngrep == ngrep + 1);
	else
		assert(err == -ENOSPC && o.ngrep == ngrep);
}

/*
 * A filter from @n bytes after the control byte @f. Raw: the bytes are
 * the words after "grep", split at spaces. Otherwise @f picks the options
 * and the anchors (plain or escaped) around a pattern made of the bytes.
 */
static void add_filter(uint8_t f, const uint8_t *d, size_t n)
{
	static const char *const opts[][2] = {
		{ NULL }, { "-v" }, { "-i" }, { "-vi" }, { "-iv" },
		{ "-v", "-i" }, { "--" }, { "-x" },
	};
	static char buf[2 * KDB_GREP_PAT + 8];
	char *argv[MAX_WORDS + 1] = { "grep" };
	unsigned int o_idx = f & 7, k;
	int argc = 1;
	size_t i, p = 0;

	if (f & 0x80) {
		if (f == 0xff)
			argv[0] = "grap";
		n = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;
		memcpy(buf, d, n);
		buf[n] = '\0';
		for (i = 0; i <= n && argc <= MAX_WORDS; i++) {
			if (i == n || buf[i] == ' ') {
				buf[i] = '\0';
				continue;
			}
			if (i == 0 || buf[i - 1] == '\0')
				argv[argc++] = &buf[i];
		}
		try_filter(argc, argv, f == 0xff);
		return;
	}
	for (k = 0; k < 2 && opts[o_idx][k]; k++)
		argv[argc++] = (char *)opts[o_idx][k];
	if (f & 0x08)
		p += snprintf(buf + p, sizeof(buf) - p, f & 0x20 ? "\\^" : "^");
	if (!(f & 0x40) && n > 12)
		n = 12;		/* short, so that lines match */
	if (n > sizeof(buf) - p - 3)
		n = sizeof(buf) - p - 3;
	memcpy(buf + p, d, n);
	p += n;
	if (f & 0x10)
		p += snprintf(buf + p, sizeof(buf) - p, f & 0x20 ? "\\$" : "$");
	buf[p] = '\0';
	argv[argc++] = buf;
	try_filter(argc, argv, o_idx == 7);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prompts[] = {
		NULL, "more> ", "", "--More-- (q to quit, / to search) ",
	};
	const uint8_t *text;
	const char *prompt;
	unsigned int split, page_lines, columns, nfilters, i;
	size_t n, len, ntext, chunk;
	bool ctrl_c_key = false, reference;
	uint32_t rnd;

	if (size < 6)
		return 0;
	page_lines = data[0] % 3 ? 0 : data[0] / 3 % 9;
	columns = data[1] & 1 ? 0 : data[1] >> 1;
	nfilters = data[2] % (KDB_GREP_MAX + 2);
	rnd = data[3];
	split = data[4];
	prompt = prompts[data[5] % 4];
	data += 6;
	size -= 6;

	kdb_out_init(&o, &fz_ops, &o);
	kdb_out_begin(&o, page_lines, columns, prompt);
	for (i = 0; i < nfilters && size >= 2; i++) {
		len = data[1];
		n = len < size - 2 ? len : size - 2;
		add_filter(data[0], data + 2, n);
		data += n + 2;
		size -= n + 2;
	}
	check_state();

	/* The rest: text, then keys; split at a point taken from the input. */
	ntext = size * split / 255;
	text = data;
	keys = data + ntext;
	nkeys = size - ntext;
	key_pos = 0;
	page_mode = page_lines != 0;
	idles = 0;
	stopped_msgs = 0;
	out_len = 0;
	out_overflow = false;
	for (i = 0; i < nkeys; i++)
		ctrl_c_key |= keys[i] == CTRL_C;
	reference = !page_lines && !ctrl_c_key;

	for (n = 0; n < ntext; n += chunk) {
		bool was_quit = o.quit;
		size_t before = out_len;

		rnd = rnd * 1103515245 + 12345;
		chunk = 1 + (rnd >> 16) % 40;
		if (chunk > ntext - n)
			chunk = ntext - n;
		kdb_out_write(&o, (const char *)text + n, chunk);
		check_state();
		if (was_quit)
			assert(out_len == before);
	}
	{
		bool was_quit = o.quit;
		size_t before = out_len;

		kdb_out_end(&o);
		assert(o.len == 0);
		if (was_quit)
			assert(out_len == before);
	}
	check_state();

	if (reference) {
		assert(!o.quit);
		assert(!out_overflow);
		ref_output(text, ntext);
		assert(out_len == want_len);
		assert(!memcmp(out, want, want_len));
		check_typeahead();
	}

	/* A new command starts afresh. */
	kdb_out_begin(&o, 0, 0, NULL);
	assert(!kdb_out_stopped(&o) && !o.ngrep && !o.len && !o.searching);
	out_len = 0;
	kdb_out_write(&o, "x\ny", 3);
	kdb_out_end(&o);
	assert(out_len == 4 && !memcmp(out, "x\ny\n", 4));
	return 0;
}
