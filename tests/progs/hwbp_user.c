// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp_user N FIFO: a user of the debug registers beside the debugger.
 *
 * Opens up to N perf hardware write breakpoints on its own variables
 * (as gdb's watchpoints do through ptrace, from the same slots), says
 * how many it got, waits for a line on FIFO (the test uses the kernel
 * debugger meanwhile), then writes each variable 10 times and prints
 * what each breakpoint counted: 10 if nothing clobbered its register.
 */
#include <errno.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_BPS 4

static volatile uint64_t vars[MAX_BPS];

static int open_bp(volatile uint64_t *addr)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = (uintptr_t)addr;
	attr.bp_len = HW_BREAKPOINT_LEN_8;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	return syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

int main(int argc, char **argv)
{
	int fds[MAX_BPS], n, got, i, j, err = 0;
	char line[16];
	FILE *fifo;

	if (argc != 3 || (n = atoi(argv[1])) < 1 || n > MAX_BPS) {
		fprintf(stderr, "usage: hwbp_user N(1-%d) FIFO\n", MAX_BPS);
		return 2;
	}
	for (got = 0; got < n; got++) {
		fds[got] = open_bp(&vars[got]);
		if (fds[got] < 0) {
			err = errno;
			break;
		}
	}
	printf("opened %d of %d%s%s\n", got, n, got < n ? ": " : "",
	       got < n ? strerror(err) : "");
	fflush(stdout);
	fifo = fopen(argv[2], "r");
	if (!fifo || !fgets(line, sizeof(line), fifo))
		return 1;
	for (i = 0; i < got; i++)
		for (j = 0; j < 10; j++)
			vars[i] = j;
	printf("counts:");
	for (i = 0; i < got; i++) {
		uint64_t count = 0;

		if (read(fds[i], &count, sizeof(count)) != sizeof(count))
			return 1;
		printf(" %llu", (unsigned long long)count);
	}
	printf("\n");
	return 0;
}
