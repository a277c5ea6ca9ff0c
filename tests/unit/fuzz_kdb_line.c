// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer of the kdb line editor: arbitrary console bytes. After every
 * byte the editor's invariants must hold and a simulated dumb terminal,
 * fed with everything echoed, must show the prompt and the line with its
 * cursor in the right column.
 */
#include <stdlib.h>

#include "kdb_line.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

/* The terminal's current line: what it shows, and where its cursor is. */
static char screen[8192];
static size_t screen_len, col;

static void echo(const char *s, size_t n, void *ctx)
{
	size_t i;

	CHECK(ctx == &screen);
	CHECK(n > 0 && n < 4096);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '\n') {
			screen_len = 0;
			col = 0;
		} else if (c == '\b') {
			CHECK(col > 0);
			col--;
		} else if (c == '\a') {
			continue;
		} else {
			/* Only text: never an escape sequence or noise. */
			CHECK(c >= 0x20 && c <= 0x7e);
			CHECK(col < sizeof(screen));
			screen[col++] = c;
			if (col > screen_len)
				screen_len = col;
		}
	}
}

static char long_cand[300];
static char many[40][8];

static void complete(struct kdb_completion *c, void *ctx)
{
	static const char *const fixed[] = {
		"help", "hello", "h", "md", "mds", "mdr", "cpu", "cpus", "go",
		"bt", "btc", "a b", "k", "kk",
	};
	size_t i;

	CHECK(ctx == &screen);
	CHECK(c->word_len == strlen(c->word));
	CHECK(!strchr(c->word, ' '));
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		kdb_completion_add(c, fixed[i]);
	kdb_completion_add(c, long_cand);
	kdb_completion_add(c, long_cand + 150);
	if (!c->first_word) {
		for (i = 0; i < ARRAY_SIZE(many); i++)
			kdb_completion_add(c, many[i]);
	}
	CHECK(c->common_len < KDB_LINE_MAX);
	CHECK(strlen(c->common) == c->common_len);
	CHECK(c->listed <= c->list_max && c->listed <= c->count);
}

static const struct kdb_line_ops ops = { .echo = echo, .complete = complete };

static void check(const struct kdb_line *l)
{
	size_t plen = strlen(l->prompt), i;
	const char *h;

	CHECK(l->len < KDB_LINE_MAX);
	CHECK(l->cursor <= l->len);
	CHECK(strlen(l->buf) == l->len);
	for (i = 0; i < l->len; i++)
		CHECK(l->buf[i] >= 0x20 && l->buf[i] <= 0x7e);
	CHECK(l->hist_count <= KDB_HIST_LINES);
	CHECK(l->hist_next < KDB_HIST_LINES);
	CHECK(l->hist_pos <= l->hist_count);
	for (i = 0; i < l->hist_count; i++) {
		h = kdb_line_history(l, i);
		CHECK(h && memchr(h, '\0', KDB_LINE_MAX) && *h);
	}
	CHECK(!kdb_line_history(l, l->hist_count));
	CHECK(memchr(l->saved, '\0', KDB_LINE_MAX));

	/* The terminal shows prompt + line (then blanks), cursor in place. */
	CHECK(col == plen + l->cursor);
	CHECK(screen_len >= plen + l->len);
	CHECK(!memcmp(screen, l->prompt, plen));
	CHECK(!memcmp(screen + plen, l->buf, l->len));
	for (i = plen + l->len; i < screen_len; i++)
		CHECK(screen[i] == ' ');
}

static struct kdb_line line;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const prompts[] = { "[0]kdb> ", "", "> " };
	const char *prompt = prompts[size ? data[0] % 3 : 0];
	struct kdb_line *l = &line;
	size_t i;

	if (!long_cand[0]) {
		memset(long_cand, 'k', sizeof(long_cand) - 1);
		for (i = 0; i < ARRAY_SIZE(many); i++)
			snprintf(many[i], sizeof(many[i]), "x%02zu", i);
	}
	screen_len = 0;
	col = 0;
	kdb_line_init(l, &ops, &screen);
	kdb_line_start(l, prompt);
	check(l);
	for (i = 0; i < size; i++) {
		switch (kdb_line_feed(l, data[i] | (i & 1 ? 0x300 : 0))) {
		case KDB_LINE_DONE:
			CHECK(!l->len ||
			      !strcmp(kdb_line_history(l, 0), l->buf));
			CHECK(col == 0 && screen_len == 0);
			kdb_line_start(l, prompt);
			break;
		case KDB_LINE_CANCEL:
			CHECK(l->len == 0);
			CHECK(col == 0 && screen_len == 0);
			kdb_line_start(l, prompt);
			break;
		case KDB_LINE_EDITING:
			break;
		}
		check(l);
	}
	return 0;
}
