// SPDX-License-Identifier: GPL-2.0
/*
 * kdbmon: one program on the host end of a kernel's debug line. A
 * console while the target runs; line editing at kdb's prompt; a port
 * gdb attaches to, with the console kept out of its packets; a log.
 *
 * One thread, one poll() loop: the terminal, the line, gdb's listening
 * socket and gdb's connection.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "km_dump.h"
#include "km_kdump.h"
#include "km_line.h"
#include "km_opts.h"
#include "km_proto.h"

#define KM_VERSION	"1.0"
#define IDLE_MS		150	/* quiet this long: a prompt is a prompt */
#define RECONNECT_MS	500
#define PEND_MAX	4096	/* typed while the line is down */

enum gdb_phase {
	GDB_NONE,		/* no gdb */
	GDB_BREAKING,		/* gdb came, the target is being stopped */
	GDB_ON,			/* packets flow */
	GDB_GIVING_BACK,	/* gdb went: back to kdb, then go */
};

enum give_back {
	GB_WAIT_STOP,		/* stopping the target gdb let run */
	GB_WAIT_KDB,		/* $3#33 sent: waiting for kdb's prompt */
};

struct strlist {
	char **v;
	size_t n, cap;
};

static struct km {
	struct km_opts o;
	struct km_line line;
	struct km_split split;
	struct km_watch watch;
	struct km_echo echo;
	int listen_fd, gdb_fd;
	enum gdb_phase gdb;
	bool gdb_running;	/* gdb let the target run: a stop is due */
	bool stub_has_line;	/* the target's stub has answered gdb */
	bool noack, noack_asked;	/* gdb's QStartNoAckMode */
	uint8_t gpkt[KM_PACKET_MAX];	/* a packet from gdb, so far */
	size_t gplen;
	int gsum_left;		/* its checksum digits to come; -1: none */
	char saved_line[1024];	/* a line being edited when output came */
	uint8_t gdb_hold[KM_PACKET_MAX];	/* from gdb while breaking in */
	size_t gdb_hold_len;
	enum give_back gb;
	long long deadline;	/* of a break-in or a give-back step */
	bool tty;		/* stdin is a terminal */
	struct termios tio_orig;
	bool raw;
	EditLine *el;
	History *hist;
	char history_path[512];
	bool editing;		/* at a kdb prompt, libedit has the keys */
	bool hot_left;		/* the hot key was typed while editing */
	char prompt[KM_TAIL_MAX];
	bool hot, hot_sysrq;	/* after the hot key; after hot key + s */
	FILE *log;
	bool log_on, log_bol;
	uint8_t pend[PEND_MAX];
	size_t npend;
	long long last_rx, next_reconnect;
	bool quiet_seen;	/* the console went quiet since its last byte */
	struct strlist cmds, syms;
	bool capture;		/* fetching help: console bytes go here */
	char capbuf[32768];
	size_t caplen;
	bool stdin_gone;	/* stdin ended: no terminal to read */
	struct km_dump dump;	/* frames on the line: a vmcore coming */
	/*
	 * The terminal again, not blocking: everything shown goes through
	 * it. A terminal nobody reads (stopped with ^S, a program waiting on
	 * something else) fills after about 16 KiB, and a kdbmon blocked in
	 * write() would stop serving the line, gdb and a dump. -1: stdout is
	 * not a terminal (written when poll() says it may; no progress line).
	 */
	int term_fd;
	bool tty_out;		/* stdout is a terminal */
	bool out_bol;		/* the last byte shown ended a line */
	bool progress_on;	/* the dump's progress line is showing */
	volatile sig_atomic_t stop;
} km = { .listen_fd = -1, .gdb_fd = -1, .line = { .fd = -1 } };

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * What the terminal has not taken yet, in order. It goes out when poll()
 * says the terminal may take more; what does not fit is counted, dropped
 * and reported once the terminal reads again (the log, if any, has it).
 */
#define TERM_QUEUE	(256 << 10)
static struct {
	char buf[TERM_QUEUE];
	size_t head, len;
	unsigned long long dropped;
} term_q;

/* Where what is shown goes: the terminal opened again, else stdout. */
static int term_out_fd(void)
{
	return km.term_fd >= 0 ? km.term_fd : STDOUT_FILENO;
}

/* Write what the terminal takes now, without waiting: the bytes written. */
static size_t term_try(const char *s, size_t n)
{
	struct pollfd pfd = { STDOUT_FILENO, POLLOUT, 0 };
	size_t done = 0;
	ssize_t k;

	while (done < n) {
		if (km.term_fd >= 0) {
			k = write(km.term_fd, s + done, n - done);
		} else {
			/*
			 * A pipe takes a page once poll() says POLLOUT; a
			 * terminal that could not be opened again, less.
			 */
			size_t chunk = km.tty_out ? 64 : 4096;

			if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLOUT))
				break;
			k = write(STDOUT_FILENO, s + done,
				  n - done < chunk ? n - done : chunk);
		}
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	return done;
}

static void term_flush(void)
{
	char msg[160];
	size_t n, k;
	int len;

	while (term_q.len) {
		n = TERM_QUEUE - term_q.head;
		if (n > term_q.len)
			n = term_q.len;
		k = term_try(term_q.buf + term_q.head, n);
		term_q.head = (term_q.head + k) % TERM_QUEUE;
		term_q.len -= k;
		if (k < n)
			return;
	}
	if (!term_q.dropped)
		return;
	len = snprintf(msg, sizeof(msg),
		       "\r\n[kdbmon: %llu bytes not shown: the terminal was not read%s]\r\n",
		       term_q.dropped,
		       km.log && km.log_on ? "; the log has them" : "");
	term_q.dropped = 0;
	term_try(msg, (size_t)len);
}

static void term_write(const void *p, size_t n)
{
	const char *s = p;
	size_t k, at;

	if (!term_q.len && !term_q.dropped) {
		k = term_try(s, n);
		s += k;
		n -= k;
	}
	while (n && term_q.len < TERM_QUEUE) {
		at = (term_q.head + term_q.len) % TERM_QUEUE;
		k = TERM_QUEUE - at;
		if (k > TERM_QUEUE - term_q.len)
			k = TERM_QUEUE - term_q.len;
		if (k > n)
			k = n;
		memcpy(term_q.buf + at, s, k);
		term_q.len += k;
		s += k;
		n -= k;
	}
	term_q.dropped += n;
}

