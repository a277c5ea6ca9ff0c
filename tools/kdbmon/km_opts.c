// SPDX-License-Identifier: GPL-2.0
/* kdbmon's command line. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "km_opts.h"

const char km_usage[] =
"usage: kdbmon [options] LINE\n"
"\n"
"A console, a kdb line editor and a gdb port on one serial line to a\n"
"kernel with the debugger.\n"
"\n"
"LINE is one of:\n"
"  /dev/ttyS0[,BAUD]     a serial device (raw, 8N1; BAUD defaults to 115200)\n"
"  unix:PATH             a unix socket (QEMU: -serial unix:PATH,server=on)\n"
"  tcp:HOST:PORT         a TCP port (QEMU: -serial tcp:HOST:PORT,server=on)\n"
"\n"
"Options:\n"
"  -t, --telnet          the socket speaks telnet (QEMU's telnet=on): a\n"
"                        serial BREAK is sent as telnet's IAC BREAK\n"
"  -f, --flow=KIND       tty flow control: none (default), rtscts, xonxoff\n"
"  -p, --gdb-port=PORT   gdb's port on localhost (default 1234; 0: none)\n"
"  -l, --log=FILE        append every byte from the line to FILE, each\n"
"                        line stamped with the time it began\n"
"  -s, --symbols=FILE    System.map or vmlinux, for symbol completion\n"
"      --history=FILE    kdb history (default ~/.kdbmon/history-LINE)\n"
"  -e, --escape=KEY      the hot key: ^X notation (default ^])\n"
"  -w, --break-wait=SEC  how long to wait for the debugger after a\n"
"                        break-in (default 10)\n"
"      --gdb-console     console output to gdb as O packets while gdb\n"
"                        lets the target run (default: on the terminal)\n"
"      --follow-pid=PID  quit when process PID (the target's QEMU) ends\n"
"      --dump-dir=DIR    where a dump the target sends is written, as\n"
"                        vmcore-NAME-DATE-TIME (default: the current\n"
"                        directory)\n"
"      --kdump           keep a dump kdump-compressed (as makedumpfile\n"
"                        writes it; crash reads it) instead of ELF\n"
"      --to-kdump ELF OUT  no line: rewrite a vmcore ELF file as a\n"
"                        kdump-compressed OUT, and exit\n"
"      --text ELF        no line: write a dump's text (what kdb showed,\n"
"                        the kernel log) to ELF.console.txt and\n"
"                        ELF.dmesg.txt, and exit\n"
"  -h, --help            this text\n"
"  -V, --version         the version\n"
"\n"
"Hot key (default Ctrl-]) then:\n"
"  b  break in (serial BREAK, then g: sysrq-g)    B  send a serial BREAK\n"
"  s  then a key: that sysrq (BREAK, then the key)\n"
"  l  logging on or off      q  quit      ?  this list\n"
"  the hot key again: send it\n"
"\n"
"At a kdb prompt the line is edited here (emacs keys, ^R searches the\n"
"history, Tab completes commands and symbols) and sent whole. gdb:\n"
"target remote :PORT; kdbmon breaks in if the target runs, turns gdb's\n"
"Ctrl-C into a break-in, and lets the target run when gdb goes.\n"
"A dump from kdb's dump command is received into --dump-dir (keys typed\n"
"meanwhile are dropped; the hot key works).\n";

static void say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

bool km_baud_ok(unsigned int baud)
{
	static const unsigned int rates[] = {
		1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400,
		460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
		2000000, 3000000, 4000000,
	};
	size_t i;

	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (rates[i] == baud)
			return true;
	return false;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, &end, 10);
	return *end || *v > max ? -1 : 0;
}

static int copy(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int parse_line(struct km_opts *o, const char *s, char *err,
		      size_t errlen)
{
	const char *colon, *comma;
	unsigned long v;

	if (copy(o->target, sizeof(o->target), s, strlen(s)))
		goto too_long;
	if (!strncmp(s, "unix:", 5)) {
		o->kind = KM_LINE_UNIX;
		if (!s[5]) {
			say(err, errlen, "unix: needs a socket path");
			return -1;
		}
		if (copy(o->path, sizeof(o->path), s + 5, strlen(s + 5)))
			goto too_long;
		return 0;
	}
	if (!strncmp(s, "tcp:", 4)) {
		o->kind = KM_LINE_TCP;
		colon = strrchr(s + 4, ':');
		if (!colon || colon == s + 4 || !colon[1]) {
			say(err, errlen, "'%s': give tcp:HOST:PORT", s);
			return -1;
		}
		if (parse_uint(colon + 1, 65535, &v) || !v) {
			say(err, errlen, "'%s': bad port", s);
			return -1;
		}
		if (copy(o->host, sizeof(o->host), s + 4, colon - (s + 4)) ||
		    copy(o->port, sizeof(o->port), colon + 1, strlen(colon + 1)))
			goto too_long;
		return 0;
	}
	if (s[0] != '/' && strncmp(s, "./", 2)) {
		say(err, errlen,
		    "'%s': not a line (/dev/..., unix:PATH or tcp:HOST:PORT)",
		    s);
		return -1;
	}
	o->kind = KM_LINE_TTY;
	comma = strchr(s, ',');
	if (copy(o->path, sizeof(o->path), s, comma ? (size_t)(comma - s) :
		 strlen(s)))
		goto too_long;
	if (comma) {
		if (parse_uint(comma + 1, 4000000, &v) ||
		    !km_baud_ok((unsigned int)v)) {
			say(err, errlen, "'%s': unknown baud rate", comma + 1);
			return -1;
		}
		o->baud = (unsigned int)v;
	}
	return 0;
too_long:
	say(err, errlen, "'%s': too long", s);
	return -1;
}

/*
 * "^]", "^A" or a literal control character; not one the line editor
 * or the console needs as itself (Tab, Enter, Esc, ^H).
 */
