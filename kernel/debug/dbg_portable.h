/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lets the debugger's kernel-independent files (parsers, codecs,
 * formatting) build both in the kernel and in userspace, where they are
 * unit-tested and fuzzed. Such files include only this header.
 */
#ifndef _DBG_PORTABLE_H
#define _DBG_PORTABLE_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif
#endif

#endif /* _DBG_PORTABLE_H */