/* Everything shown goes here: the progress line makes way first. */
static void out(const void *p, size_t n)
{
	if (km.progress_on) {
		term_write("\r\033[K", 4);
		km.progress_on = false;
	}
	if (!n)
		return;
	term_write(p, n);
	km.out_bol = ((const char *)p)[n - 1] == '\n';
}

/* kdbmon's own messages: on a line of their own, in brackets. */
static void note(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "\r\n[kdbmon: ");
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 4)
		n = sizeof(buf) - 4;
	n += snprintf(buf + n, sizeof(buf) - n, "]\r\n");
	out(buf, n);
	if (km.editing)
		el_set(km.el, EL_REFRESH);
}

/* --- the terminal ------------------------------------------------------ */

static void term_raw(void)
{
	struct termios t = km.tio_orig;

	if (!km.tty || km.raw)
		return;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	km.raw = true;
}

static void term_cooked(void)
{
	if (!km.tty || !km.raw)
		return;
	tcsetattr(STDIN_FILENO, TCSANOW, &km.tio_orig);
	km.raw = false;
}

/* --- the log ----------------------------------------------------------- */

static void log_bytes(const uint8_t *p, size_t n)
{
	size_t i;

	if (!km.log || !km.log_on)
		return;
	for (i = 0; i < n; i++) {
		if (km.log_bol) {
			struct timespec ts;
			struct tm tm;
			char stamp[64];

			clock_gettime(CLOCK_REALTIME, &ts);
			localtime_r(&ts.tv_sec, &tm);
			strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
			fprintf(km.log, "[%s.%03ld] ", stamp,
				ts.tv_nsec / 1000000);
			km.log_bol = false;
		}
		fputc(p[i], km.log);
		if (p[i] == '\n')
			km.log_bol = true;
	}
	fflush(km.log);
}

/* A line of kdbmon's own (a dump began or ended), on a line of its own. */
static void log_line(const char *s)
{
	if (!km.log || !km.log_on)
		return;
	if (!km.log_bol)
		log_bytes((const uint8_t *)"\n", 1);
	log_bytes((const uint8_t *)"[kdbmon: ", 9);
	log_bytes((const uint8_t *)s, strlen(s));
	log_bytes((const uint8_t *)"]\n", 2);
}

/* --- word lists for completion ----------------------------------------- */

static void list_add(struct strlist *l, const char *s, size_t n)
{
	char *copy;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		char **v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return;
		l->v = v;
		l->cap = cap;
	}
	copy = strndup(s, n);
	if (copy)
		l->v[l->n++] = copy;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_sort(struct strlist *l)
{
	size_t i, k = 0;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_str);
	for (i = 1; i < l->n; i++) {
		if (strcmp(l->v[i], l->v[k]))
			l->v[++k] = l->v[i];
		else
			free(l->v[i]);
	}
	l->n = k + 1;
}

static void list_clear(struct strlist *l)
{
	while (l->n)
		free(l->v[--l->n]);
}

/* System.map, or vmlinux through nm: "ADDRESS TYPE NAME" lines. */
static int load_symbols(const char *path)
{
	char line[1024], cmd[1100];
	unsigned char magic[4] = { 0 };
	FILE *f = fopen(path, "r");
	bool elf;

	if (!f)
		return -1;
	elf = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);
	fclose(f);
	if (elf) {
		if (strchr(path, '\'') || strlen(path) > 1000)
			return -1;
		snprintf(cmd, sizeof(cmd), "nm --defined-only '%s' 2>/dev/null",
			 path);
		f = popen(cmd, "r");
	} else {
		f = fopen(path, "r");
	}
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char addr[64], type[8], name[512];

		if (sscanf(line, "%63s %7s %511s", addr, type, name) == 3 &&
		    strchr("tTdDbBrRwWvV", type[0]) && name[0] != '$' &&
		    !strchr(name, '.'))
			list_add(&km.syms, name, strlen(name));
	}
	if (elf)
		pclose(f);
	else
		fclose(f);
	list_sort(&km.syms);
	return 0;
}

/* --- the line ---------------------------------------------------------- */

static void gdb_drop(const char *why);

static void line_down(void)
{
	km_line_close(&km.line);
	km.next_reconnect = now_ms();
	note("%s closed; reconnecting (hot key then q quits)", km.o.target);
	km_dump_line_down(&km.dump);
	/* Whatever comes back is another session, maybe another boot. */
	if (km.gdb_fd >= 0 || km.gdb != GDB_NONE)
		gdb_drop("the line went away");
	km.echo.len = km.echo.pos = 0;
	km_watch_init(&km.watch);
}

static void line_write(const void *p, size_t n)
{
	if (km.line.fd < 0)
		return;
	if (km_line_write(&km.line, p, n))
		line_down();
}

/* Typed by the user: kept while the line is down, sent when it is back. */
static void user_write(const void *p, size_t n)
{
	if (km.line.fd >= 0) {
		line_write(p, n);
		return;
	}
	if (n > PEND_MAX - km.npend) {
		n = PEND_MAX - km.npend;
		note("the line is down and %d bytes are waiting: the rest of "
		     "what is typed is dropped", PEND_MAX);
	}
	memcpy(km.pend + km.npend, p, n);
	km.npend += n;
}

static bool line_break(void)
{
	if (km_line_break(&km.line)) {
		if (errno == EOPNOTSUPP)
			note("%s cannot send a serial BREAK (a QEMU socket "
			     "needs telnet=on and kdbmon --telnet)",
			     km.o.target);
		else
			line_down();
		return false;
	}
	return true;
}

/* A serial BREAK, then @key: the kernel's sysrq. */
static void sysrq(char key)
{
	if (line_break()) {
		/* The break must be over before the key is taken. */
		usleep(50000);
		line_write(&key, 1);
	}
}

/* --- kdb prompt: libedit ----------------------------------------------- */

static char *el_prompt(EditLine *el)
{
	return km.prompt;
}