static int parse_key(const char *s)
{
	int c = -1;

	if (s[0] == '^' && s[1] && !s[2] && s[1] >= '@' && s[1] <= '_')
		c = s[1] & 0x1f;
	else if (s[0] && !s[1] && (unsigned char)s[0] < 0x20)
		c = s[0];
	if (c <= 0 || strchr("\b\t\n\r\033", c))
		return -1;
	return c;
}

struct opt_def {
	const char *lng;
	char shrt;
	bool arg;
};

static const struct opt_def opt_defs[] = {
	{ "telnet", 't', false }, { "flow", 'f', true },
	{ "gdb-port", 'p', true }, { "log", 'l', true },
	{ "symbols", 's', true }, { "history", 'H', true },
	{ "escape", 'e', true }, { "break-wait", 'w', true },
	{ "gdb-console", 'G', false }, { "follow-pid", 'F', true },
	{ "dump-dir", 'D', true }, { "dump-damage", 'X', true },
	{ "kdump", 'K', false },
	{ "help", 'h', false },
	{ "version", 'V', false },
};

/* Their letters are keys for set_opt(), not short options. */
#define LONG_ONLY	"HGFDXK"

/* By long name (@lng, @n), or by key (@shrt, any: @lng NULL). */
static const struct opt_def *find_opt(const char *lng, size_t n, char shrt)
{
	size_t i;

	for (i = 0; i < sizeof(opt_defs) / sizeof(opt_defs[0]); i++) {
		const struct opt_def *d = &opt_defs[i];

		if (lng ? strlen(d->lng) == n && !strncmp(d->lng, lng, n) :
			  d->shrt == shrt)
			return d;
	}
	return NULL;
}

