/* SPDX-License-Identifier: GPL-2.0 */
/* kdbmon's command line (portable: unit-tested). */
#ifndef KM_OPTS_H
#define KM_OPTS_H

#include <stdbool.h>
#include <stddef.h>

enum km_line_kind {
	KM_LINE_TTY,		/* a serial device */
	KM_LINE_UNIX,		/* unix:PATH, a unix socket (QEMU chardev) */
	KM_LINE_TCP,		/* tcp:HOST:PORT */
};

enum km_flow {
	KM_FLOW_NONE,
	KM_FLOW_RTSCTS,
	KM_FLOW_XONXOFF,
};

struct km_opts {
	enum km_line_kind kind;
	char path[256];		/* device or socket path */
	char host[128];		/* tcp */
	char port[16];		/* tcp */
	unsigned int baud;	/* tty */
	enum km_flow flow;	/* tty */
	bool telnet;		/* the peer speaks telnet (QEMU telnet=on) */
	char target[300];	/* the line as given, for messages */
	int gdb_port;		/* 0: no gdb port */
	const char *log;	/* log file, or NULL */
	const char *symbols;	/* System.map or vmlinux, or NULL */
	const char *history;	/* history file, or NULL for the default */
	int escape;		/* the hot key (a control character) */
	unsigned int break_wait; /* seconds to wait for the debugger */
	bool gdb_console;	/* console output to gdb as O packets */
	int follow_pid;		/* quit when this process ends (make run) */
	const char *dump_dir;	/* where dumps go; NULL: the current one */
	unsigned int dump_damage; /* testing: damage every Nth frame; 0: no */
	bool kdump;		/* keep dumps kdump-compressed, not ELF */
	bool help, version;
};

/*
 * Parse @argv into @o. Returns 0, or -1 with a one-line reason in @err
 * (room @errlen).
 */
int km_opts_parse(struct km_opts *o, int argc, char **argv, char *err,
		  size_t errlen);

/* The baud rates a tty line accepts. */
bool km_baud_ok(unsigned int baud);

/* The --help text. */
extern const char km_usage[];

#endif /* KM_OPTS_H */