static void edit_start(void)
{
	if (km.editing || !km.el)
		return;
	/* kdb printed its prompt: libedit prints it again, as its own. */
	out("\r\033[K", 4);
	term_cooked();
	km.editing = true;
	el_set(km.el, EL_UNBUFFERED, 1);
	if (km.saved_line[0]) {
		/* What was being typed when output came is typed on. */
		el_insertstr(km.el, km.saved_line);
		km.saved_line[0] = '\0';
		el_set(km.el, EL_REFRESH);
	}
}

/* libedit lets the keys go; @done: its line was entered, not cut off. */
static void edit_stop_line(bool clear, bool done)
{
	const LineInfo *li;

	if (!km.editing)
		return;
	li = el_line(km.el);
	if (!done && li->lastchar > li->buffer)
		snprintf(km.saved_line, sizeof(km.saved_line), "%.*s",
			 (int)(li->lastchar - li->buffer), li->buffer);
	el_set(km.el, EL_UNBUFFERED, 0);
	km.editing = false;
	term_raw();
	if (clear)
		out("\r\033[K", 4);
}

static void edit_stop(bool clear)
{
	edit_stop_line(clear, false);
}

/* Send a command line to kdb and drop its echo. */
static void kdb_send_line(const char *s, size_t n)
{
	char buf[1100];

	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\r';
	km_echo_expect(&km.echo, s, n);
	km_watch_init(&km.watch);
	user_write(buf, n + 1);
}

static void give_back_to_kdb(void);
static int gdb_send(const void *p, size_t n);
static void line_text(void *ctx, const uint8_t *p, size_t n);
static void dump_send(void *ctx, const char *s, size_t n);
static void dump_say(void *ctx, const char *msg);
static void dump_log(void *ctx, const char *msg);
static void gdb_flush_hold(void);
static void console_bytes(void *ctx, const uint8_t *p, size_t n);
static void gdb_bytes(void *ctx, const uint8_t *p, size_t n);

static const struct km_split_ops split_ops = {
	.console = console_bytes,
	.gdb = gdb_bytes,
};

static const struct km_dump_ops dump_ops = {
	.text = line_text,
	.send = dump_send,
	.say = dump_say,
	.log = dump_log,
};

/* Read the line for up to @ms, all of it through the dump's splitter. */
static bool line_pump(int ms)
{
	struct pollfd pfd = { .fd = km.line.fd, .events = POLLIN };
	uint8_t buf[4096];
	ssize_t n;

	if (km.line.fd < 0 || poll(&pfd, 1, ms) <= 0)
		return false;
	n = km_line_read(&km.line, buf, sizeof(buf));
	if (n < 0) {
		line_down();
		return false;
	}
	/* Frames out first; the text goes on to line_text(). */
	km_dump_feed(&km.dump, buf, (size_t)n, now_ms());
	if (km.editing && km_dump_active(&km.dump))
		edit_stop(true);
	return true;
}

/*
 * The command names, from kdb's help: the first word of each line of
 * its table. Run from a Tab while at the prompt; nothing is shown.
 */
static void fetch_commands(void)
{
	long long end = now_ms() + 5000;
	char *p, *nl;

	if (km.line.fd < 0)
		return;
	km.caplen = 0;
	km.capture = true;
	kdb_send_line("help", 4);
	while (now_ms() < end && km.line.fd >= 0) {
		char tail[KM_TAIL_MAX];
		enum km_screen s;

		if (line_pump(100))
			continue;
		s = km_watch_screen(&km.watch, tail, sizeof(tail));
		if (s == KM_SCREEN_MORE)
			line_write(" ", 1);
		else if (s == KM_SCREEN_KDB)
			break;
	}
	km.capture = false;
	km.capbuf[km.caplen] = '\0';
	for (p = km.capbuf; p && *p; p = nl ? nl + 1 : NULL) {
		size_t n = 0;

		nl = strchr(p, '\n');
		while (p[n] && !isspace((unsigned char)p[n]))
			n++;
		if (!n || !strncmp(p, "Command", 7) ||
		    !strncmp(p, "more>", 5) || p[0] == '[' ||
		    !strncmp(p, "Addresses", 9) || !strncmp(p, "Append", 6) ||
		    !strncmp(p, "help", n > 4 ? n : 4))
			continue;
		list_add(&km.cmds, p, n);
	}
	list_add(&km.cmds, "help", 4);
	list_sort(&km.cmds);
	km_watch_init(&km.watch);
}

static bool is_word(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

/*
 * Type @keys into kdb (not a whole line) and collect what it prints back,
 * more than @least bytes (its echo, then its answer: a Tab's may take a
 * while, kdb walks every symbol), until the line is quiet; nothing is
 * shown. Returns the length.
 */
static size_t kdb_exchange(const char *keys, size_t n, size_t least)
{
	long long end = now_ms() + 3000, last = now_ms();

	km.capbuf[0] = '\0';
	if (km.line.fd < 0)
		return 0;
	km.caplen = 0;
	km.capture = true;
	user_write(keys, n);
	while (now_ms() < end && km.line.fd >= 0) {
		if (line_pump(50))
			last = now_ms();
		else if (km.caplen > least && now_ms() - last >= IDLE_MS)
			break;
	}
	km.capture = false;
	km.capbuf[km.caplen] = '\0';
	return km.caplen;
}

/*
 * Without a symbol file, the target's kdb completes: "md WORD" and Tab
 * (a second Tab lists when the first could add nothing), then ^U
 * empties kdb's line again. The candidates go into @l.
 */
static void target_symbols(const char *word, struct strlist *l)
{
	char keys[300], *p, *nl, *rest;
	size_t n, echo;

	echo = (size_t)snprintf(keys, sizeof(keys), "md %s", word);
	keys[echo] = '\t';
	n = kdb_exchange(keys, echo + 1, echo);
	if (n < echo || memcmp(km.capbuf, keys, echo))
		goto out;	/* not kdb's echo: not kdb at its prompt */
	rest = km.capbuf + echo;
	if (!strchr(rest, '\a')) {
		/* Something added: the common part, a space if unique. */
		for (n = 0; is_word((unsigned char)rest[n]); n++)
			;
		if (n) {
			snprintf(keys, sizeof(keys), "%s%.*s", word, (int)n,
				 rest);
			list_add(l, keys, strlen(keys));
		}
		goto out;
	}
	/* A list begins on a new line (CR LF on the wire): else none. */
	if (!kdb_exchange("\t", 1, 0) || strncmp(km.capbuf, "\r\n", 2))
		goto out;
	for (p = km.capbuf + 2; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(p, "kdb>") || !strncmp(p, "... and", 7))
			continue;
		while (*p) {
			for (n = 0; is_word((unsigned char)p[n]); n++)
				;
			if (n && !strncmp(p, word, strlen(word)))
				list_add(l, p, n);
			p += n;
			while (*p && !is_word((unsigned char)*p))
				p++;
		}
	}
out:
	kdb_exchange("\025", 1, 0);	/* ^U */
	km_watch_init(&km.watch);
	list_sort(l);
}