static int set_opt(struct km_opts *o, char key, const char *val, char *err,
		   size_t errlen)
{
	unsigned long v;

	switch (key) {
	case 't':
		o->telnet = true;
		return 0;
	case 'G':
		o->gdb_console = true;
		return 0;
	case 'h':
		o->help = true;
		return 0;
	case 'V':
		o->version = true;
		return 0;
	case 'f':
		if (!strcmp(val, "none"))
			o->flow = KM_FLOW_NONE;
		else if (!strcmp(val, "rtscts"))
			o->flow = KM_FLOW_RTSCTS;
		else if (!strcmp(val, "xonxoff"))
			o->flow = KM_FLOW_XONXOFF;
		else
			break;
		return 0;
	case 'p':
		if (parse_uint(val, 65535, &v))
			break;
		o->gdb_port = (int)v;
		return 0;
	case 'l':
		o->log = val;
		return 0;
	case 's':
		o->symbols = val;
		return 0;
	case 'H':
		o->history = val;
		return 0;
	case 'e':
		o->escape = parse_key(val);
		if (o->escape < 0)
			break;
		return 0;
	case 'F':
		if (parse_uint(val, 1 << 22, &v) || !v)
			break;
		o->follow_pid = (int)v;
		return 0;
	case 'w':
		if (parse_uint(val, 3600, &v) || !v)
			break;
		o->break_wait = (unsigned int)v;
		return 0;
	case 'D':
		if (!*val)
			break;
		o->dump_dir = val;
		return 0;
	case 'K':
		o->kdump = true;
		return 0;
	case 'X':
		if (parse_uint(val, 1000000, &v))
			break;
		o->dump_damage = (unsigned int)v;
		return 0;
	}
	/* Options with no letter of their own go by their name. */
	if (strchr(LONG_ONLY, key))
		say(err, errlen, "bad value '%s' for --%s", val,
		    find_opt(NULL, 0, key)->lng);
	else
		say(err, errlen, "bad value '%s' for -%c", val, key);
	return -1;
}

int km_opts_parse(struct km_opts *o, int argc, char **argv, char *err,
		  size_t errlen)
{
	const char *line = NULL;
	int i;

	memset(o, 0, sizeof(*o));
	o->baud = 115200;
	o->gdb_port = 1234;
	o->escape = 0x1d;	/* ^] */
	o->break_wait = 10;
	err[0] = '\0';
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		const struct opt_def *d;

		if (a[0] != '-' || !a[1] || !strcmp(a, "--")) {
			if (!strcmp(a, "--") && i + 1 < argc)
				a = argv[++i];
			if (line) {
				say(err, errlen, "one line only ('%s' and '%s')",
				    line, a);
				return -1;
			}
			line = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			d = find_opt(a + 2, n, 0);
			if (!d) {
				say(err, errlen, "unknown option '%s'", a);
				return -1;
			}
			if (d->arg)
				val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] :
						     NULL);
			else if (eq) {
				say(err, errlen, "'--%s' takes no value",
				    d->lng);
				return -1;
			}
		} else {
			d = strchr(LONG_ONLY, a[1]) ? NULL :
			    find_opt(NULL, 0, a[1]);
			if (!d) {
				say(err, errlen, "unknown option '%s'", a);
				return -1;
			}
			if (d->arg)
				val = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] :
						      NULL);
			else if (a[2]) {
				say(err, errlen, "unknown option '%s'", a);
				return -1;
			}
		}
		if (d->arg && !val) {
			say(err, errlen, "'--%s' needs a value", d->lng);
			return -1;
		}
		if (set_opt(o, d->shrt, val, err, errlen))
			return -1;
	}
	if (o->help || o->version)
		return 0;
	if (!line) {
		say(err, errlen, "no line given (try --help)");
		return -1;
	}
	if (parse_line(o, line, err, errlen))
		return -1;
	if (o->telnet && o->kind == KM_LINE_TTY) {
		say(err, errlen, "--telnet is for sockets, not '%s'", line);
		return -1;
	}
	return 0;
}
