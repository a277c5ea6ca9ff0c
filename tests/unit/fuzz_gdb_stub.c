// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer of the GDB stub on the fake core: arbitrary line bytes (line
 * noise, packets, half packets) for one session, which must end (input
 * gone, or a resume) without a crash, and whose every output byte is an
 * ack, a nak, or part of a framed packet with a right checksum.
 */
#include <stdlib.h>

#include "fake_core.h"
#include "gdb_stub.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void check_output(void)
{
	const char *o = fake_output();
	size_t n = fake_output_len(), i = 0;

	while (i < n) {
		const char *end;
		u8 sum = 0;
		size_t k;
		char hex[3];

		if (o[i] == '+' || o[i] == '-') {
			i++;
			continue;
		}
		CHECK(o[i] == '$');
		end = memchr(o + i + 1, '#', n - i - 1);
		CHECK(end && end + 3 <= o + n);
		for (k = i + 1; o + k < end; k++) {
			CHECK(o[k] != '$');
			sum += (u8)o[k];
		}
		snprintf(hex, sizeof(hex), "%02x", sum);
		CHECK(end[1] == hex[0] && end[2] == hex[1]);
		i = end - o + 3;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	fake_reset();
	gdb_stub_reset();
	/* Both ways of listing threads: an input's length picks one. */
	gdb_xfer_threads = size & 1;
	fake_set_budget(2000000);
	fake_input((const char *)data, size);
	fake_set_typeahead(true);
	fake_session_of(&gdb_frontend);
	check_output();
	return 0;
}