static unsigned char el_complete(EditLine *el, int ch)
{
	static struct strlist target;
	const LineInfo *li = el_line(el);
	const char *start = li->cursor, *p;
	const struct strlist *l;
	size_t n, lo, hi, i, common;
	bool first = true;
	char word[256];

	while (start > li->buffer && is_word((unsigned char)start[-1]))
		start--;
	for (p = li->buffer; p < start; p++)
		if (!isspace((unsigned char)*p))
			first = false;
	n = (size_t)(li->cursor - start);
	if (n >= sizeof(word))
		return CC_REFRESH_BEEP;
	memcpy(word, start, n);
	word[n] = '\0';
	if (first && !km.cmds.n)
		fetch_commands();
	l = first ? &km.cmds : &km.syms;
	if (!first && !km.syms.n && n) {
		list_clear(&target);
		target_symbols(word, &target);
		l = &target;
	}
	for (lo = 0; lo < l->n && strncmp(l->v[lo], word, n) < 0; lo++)
		;
	for (hi = lo; hi < l->n && !strncmp(l->v[hi], word, n); hi++)
		;
	if (lo == hi)
		return CC_REFRESH_BEEP;
	common = strlen(l->v[lo]);
	for (i = lo + 1; i < hi; i++) {
		size_t k = 0;

		while (k < common && l->v[i][k] == l->v[lo][k])
			k++;
		common = k;
	}
	if (hi - lo == 1) {
		el_insertstr(el, l->v[lo] + n);
		if (first)
			el_insertstr(el, " ");
		return CC_REFRESH;
	}
	if (common > n) {
		char add[256];

		snprintf(add, sizeof(add), "%.*s", (int)(common - n),
			 l->v[lo] + n);
		el_insertstr(el, add);
		return CC_REFRESH;
	}
	out("\n", 1);
	for (i = lo; i < hi && i < lo + 200; i++) {
		out(l->v[i], strlen(l->v[i]));
		out(i + 1 < hi ? "  " : "\n", i + 1 < hi ? 2 : 1);
	}
	if (hi - lo > 200) {
		char more[64];
		int k = snprintf(more, sizeof(more), "... %zu more\n",
				 hi - lo - 200);

		out(more, (size_t)k);
	}
	return CC_REDISPLAY;
}

static unsigned char el_hotkey(EditLine *el, int ch)
{
	km.hot_left = true;
	return CC_EOF;
}

static void history_path(void)
{
	const char *home = getenv("HOME");
	size_t i, n;
	char dir[400];

	if (km.o.history) {
		snprintf(km.history_path, sizeof(km.history_path), "%s",
			 km.o.history);
		return;
	}
	if (!home)
		return;
	snprintf(dir, sizeof(dir), "%s/.kdbmon", home);
	mkdir(dir, 0700);
	n = (size_t)snprintf(km.history_path, sizeof(km.history_path),
			     "%s/history-", dir);
	/* One history per target: its line, as a file name. */
	for (i = 0; km.o.target[i] && n + 1 < sizeof(km.history_path); i++)
		km.history_path[n++] = isalnum((unsigned char)km.o.target[i]) ?
				       km.o.target[i] : '_';
	km.history_path[n] = '\0';
}

static void edit_init(void)
{
	HistEvent ev;
	char key[3] = { '^', (char)(km.o.escape | 0x40), '\0' };

	if (!km.tty)
		return;
	km.hist = history_init();
	history(km.hist, &ev, H_SETSIZE, 1000);
	history(km.hist, &ev, H_SETUNIQUE, 1);
	history_path();
	if (km.history_path[0])
		history(km.hist, &ev, H_LOAD, km.history_path);
	km.el = el_init("kdbmon", stdin, stdout, stderr);
	el_set(km.el, EL_EDITOR, "emacs");
	el_set(km.el, EL_PROMPT, el_prompt);
	el_set(km.el, EL_HIST, history, km.hist);
	el_set(km.el, EL_ADDFN, "kdbmon-complete", "complete", el_complete);
	el_set(km.el, EL_BIND, "^I", "kdbmon-complete", NULL);
	el_set(km.el, EL_ADDFN, "kdbmon-hotkey", "hot key", el_hotkey);
	el_set(km.el, EL_BIND, key, "kdbmon-hotkey", NULL);
	el_set(km.el, EL_BIND, "^R", "em-inc-search-prev", NULL);
	/* ^C ^Z ^\ are keys here, as in the console: no signals. */
	el_set(km.el, EL_SETTY, "-d", "-isig", NULL);
	el_source(km.el, NULL);
}

static void history_save(void)
{
	HistEvent ev;

	if (km.hist && km.history_path[0])
		history(km.hist, &ev, H_SAVE, km.history_path);
}

/* A key while libedit has the terminal. */
static void edit_key(void)
{
	const char *s;
	int n = 0;

	s = el_gets(km.el, &n);
	if (km.hot_left) {
		km.hot_left = false;
		edit_stop(true);
		km.hot = true;
		return;
	}
	if (!s || n <= 0 || s[n - 1] != '\n')
		return;
	n--;
	edit_stop_line(false, true);
	if (n) {
		HistEvent ev;
		char line[1024];

		snprintf(line, sizeof(line), "%.*s", n, s);
		history(km.hist, &ev, H_ENTER, line);
		history_save();
	}
	kdb_send_line(s, (size_t)n);
}

