#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Connect stdin/stdout to a unix socket: gdb's `target remote | ...`
reaches a QEMU serial line on a unix socket through it (gdb 13.1 has no
unix-socket target of its own)."""
import os
import select
import socket
import sys

sock = socket.socket(socket.AF_UNIX)
sock.connect(sys.argv[1])
ins, out = sys.stdin.fileno(), sys.stdout.fileno()
while True:
    ready, _, _ = select.select([ins, sock], [], [])
    if ins in ready:
        data = os.read(ins, 65536)
        if not data:
            break
        sock.sendall(data)
    if sock in ready:
        data = sock.recv(65536)
        if not data:
            break
        os.write(out, data)
