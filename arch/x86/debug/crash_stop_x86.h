/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ARCH_X86_DEBUG_CRASH_STOP_X86_H
#define _ARCH_X86_DEBUG_CRASH_STOP_X86_H

/* x86_64's order of crash_stop_cpu.sregs. */
enum crash_stop_x86_sreg {
	CS_SREG_DS,		/* selectors */
	CS_SREG_ES,
	CS_SREG_FS,
	CS_SREG_GS,
	CS_SREG_FS_BASE,
	CS_SREG_GS_BASE,	/* of the interrupted context */
	CS_SREG_K_GS_BASE,	/* the other one (swapgs) */
	CS_SREG_CR0,
	CS_SREG_CR2,
	CS_SREG_CR3,
	CS_SREG_CR4,
	CS_SREG_CR8,		/* the local APIC's task priority */
	CS_SREG_EFER,
	CS_SREG_NR,
};

#endif /* _ARCH_X86_DEBUG_CRASH_STOP_X86_H */