/* --- bytes from the line ----------------------------------------------- */

/*
 * The line's bytes less the dump's frames: logged and split as if the
 * frames were never there. Only text makes the console busy, so a prompt
 * or a held '$' is seen as quiet while frames go on arriving.
 */
static void line_text(void *ctx, const uint8_t *p, size_t n)
{
	log_bytes(p, n);
	km_split_feed(&km.split, p, n);
	km.last_rx = now_ms();
}

/* The receiver's commands ($A...#xx): ASCII, as the console's keys go. */
static void dump_send(void *ctx, const char *s, size_t n)
{
	line_write(s, n);
}

static void dump_say(void *ctx, const char *msg)
{
	note("%s", msg);
}

static void dump_log(void *ctx, const char *msg)
{
	log_line(msg);
}

/* The dump's progress, on one line rewritten in place. */
static void dump_progress(void)
{
	char buf[200], line[216];
	int n = km_dump_progress(&km.dump, now_ms(), buf, sizeof(buf));

	/* Not behind text still waiting: the next one redraws it. */
	if (n <= 0 || km.term_fd < 0 || term_q.len || term_q.dropped)
		return;
	n = snprintf(line, sizeof(line), "%s\r%s\033[K",
		     !km.progress_on && !km.out_bol ? "\r\n" : "", buf);
	/* What does not fit now is dropped: the next one redraws it. */
	if (term_try(line, (size_t)n))
		km.progress_on = true;
}

static void console_bytes(void *ctx, const uint8_t *p, size_t n)
{
	size_t eaten = km_echo_eat(&km.echo, p, n);

	p += eaten;
	n -= eaten;
	if (!n)
		return;
	km_watch_feed(&km.watch, p, n);
	km.quiet_seen = false;
	if (km.capture) {
		size_t room = sizeof(km.capbuf) - 1 - km.caplen;

		if (n > room)
			n = room;
		memcpy(km.capbuf + km.caplen, p, n);
		km.caplen += n;
		return;
	}
	if (km.editing)
		edit_stop(false);
	if (km.gdb == GDB_ON && km.gdb_running && km.o.gdb_console &&
	    km.gdb_fd >= 0) {
		static const char hex[] = "0123456789abcdef";
		char pkt[2 * 512 + 8], payload[2 * 512 + 2];
		size_t i, k;

		for (i = 0; i < n; i += k) {
			size_t j;

			k = n - i < 512 ? n - i : 512;
			payload[0] = 'O';
			for (j = 0; j < k; j++) {
				payload[1 + 2 * j] = hex[p[i + j] >> 4];
				payload[2 + 2 * j] = hex[p[i + j] & 15];
			}
			payload[1 + 2 * k] = '\0';
			if (gdb_send(pkt, km_packet_make(payload, pkt)))
				break;
		}
		return;
	}
	out(p, n);
}

/* A packet or an ack from the target, for gdb. */
static void gdb_bytes(void *ctx, const uint8_t *p, size_t n)
{
	bool stop = p[0] == '$' && n > 1 && strchr("TSWX", p[1]);

	if (stop) {
		km.gdb_running = false;
		km_split_running(&km.split, false);
	}
	if (km.gdb == GDB_GIVING_BACK) {
		/* The stop reply of the break-in, for nobody. */
		if (km.gb == GB_WAIT_STOP && stop)
			give_back_to_kdb();
		return;
	}
	if (km.gdb_fd < 0)
		return;
	if (p[0] == '$') {
		km.stub_has_line = true;
		if (km.noack_asked && km_packet_is(p, n, "OK"))
			km.noack = true;	/* no more acks either way */
		km.noack_asked = false;
		if (km.gdb == GDB_BREAKING) {
			/* The stub answered: no kdb on this line. */
			km.gdb = GDB_ON;
			km.deadline = 0;
			gdb_flush_hold();
		}
	}
	gdb_send(p, n);
}

/* --- gdb --------------------------------------------------------------- */

static int gdb_listen(void)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(km.o.gdb_port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	km.listen_fd = fd;
	return 0;
}

/* gdb's bytes held while the target was being stopped go to it now. */
static void gdb_flush_hold(void)
{
	if (!km.gdb_hold_len)
		return;
	if (memchr(km.gdb_hold, '$', km.gdb_hold_len) && !km.noack)
		km_split_packet_sent(&km.split);
	line_write(km.gdb_hold, km.gdb_hold_len);
	km.gdb_hold_len = 0;
}

/*
 * Bytes from gdb for the target: held while it is being stopped, and
 * dropped once gdb has detached (never typed into kdb or a shell).
 */
static void gdb_to_target(const uint8_t *p, size_t n, bool packet)
{
	if (km.gdb == GDB_BREAKING) {
		if (n <= sizeof(km.gdb_hold) - km.gdb_hold_len) {
			memcpy(km.gdb_hold + km.gdb_hold_len, p, n);
			km.gdb_hold_len += n;
		}
		return;
	}
	if (km.gdb != GDB_ON)
		return;
	if (packet && !km.noack)
		km_split_packet_sent(&km.split);
	line_write(p, n);
}

/* gdb's connection closes; kdbmon's state of it goes with it. */
static void gdb_close(void)
{
	if (km.gdb_fd >= 0)
		close(km.gdb_fd);
	km.gdb_fd = -1;
	km.gdb_hold_len = 0;
	km.gplen = 0;
	km.gsum_left = -1;
}

/* The line or gdb failed under gdb: gdb is let go, the console is back. */
static void gdb_drop(const char *why)
{
	gdb_close();
	km.gdb = GDB_NONE;
	km.deadline = 0;
	km.gdb_running = false;
	km_split_gdb(&km.split, false);
	note("gdb let go: %s", why);
}

/*
 * To gdb, whole: a gdb that takes nothing for 2 s (stopped, ^Z) is let
 * go rather than hold up the console.
 */
