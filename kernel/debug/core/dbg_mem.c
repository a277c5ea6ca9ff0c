// SPDX-License-Identifier: GPL-2.0
/*
 * The debug core's memory accessors: every read and write a front-end
 * makes goes through here, never faults, and says how far it got.
 *
 * Reads and writes go a page at a time, so a range that runs into an
 * unmapped page reports the bytes before it. Writes to kernel or module
 * text go through the kernel's text-poke path (text is read-only with
 * STRICT_KERNEL_RWX) and tell crash_stop, so every CPU serialises before
 * it runs the changed text.
 */

#include <linux/crash_stop.h>
#include <linux/dbg_core.h>
#include <linux/kernel.h>
#include <linux/memory.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/page.h>
#include <asm/sections.h>
#include <asm/text-patching.h>

#include "dbg_internal.h"

/* Bytes from @addr to the end of its page, at most @len. */
static size_t dbg_page_chunk(unsigned long addr, size_t len)
{
	return min_t(size_t, len, PAGE_SIZE - (addr & ~PAGE_MASK));
}

/**
 * dbg_read_nofault - read kernel memory for the core's own use
 * @dst: destination
 * @src: kernel address
 * @len: bytes
 *
 * Return: 0, or a negative errno as dbg_mem_read() gives.
 */
int dbg_read_nofault(void *dst, unsigned long src, size_t len)
{
	int err = dbg_arch_addr_check(src, len);

	if (err)
		return err;
	if (copy_from_kernel_nofault(dst, (const void *)src, len))
		return -EFAULT;
	return 0;
}

/* Read [@addr, @addr + @len) a page at a time; *@done gets the count. */
static int dbg_read_pages(unsigned long addr, u8 *buf, size_t len,
			  size_t *done)
{
	size_t got = 0, n;
	int err = 0;

	while (got < len) {
		n = dbg_page_chunk(addr + got, len - got);
		err = dbg_read_nofault(buf + got, addr + got, n);
		if (err)
			break;
		got += n;
	}
	if (done)
		*done = got;
	return err;
}

/**
 * dbg_mem_read - read kernel virtual memory without risk of faulting
 * @addr: kernel address
 * @buf: destination
 * @len: bytes
 * @done: if not NULL, set to the bytes read before a failure (all of
 *	them on success)
 *
 * Return: 0; -EPERM under confidentiality lockdown; -EACCES for a user
 * address; -ENXIO for a non-canonical one; -EFAULT for an unmapped one.
 */
int dbg_mem_read(u64 addr, void *buf, size_t len, size_t *done)
{
	int err;

	if (done)
		*done = 0;
	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	err = dbg_read_pages(addr, buf, len, done);
	/* The real bytes, where a breakpoint could not be taken out. */
	if (!err)
		dbg_bp_patch_view(addr, buf, len);
	return err;
}

/* Module text, or core kernel text (init text too while it exists). */
static bool dbg_is_text(unsigned long addr)
{
	return core_kernel_text(addr) || __module_text_address(addr);
}

/* Read-only data a plain write cannot change. */
static bool dbg_is_rodata(unsigned long addr)
{
	struct module *mod;

	if (is_kernel_rodata(addr))
		return true;
	mod = __module_address(addr);
	return mod && (within_module_mem_type(addr, mod, MOD_RODATA) ||
		       within_module_mem_type(addr, mod, MOD_RO_AFTER_INIT));
}

/**
 * dbg_text_poke - change kernel or module text, every other CPU stopped
 * @addr: where
 * @src: the new bytes
 * @len: how many
 *
 * Through the kernel's text-poke path (text stays read-only); the other
 * CPUs serialise before they run again.
 *
 * Return: 0; -EBUSY if a stopped CPU is patching text itself; -EIO if
 * the text did not take the bytes.
 */
