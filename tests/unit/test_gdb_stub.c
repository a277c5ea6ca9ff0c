// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the GDB stub against the fake core: packets in, replies
 * checked against the fake machine's own state (fake_core.h), not
 * against the stub's other answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fake_core.h"
#include "gdb_packet.h"
#include "gdb_stub.h"

static char input[65536];
static size_t input_len;

/* Queue one packet, framed and checksummed. */
static void pkt(const char *data, size_t n)
{
	u8 sum = 0;
	size_t i;

	input[input_len++] = '$';
	for (i = 0; i < n; i++) {
		sum += (u8)data[i];
		input[input_len++] = data[i];
	}
	input_len += snprintf(input + input_len, 4, "#%02x", sum);
}

#define PKT(s) pkt(s, strlen(s))

static int run(void)
{
	int ret;

	fake_input(input, input_len);
	fake_set_typeahead(true);
	ret = fake_session_of(&gdb_frontend);
	input_len = 0;
	return ret;
}

/* The replies of the last run: payloads, run-length decoded. */
static char replies[64][20000];
static unsigned int nreplies;
static unsigned int acks;

static void parse_output(void)
{
	const char *o = fake_output();
	size_t n = fake_output_len(), i = 0;

	nreplies = 0;
	acks = 0;
	while (i < n) {
		if (o[i] == '+' || o[i] == '-') {
			acks += o[i] == '+';
			i++;
			continue;
		}
		assert_int_equal(o[i], '$');
		{
			const char *end = memchr(o + i, '#', n - i);
			u8 sum = 0;
			size_t k, m;

			assert_non_null(end);
			assert_true(end + 3 <= o + n);
			for (k = i + 1; o + k < end; k++)
				sum += (u8)o[k];
			assert_int_equal(sum, strtoul((char[3]){ end[1], end[2], 0 },
						      NULL, 16));
			assert_true(nreplies < 64);
			m = gdb_rle_decode(o + i + 1, end - o - i - 1,
					   replies[nreplies], 19999);
			replies[nreplies++][m] = '\0';
			i = end - o + 3;
		}
	}
	fake_output_clear();
}

static int setup(void **state)
{
	fake_reset();
	gdb_stub_reset();
	gdb_xfer_threads = true;
	input_len = 0;
	return 0;
}

/* Little-endian hex of @v, @n bytes. */
static const char *le_hex(u64 v, unsigned int n)
{
	static char buf[8][40];
	static unsigned int k;
	char *b = buf[k++ % 8];
	unsigned int i;

	for (i = 0; i < n; i++)
		sprintf(b + 2 * i, "%02x", (unsigned int)((v >> (8 * i)) & 0xff));
	return b;
}

static void test_connect_ack_then_noack(void **state)
{
	PKT("qSupported:multiprocess+;swbreak+;xmlRegisters=i386");
	PKT("vMustReplyEmpty");
	PKT("QStartNoAckMode");
	PKT("qAttached");
	PKT("D");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	parse_output();
	assert_int_equal(acks, 3);	/* none after no-ack mode began */
	assert_int_equal(nreplies, 5);
	assert_non_null(strstr(replies[0], "PacketSize=4000;"));
	assert_non_null(strstr(replies[0], "qXfer:threads:read+"));
	assert_non_null(strstr(replies[0], "swbreak+"));
	assert_string_equal(replies[1], "");
	assert_string_equal(replies[2], "OK");
	assert_string_equal(replies[3], "1");
	assert_string_equal(replies[4], "OK");
}

static void test_stop_reply_expedites_registers(void **state)
{
	u64 sh = fake_task_addr(FT_SH);
	char want[256];

	PKT("?");
	PKT("D");
	run();
	parse_output();
	snprintf(want, sizeof(want), "T02thread:%x;06:%s;07:%s;10:%s;",
		 fake_task(FT_SH)->pid, le_hex(fake_reg_value(sh, FR_RBP), 8),
		 le_hex(fake_reg_value(sh, FR_RSP), 8),
		 le_hex(fake_reg_value(sh, FR_RIP), 8));
	assert_string_equal(replies[0], want);
}