static int gdb_send(const void *p, size_t n)
{
	const char *s = p;

	while (n && km.gdb_fd >= 0) {
		ssize_t k = write(km.gdb_fd, s, n);

		if (k < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { km.gdb_fd, POLLOUT, 0 };

			if (poll(&pfd, 1, 2000) > 0)
				continue;
		}
		if (k <= 0) {
			gdb_drop("it does not take what the target sends");
			return -1;
		}
		s += k;
		n -= (size_t)k;
	}
	return km.gdb_fd >= 0 ? 0 : -1;
}

/* A BREAK then 'g'; where no BREAK can be sent, gdb's Ctrl-C byte. */
static void break_in(void)
{
	if (km.line.fd < 0)
		return;
	if (line_break()) {
		usleep(50000);
		line_write("g", 1);
	} else {
		line_write("\003", 1);
	}
}

/* kdb takes the line back from the stopped stub ($3#33), then "go". */
static void give_back_to_kdb(void)
{
	static const char back[] = "$3#33";

	km.gdb = GDB_GIVING_BACK;
	km.gb = GB_WAIT_KDB;
	km.deadline = now_ms() + km.o.break_wait * 1000LL;
	km_split_gdb(&km.split, false);
	km_watch_init(&km.watch);
	line_write(back, sizeof(back) - 1);
}

static void gdb_accept(void)
{
	char tail[KM_TAIL_MAX];
	int fd = accept4(km.listen_fd, NULL, NULL,
			 SOCK_CLOEXEC | SOCK_NONBLOCK), one = 1;

	if (fd < 0)
		return;
	if (km.gdb_fd >= 0 || km.gdb != GDB_NONE) {
		static const char busy[] = "$E01#a6";

		/* One gdb at a time; the second is told and let go. */
		if (write(fd, busy, sizeof(busy) - 1) < 0)
			(void)0;
		close(fd);
		note("a second gdb connection refused: one is attached");
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	gdb_close();
	km.gdb_fd = fd;
	km.gdb_running = false;
	km.stub_has_line = false;
	km.noack = km.noack_asked = false;
	edit_stop(true);
	km_split_gdb(&km.split, true);
	if (km_watch_screen(&km.watch, tail, sizeof(tail)) == KM_SCREEN_KDB) {
		/* At a kdb prompt: gdb's first packet switches to the stub. */
		km.gdb = GDB_ON;
		note("gdb attached");
		return;
	}
	if (km.line.fd >= 0 && km.o.kind != KM_LINE_TTY && !km.o.telnet) {
		/* No BREAK here: gdb's own first packet stops a stub's line. */
		km.gdb = GDB_ON;
		note("gdb attached");
		return;
	}
	km.gdb = GDB_BREAKING;
	km.deadline = now_ms() + km.o.break_wait * 1000LL;
	note("gdb attached: breaking in");
	break_in();
}

/* gdb went away: kdb gets the line back and the target runs. */
static void gdb_gone(void)
{
	gdb_close();
	if (km.gdb == GDB_GIVING_BACK || km.gdb == GDB_NONE)
		return;		/* after gdb's detach, already under way */
	if (km.gdb == GDB_BREAKING || km.line.fd < 0 || !km.stub_has_line) {
		/* The stub never had the line: nothing to give back. */
		km.deadline = 0;
		km.gdb = GDB_NONE;
		km_split_gdb(&km.split, false);
		note("gdb went");
		return;
	}
	note("gdb went: the console is back, the target runs");
	if (!km.gdb_running) {
		give_back_to_kdb();
		return;
	}
	/* Stopped first: the stub only listens while stopped. */
	km.gdb = GDB_GIVING_BACK;
	km.gb = GB_WAIT_STOP;
	km.deadline = now_ms() + km.o.break_wait * 1000LL;
	break_in();
}

/*
 * A whole packet from gdb. Detach and kill are answered here: kdbmon
 * hands the stopped machine back to kdb, which lets it run, so that the
 * next break-in on the console is kdb's again, not a stub's waiting for
 * a gdb that left.
 */
static void gdb_packet(const uint8_t *p, size_t n)
{
	static const char ok[] = "+$OK#9a";

	if (km_packet_is(p, n, "D") || km_packet_is(p, n, "k") ||
	    km_packet_is(p, n, "vKill")) {
		gdb_send(ok, sizeof(ok) - 1);
		/* gdb is done: what more it sends must not reach kdb. */
		gdb_close();
		note("gdb detached: the console is back, the target runs");
		if (km.stub_has_line && km.gdb == GDB_ON) {
			give_back_to_kdb();
		} else {
			km.gdb = GDB_NONE;
			km.deadline = 0;
			km_split_gdb(&km.split, false);
		}
		return;
	}
	if (km_packet_is(p, n, "qSupported"))
		km.noack = false;
	if (km_packet_is(p, n, "QStartNoAckMode"))
		km.noack_asked = true;
	gdb_to_target(p, n, true);
	if (strchr("cCsS", p[1]) || (n > 7 && !memcmp(p + 1, "vCont;", 6))) {
		km.gdb_running = true;
		km_split_running(&km.split, true);
	}
}

/* What gdb sends: packets whole, acks and Ctrl-C as they come. */
static void gdb_input(void)
{
	uint8_t buf[8192], *pkt = km.gpkt;
	ssize_t n = read(km.gdb_fd, buf, sizeof(buf)), i;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		gdb_gone();
		return;
	}
	for (i = 0; i < n && km.gdb_fd >= 0; i++) {
		uint8_t c = buf[i];

		if (!km.gplen) {
			if (c == 0x03 && km.gdb == GDB_ON) {
				/* Ctrl-C: a break-in the target surely sees. */
				break_in();
			} else if (c == '$') {
				pkt[km.gplen++] = c;
			} else {
				gdb_to_target(&c, 1, false);	/* acks */
			}
			continue;
		}
		if (km.gplen == sizeof(km.gpkt)) {
			/* Longer than any packet: let the stub refuse it. */
			gdb_to_target(pkt, km.gplen, false);
			km.gplen = 0;
		}
		pkt[km.gplen++] = c;
		if (km.gsum_left < 0) {
			if (c == '#')
				km.gsum_left = 2;
			continue;
		}
		if (--km.gsum_left)
			continue;
		km.gsum_left = -1;
		gdb_packet(pkt, km.gplen);
		km.gplen = 0;
	}
}

/* --- the terminal's keys ----------------------------------------------- */

