// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary console bytes through the line editor, the
 * tokenizer and command lookup, as the kdb shell does with them.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "kdb_line.h"
#include "kdb_parse.h"

static int dummy(int argc, char **argv)
{
	return 0;
}

static const struct kdb_cmd table[] = {
	{ "help", "", "", dummy },
	{ "cpus", "", "", dummy },
	{ "go", "", "", dummy },
};

static void check_line(struct kdb_line *l)
{
	char *argv[KDB_MAXARGS];
	int argc, i, err;

	assert(l->len < KDB_LINE_MAX && l->buf[l->len] == '\0');
	argc = kdb_tokenize(l->buf, argv, KDB_MAXARGS);
	assert(argc <= KDB_MAXARGS);
	for (i = 0; i < argc; i++)
		assert(argv[i] >= l->buf && argv[i] < l->buf + KDB_LINE_MAX);
	if (argc > 0)
		kdb_lookup(table, 3, argv[0], &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kdb_line l;
	size_t i;

	kdb_line_init(&l, NULL, NULL);
	for (i = 0; i < size; i++) {
		switch (kdb_line_feed(&l, data[i])) {
		case KDB_LINE_DONE:
			check_line(&l);
			kdb_line_clear(&l);
			break;
		case KDB_LINE_CANCEL:
			assert(l.len == 0);
			break;
		case KDB_LINE_EDITING:
			assert(l.len < KDB_LINE_MAX);
			break;
		}
	}
	return 0;
}
