#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build mainline's kgdb from the same kernel source, for `make bench`'s
# comparison: a pristine tree (no overlay), the same config fragment with
# our options dropped and mainline's gdb stub on (KGDB over a serial
# line, kgdboc; kdb off, so both kernels meet gdb the same way: the stub
# waiting on its own line).
#   scripts/build-mainline.sh SOURCE(tarball or tree) BUILD_DIR FRAGMENT
set -euo pipefail
src=$1 dir=$2 frag=$3
tree=$dir/linux obj=$dir/kobj
jobs=$(nproc)
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

if [ "$(cat "$tree/.unpacked" 2>/dev/null)" != "$src" ]; then
	echo "mainline: unpacking $src"
	rm -rf "$tree" "$obj"
	mkdir -p "$tree"
	if [ -d "$src" ]; then
		rsync -a --exclude=.git "$src/" "$tree/"
	else
		tar -xf "$src" -C "$tree" --strip-components=1
	fi
	echo "$src" > "$tree/.unpacked"
fi

mkdir -p "$obj"
{
	grep -vE 'CONFIG_(CRASH_STOP|DBG_[A-Z_]+|KGDB)[= ]' "$frag"
	cat <<'EOC'
CONFIG_KGDB=y
CONFIG_KGDB_SERIAL_CONSOLE=y
CONFIG_KGDB_HONOUR_BLOCKLIST=y
# CONFIG_KGDB_KDB is not set
# CONFIG_KGDB_TESTS is not set
EOC
} > "$dir/mainline.fragment"

kmake() { make -s -C "$tree" O="$obj" ARCH=x86_64 -j"$jobs" CC="$cc" "$@"; }
if ! cmp -s "$dir/mainline.fragment" "$obj/.fragment" 2>/dev/null; then
	kmake tinyconfig >/dev/null
	(cd "$obj" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "$dir/mainline.fragment" >/dev/null)
	kmake olddefconfig >/dev/null
	"$(dirname "$0")/check-config.sh" "$dir/mainline.fragment" "$obj/.config"
	cp "$dir/mainline.fragment" "$obj/.fragment"
fi
echo "mainline: building kgdb's kernel (log: $dir/build.log)"
kmake all > "$dir/build.log" 2>&1 || { tail -40 "$dir/build.log"; exit 1; }
echo "mainline: $obj/arch/x86/boot/bzImage"