/* Keys for the target: none while a dump arrives (it reads no keys). */
static void keys_out(const void *p, size_t n)
{
	if (!km_dump_hold_keys(&km.dump))
		user_write(p, n);
}

static void hot_help(void)
{
	note("hot key then: b break in, B BREAK, s+key sysrq, l log %s, "
	     "q quit, ? this; the hot key twice sends it",
	     km.log ? (km.log_on ? "(on)" : "(off)") : "(no -l)");
}

static void hot_command(uint8_t c)
{
	km.hot = false;
	if (strchr("bBs", c) && km.line.fd < 0) {
		note("the line is down: nothing sent");
		return;
	}
	switch (c) {
	case 'b':
		note("break in");
		sysrq('g');
		break;
	case 'B':
		if (line_break())
			note("BREAK sent");
		break;
	case 's':
		km.hot_sysrq = true;
		note("sysrq: which key?");
		break;
	case 'l':
		if (!km.log) {
			note("no log file: start with -l FILE");
			break;
		}
		km.log_on = !km.log_on;
		note("logging %s", km.log_on ? "on" : "off");
		break;
	case 'q':
	case '.':
		km.stop = 1;
		break;
	case '?':
	case 'h':
		hot_help();
		break;
	default:
		if (c == km.o.escape)
			keys_out(&c, 1);
		else
			hot_help();
	}
	/* Still at kdb's prompt: the editor comes back when it is quiet. */
	km.quiet_seen = false;
}

static void term_input(void)
{
	uint8_t buf[1024];
	ssize_t n, i, start = 0;

	if (km.editing) {
		edit_key();
		return;
	}
	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n <= 0) {
		/*
		 * A terminal's ^D is a byte, not an end: this is stdin
		 * closed (kdbmon run for gdb alone); go on without it.
		 */
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			km.stdin_gone = true;
		return;
	}
	for (i = 0; i < n; i++) {
		if (km.hot_sysrq) {
			km.hot_sysrq = false;
			note("sysrq %c", buf[i]);
			sysrq((char)buf[i]);
			start = i + 1;
		} else if (km.hot) {
			hot_command(buf[i]);
			start = i + 1;
		} else if (buf[i] == km.o.escape) {
			if (i > start)
				keys_out(buf + start, (size_t)(i - start));
			km.hot = true;
			start = i + 1;
		}
	}
	if (n > start)
		keys_out(buf + start, (size_t)(n - start));
}

/* --- the loop ---------------------------------------------------------- */

static void reconnect(void)
{
	static char last_why[800];

	if (km_line_open(&km.line)) {
		if (strcmp(last_why, km.line.why)) {
			note("%s", km.line.why);
			snprintf(last_why, sizeof(last_why), "%s",
				 km.line.why);
		}
		km.next_reconnect = now_ms() + RECONNECT_MS;
		return;
	}
	last_why[0] = '\0';
	km_dump_line_up(&km.dump);
	note("connected to %s", km.o.target);
	if (km.npend) {
		line_write(km.pend, km.npend);
		km.npend = 0;
	}
}

/* The line has been quiet: release held bytes, look at the prompt. */
static void quiet(void)
{
	char tail[KM_TAIL_MAX];
	enum km_screen s;

	/*
	 * A stopped target with gdb on it sends nothing but replies: a
	 * half-received one is a slow one, not a shell's '$'.
	 */
	if (!(km.gdb == GDB_ON && !km.gdb_running))
		km_split_idle(&km.split);
	if (km.quiet_seen)
		return;
	km.quiet_seen = true;
	s = km_watch_screen(&km.watch, tail, sizeof(tail));
	if (km.gdb == GDB_BREAKING && s == KM_SCREEN_KDB) {
		km.gdb = GDB_ON;
		km.deadline = 0;
		gdb_flush_hold();
		return;
	}
	if (km.gdb == GDB_GIVING_BACK && km.gb == GB_WAIT_KDB &&
	    s == KM_SCREEN_KDB) {
		km.gdb = GDB_NONE;
		km.deadline = 0;
		kdb_send_line("go", 2);
		return;
	}
	if (km.gdb == GDB_NONE && s == KM_SCREEN_KDB && !km.hot &&
	    !km_echo_pending(&km.echo) && !km_dump_active(&km.dump)) {
		snprintf(km.prompt, sizeof(km.prompt), "%s", tail);
		edit_start();
	}
}

static void deadlines(void)
{
	if (!km.deadline || now_ms() < km.deadline)
		return;
	km.deadline = 0;
	if (km.gdb == GDB_BREAKING) {
		note("no kdb prompt %us after the break-in: gdb's packets go "
		     "to the line as they are", km.o.break_wait);
		km.gdb = GDB_ON;
		gdb_flush_hold();
	} else if (km.gdb == GDB_GIVING_BACK) {
		note("the target did not come back to kdb after gdb left");
		km.gdb = GDB_NONE;
		km_split_gdb(&km.split, false);
	}
}

/* A dump directory given is checked now, not when a dump comes. */
static bool dump_dir_bad(const char *dir)
{
	struct stat st;

	if (stat(dir, &st))
		return true;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return true;
	}
	return access(dir, W_OK | X_OK) != 0;
}

static void on_signal(int sig)
{
	km.stop = 1;
}

