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

/**
 * kdb_fmt_get - a little-endian value of @width bytes
 * @data: the bytes
 * @width: 1, 2, 4 or 8
 *
 * Return: the value.
 */
u64 kdb_fmt_get(const u8 *data, unsigned int width)
{
	u64 v = 0;

	while (width--)
		v = (v << 8) | data[width];
	return v;
}

/* Characters one unit takes in a radix, and its format. */
static unsigned int kdb_fmt_digits(unsigned int width, unsigned int radix)
{
	static const unsigned char dec[9] = { 0, 3, 5, 0, 10, 0, 0, 0, 20 };
	static const unsigned char oct[9] = { 0, 3, 6, 0, 11, 0, 0, 0, 22 };

	if (radix == 10)
		return dec[width];
	if (radix == 8)
		return oct[width];
	return 2 * width;
}

/**
 * kdb_fmt_md_line - one line of md output
 * @buf: output
 * @len: size of @buf
 * @prefix: before the address ("" or "phys ")
 * @addr: address of the first byte
 * @data: the bytes read
 * @n: how many (up to KDB_MD_BYTES; a short last line is padded)
 * @width: unit size: 1, 2, 4 or 8 bytes, read little-endian
 * @radix: 16, 10 or 8
 *
 * "0xADDR " then the units, then two spaces and the bytes as ASCII ('.'
 * for what is not printable), as mainline kdb shows them.
 *
 * Return: the length written.
 */
int kdb_fmt_md_line(char *buf, size_t len, const char *prefix, u64 addr,
		    const u8 *data, size_t n, unsigned int width,
		    unsigned int radix)
{
	unsigned int digits = kdb_fmt_digits(width, radix);
	size_t i;
	int out;
	u64 v;

	if (!len)
		return 0;
	out = scnprintf(buf, len, "%s0x%016llx ", prefix, addr);
	for (i = 0; i + width <= KDB_MD_BYTES; i += width) {
		if (i + width > n) {
			out += scnprintf(buf + out, len - out, "%*s ", digits,
					 "");
			continue;
		}
		v = kdb_fmt_get(data + i, width);
		if (radix == 10)
			out += scnprintf(buf + out, len - out, "%*llu ", digits,
					 v);
		else if (radix == 8)
			out += scnprintf(buf + out, len - out, "%0*llo ",
					 digits, v);
		else
			out += scnprintf(buf + out, len - out, "%0*llx ",
					 digits, v);
	}
	out += scnprintf(buf + out, len - out, " ");
	for (i = 0; i < n && i < KDB_MD_BYTES && (size_t)out + 1 < len; i++)
		buf[out++] = data[i] >= 0x20 && data[i] < 0x7f ? data[i] : '.';
	buf[out] = '\0';
	return out;
}

/**
 * kdb_fmt_date - format seconds since the epoch as a UTC date
 * @buf: output
 * @len: size of @buf
 * @epoch_sec: seconds since 1970-01-01 00:00:00 UTC
 *
 * Example: "2026-11-29 21:14:11 UTC".
 *
 * Return: what scnprintf() returns.
 */
int kdb_fmt_date(char *buf, size_t len, u64 epoch_sec)
{
	u64 days = epoch_sec / 86400, secs = epoch_sec % 86400;
	/* Civil date from a day count, in 400-year eras from 0000-03-01. */
	u64 z = days + 719468, era = z / 146097, doe = z - era * 146097;
	u64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	u64 mp = (5 * doy + 2) / 153;
	u64 d = doy - (153 * mp + 2) / 5 + 1;
	u64 m = mp < 10 ? mp + 3 : mp - 9;
	u64 y = yoe + era * 400 + (m <= 2);

	return scnprintf(buf, len, "%04llu-%02llu-%02llu %02llu:%02llu:%02llu UTC",
			 y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

/**
 * kdb_fmt_uptime - format a time since boot
 * @buf: output
 * @len: size of @buf
 * @ns: nanoseconds
 *
 * Examples: "00:05:12", "3 days, 04:00:01".
 *
 * Return: what scnprintf() returns.
 */
int kdb_fmt_uptime(char *buf, size_t len, u64 ns)
{
	u64 s = ns / 1000000000ULL, days = s / 86400;

	s %= 86400;
	if (days)
		return scnprintf(buf, len, "%llu day%s, %02llu:%02llu:%02llu",
				 days, days == 1 ? "" : "s", s / 3600,
				 s / 60 % 60, s % 60);
	return scnprintf(buf, len, "%02llu:%02llu:%02llu", s / 3600,
			 s / 60 % 60, s % 60);
}
