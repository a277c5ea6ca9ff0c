// SPDX-License-Identifier: GPL-2.0
/* kdb output formatting helpers. Portable: kernel and userspace. */

#include "kdb_fmt.h"

/**
 * kdb_fmt_duration - format nanoseconds for a human, 3 significant digits
 * @buf: output
 * @len: size of @buf
 * @ns: duration
 *
 * Examples: "850ns", "12.3us", "1.25ms", "100ms", "3.00s", "4000s".
 *
 * Return: what snprintf() returns.
 */
int kdb_fmt_duration(char *buf, size_t len, u64 ns)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	unsigned long long v;
	u64 scale = 1000;
	unsigned int u = 1;

	if (ns < 1000)
		return snprintf(buf, len, "%uns", (unsigned int)ns);
	/* Above ~3 years the hundredths below would overflow. */
	if (ns >= 100000000000000000ULL)
		return snprintf(buf, len, "%llus",
				(unsigned long long)(ns / 1000000000));
	while (u < 3 && ns >= scale * 1000) {
		scale *= 1000;
		u++;
	}
	for (;;) {
		v = (ns * 100 + scale / 2) / scale;	/* hundredths */
		if (v < 1000)
			return snprintf(buf, len, "%llu.%02llu%s", v / 100,
					v % 100, unit[u]);
		v = (ns * 10 + scale / 2) / scale;	/* tenths */
		if (v < 1000)
			return snprintf(buf, len, "%llu.%llu%s", v / 10,
					v % 10, unit[u]);
		v = (ns + scale / 2) / scale;
		if (v < 1000 || u == 3)
			return snprintf(buf, len, "%llu%s", v, unit[u]);
		/* 999.6 rounds to 1000: say it in the next unit. */
		scale *= 1000;
		u++;
	}
}
