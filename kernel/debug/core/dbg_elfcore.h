/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An ELF64 core file (x86-64) laid out as the kernel's kdump header is,
 * so that gdb, crash and makedumpfile all read it: the program headers
 * right after the ELF header, one PT_NOTE first, then PT_LOADs with
 * p_align 0. Portable: writes bytes into the caller's buffers, built in
 * the kernel and in userspace (unit tests).
 */
#ifndef _DBG_ELFCORE_H
#define _DBG_ELFCORE_H

#include "../dbg_portable.h"

#define EC_EHDR_LEN		64
#define EC_PHDR_LEN		56
#define EC_NOTE_HDR_LEN		12
/* struct elf_prstatus on x86-64, and where its fields are. */
#define EC_PRSTATUS_LEN		336
#define EC_PR_PID		32
#define EC_PR_REG		112
#define EC_PR_NREGS		27
#define EC_PR_FPVALID		328

#define EC_PT_LOAD		1
#define EC_PT_NOTE		4
#define EC_NT_PRSTATUS		1
#define EC_NT_TASKSTRUCT	4
#define EC_PF_RWX		7

/*
 * The debugger's own notes, name "KDBG": text for whoever reads the dump
 * without a debugger (as FreeBSD's textdump), which kdbmon writes out as
 * side files.
 */
#define EC_KDBG_NAME		"KDBG"
#define EC_NT_KDBG_CONSOLE	1	/* what the front-ends showed */
#define EC_NT_KDBG_LOG		2	/* the kernel log, newest kept */

/* user_regs_struct's order: the registers of an NT_PRSTATUS note. */
extern const char *const ec_prstatus_regs[EC_PR_NREGS];

void ec_ehdr(u8 *p, unsigned int phnum);
void ec_phdr(u8 *p, u32 type, u64 offset, u64 vaddr, u64 paddr,
	     u64 filesz, u64 memsz);
size_t ec_note_len(const char *name, size_t descsz);
size_t ec_note_desc(const char *name);
size_t ec_note_head(u8 *p, const char *name, u32 type, size_t descsz);
size_t ec_note(u8 *p, const char *name, u32 type, const void *desc,
	       size_t descsz);
void ec_prstatus(u8 *desc, int pid, const u64 regs[EC_PR_NREGS]);

#endif /* _DBG_ELFCORE_H */
