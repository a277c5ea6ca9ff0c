#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Provide the crash utility, 8.0.6, for the VM tests: Debian 12's crash
# 8.0.2 cannot open Linux 6.12 dumps, 8.0.6 is the first release that
# can, and trixie's binary package needs a newer libc than bookworm's.
# So build it once from trixie's source and cache it outside the tree.
#   scripts/crash.sh
# Prints the path of the crash binary (stdout's only line); progress and
# errors go to stderr. Cache: ${XDG_CACHE_HOME:-~/.cache}/kdbg-crash/.
set -euo pipefail

ver=8.0.6
root=${XDG_CACHE_HOME:-${HOME:?}/.cache}/kdbg-crash
dest=$root/$ver
bin=$dest/bin/crash

# Only the path goes to stdout; everything else (our messages, apt's,
# the build's) to stderr.
exec 3>&1 1>&2

# crash --version prints a blank line, then "crash 8.0.6".
works() {
	local v
	v=$("$1" --version 2>&1) || return 1
	grep -qx "crash $ver" <<< "$v"
}
found() { echo "$bin" >&3; exit 0; }
die() { echo "crash: $*" >&2; exit 1; }

works "$bin" && found

# trixie's orig tarball, crash 8.0.6 with gdb-10.2.tar.gz and crash's
# gdb-10.2.patch inside, so the build needs nothing from ftp.gnu.org.
# Its size and SHA-256 are those of trixie's Sources index (signed via
# the InRelease file). Fetched alone, by apt's own downloader with the
# hash pinned, so no sources list or apt state of the system changes.
# Debian's patches (crash_8.0.6-1.debian.tar.xz) are not applied: the
# upstream release builds and works as it is with bookworm's gcc 12, and
# leaving them out keeps the build independent of that Debian revision
# staying on the mirror. DEBIAN_MIRROR overrides the mirror.
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
orig=crash_$ver.orig.tar.gz
orig_sha256=097c6c94ded7e24db4af58de24744bd28276d6f5bae0828bc6b6a02664c4282a

# The VM tests read x86_64 dumps; crash's gdb is built for the host.
[ "$(uname -m)" = x86_64 ] || die "x86_64 hosts only, this is $(uname -m)"

# trixie's Build-Depends that matter here: not debhelper, dpkg-dev and
# quilt (no Debian package is made), nor binutils-dev (crash links the
# bfd of its own gdb). g++ for gdb, patch for crash's gdb-10.2.patch.
pkgs=(
	gcc g++ make patch binutils
	bison flex gawk texinfo
	zlib1g-dev libncurses-dev liblzo2-dev libsnappy-dev libzstd-dev
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] ||
		die "missing ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
	echo "crash: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
fi

mkdir -p "$root"
exec 9>"$root/$ver.lock"
if ! flock -n 9; then
	echo "crash: waiting for another build of crash $ver"
	flock 9
fi
works "$bin" && found
# What a killed build left behind (only the lock's holder makes these).
rm -rf "$root"/tmp.*

# Build in a scratch directory next to the cache, so the finished tree
# is renamed into place in one step: the cache never holds half a build.
tmp=$(mktemp -d "$root/tmp.XXXXXX")
dl=$(mktemp -d)
trap 'rm -rf "$tmp" "$dl"' EXIT
log=$root/$ver.build.log
start=$(date +%s)

echo "crash: fetching $orig"
# As root apt downloads as the _apt user: let it write to $dl (in $TMPDIR,
# as the cache may be under root's 0700 home).
if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
	chmod 755 "$dl"
	chown _apt "$dl"
fi
/usr/lib/apt/apt-helper download-file "$mirror/pool/main/c/crash/$orig" \
	"$dl/$orig" "SHA256:$orig_sha256" ||
	die "cannot fetch $mirror/pool/main/c/crash/$orig"

echo "crash: building crash $ver (log: $log)"
tar -xzf "$dl/$orig" -C "$tmp"
src=$tmp/crash-$ver
[ -f "$src/gdb-10.2.tar.gz" ] || die "$orig lacks gdb-10.2.tar.gz"
# lzo, snappy, zstd: read makedumpfile dumps compressed with them.
if ! make -C "$src" -j"$(nproc)" target=X86_64 lzo snappy zstd \
	> "$log" 2>&1 9>&-; then
	tail -40 "$log"
	die "build failed (log: $log)"
fi

mkdir -p "$tmp/$ver/bin"
strip -o "$tmp/$ver/bin/crash" "$src/crash"
if ! works "$tmp/$ver/bin/crash"; then
	"$tmp/$ver/bin/crash" --version 2>&1 | head -5 || true
	die "the built crash does not report version $ver (log: $log)"
fi
rm -rf "$dest"
mv -T "$tmp/$ver" "$dest"
echo "crash: built crash $ver in $(($(date +%s) - start))s"
found
