# SPDX-License-Identifier: GPL-2.0
#
# Build a Linux 6.12 kernel with our debugger overlaid, boot it in QEMU,
# test it. `make run` and `make check` do all the set-up themselves.
#
#   make run      build and boot; kdbmon on this terminal is the console
#   make gdb      (another terminal) gdb on the running `make run`
#   make check    build and run every test (what CI runs)
#   make kernel | kmod | initramfs | kdbmon | unit | lint | sparse |
#        vmtest | bench
#   make mainline   mainline kgdb from the same source (make bench uses it)
#   make clean | distclean
#
# KSRC=/path/to/linux-6.12 builds from your own tree instead of Debian's
# linux-source-6.12 (the tree is copied; it is never modified).

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
TOP := $(CURDIR)
B ?= $(TOP)/build
KTREE := $(B)/linux
KOBJ := $(B)/kobj
KSRC ?=
KTARBALL := /usr/src/linux-source-6.12.tar.xz
FRAGMENT := $(TOP)/configs/qemu-x86_64.fragment
JOBS ?= $(shell nproc)
PYTHON := /usr/bin/python3
export CCACHE_DIR ?= $(HOME)/.cache/ccache
KMAKE = $(MAKE) -s -C $(KTREE) O=$(KOBJ) ARCH=x86_64 -j$(JOBS) \
	CC="$(if $(shell command -v ccache),ccache )gcc"
BZIMAGE := $(KOBJ)/arch/x86/boot/bzImage
INITRAMFS := $(B)/initramfs.cpio.gz
KMOD := $(B)/kmod
CSTEST := $(KMOD)/cstest.ko

.PHONY: all deps tree overlay config kernel kmod initramfs kdbmon run gdb \
	unit lint \
	sparse crash vmtest mainline bench check summary clean distclean

all: kernel initramfs kdbmon

deps:
	@$(TOP)/scripts/install-deps.sh

# The pristine tree, unpacked (or copied from KSRC) once; again only
# when KSRC changes.
TREE_ORIGIN := $(if $(KSRC),$(abspath $(KSRC)),$(KTARBALL))
ifneq ($(shell cat $(KTREE)/.unpacked 2>/dev/null),$(TREE_ORIGIN))
.PHONY: $(KTREE)/.unpacked
endif
$(KTREE)/.unpacked:
	@mkdir -p $(B)
	@rm -rf $(KTREE) $(KOBJ)
	@if [ -n "$(KSRC)" ]; then \
		echo "tree: copying $(KSRC)"; \
		rsync -a --exclude=.git "$(KSRC)/" $(KTREE)/; \
	else \
		echo "tree: unpacking $(KTARBALL)"; \
		mkdir -p $(KTREE); \
		tar -xf $(KTARBALL) -C $(KTREE) --strip-components=1; \
	fi
	@echo "$(TREE_ORIGIN)" > $@

tree: deps $(KTREE)/.unpacked

overlay: tree
	@$(TOP)/scripts/overlay.sh $(TOP) $(KTREE)

# tinyconfig plus our fragment; redone when the fragment changes.
$(KOBJ)/.config.base: $(FRAGMENT) | overlay
	@mkdir -p $(KOBJ)
	@$(KMAKE) tinyconfig >/dev/null
	@cd $(KOBJ) && $(KTREE)/scripts/kconfig/merge_config.sh -m -O $(KOBJ) \
		$(KOBJ)/.config $(FRAGMENT) >/dev/null
	@cp $(KOBJ)/.config $@

config: overlay $(KOBJ)/.config.base
	@cp -p $(KOBJ)/.config $(KOBJ)/.config.prev 2>/dev/null || true
	@cp $(KOBJ)/.config.base $(KOBJ)/.config
	@$(KMAKE) olddefconfig >/dev/null
	@# Keep the timestamp when nothing changed, so nothing rebuilds.
	@if cmp -s $(KOBJ)/.config $(KOBJ)/.config.prev; then \
		touch -r $(KOBJ)/.config.prev $(KOBJ)/.config; fi
	@$(TOP)/scripts/check-config.sh $(FRAGMENT) $(KOBJ)/.config

kernel: config
	@echo "kernel: building (log: $(B)/kernel-build.log)"
	@if [ -f $(KOBJ)/vmlinux ]; then kind=incremental; else kind=cold; fi; \
	start=$$(date +%s.%N); \
	if ! $(KMAKE) all > $(B)/kernel-build.log 2>&1; then \
		tail -40 $(B)/kernel-build.log; exit 1; fi; \
	end=$$(date +%s.%N); \
	echo "$$start $$end $$kind" | \
		awk '{printf "%.1f s (%s)\n", $$2 - $$1, $$3}' > $(B)/kernel-build-time
	@grep -E '(warning|error):' $(B)/kernel-build.log | \
		grep -E 'kernel/debug/|arch/x86/debug/|crash_stop|dbg_core' && \
		{ echo "kernel: our files have compiler warnings"; exit 1; } || true
	@echo "kernel: built in $$(cat $(B)/kernel-build-time): $(BZIMAGE)"

