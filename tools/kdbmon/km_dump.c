// SPDX-License-Identifier: GPL-2.0
/* kdbmon's dump receiver (km_dump.h): frames off the line into a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "km_dump.h"
#include "km_kdump.h"

static __printf(2, 3) void tell(struct km_dump *d, const char *fmt, ...)
{
	char msg[4600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->ops->say(d->ops->ctx, msg);
	if (d->ops->log)
		d->ops->log(d->ops->ctx, msg);
}

/* 1536 -> "1.5 KiB". */
static void human(char *buf, size_t size, double v)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB",
					    "TiB" };
	size_t u = 0;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(unit)) {
		v /= 1024;
		u++;
	}
	if (u)
		snprintf(buf, size, "%.1f %s", v, unit[u]);
	else
		snprintf(buf, size, "%.0f %s", v, unit[u]);
}

/* What the target says, shown: no control characters on the terminal. */
static void printable(char *out, const char *s, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* The start frame's "host-release", as part of a file name. */
static void file_name(char *out, size_t size, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		out[i] = name_char(name[i]) ? name[i] : '_';
	out[i] = '\0';
	if (!i)
		snprintf(out, size, "target");
}

/* DIR/vmcore-NAME-STAMP, or -1, -2 ... after it: never an old file. */
static int create(struct km_dump *d)
{
	const char *sep = d->dir[strlen(d->dir) - 1] == '/' ? "" : "/";
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	int i, n, fd;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (i = 0; i < 1000; i++) {
		n = snprintf(d->path, sizeof(d->path), "%s%svmcore-%s-%s",
			     d->dir, sep, d->name, stamp);
		if (i && n > 0 && (size_t)n < sizeof(d->path))
			n += snprintf(d->path + n, sizeof(d->path) - n, "-%d",
				      i);
		if (n < 0 || (size_t)n >= sizeof(d->path))
			return -ENAMETOOLONG;
		fd = open(d->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0644);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

/* The file is left as far as it got; the reason is said. */
static void cut(struct km_dump *d, const char *why)
{
	close(d->fd);
	d->fd = -1;
	tell(d, "dump incomplete: %s (%llu of %llu bytes): %s", d->path,
	     (unsigned long long)d->bytes, (unsigned long long)d->size, why);
}

/* --- the receiver's operations ------------------------------------------ */

static int op_begin(void *ctx, const struct dw_start *s)
{
	struct km_dump *d = ctx;
	char size[32];
	int fd;

	if (d->fd >= 0)
		cut(d, "another dump began");
	file_name(d->name, sizeof(d->name), s->name);
	human(size, sizeof(size), (double)s->file_size);
	fd = create(d);
	if (fd < 0) {
		tell(d, "cannot receive a dump of %s: %s: %s (the target is "
		     "told to give up)", d->name, d->path, strerror(-fd));
		return fd;
	}
	d->fd = fd;
	d->size = s->file_size;
	d->bytes = 0;
	d->t0 = d->now;
	d->last_frame = d->now;
	d->last_progress = d->now;
	d->keys_said = false;
	d->failed_said = false;
	tell(d, "receiving a dump of %s: %s into %s", d->name, size, d->path);
	return 0;
}

static int op_write(void *ctx, u64 off, const u8 *p, size_t len)
{
	struct km_dump *d = ctx;

	while (len && d->fd >= 0) {
		ssize_t k = pwrite(d->fd, p, len, (off_t)off);
		int err = k < 0 ? errno : EIO;

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			tell(d, "writing %s: %s (the target is told to give "
			     "up)", d->path, strerror(err));
			d->failed_said = true;
			return -err;
		}
		p += k;
		off += (u64)k;
		len -= (size_t)k;
		d->bytes += (u64)k;
	}
	return d->fd >= 0 ? 0 : -EBADF;
}

/* The session's text and the kernel log, beside the dump. */
static void text_files(struct km_dump *d)
{
	char err[512], names[2 * sizeof(d->path) + 64] = "";
	size_t at = 0;
	int n, type;

	n = km_elf_text(d->path, d->path, KM_KDUMP_MAX_PFN, err, sizeof(err));
	if (n < 0) {
		tell(d, "dump text: %s", err);
		return;
	}
	for (type = 1; type <= KM_TEXT_NOTES; type++) {
		if (!(n & (1 << type)) || at >= sizeof(names))
			continue;
		at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s%s",
				       at ? ", " : "", d->path,
				       km_text_suffix(type));
	}
	if (n)
		tell(d, "dump text: %s", names);
}

/* --kdump: the small file instead; the ELF stays if that fails. */
static void to_kdump(struct km_dump *d)
{
	char out[sizeof(d->path) + 8], err[512];
	struct stat st;

	snprintf(out, sizeof(out), "%s.kdump", d->path);
	if (km_kdump_convert(d->path, out, (int)d->recv.start.level,
			     KM_KDUMP_MAX_PFN, err, sizeof(err))) {
		tell(d, "kdump-compressed: failed (%s); the ELF stays", err);
		unlink(out);
		return;
	}
	unlink(d->path);
	tell(d, "dump kdump-compressed: %s, %llu bytes", out,
	     stat(out, &st) ? 0ULL : (unsigned long long)st.st_size);
}

static void op_end(void *ctx, const struct dw_end *e)
{
	struct km_dump *d = ctx;
	/* As long as the end says, never longer than the start did. */
	u64 size = e->file_size < d->size ? e->file_size : d->size;
	long long ms = d->now - d->t0;
	char msg[sizeof(e->msg)], rate[32];
	int err = 0;

	if (d->fd < 0)
		return;
	if (ftruncate(d->fd, (off_t)size) || fsync(d->fd))
		err = errno;
	if (close(d->fd) && !err)
		err = errno;
	d->fd = -1;
	if (err) {
		tell(d, "dump incomplete: %s: %s", d->path, strerror(err));
		return;
	}
	if (e->status) {
		printable(msg, e->msg[0] ? e->msg : strerror((int)e->status),
			  sizeof(msg));
		tell(d, "dump incomplete: %s: %s", d->path, msg);
		return;
	}
	human(rate, sizeof(rate), d->bytes * 1000.0 / (ms > 0 ? ms : 1));
	if (d->damage.every)
		snprintf(msg, sizeof(msg), "; %llu of %llu frames damaged on "
			 "purpose", (unsigned long long)d->damage.flipped,
			 (unsigned long long)d->damage.frames);
	else
		msg[0] = '\0';
	tell(d, "dump written: %s, %llu bytes in %.1f s (%s/s), %llu "
	     "frames asked again, %llu duplicates%s", d->path,
	     (unsigned long long)size, ms / 1000.0, rate, d->recv.gaps,
	     d->recv.dups, msg);
	text_files(d);
	if (d->kdump)
		to_kdump(d);
}

static void op_send(void *ctx, const char *s, size_t n)
{
	struct km_dump *d = ctx;

	d->ops->send(d->ops->ctx, s, n);
}

/* --- the splitter's ------------------------------------------------------ */

static void rx_text(void *ctx, const u8 *p, size_t n)
{
	struct km_dump *d = ctx;

	d->ops->text(d->ops->ctx, p, n);
}

static void rx_frame(void *ctx, u8 type, u32 seq, const u8 *p, u32 len)
{
	struct km_dump *d = ctx;

	dw_recv_frame(&d->recv, type, seq, p, len, (u64)d->now);
}

static void rx_bad(void *ctx)
{
	struct km_dump *d = ctx;

	dw_recv_bad(&d->recv, (u64)d->now);
}

/* --- --dump-damage ------------------------------------------------------- */

/* Where the frame number is, and the CRC (after the magic). */
#define DAMAGE_SEQ	4
#define DAMAGE_FROM	(DW_HDR_LEN - 4 - 4)

static void damage_byte(struct km_damage *g, uint8_t *c)
{
	static const uint8_t magic[4] = { DW_MAGIC0, 'K', 'D', 'F' };
	unsigned int bit, i;

	if (*c == DW_MAGIC0) {
		g->match = 1;
		g->armed = false;
		return;
	}
	if (g->match < 4) {
		g->match = g->match && *c == magic[g->match] ? g->match + 1 : 0;
		if (g->match == 4) {
			g->due |= !(++g->frames % g->every);
			g->armed = g->due;
			g->idx = 0;
			g->esc = false;
			g->seq = 0;
		}
		return;
	}
	if (!g->armed)
		return;
	if (*c == DW_ESC && !g->esc) {
		g->esc = true;
		return;
	}
	i = g->idx++;
	if (i >= DAMAGE_SEQ && i < DAMAGE_SEQ + 4)
		g->seq |= (uint32_t)(g->esc ? *c ^ 0x20 : *c) <<
			  (8 * (i - DAMAGE_SEQ));
	g->esc = false;
	if (i < DAMAGE_FROM)
		return;
	g->armed = false;
	if (g->any && g->seq <= g->last)
		return;
	/* Not into an escape or a magic: the frame keeps its length. */
	for (bit = 1; bit < 0x100; bit <<= 1) {
		uint8_t v = *c ^ bit;

		if (v != DW_ESC && v != DW_MAGIC0) {
			*c = v;
			break;
		}
	}
	g->due = false;
	g->any = true;
	g->last = g->seq;
	g->flipped++;
}

/* --- kdbmon's side --------------------------------------------------------- */

void km_dump_init(struct km_dump *d, const struct km_dump_ops *ops,
		  const char *dir, unsigned int damage_every)
{
	memset(d, 0, sizeof(*d));
	d->ops = ops;
	d->dir = dir && *dir ? dir : ".";
	d->fd = -1;
	d->damage.every = damage_every;
	d->rx_ops = (struct dw_rx_ops){
		.text = rx_text, .frame = rx_frame, .bad = rx_bad, .ctx = d,
	};
	d->recv_ops = (struct dw_recv_ops){
		.begin = op_begin, .write = op_write, .end = op_end,
		.send = op_send, .ctx = d,
	};
	dw_rx_init(&d->rx, &d->rx_ops);
	dw_recv_init(&d->recv, &d->recv_ops);
}

/* The receiver gave up (a write failed, a frame outside the file). */
static void settle(struct km_dump *d)
{
	if (d->fd >= 0 && d->recv.state == DW_RECV_FAILED)
		cut(d, d->failed_said ? "given up" :
		    "a frame outside the file: the target is told to give up");
}

void km_dump_feed(struct km_dump *d, uint8_t *p, size_t n, long long now)
{
	u64 seen = d->rx.frames + d->rx.bad_frames;
	size_t i;

	if (!n)
		return;
	d->now = now;
	d->last_byte = now;
	for (i = 0; d->damage.every && i < n; i++)
		damage_byte(&d->damage, p + i);
	dw_rx_feed(&d->rx, p, n);
	if (d->rx.len || d->rx.frames + d->rx.bad_frames != seen)
		d->last_frame = now;
	settle(d);
}

void km_dump_tick(struct km_dump *d, long long now)
{
	d->now = now;
	if (d->rx.len && now - d->last_byte >= KM_DUMP_FLUSH_MS)
		dw_rx_flush(&d->rx);
	dw_recv_tick(&d->recv, (u64)now);
	settle(d);
	if (km_dump_active(d) && now - d->last_frame >= KM_DUMP_STALE_MS) {
		cut(d, "no frame for 10 s: the target gave up");
		dw_recv_init(&d->recv, &d->recv_ops);
	}
}

int km_dump_wait(const struct km_dump *d, long long now)
{
	long long w = -1;

	if (d->rx.len) {
		w = d->last_byte + KM_DUMP_FLUSH_MS - now;
		if (w < 0)
			w = 0;
	}
	if (km_dump_active(d) && (w < 0 || w > KM_DUMP_TICK_MS))
		w = KM_DUMP_TICK_MS;
	return (int)w;
}

bool km_dump_active(const struct km_dump *d)
{
	return d->fd >= 0 && d->recv.state == DW_RECV_ACTIVE;
}

bool km_dump_hold_keys(struct km_dump *d)
{
	if (!km_dump_active(d))
		return false;
	if (!d->keys_said) {
		d->keys_said = true;
		d->ops->say(d->ops->ctx, "keys are held while the dump arrives");
	}
	return true;
}

int km_dump_progress(struct km_dump *d, long long now, char *buf,
		     size_t size)
{
	long long ms = now - d->t0;
	double rate = ms > 0 ? d->bytes * 1000.0 / ms : 0;
	char done[32], total[32], speed[32], left[32] = "?";
	unsigned int pct;
	int n;

	if (!km_dump_active(d) || now - d->last_progress < KM_DUMP_PROGRESS_MS)
		return 0;
	d->last_progress = now;
	human(done, sizeof(done), (double)d->bytes);
	human(total, sizeof(total), (double)d->size);
	human(speed, sizeof(speed), rate);
	pct = d->size ? (unsigned int)(d->bytes * 100 / d->size) : 0;
	if (rate > 0 && d->bytes <= d->size) {
		unsigned long long s = (d->size - d->bytes) / rate;

		if (s >= 3600)
			snprintf(left, sizeof(left), "%llu:%02llu:%02llu",
				 s / 3600, s / 60 % 60, s % 60);
		else
			snprintf(left, sizeof(left), "%llu:%02llu", s / 60,
				 s % 60);
	}
	n = snprintf(buf, size, "dump: %s of %s (%u%%), %s/s, %s left", done,
		     total, pct > 100 ? 100 : pct, speed, left);
	return n < 0 ? 0 : (size_t)n < size ? n : (int)size - 1;
}

void km_dump_line_down(struct km_dump *d)
{
	if (d->fd >= 0)
		cut(d, "the line went away");
	dw_recv_init(&d->recv, &d->recv_ops);
}

void km_dump_line_up(struct km_dump *d)
{
	dw_rx_flush(&d->rx);
}

void km_dump_quit(struct km_dump *d)
{
	if (km_dump_active(d)) {
		char cmd[16];
		int n = dw_cmd_format(cmd, sizeof(cmd), DW_CMD_QUIT, 0);

		d->ops->send(d->ops->ctx, cmd, (size_t)n);
	}
	if (d->fd >= 0)
		cut(d, "kdbmon quit");
	dw_recv_init(&d->recv, &d->recv_ops);
}
