#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run: boot the test machine with its serial console on a unix
# socket (QEMU's telnet mode, so a serial BREAK can be sent), and run
# kdbmon on that socket on this terminal. Quitting kdbmon (hot key, q)
# ends QEMU; QEMU ending (poweroff) ends kdbmon.
#   scripts/run.sh BUILD KOBJ KDBMON BZIMAGE INITRAMFS [kernel args]
# Environment: GDBPORT (kdbmon's gdb port, 1234), KDBMON_ARGS (more
# kdbmon options), KDBMON_SYMBOLS (the symbol file, KOBJ/System.map; set
# empty, kdb on the target completes symbols), RUN_DIR (where the
# socket and QEMU's log go: BUILD), and qemu.sh's (SMP, MEM, KASLR).
set -euo pipefail
build=$1 kobj=$2 kdbmon=$3 bzimage=$4 initramfs=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
dir=${RUN_DIR:-$build}
sock=$dir/ttyS0.sock
port=${GDBPORT:-1234}
rm -f "$sock"
"$here/qemu.sh" "$bzimage" "$initramfs" "$@" -- \
	-chardev "socket,id=con0,path=$sock,server=on,wait=off,telnet=on" \
	-serial chardev:con0 -monitor none \
	</dev/null >"$dir/qemu.log" 2>&1 &
qemu=$!
ended() {
	kill $qemu 2>/dev/null || true
	local st=0
	wait $qemu 2>/dev/null || st=$?
	# 143: ended by us (SIGTERM); anything else is QEMU's own end.
	[ $st = 0 ] || [ $st = 143 ] || echo "run: QEMU ended with status $st"
}
trap ended EXIT
for _ in $(seq 100); do
	[ -S "$sock" ] && break
	kill -0 $qemu 2>/dev/null || { cat "$dir/qemu.log"; exit 1; }
	sleep 0.1
done
echo "run: QEMU's console on $sock; gdb: 'make gdb' in another terminal" \
	"(target remote :$port); kdbmon's hot key is Ctrl-], then ? for help"
# shellcheck disable=SC2086
symbols=${KDBMON_SYMBOLS-$kobj/System.map}
# shellcheck disable=SC2086
"$kdbmon" --telnet --gdb-port "$port" --follow-pid $qemu \
	${symbols:+--symbols "$symbols"} ${KDBMON_ARGS:-} "unix:$sock"