int dbg_text_poke(unsigned long addr, const void *src, size_t len)
{
	u8 check[16];
	size_t off, n;

	/*
	 * A stopped CPU holding text_mutex may be inside text_poke() with
	 * its page-table lock held: ours would wait for it forever.
	 */
	unsigned long dr7;

	if (mutex_is_locked(&text_mutex))
		return -EBUSY;
	/* It turns the debug registers on: not inside a #DB or an NMI. */
	dr7 = dbg_arch_hw_save();
	text_poke_kgdb((void *)addr, src, len);
	dbg_arch_hw_restore(dr7);
	crash_stop_text_changed();
	for (off = 0; off < len; off += n) {
		n = min(len - off, sizeof(check));
		if (dbg_read_nofault(check, addr + off, n) ||
		    memcmp(check, (const u8 *)src + off, n))
			return -EIO;
	}
	return 0;
}

/**
 * dbg_mem_write - write kernel virtual memory without risk of faulting
 * @addr: kernel address
 * @buf: the bytes
 * @len: how many
 * @done: if not NULL, set to the bytes written before a failure
 *
 * Kernel and module text is changed through text_poke, with the other
 * CPUs told to serialise when they resume; other read-only data is
 * refused.
 *
 * Return: 0; -EPERM under integrity lockdown; -EROFS for read-only
 * data; -EBUSY if text is being patched by a stopped CPU, or a
 * breakpoint is set on it (its saved copy would go stale); -EIO if text
 * did not take the new bytes; the errors of dbg_mem_read().
 */
int dbg_mem_write(u64 addr, const void *buf, size_t len, size_t *done)
{
	const u8 *src = buf;
	size_t put = 0, n;
	unsigned long a;
	int err = 0;

	if (done)
		*done = 0;
	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	while (put < len) {
		a = addr + put;
		n = dbg_page_chunk(a, len - put);
		err = dbg_arch_addr_check(a, n);
		if (err)
			break;
		if (dbg_is_text(a) || dbg_is_text(a + n - 1))
			err = dbg_bp_covers(a, n) ? -EBUSY :
			      dbg_text_poke(a, src + put, n);
		else if (copy_to_kernel_nofault((void *)a, src + put, n))
			err = dbg_is_rodata(a) ? -EROFS : -EFAULT;
		if (err)
			break;
		put += n;
	}
	if (done)
		*done = put;
	return err;
}

/**
 * dbg_phys_read - read physical memory (RAM only) without faulting
 * @paddr: physical address
 * @buf: destination
 * @len: bytes
 * @done: if not NULL, set to the bytes read before a failure
 *
 * Only RAM is read (through the kernel's direct map): device memory
 * could change state when read.
 *
 * Return: 0; -EPERM under confidentiality lockdown; -EIO for an address
 * that is not RAM; -EFAULT if the direct map does not map it.
 */
int dbg_phys_read(u64 paddr, void *buf, size_t len, size_t *done)
{
	size_t got = 0, n;
	int err = 0;

	if (done)
		*done = 0;
	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	while (got < len) {
		n = dbg_page_chunk(paddr + got, len - got);
		if (!dbg_arch_phys_is_ram(paddr + got, n)) {
			err = -EIO;
			break;
		}
		if (copy_from_kernel_nofault((u8 *)buf + got,
					     __va(paddr + got), n)) {
			err = -EFAULT;
			break;
		}
		got += n;
	}
	if (done)
		*done = got;
	return err;
}

/**
 * dbg_virt_to_phys - the physical address a kernel address maps to
 * @addr: kernel virtual address
 * @paddr: set to the physical address
 *
 * Return: 0; -EPERM under confidentiality lockdown; -EACCES, -ENXIO as
 * for reads; -EFAULT if it is not mapped.
 */
int dbg_virt_to_phys(u64 addr, u64 *paddr)
{
	int err;

	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	err = dbg_arch_addr_check(addr, 1);
	if (err)
		return err;
	return dbg_arch_virt_to_phys(addr, paddr);
}
