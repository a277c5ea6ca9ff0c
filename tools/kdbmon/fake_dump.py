#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A fake target that sends kdbmon a dump, for testing by hand.

Listens on a unix socket (kdbmon unix:PATH connects to it), writes some
console text, sends a file with the protocol of
kernel/debug/core/dbg_dump_wire.h (the go-back-N sender of dw_tx_run(),
acks read from kdbmon), writes more text and says how it went.

    fake_dump.py --socket /tmp/t.sock --size 3000000 --save /tmp/sent &
    kdbmon -p 0 --dump-dir /tmp unix:/tmp/t.sock
    cmp /tmp/sent /tmp/vmcore-fake-...

fake_dump.py --seeds DIR writes the fuzz target's seeds instead
(tests/unit/fuzz_dump_wire.c: an options byte, then the line's bytes).
"""
import argparse
import os
import re
import select
import socket
import struct
import sys
import time
import zlib

SPECIAL = {0x0a, 0x0d, 0x11, 0x13, 0x7d, 0xf7}
MAGIC = b'\xf7KDF'
CHUNK = 4096


def escape(b):
    out = bytearray()
    for c in b:
        if c in SPECIAL:
            out += bytes((0x7d, c ^ 0x20))
        else:
            out.append(c)
    return bytes(out)


def frame(ftype, seq, payload):
    hdr = MAGIC + struct.pack('<BBHII', ord(ftype), 1, 0, seq, len(payload))
    crc = zlib.crc32(payload, zlib.crc32(hdr))
    return MAGIC + escape(hdr[4:] + struct.pack('<I', crc) + payload)


def start_payload(size, frames, name, ident):
    return struct.pack('<QQQIII64s', size, frames, 1 << 30, 31, 2, ident,
                       name.encode()[:63])


def end_payload(size, status=0, msg=b''):
    return struct.pack('<QI96s', size, status, msg[:95])


class Dump:
    """Frame n of a file, as dbg_dump makes them: start, data, end."""

    def __init__(self, data, name='fake', ident=42):
        self.data = data
        self.name = name
        self.ident = ident
        self.total = 2 + (len(data) + CHUNK - 1) // CHUNK

    def frame(self, seq):
        if seq == 0:
            return frame('S', 0, start_payload(len(self.data), self.total,
                                              self.name, self.ident))
        if seq == self.total - 1:
            return frame('E', seq, end_payload(len(self.data)))
        off = (seq - 1) * CHUNK
        return frame('D', seq, struct.pack('<Q', off) +
                     self.data[off:off + CHUNK])


def crc16(body):
    """CRC-16/CCITT of a command's letter and number (dbg_dump_wire.c)."""
    c = 0xffff
    for x in body:
        c ^= x << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021 if c & 0x8000 else c << 1) & 0xffff
    return c


CMD = re.compile(rb'\$([ARQ])([0-9a-fA-F]{0,8})#([0-9a-fA-F]{4})')


class Line:
    def __init__(self, sock, rate):
        self.sock = sock
        self.rate = rate        # bytes a second; 0: as fast as it goes
        self.t0 = time.monotonic()
        self.sent = 0
        self.inbuf = b''
        self.other = 0          # bytes that were no command (keys)

    def write(self, b):
        self.sock.sendall(b)
        self.sent += len(b)
        if self.rate:
            ahead = self.t0 + self.sent / self.rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)

    def wait(self, secs):
        """Wait up to @secs for the receiver to say something."""
        select.select([self.sock], [], [], secs)

    def commands(self, wait):
        """Commands from the receiver, waiting up to @wait seconds."""
        r, _, _ = select.select([self.sock], [], [], wait)
        if r:
            got = self.sock.recv(4096)
            if not got:
                raise EOFError('kdbmon closed the line')
            self.inbuf += got
        out = []
        pos = 0
        for m in CMD.finditer(self.inbuf):
            self.other += len(self.inbuf[pos:m.start()])
            body = m.group(1) + m.group(2)
            if crc16(body) == int(m.group(3), 16):
                out.append((m.group(1).decode(),
                            int(m.group(2), 16) if m.group(2) else 0))
            pos = m.end()
        self.inbuf = self.inbuf[pos:][-64:]
        return out


def now_ms():
    return time.monotonic() * 1000


def send(line, dump, window, resend_ms, hello_ms, giveup_ms):
    """dw_tx_run(): 0, or why it stopped."""
    acked = nxt = high = resent = go_backs = 0
    heard = quiet = now_ms()
    while acked < dump.total:
        for cmd, seq in line.commands(0):
            if cmd == 'Q':
                return 'the receiver gave up', resent, go_backs
            if seq > high:
                continue
            quiet = now_ms()
            if seq > acked:
                heard = quiet
                acked = seq
                nxt = max(nxt, seq)
            if cmd == 'R' and acked <= seq < nxt:
                nxt = seq
                go_backs += 1
        if acked >= dump.total:
            break
        if nxt < dump.total and nxt - acked < (window if acked else 1):
            if nxt < high:
                resent += 1
            try:
                line.write(dump.frame(nxt))
            except OSError as e:
                # kdbmon went: did it say it gave up first?
                quit = any(c == 'Q' for c, _ in line.commands(0))
                return ('the line broke (%s)%s' %
                        (e, ', after a $Q' if quit else '')), resent, go_backs
            nxt += 1
            high = max(high, nxt)
            continue
        t = now_ms()
        if not acked and t - heard >= hello_ms:
            return 'no receiver answered', resent, go_backs
        if t - heard >= giveup_ms:
            return 'the receiver stopped answering', resent, go_backs
        if t - quiet >= resend_ms:
            nxt = acked
            go_backs += 1
            quiet = t
            continue
        line.wait(0.002)
    return None, resent, go_backs


