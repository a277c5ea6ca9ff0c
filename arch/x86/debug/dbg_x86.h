/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ARCH_X86_DEBUG_DBG_X86_H
#define _ARCH_X86_DEBUG_DBG_X86_H

#include <linux/types.h>

struct pt_regs;

/* Address of the int3 in dbg_arch_break(), stored by its inline asm. */
extern const unsigned long dbg_arch_break_ip;

bool dbg_x86_step_done(struct pt_regs *regs);
bool dbg_x86_ss_done(struct pt_regs *regs);
void dbg_x86_step_fault(struct pt_regs *regs);
unsigned long dbg_x86_hw_take(void);

#endif /* _ARCH_X86_DEBUG_DBG_X86_H */
