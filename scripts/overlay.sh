#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Overlay our debugger onto a stock Linux 6.12 tree.
#
#   scripts/overlay.sh REPO_DIR KERNEL_TREE
#
# Idempotent: run before every build. Our files are copied with
# `rsync --checksum`, so a file whose content did not change keeps its
# timestamp and kbuild rebuilds only what really changed.
#
# Every edit made to a mainline file is listed and explained below.
# Each edit checks that it applied, so a tree it does not fit fails here
# instead of building a kernel without the debugger.
set -euo pipefail

repo=$(cd "$1" && pwd)
ksrc=$(cd "$2" && pwd)

die() { echo "overlay: $*" >&2; exit 1; }

[ -f "$ksrc/Makefile" ] && grep -q '^PATCHLEVEL = 12$' "$ksrc/Makefile" ||
	die "$ksrc is not a Linux 6.12 tree"

# 1. Replace mainline's kernel/debug (kgdb + kdb) with ours. The mainline
#    directory is removed once; after that --delete keeps the copy exact.
if [ ! -f "$ksrc/kernel/debug/.crash_stop_overlay" ]; then
	rm -rf "$ksrc/kernel/debug"
	mkdir -p "$ksrc/kernel/debug"
fi
rsync -rc --delete --exclude=/Kconfig --exclude=/.crash_stop_overlay \
	"$repo/kernel/debug/" "$ksrc/kernel/debug/"
rsync -c "$repo/Kconfig" "$ksrc/kernel/debug/Kconfig"
touch "$ksrc/kernel/debug/.crash_stop_overlay"

# 2. Our x86 layer and public headers.
mkdir -p "$ksrc/arch/x86/debug"
rsync -rc --delete "$repo/arch/x86/debug/" "$ksrc/arch/x86/debug/"
rsync -rc "$repo/include/linux/" "$ksrc/include/linux/"

# edit FILE MARKER SED-EXPR: apply a sed edit once, identified by MARKER.
edit() {
	local file=$ksrc/$1 marker=$2 expr=$3
	grep -qF -- "$marker" "$file" && return 0
	sed -i -e "$expr" "$file"
	grep -qF -- "$marker" "$file" || die "edit of $1 did not apply"
}

# Mainline edit A (kernel/Makefile): kernel/debug was built only for
# CONFIG_KGDB; it now holds our subsystem, built for CONFIG_CRASH_STOP.
edit kernel/Makefile 'obj-$(CONFIG_CRASH_STOP) += debug/' \
	's|^obj-$(CONFIG_KGDB) += debug/$|obj-$(CONFIG_CRASH_STOP) += debug/|'

# Mainline edit B (lib/Kconfig.debug): make our options visible, next to
# where mainline sources its kgdb options.
edit lib/Kconfig.debug 'source "kernel/debug/Kconfig"' \
	'/^source "lib\/Kconfig.kgdb"$/a source "kernel/debug/Kconfig"'

# Mainline edit C (lib/Kconfig.kgdb): mainline kgdb's code is gone, so
# CONFIG_KGDB must not be selectable any more (it would fail to link).
edit lib/Kconfig.kgdb 'depends on BROKEN # kgdb replaced by overlay' \
	'/^menuconfig KGDB$/a \	depends on BROKEN # kgdb replaced by overlay'

# Mainline edit D (arch/x86/Kbuild): build our x86 layer.
edit arch/x86/Kbuild 'obj-$(CONFIG_CRASH_STOP) += debug/' \
	'$a obj-$(CONFIG_CRASH_STOP) += debug/'

# Mainline edit E (kernel/panic.c): stop the other CPUs through
# crash_stop, with their state saved and the debugger and dump writer
# told, before panic() stops them its own way (smp_send_stop()), which
# throws their state away. Placed where mainline lets kgdb in, for the
# same reason. The CPUs are left halted and offline, so the rest of
# panic() goes on as before.
edit kernel/panic.c '#include <linux/crash_stop.h>' \
	's|^#include <linux/kgdb.h>$|&\n#include <linux/crash_stop.h>|'
edit kernel/panic.c '	crash_stop_panic(buf);' \
	's|^\tkgdb_panic(buf);$|&\n\tcrash_stop_panic(buf);|'

# Mainline edit F (kernel/reboot.c): an emergency reboot (sysrq-b,
# panic's reboot, watchdogs) stops and halts the other CPUs through
# crash_stop first, so none runs on while the machine resets.
edit kernel/reboot.c '#include <linux/crash_stop.h>' \
	's|^#include <linux/console.h>$|&\n#include <linux/crash_stop.h>|'
edit kernel/reboot.c '	crash_stop_emergency_restart();' \
	'/^void emergency_restart(void)$/,/^}$/ s|^\tkmsg_dump(KMSG_DUMP_EMERG);$|&\n\tcrash_stop_emergency_restart();|'

# Mainline edit G (scripts/gdb/linux/cpus.py): x86-64 links per-CPU
# variables from address 0. gdb relocating vmlinux for KASLR (as our
# stub's qOffsets asks) moves that section with the rest, so per_cpu(),
# and with it $lx_current() and $lx_per_cpu(), read the wrong address.
# The edit takes gdb's move back off; it is nothing without KASLR or a
# relocation, and on other architectures.
edit scripts/gdb/linux/cpus.py '    # Per-CPU variables moved with vmlinux (overlay edit G)' \
	'/^    pointer = var_ptr.cast(utils.get_long_type()) + offset$/i\
\    # Per-CPU variables moved with vmlinux (overlay edit G): x86-64 links\
\    # them from 0, and gdb relocating vmlinux for KASLR moved them too.\
\    if utils.is_target_arch("x86-64"):\
\        moved = int(gdb.parse_and_eval("(unsigned long)&__per_cpu_start"))\
\        if moved < 1 << 32:\
\            offset -= moved'
echo "overlay: $repo -> $ksrc done"