# The test-only module (tests/kmod), built out of tree against our kernel.
kmod: kernel
	@mkdir -p $(KMOD)
	@rsync -c $(TOP)/tests/kmod/* $(KMOD)/
	@$(MAKE) -s -C $(KOBJ) ARCH=x86_64 M=$(KMOD) \
		CC="$(if $(shell command -v ccache),ccache )gcc" modules \
		> $(B)/kmod-build.log 2>&1 || { cat $(B)/kmod-build.log; exit 1; }
	@if grep -E '(warning|error):' $(B)/kmod-build.log; then \
		echo "kmod: compiler warnings"; exit 1; fi
	@echo "kmod: $(CSTEST)"

# Test programs for the test machine (tests/progs), static: busybox only.
PROGS := $(B)/progs/hwbp_user
$(B)/progs/%: $(TOP)/tests/progs/%.c
	@mkdir -p $(B)/progs
	@gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

initramfs: deps kmod $(PROGS)
	@$(TOP)/scripts/mkinitramfs.sh $(INITRAMFS) $(CSTEST) $(PROGS)

# The host-side companion (tools/kdbmon), built into $(B).
KDBMON := $(B)/kdbmon/kdbmon
kdbmon: deps
	@$(MAKE) -s -C tools/kdbmon OUT=$(B)/kdbmon

# QEMU's console on a socket, kdbmon on this terminal (scripts/run.sh).
GDBPORT ?= 1234
run: kernel initramfs kdbmon
	@GDBPORT=$(GDBPORT) $(TOP)/scripts/run.sh $(B) $(KOBJ) $(KDBMON) \
		$(BZIMAGE) $(INITRAMFS)

# gdb on vmlinux, the kernel's gdb scripts loaded, through kdbmon's port.
gdb:
	@test -f $(KOBJ)/vmlinux || { echo "gdb: no vmlinux: make run first"; exit 1; }
	@cd $(KOBJ) && gdb -iex "add-auto-load-safe-path $(B)" \
		-ex "target remote :$(GDBPORT)" vmlinux

unit: deps
	@mkdir -p $(B)
	@$(MAKE) -s -C tests/unit run 2>&1 | tee $(B)/unit.log

lint: tree
	@$(TOP)/scripts/lint.sh $(KTREE)

# sparse on our kernel files (C=2: check even if already compiled).
sparse: kernel
	@$(KMAKE) C=2 CHECK=sparse kernel/debug/ arch/x86/debug/ \
		> $(B)/sparse.log 2>&1 || { cat $(B)/sparse.log; exit 1; }
	@if grep -E 'warning|error' $(B)/sparse.log; then \
		echo "sparse: problems found"; exit 1; fi
	@echo "sparse: kernel/debug and arch/x86/debug clean"

# crash 8.0.6 for the dump tests, built once (~10 min) and cached in
# ~/.cache; without it those tests check with gdb alone and say so.
crash: deps
	@$(TOP)/scripts/crash.sh >/dev/null || \
		echo "crash: not available; dump tests use gdb alone"

vmtest: kernel initramfs kdbmon
	@rm -f $(B)/boot-times $(B)/qemu-crashes
	@# Every expect has its own timeout; this bounds the whole run too.
	@BZIMAGE=$(BZIMAGE) INITRAMFS=$(INITRAMFS) BUILD=$(B) timeout 2400 \
		$(PYTHON) -m pytest -p no:cacheprovider -v \
		--junitxml=$(B)/vmtest.xml tests/vm

# Mainline's kgdb from the same source and config, for make bench.
mainline: deps
	@$(TOP)/scripts/build-mainline.sh $(TREE_ORIGIN) $(B)/mainline $(FRAGMENT)

# Benchmarks (not tests): crash_stop, kdb, breakpoints, the GDB stub
# against mainline kgdb (tests/vm/bench.py says what each measures).
bench: kernel initramfs mainline
	@BZIMAGE=$(BZIMAGE) INITRAMFS=$(INITRAMFS) BUILD=$(B) timeout 1800 \
		$(PYTHON) $(TOP)/tests/vm/bench.py

check: deps unit lint kernel sparse initramfs kdbmon crash vmtest summary

summary:
	@$(PYTHON) $(TOP)/scripts/summary.py $(B)

clean:
	@rm -rf $(KOBJ) $(KMOD) $(INITRAMFS) $(B)/initramfs
	@$(MAKE) -s -C tests/unit clean

distclean:
	@rm -rf $(B)
