#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test machine with its serial console on this terminal.
#   scripts/qemu.sh BZIMAGE INITRAMFS [extra kernel args] [-- qemu args]
# Environment: SMP (4), MEM (256M), ACCEL (tcg,thread=multi; or kvm),
# KASLR (0: boot with nokaslr, so addresses are System.map's; 1: KASLR on).
set -euo pipefail
kernel=$1 initrd=$2
shift 2
append=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do append+=("$1"); shift; done
[ "${1:-}" = -- ] && shift

# TCG by default: on the machines this project runs on /dev/kvm exists
# and a KVM probe succeeds, but a guest then never starts running. Set
# ACCEL=kvm where KVM really works.
ACCEL=${ACCEL:-tcg,thread=multi}
kaslr=nokaslr
[ "${KASLR:-0}" = 1 ] && kaslr=
# A guest reset ends QEMU, unless REBOOT=1: then the guest boots again
# with its RAM as it was (the dump's RAM target relies on that).
noreboot=-no-reboot
[ "${REBOOT:-0}" = 1 ] && noreboot=

exec qemu-system-x86_64 -accel "$ACCEL" -M q35 -cpu max \
	-smp "${SMP:-4}" -m "${MEM:-256M}" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0,115200 $kaslr panic=-1 apic_extnmi=all dbg_core.port=ttyS0 ${append[*]}" \
	-nographic ${noreboot} "$@"