def content(size, seed):
    """Every byte value, the frame's special ones too; some zero pages."""
    b = bytearray((i * 7 + (i >> 12) + seed) & 0xff for i in range(size))
    for z in range(3 * CHUNK, min(size, 5 * CHUNK)):
        b[z] = 0
    return bytes(b)


def seeds(d):
    """Three transfers, each under make's FUZZ_MAX_LEN (600 bytes)."""
    os.makedirs(d, exist_ok=True)
    body = content(40, 1)
    text = b'dump: level 31\r\n'

    def data(seq, off, b):
        return frame('D', seq, struct.pack('<Q', off) + b)

    start = frame('S', 0, start_payload(40, 4, 'seed host', 7))
    one, two = data(1, 0, body[:20]), data(2, 20, body[20:])
    end = frame('E', 3, end_payload(40, 0, b'ok'))
    # A whole transfer between console text.
    whole = text + start + one + two + end + b'\r\n[0]kdb> '
    # Damaged, lost and twice: a frame's CRC, a gap, a duplicate.
    bad = bytearray(one)
    bad[-3] ^= 0x01 if bad[-3] not in (0x7c, 0xf6) else 0x02
    rough = start + bytes(bad) + two + one + two + two + end
    # Two transfers, the second's data an LZ4 block ("abcd", then a match
    # 4 back of 12: "abcd" * 4; the last sequence, no literals), a
    # failed end, and text that starts like a frame.
    other = frame('S', 0, start_payload(16, 3, '..\x1b/x', 8))
    lz4 = bytes((0x48,)) + b'abcd' + bytes((4, 0, 0))
    odd = (b'\xf7K\xf7KD x' + start + other +
           frame('L', 1, struct.pack('<Q', 0) + lz4) +
           frame('E', 2, end_payload(16, 5, b'no \x01 room')) + b'$A1#72')
    # The options byte: reads of 4096, 3 and 64 bytes, 20, 60, 0 ms each.
    for i, (opt, blob) in enumerate(((0x1e, whole), (0x34, rough),
                                     (0x0a, odd))):
        assert len(blob) < 600
        with open(os.path.join(d, 'seed_%02d' % (i + 1)), 'wb') as f:
            f.write(bytes((opt,)) + blob)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--socket', help='unix socket to listen on')
    ap.add_argument('--size', type=int, default=1 << 20)
    ap.add_argument('--name', default='fake-6.12.0')
    ap.add_argument('--save', help='write the file sent here too')
    ap.add_argument('--rate', type=int, default=0,
                    help='bytes a second (0: no limit)')
    ap.add_argument('--window', type=int, default=32)
    ap.add_argument('--resend-ms', type=int, default=2000)
    ap.add_argument('--hello-ms', type=int, default=5000)
    ap.add_argument('--giveup-ms', type=int, default=15000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--after', type=float, default=1.0,
                    help='seconds to stay connected after the dump')
    ap.add_argument('--delay', type=float, default=0.3,
                    help='seconds after kdbmon connects before the text')
    ap.add_argument('--split-packet', action='store_true',
                    help='a gdb reply cut in two by the dump')
    ap.add_argument('--seeds', help='write the fuzz seeds into this dir')
    a = ap.parse_args()
    if a.seeds:
        seeds(a.seeds)
        return 0
    if not a.socket:
        ap.error('--socket or --seeds')
    data = content(a.size, a.seed)
    if a.save:
        with open(a.save, 'wb') as f:
            f.write(data)
    if os.path.exists(a.socket):
        os.unlink(a.socket)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(a.socket)
    srv.listen(1)
    sock, _ = srv.accept()
    line = Line(sock, a.rate)
    time.sleep(a.delay)
    line.write(b'console text before the dump\r\n[0]kdb> dump\r\n')
    if a.split_packet:
        line.write(b'$OK')
    t = time.monotonic()
    err, resent, go_backs = send(line, Dump(data, a.name), a.window,
                                 a.resend_ms, a.hello_ms, a.giveup_ms)
    ms = (time.monotonic() - t) * 1000
    if a.split_packet:
        line.write(b'#9a')
    result = 'error: %s' % err if err else 'ok'
    try:
        line.write(b'dump: %s, %d bytes in %d ms, %d frames sent again, '
                   b'%d go-backs\r\nconsole text after the dump\r\n'
                   b'[0]kdb> ' %
                   (result.encode(), len(data), ms, resent, go_backs))
    except OSError:
        pass
    time.sleep(a.after)
    try:
        line.commands(0)
    except EOFError:
        pass
    print('fake_dump: %s, %d bytes in %d ms, %d resent, %d go-backs, '
          '%d other bytes from kdbmon' %
          (result, len(data), ms, resent, go_backs,
           line.other + len(line.inbuf)),
          file=sys.stderr)
    sock.close()
    os.unlink(a.socket)
    return 0 if not err else 1


if __name__ == '__main__':
    sys.exit(main())
