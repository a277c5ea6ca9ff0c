/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash_stop_catch(): remember where to come back to after a fault on
 * the stop's master, like setjmp(). crash_stop_recover() points a trap
 * frame at it, so the trap returns here with 1 in %rax.
 *
 * The layout of struct crash_stop_catch on x86_64 (words):
 *   0 rbx  1 rbp  2 r12  3 r13  4 r14  5 r15  6 rsp  7 rip  8 rflags
 */
#include <linux/export.h>
#include <linux/linkage.h>
#include <asm/nospec-branch.h>

SYM_FUNC_START(crash_stop_catch)
	movq	%rbx, 0*8(%rdi)
	movq	%rbp, 1*8(%rdi)
	movq	%r12, 2*8(%rdi)
	movq	%r13, 3*8(%rdi)
	movq	%r14, 4*8(%rdi)
	movq	%r15, 5*8(%rdi)
	/* The caller's stack pointer and resume address after our ret. */
	leaq	8(%rsp), %rax
	movq	%rax, 6*8(%rdi)
	movq	(%rsp), %rax
	movq	%rax, 7*8(%rdi)
	pushfq
	popq	%rax
	movq	%rax, 8*8(%rdi)
	xorl	%eax, %eax
	RET
SYM_FUNC_END(crash_stop_catch)
EXPORT_SYMBOL_GPL(crash_stop_catch)
