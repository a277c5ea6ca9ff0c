// SPDX-License-Identifier: GPL-2.0
/* kdbmon: the target's line. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "km_line.h"

static speed_t baud_code(unsigned int baud)
{
	static const struct { unsigned int baud; speed_t code; } map[] = {
		{ 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 },
		{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
		{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
		{ 460800, B460800 }, { 500000, B500000 }, { 576000, B576000 },
		{ 921600, B921600 }, { 1000000, B1000000 },
		{ 1152000, B1152000 }, { 1500000, B1500000 },
		{ 2000000, B2000000 }, { 3000000, B3000000 },
		{ 4000000, B4000000 },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].baud == baud)
			return map[i].code;
	return B115200;
}

static int open_tty(struct km_line *l)
{
	const struct km_opts *o = l->o;
	struct termios t;
	int fd = open(o->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		snprintf(l->why, sizeof(l->why), "%s: %s", o->path,
			 strerror(errno));
		return -1;
	}
	if (tcgetattr(fd, &t)) {
		snprintf(l->why, sizeof(l->why), "%s: not a tty: %s", o->path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(CRTSCTS | CSTOPB | PARENB);
	t.c_iflag &= ~(IXON | IXOFF | IXANY);
	if (o->flow == KM_FLOW_RTSCTS)
		t.c_cflag |= CRTSCTS;
	else if (o->flow == KM_FLOW_XONXOFF)
		t.c_iflag |= IXON | IXOFF;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, baud_code(o->baud));
	cfsetospeed(&t, baud_code(o->baud));
	if (tcsetattr(fd, TCSANOW, &t)) {
		snprintf(l->why, sizeof(l->why), "%s: %s", o->path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int open_unix(struct km_line *l)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(l->o->path) >= sizeof(sa.sun_path)) {
		snprintf(l->why, sizeof(l->why), "%s: path too long",
			 l->o->path);
		return -1;
	}
	strcpy(sa.sun_path, l->o->path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		snprintf(l->why, sizeof(l->why), "%s: %s", l->o->path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int open_tcp(struct km_line *l)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int fd = -1, err, one = 1;

	err = getaddrinfo(l->o->host, l->o->port, &hints, &res);
	if (err) {
		snprintf(l->why, sizeof(l->why), "%s: %s", l->o->target,
			 gai_strerror(err));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0)
			continue;
		if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		err = errno;
		close(fd);
		fd = -1;
		errno = err;
	}
	if (fd < 0)
		snprintf(l->why, sizeof(l->why), "%s: %s", l->o->target,
			 strerror(errno));
	else
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	freeaddrinfo(res);
	return fd;
}

int km_line_open(struct km_line *l)
{
	int fd;

	switch (l->o->kind) {
	case KM_LINE_TTY:
		fd = open_tty(l);
		break;
	case KM_LINE_UNIX:
		fd = open_unix(l);
		break;
	default:
		fd = open_tcp(l);
		break;
	}
	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	l->fd = fd;
	memset(&l->tn, 0, sizeof(l->tn));
	return 0;
}

void km_line_close(struct km_line *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

/*
 * QEMU's TCP serial writes a byte per send() with Nagle on: after the
 * first byte of a reply the rest waits for our ACK, which Linux delays
 * (40 ms) in a request-reply exchange. Asking for a quick ACK after each
 * read lets the rest follow at once. Linux clears the flag as it goes,
 * so it is set again every time.
 */
static void quick_ack(struct km_line *l)
{
#ifdef TCP_QUICKACK
	int one = 1;

	if (l->o->kind == KM_LINE_TCP)
		setsockopt(l->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
#endif
}

ssize_t km_line_read(struct km_line *l, uint8_t *buf, size_t size)
{
	ssize_t n = read(l->fd, buf, size);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	quick_ack(l);
	if (l->o->telnet)
		n = (ssize_t)km_telnet_decode(&l->tn, buf, (size_t)n, buf);
	return n;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			/* A line that takes nothing for 10 s is gone. */
			if (poll(&pfd, 1, 10000) <= 0)
				return -1;
			continue;
		}
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int km_line_write(struct km_line *l, const void *p, size_t n)
{
	uint8_t enc[8192];
	const uint8_t *s = p;

	if (l->fd < 0)
		return -1;
	if (!l->o->telnet)
		return write_all(l->fd, s, n);
	while (n) {
		size_t k = n < sizeof(enc) / 2 ? n : sizeof(enc) / 2;

		if (write_all(l->fd, enc, km_telnet_encode(s, k, enc)))
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}

int km_line_break(struct km_line *l)
{
	static const uint8_t iac_break[] = { KM_IAC, KM_IAC_BREAK };

	if (l->fd < 0)
		return -1;
	if (l->o->kind == KM_LINE_TTY)
		return tcsendbreak(l->fd, 0);
	if (l->o->telnet)
		return write_all(l->fd, iac_break, sizeof(iac_break));
	errno = EOPNOTSUPP;
	return -1;
}