static void loop(void)
{
	while (!km.stop) {
		struct pollfd pfd[5];
		int nfd = 0, timeout = -1, i_term = -1, i_line = -1;
		int i_listen = -1, i_gdb = -1, i_out = -1, w;
		long long t = now_ms();

		if (!km.stdin_gone) {
			pfd[nfd] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
			i_term = nfd++;
		}
		if (km.line.fd >= 0) {
			pfd[nfd] = (struct pollfd){ km.line.fd, POLLIN, 0 };
			i_line = nfd++;
			if (!km.quiet_seen || km_split_holding(&km.split))
				timeout = IDLE_MS;
		} else {
			long long w = km.next_reconnect - t;

			timeout = w < 0 ? 0 : (int)w;
		}
		if (km.listen_fd >= 0) {
			pfd[nfd] = (struct pollfd){ km.listen_fd, POLLIN, 0 };
			i_listen = nfd++;
		}
		if (km.gdb_fd >= 0) {
			pfd[nfd] = (struct pollfd){ km.gdb_fd, POLLIN, 0 };
			i_gdb = nfd++;
		}
		if (term_q.len || term_q.dropped) {
			pfd[nfd] = (struct pollfd){ term_out_fd(), POLLOUT, 0 };
			i_out = nfd++;
		}
		if (km.deadline && (timeout < 0 || timeout > 100))
			timeout = 100;
		if (km.o.follow_pid && (timeout < 0 || timeout > 500))
			timeout = 500;
		w = km_dump_wait(&km.dump, t);
		if (w >= 0 && (timeout < 0 || timeout > w))
			timeout = w;
		if (poll(pfd, nfd, timeout) < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		if (i_out >= 0 && pfd[i_out].revents)
			term_flush();
		if (i_line >= 0 && pfd[i_line].revents)
			line_pump(0);
		if (i_term >= 0 &&
		    (pfd[i_term].revents & (POLLIN | POLLHUP | POLLERR)))
			term_input();
		if (i_listen >= 0 && (pfd[i_listen].revents & POLLIN))
			gdb_accept();
		if (i_gdb >= 0 && pfd[i_gdb].revents && km.gdb_fd >= 0)
			gdb_input();
		if (km.line.fd < 0 && now_ms() >= km.next_reconnect)
			reconnect();
		if (km.line.fd >= 0 && now_ms() - km.last_rx >= IDLE_MS)
			quiet();
		deadlines();
		km_dump_tick(&km.dump, now_ms());
		dump_progress();
		if (km.o.follow_pid && kill(km.o.follow_pid, 0) && errno == ESRCH)
			break;
	}
}

int main(int argc, char **argv)
{
	char err[512];
	struct sigaction sa = { .sa_handler = on_signal };

	/* A file conversion, no line: kdbmon --to-kdump ELF OUT. */
	if (argc == 4 && !strcmp(argv[1], "--to-kdump")) {
		if (km_kdump_convert(argv[2], argv[3], 31,
				     KM_KDUMP_MAX_PFN, err, sizeof(err))) {
			fprintf(stderr, "kdbmon: %s\n", err);
			return 1;
		}
		return 0;
	}
	/* kdbmon --text ELF: a dump's text notes as files beside it. */
	if (argc == 3 && !strcmp(argv[1], "--text")) {
		int n = km_elf_text(argv[2], argv[2], KM_KDUMP_MAX_PFN, err,
				    sizeof(err));

		if (n < 0) {
			fprintf(stderr, "kdbmon: %s\n", err);
			return 1;
		}
		if (!n) {
			fprintf(stderr, "kdbmon: %s: no text in this dump\n",
				argv[2]);
			return 1;
		}
		for (int type = 1; type <= KM_TEXT_NOTES; type++)
			if (n & (1 << type))
				printf("%s%s\n", argv[2], km_text_suffix(type));
		return 0;
	}
	if (km_opts_parse(&km.o, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "kdbmon: %s\n", err);
		return 2;
	}
	if (km.o.help) {
		fputs(km_usage, stdout);
		return 0;
	}
	if (km.o.version) {
		puts("kdbmon " KM_VERSION);
		return 0;
	}
	km.line.o = &km.o;
	if (km.o.log) {
		km.log = fopen(km.o.log, "a");
		if (!km.log) {
			fprintf(stderr, "kdbmon: %s: %s\n", km.o.log,
				strerror(errno));
			return 1;
		}
		km.log_on = km.log_bol = true;
	}
	if (km.o.symbols && load_symbols(km.o.symbols)) {
		fprintf(stderr, "kdbmon: %s: cannot read symbols\n",
			km.o.symbols);
		return 1;
	}
	if (km.o.dump_dir && dump_dir_bad(km.o.dump_dir)) {
		fprintf(stderr, "kdbmon: --dump-dir %s: %s\n", km.o.dump_dir,
			strerror(errno));
		return 1;
	}
	km_dump_init(&km.dump, &dump_ops, km.o.dump_dir, km.o.dump_damage);
	km.dump.kdump = km.o.kdump;
	if (km.o.gdb_port && gdb_listen()) {
		fprintf(stderr, "kdbmon: gdb port %d: %s\n", km.o.gdb_port,
			strerror(errno));
		return 1;
	}
	if (km_line_open(&km.line)) {
		/* A line that is not there yet (QEMU starting) is waited for. */
		fprintf(stderr, "kdbmon: %s (waiting for it)\n", km.line.why);
		km.next_reconnect = now_ms() + RECONNECT_MS;
	}
	km.tty = isatty(STDIN_FILENO);
	if (km.tty)
		tcgetattr(STDIN_FILENO, &km.tio_orig);
	km_split_init(&km.split, &split_ops, NULL);
	km.term_fd = -1;
	km.tty_out = isatty(STDOUT_FILENO);
	if (km.tty_out && ttyname(STDOUT_FILENO))
		km.term_fd = open(ttyname(STDOUT_FILENO), O_WRONLY |
				  O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	km.out_bol = true;
	km_watch_init(&km.watch);
	edit_init();
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	term_raw();
	if (km.o.gdb_port)
		note("on %s; gdb: target remote :%d; hot key %s%c then ? "
		     "for help", km.o.target, km.o.gdb_port, "^",
		     km.o.escape | 0x40);
	else
		note("on %s; hot key ^%c then ? for help", km.o.target,
		     km.o.escape | 0x40);
	loop();
	/* The target is told, the partial file closed and named. */
	km_dump_quit(&km.dump);
	edit_stop(false);
	term_cooked();
	history_save();
	if (km.el)
		el_end(km.el);
	if (km.hist)
		history_end(km.hist);
	out("\r\n", 2);
	/* Leaving: what still waits goes if the terminal reads within 2 s. */
	for (int tries = 0; (term_q.len || term_q.dropped) && tries < 20;
	     tries++) {
		struct pollfd pfd = { term_out_fd(), POLLOUT, 0 };

		if (poll(&pfd, 1, 100) > 0)
			term_flush();
	}
	list_clear(&km.cmds);
	list_clear(&km.syms);
	return 0;
}