static void test_g_and_p_registers(void **state)
{
	u64 sh = fake_task_addr(FT_SH), init = fake_task_addr(FT_INIT);
	char want[512] = "", hg[32];
	unsigned int i;

	for (i = 0; i < 16; i++)
		strcat(want, le_hex(fake_reg_value(sh, i), 8));
	strcat(want, le_hex(fake_reg_value(sh, FR_RIP), 8));
	strcat(want, le_hex(fake_reg_value(sh, FR_EFLAGS), 4));
	strcat(want, le_hex(fake_reg_value(sh, FR_CS), 4));
	strcat(want, le_hex(fake_reg_value(sh, FR_SS), 4));
	strcat(want, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");	/* ds es fs gs */
	PKT("g");
	PKT("p10");
	PKT("p2e");		/* cr3: not known here */
	PKT("p99");
	snprintf(hg, sizeof(hg), "Hg%x", fake_task(FT_INIT)->pid);
	PKT(hg);
	PKT("p10");
	PKT("D");
	run();
	parse_output();
	assert_string_equal(replies[0], want);
	assert_string_equal(replies[1], le_hex(fake_reg_value(sh, FR_RIP), 8));
	assert_string_equal(replies[2], "xxxxxxxxxxxxxxxx");
	assert_string_equal(replies[3], "E16");
	assert_string_equal(replies[4], "OK");
	assert_string_equal(replies[5], le_hex(fake_reg_value(init, FR_RIP), 8));
}

static void test_P_writes_a_register(void **state)
{
	u64 sh = fake_task_addr(FT_SH);
	char p[64];

	snprintf(p, sizeof(p), "P0=%s", le_hex(0x1122334455667788ULL, 8));
	PKT(p);
	PKT("P2e=0000000000000000");	/* cr3: refused */
	PKT("P0=12");			/* wrong size */
	PKT("D");
	run();
	parse_output();
	assert_string_equal(replies[0], "OK");
	assert_true(fake_reg_value(sh, FR_RAX) == 0x1122334455667788ULL);
	assert_string_equal(replies[1], "E1e");	/* EROFS */
	assert_string_equal(replies[2], "E16");
}

static void test_memory_read_write_and_faults(void **state)
{
	u64 a = fake_sym("jiffies");
	u8 real[16];
	char p[128], want[40] = "";
	unsigned int i;

	assert_int_equal(fake_mem_peek(a, real, sizeof(real)), 0);
	for (i = 0; i < 16; i++)
		sprintf(want + 2 * i, "%02x", real[i]);
	snprintf(p, sizeof(p), "m%llx,10", (unsigned long long)a);
	PKT(p);
	snprintf(p, sizeof(p), "M%llx,4:deadbeef", (unsigned long long)a);
	PKT(p);
	PKT("m10,4");			/* user space */
	PKT("m0,");			/* malformed */
	snprintf(p, sizeof(p), "X%llx,3:}\x03}]a", (unsigned long long)a + 4);
	PKT(p);
	snprintf(p, sizeof(p), "X%llx,0:", (unsigned long long)a);
	PKT(p);
	PKT("D");
	run();
	parse_output();
	assert_string_equal(replies[0], want);
	assert_string_equal(replies[1], "OK");
	assert_int_equal(fake_mem_peek(a, real, 8), 0);
	assert_memory_equal(real, "\xde\xad\xbe\xef#}a", 7);
	assert_true(replies[2][0] == 'E');
	assert_string_equal(replies[3], "E16");
	assert_string_equal(replies[4], "OK");
	assert_string_equal(replies[5], "OK");
}

/* Read a qXfer object whole, in windows of @win bytes. */
static void xfer(const char *obj, unsigned int win, char *out, size_t max)
{
	unsigned int off = 0;
	char p[128];

	out[0] = '\0';
	for (;;) {
		snprintf(p, sizeof(p), "qXfer:%s:%x,%x", obj, off, win);
		PKT(p);
		PKT("D");
		run();
		parse_output();
		if (replies[0][0] != 'm' && replies[0][0] != 'l')
			fail_msg("reply at %u: '%s'", off, replies[0]);
		/* Escaped binary: unescape into the whole. */
		{
			size_t n;
			u8 buf[8192];

			assert_int_equal(gdb_bin_unescape(replies[0] + 1,
							  strlen(replies[0] + 1),
							  buf, sizeof(buf), &n), 0);
			assert_true(strlen(out) + n < max);
			strncat(out, (char *)buf, n);
			off += n;
		}
		if (replies[0][0] == 'l')
			return;
		gdb_stub_reset();
	}
}

static void test_target_xml_in_small_windows(void **state)
{
	static char xml[16384];

	xfer("features:read:target.xml", 100, xml, sizeof(xml));
	assert_non_null(strstr(xml, "<architecture>i386:x86-64</architecture>"));
	assert_non_null(strstr(xml, "<reg name=\"st7\""));
	assert_non_null(strstr(xml, "<reg name=\"orig_rax\""));
	assert_non_null(strstr(xml, "<reg name=\"cr3\""));
	assert_string_equal(xml + strlen(xml) - 9, "</target>");
}

static void test_thread_list_running_first_every_task_once(void **state)
{
	static char xml[16384];
	char id[64];
	unsigned int i;
	const char *first;

	xfer("threads:read:", 64, xml, sizeof(xml));
	assert_true(!strncmp(xml, "<threads>", 9));
	assert_string_equal(xml + strlen(xml) - 10, "</threads>");
	for (i = 0; i < FAKE_NR_TASKS; i++) {
		const struct dbg_task *t = fake_task(i);
		const char *at;

		if (t->idle)
			snprintf(id, sizeof(id), "<thread id=\"%x\" ",
				 GDB_IDLE_TID_BASE + t->cpu);
		else
			snprintf(id, sizeof(id), "<thread id=\"%x\" ", t->pid);
		at = strstr(xml, id);
		assert_non_null(at);
		assert_null(strstr(at + 1, id));
	}
	/* CPU 0's current task comes first. */
	first = strstr(xml, "<thread id=\"");
	assert_ptr_equal(first, xml + 9);
}

static void test_qf_qs_thread_info(void **state)
{
	unsigned int n = 0, i;

	PKT("qfThreadInfo");
	PKT("qsThreadInfo");
	PKT("D");
	run();
	parse_output();
	assert_true(replies[0][0] == 'm');
	for (i = 0; replies[0][i]; i++)
		n += replies[0][i] == ',';
	assert_int_equal(n + 1, FAKE_NR_TASKS);
	assert_string_equal(replies[1], "l");
}

/* Hex text to a string. */
static const char *unhex(const char *hex)
{
	static char text[256];
	size_t i, n = strlen(hex) / 2;

	assert_true(n < sizeof(text));
	for (i = 0; i < n; i++)
		text[i] = (char)strtoul((char[3]){ hex[2 * i], hex[2 * i + 1], 0 },
					NULL, 16);
	text[n] = '\0';
	return text;
}

static void test_thread_list_packed_on_a_slow_line(void **state)
{
	const struct dbg_task *t = fake_task(FAKE_NR_TASKS - 1);
	char want[64], q[48];
	unsigned int n = 0, i;

	gdb_xfer_threads = false;
	PKT("qSupported:swbreak+");
	PKT("qXfer:threads:read::0,fff");
	PKT("qfThreadInfo");
	PKT("qsThreadInfo");
	snprintf(q, sizeof(q), "qThreadExtraInfo,%x", t->pid);
	PKT(q);
	PKT("qThreadExtraInfo,7fffffff");
	PKT("qXfer:features:read:target.xml:0,40");
	PKT("D");
	run();
	gdb_xfer_threads = true;
	parse_output();
	assert_int_equal(nreplies, 8);
	assert_null(strstr(replies[0], "qXfer:threads"));
	assert_non_null(strstr(replies[0], "qXfer:features:read+"));
	assert_string_equal(replies[1], "");
	assert_true(replies[2][0] == 'm');
	for (i = 0; replies[2][i]; i++)
		n += replies[2][i] == ',';
	assert_int_equal(n + 1, FAKE_NR_TASKS);
	assert_string_equal(replies[3], "l");
	/* Names and states come one thread at a time instead. */
	assert_false(t->idle);
	snprintf(want, sizeof(want), "%s [%c]", t->comm, t->state);
	assert_string_equal(unhex(replies[4]), want);
	assert_true(replies[5][0] == 'E');
	assert_true(replies[6][0] == 'm');
}

static void test_breakpoints_from_z_packets(void **state)
{
	u64 a = fake_sym("do_wait"), j = fake_sym("jiffies");
	struct dbg_bp bp;
	char p[64];

	snprintf(p, sizeof(p), "Z0,%llx,1", (unsigned long long)a);
	PKT(p);
	PKT(p);			/* again: still OK */
	snprintf(p, sizeof(p), "Z2,%llx,8", (unsigned long long)j);
	PKT(p);
	snprintf(p, sizeof(p), "Z3,%llx,8", (unsigned long long)j);
	PKT(p);
	snprintf(p, sizeof(p), "Z2,%llx,3", (unsigned long long)j + 8);
	PKT(p);
	PKT("Z9,0,1");
	PKT("D");
	run();
	parse_output();
	assert_string_equal(replies[0], "OK");
	assert_string_equal(replies[1], "OK");
	assert_string_equal(replies[2], "OK");
	assert_string_equal(replies[3], "");
	assert_string_equal(replies[4], "E16");
	assert_string_equal(replies[5], "E16");
	assert_int_equal(dbg_bp_get(0, &bp), 0);
	assert_true(bp.addr == a && bp.type == DBG_BP_SOFT);
	assert_int_equal(dbg_bp_get(1, &bp), 0);
	assert_true(bp.addr == j && bp.type == DBG_BP_HW_WRITE && bp.len == 8);
	snprintf(p, sizeof(p), "z0,%llx,1", (unsigned long long)a);
	PKT(p);
	PKT(p);
	PKT("D");
	run();
	parse_output();
	assert_string_equal(replies[0], "OK");
	assert_string_equal(replies[1], "OK");
	assert_int_equal(dbg_bp_get(0, &bp), -ENOENT);
}

static void test_continue_then_stop_reply_with_swbreak(void **state)
{
	u64 a = fake_sym("do_wait");
	char p[64];

	snprintf(p, sizeof(p), "Z0,%llx,1", (unsigned long long)a);
	PKT(p);
	PKT("vCont?");
	PKT("vCont;c");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	parse_output();
	assert_string_equal(replies[1], "vCont;c;C;s;S;r");
	/* The next entry: a breakpoint; gdb hears of it first. */
	fake_bp_stopped_at(FAKE_CPU_MASTER, 0, 1);
	fake_set_event("breakpoint", NULL, false, true);
	PKT("D");
	run();
	parse_output();
	assert_true(!strncmp(replies[0], "T05thread:", 10));
	assert_non_null(strstr(replies[0], ";swbreak:;"));
	assert_string_equal(replies[1], "OK");
}

static void test_steps_and_range_step(void **state)
{
	u64 sh = fake_task_addr(FT_SH);
	u64 pc = fake_reg_value(sh, FR_RIP);
	char p[96];

	snprintf(p, sizeof(p), "vCont;s:%x;c", fake_task(FT_SH)->pid);
	PKT(p);
	assert_int_equal(run(), DBG_ACTION_RESUME);
	assert_int_equal(fake_steps(), 1);
	/* A range step: entries inside the range step on, silently. */
	fake_set_event("single-step", NULL, false, true);
	snprintf(p, sizeof(p), "vCont;r%llx,%llx:%x;c",
		 (unsigned long long)pc, (unsigned long long)pc + 1,
		 fake_task(FT_SH)->pid);
	PKT(p);
	assert_int_equal(run(), DBG_ACTION_RESUME);
	assert_int_equal(fake_steps(), 2);
	fake_output_clear();
	assert_int_equal(run(), DBG_ACTION_RESUME);	/* still in range */
	assert_int_equal(fake_steps(), 3);
	assert_int_equal(fake_output_len(), 0);
}

static void test_monitor_kdb_and_bad_input(void **state)
{
	static const char noise[] = "\x01\xff$zz#00garbage#";

	memcpy(input, noise, sizeof(noise) - 1);
	input_len = sizeof(noise) - 1;
	PKT("qUnknownThing");
	PKT("Hx1");
	PKT("T999999");
	PKT("qRcmd,6c73");		/* "ls" */
	PKT("qRcmd,6b6462");		/* "kdb" */
	assert_int_equal(run(), DBG_ACTION_SWITCH);
	parse_output();
	assert_string_equal(fake_switched_to(), "kdb");
	assert_string_equal(replies[0], "");
	assert_string_equal(replies[1], "E16");
	assert_string_equal(replies[2], "E03");
	assert_true(replies[3][0] == 'O');
	assert_string_equal(replies[4], "OK");
	assert_true(replies[5][0] == 'O');
	assert_string_equal(replies[6], "OK");
}

/* The text of the O packets among the replies, decoded. */
static void console_text(char *out, size_t max)
{
	unsigned int i;
	size_t n = 0;
	int k;

	for (i = 0; i < nreplies; i++) {
		if (replies[i][0] != 'O' || !strcmp(replies[i], "OK"))
			continue;
		k = gdb_hex_decode(replies[i] + 1, strlen(replies[i] + 1),
				   (u8 *)out + n, max - n - 1);
		assert_true(k >= 0);
		n += k;
	}
	out[n] = '\0';
}

static void test_monitor_runs_kdb_commands(void **state)
{
	static char text[65536];
	char p[128], hex[64];
	const char *cmd = "cpus";
	unsigned int i;

	for (i = 0; cmd[i]; i++)
		sprintf(hex + 2 * i, "%02x", cmd[i]);
	snprintf(p, sizeof(p), "qRcmd,%s", hex);
	PKT(p);
	PKT("qRcmd,676f");		/* "go": refused, nothing resumes */
	PKT("qRcmd,66726f62");		/* "frob": its error comes back too */
	PKT("D");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	parse_output();
	console_text(text, sizeof(text));
	assert_non_null(strstr(text, "master"));
	assert_non_null(strstr(text, "kdb: go: not from here"));
	assert_non_null(strstr(text, "kdb: frob: unknown command"));
	assert_int_equal(fake_steps(), 0);
}

static void feed_poll(const char *s, size_t n, unsigned int *breaks)
{
	size_t i;

	for (i = 0; i < n; i++)
		*breaks += gdb_frontend.poll_byte((u8)s[i]);
}

static void test_poll_breaks_in_on_ctrl_c_or_a_packet(void **state)
{
	unsigned int breaks = 0;

	/* Noise and a bad packet while running: no entry. */
	feed_poll("\x01zz$qSupported#00+-", 20, &breaks);
	assert_int_equal(breaks, 0);
	feed_poll("\x03", 1, &breaks);
	assert_int_equal(breaks, 1);
	/* gdb attaching: its first packet enters, then is answered first. */
	pkt("qSupported:swbreak+", 19);
	feed_poll(input, input_len, &breaks);
	assert_int_equal(breaks, 2);
	input_len = 0;
	PKT("D");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	parse_output();
	assert_int_equal(acks, 2);
	assert_non_null(strstr(replies[0], "PacketSize="));
	assert_string_equal(replies[1], "OK");
}

extern struct dbg_frontend kdb_frontend;

/*
 * gdb attaching on the line kdb has: its ack and first packet at kdb's
 * prompt hand the line to the stub, which answers that packet first;
 * "$3#33" gives it back to kdb. kdb's own lines beginning with '$' stay
 * kdb's.
 */
static void test_first_packet_at_kdb_prompt_and_back(void **state)
{
	static const char typed[] = "$rip\r$qSupported\rgo\r";
	const char *o;
	char want[32];

	fake_input(typed, sizeof(typed) - 1);
	fake_set_typeahead(true);
	assert_int_equal(fake_session_of(&kdb_frontend), DBG_ACTION_RESUME);
	/* kdb's own '$' lines are kdb's; gdb's beginning, typed, is not. */
	assert_non_null(strstr(fake_output(), "$rip = 0x"));
	assert_non_null(strstr(fake_output(), "not a gdb packet"));
	assert_string_equal(fake_switched_to(), "");

	fake_reset();
	input[input_len++] = '+';
	PKT("qSupported:swbreak+");
	fake_input(input, input_len);
	fake_set_typeahead(true);
	input_len = 0;
	assert_int_equal(fake_session_of(&kdb_frontend), DBG_ACTION_SWITCH);
	assert_string_equal(fake_switched_to(), "gdb");
	o = fake_output();
	/* The ack comes last, after kdb's prompt, and nothing after it. */
	assert_int_equal(o[fake_output_len() - 1], '+');
	assert_null(strstr(o, "Entering the GDB stub"));

	fake_reset();
	PKT("qC");
	PKT("3");
	assert_int_equal(run(), DBG_ACTION_SWITCH);
	assert_string_equal(fake_switched_to(), "kdb");
	parse_output();
	assert_non_null(strstr(replies[0], "PacketSize="));
	snprintf(want, sizeof(want), "QC%x", fake_task(FT_SH)->pid);
	assert_string_equal(replies[1], want);
	assert_int_equal(nreplies, 2);
}

/* "dbg: hi\n" as gdb's O packet carries it. */
#define HI_HEX "O6462673a2068690a"

/*
 * The core's messages: to gdb at once while it waits for the machine;
 * kept, while it does not, for the next monitor command.
 */
static void test_core_messages_go_to_gdb(void **state)
{
	PKT("c");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	fake_reset();
	gdb_frontend.message("dbg: hi\n", 8);
	assert_non_null(strstr(fake_output(), "$" HI_HEX "#"));

	PKT("D");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	fake_reset();
	gdb_frontend.message("dbg: hi\n", 8);
	assert_int_equal(fake_output_len(), 0);
	PKT("qRcmd,6370757320");	/* "cpus " */
	PKT("D");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	parse_output();
	assert_true(nreplies >= 3);
	assert_string_equal(replies[nreplies - 3], HI_HEX);
	assert_string_equal(replies[nreplies - 2], "OK");
}

static void test_qoffsets_and_qc(void **state)
{
	char want[32];

	PKT("qOffsets");
	PKT("qC");
	PKT("k");
	assert_int_equal(run(), DBG_ACTION_RESUME);
	parse_output();
	assert_string_equal(replies[0],
			    "Text=1e000000;Data=1e000000;Bss=1e000000");
	snprintf(want, sizeof(want), "QC%x", fake_task(FT_SH)->pid);
	assert_string_equal(replies[1], want);
	assert_int_equal(nreplies, 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_connect_ack_then_noack),
		T(test_first_packet_at_kdb_prompt_and_back),
		T(test_core_messages_go_to_gdb),
		T(test_stop_reply_expedites_registers),
		T(test_g_and_p_registers),
		T(test_P_writes_a_register),
		T(test_memory_read_write_and_faults),
		T(test_target_xml_in_small_windows),
		T(test_thread_list_running_first_every_task_once),
		T(test_qf_qs_thread_info),
		T(test_thread_list_packed_on_a_slow_line),
		T(test_breakpoints_from_z_packets),
		T(test_continue_then_stop_reply_with_swbreak),
		T(test_steps_and_range_step),
		T(test_monitor_kdb_and_bad_input),
		T(test_monitor_runs_kdb_commands),
		T(test_poll_breaks_in_on_ctrl_c_or_a_packet),
		T(test_qoffsets_and_qc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
