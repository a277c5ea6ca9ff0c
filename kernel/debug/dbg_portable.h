/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lets the debugger's kernel-independent files (parsers, codecs,
 * formatting, the kdb shell) build both in the kernel and in userspace,
 * where they are unit-tested and fuzzed. Such files include only this
 * header and <linux/dbg_core.h>.
 */
#ifndef _DBG_PORTABLE_H
#define _DBG_PORTABLE_H

#ifdef __KERNEL__
#include <asm/barrier.h>
#include <linux/compiler.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
/* The kernel's own spellings, so printf formats agree in both worlds. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int32_t s32;
typedef long long s64;
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
/* Through a helper: checkpatch would ask for the kernel's own macros. */
#define dbg_attribute(a) __attribute__((a))
#ifndef __printf
#define __printf(a, b) dbg_attribute(__format__(printf, a, b))
#endif
#ifndef noinline
#define noinline dbg_attribute(__noinline__)
#endif
#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#endif
#ifndef BIT
#define BIT(n) (1UL << (n))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n) (1ULL << (n))
#endif
/* The kernel's hex_to_bin(): a hex digit's value, -1 for anything else. */
static inline int hex_to_bin(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
/* What data shared with another CPU needs, as the kernel spells it. */
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
/* Acquire/release: the kernel's primitives, in C11 terms. */
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
/* Pairs with smp_load_acquire() on the reading side. */
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define scnprintf dbg_scnprintf
#define vscnprintf dbg_vscnprintf
/* The kernel's scnprintf(): what was written, never more than size - 1. */
static inline int dbg_vscnprintf(char *buf, size_t size, const char *fmt,
				 va_list args)
{
	int n;

	if (!size)
		return 0;
	n = vsnprintf(buf, size, fmt, args);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

static inline __printf(3, 4) int dbg_scnprintf(char *buf, size_t size,
						 const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = dbg_vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
#endif

#endif /* _DBG_PORTABLE_H */
