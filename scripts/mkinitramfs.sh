#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test machine's initramfs: busybox-static plus tests/initramfs,
# plus the given kernel modules in /lib/modules and programs in /bin.
#   scripts/mkinitramfs.sh OUTPUT.cpio.gz [MODULE.ko | PROGRAM]...
set -euo pipefail
out=$(realpath -m "$1")
shift
top=$(cd "$(dirname "$0")/.." && pwd)
root=$(dirname "$out")/initramfs

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,root,etc}
cp /bin/busybox "$root/bin/busybox"
cp -r "$top/tests/initramfs/." "$root/"
mkdir -p "$root/lib/modules"
for f in "$@"; do
	case "$f" in
	*.ko) cp "$f" "$root/lib/modules/" ;;
	*) cp "$f" "$root/bin/" ;;
	esac
done
chmod +x "$root/init"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out"
