// SPDX-License-Identifier: GPL-2.0
/*
 * Builds the headers and notes of an ELF64 core file, byte by byte in
 * little-endian order, so the same code runs in the kernel and in the
 * unit tests (see dbg_elfcore.h for the layout's reasons).
 */
#include "dbg_elfcore.h"
#include "dbg_dump_wire.h"

/* asm/user_64.h's struct user_regs_struct, which is what gdb reads. */
const char *const ec_prstatus_regs[EC_PR_NREGS] = {
	"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8",
	"rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags",
	"rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
};

/**
 * ec_ehdr - the ELF header of an x86-64 core file
 * @p: 64 bytes
 * @phnum: program headers, which follow at offset 64
 */
void ec_ehdr(u8 *p, unsigned int phnum)
{
	memset(p, 0, EC_EHDR_LEN);
	memcpy(p, "\177ELF", 4);
	p[4] = 2;			/* ELFCLASS64 */
	p[5] = 1;			/* ELFDATA2LSB */
	p[6] = 1;			/* EV_CURRENT */
	dw_put_le16(p + 16, 4);		/* ET_CORE */
	dw_put_le16(p + 18, 62);	/* EM_X86_64 */
	dw_put_le32(p + 20, 1);		/* e_version */
	dw_put_le64(p + 32, EC_EHDR_LEN);	/* e_phoff */
	dw_put_le16(p + 52, EC_EHDR_LEN);	/* e_ehsize */
	dw_put_le16(p + 54, EC_PHDR_LEN);	/* e_phentsize */
	dw_put_le16(p + 56, phnum);
	dw_put_le16(p + 58, 64);	/* e_shentsize */
}

/**
 * ec_phdr - one program header
 * @p: 56 bytes
 * @type: EC_PT_LOAD or EC_PT_NOTE
 * @offset: where its bytes are in the file
 * @vaddr: the virtual address they have (gdb uses this)
 * @paddr: their physical address (crash uses this)
 * @filesz: bytes in the file
 * @memsz: bytes of memory (more than @filesz: the rest reads as zero)
 */
void ec_phdr(u8 *p, u32 type, u64 offset, u64 vaddr, u64 paddr,
	     u64 filesz, u64 memsz)
{
	dw_put_le32(p, type);
	dw_put_le32(p + 4, type == EC_PT_LOAD ? EC_PF_RWX : 0);
	dw_put_le64(p + 8, offset);
	dw_put_le64(p + 16, vaddr);
	dw_put_le64(p + 24, paddr);
	dw_put_le64(p + 32, filesz);
	dw_put_le64(p + 40, memsz);
	/* 0: crash takes the file for a kdump, not an old netdump. */
	dw_put_le64(p + 48, 0);
}

static size_t ec_pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/**
 * ec_note_len - bytes a note takes
 * @name: its name
 * @descsz: bytes of its description
 *
 * Return: the length ec_note() will write.
 */
size_t ec_note_len(const char *name, size_t descsz)
{
	return EC_NOTE_HDR_LEN + ec_pad4(strlen(name) + 1) + ec_pad4(descsz);
}

/**
 * ec_note_desc - where a note's description starts
 * @name: its name
 *
 * Return: the offset of the description from the note's start.
 */
size_t ec_note_desc(const char *name)
{
	return EC_NOTE_HDR_LEN + ec_pad4(strlen(name) + 1);
}

/**
 * ec_note_head - a note around a description already in place
 * @p: ec_note_len() bytes, the description at ec_note_desc() in them
 * @name: its name ("CORE", "VMCOREINFO")
 * @type: its type
 * @descsz: bytes of the description
 *
 * For descriptions built where they go (text too large to copy twice).
 *
 * Return: bytes of the whole note.
 */
size_t ec_note_head(u8 *p, const char *name, u32 type, size_t descsz)
{
	size_t namesz = strlen(name) + 1, at = ec_note_desc(name);
	size_t len = ec_note_len(name, descsz);

	memset(p, 0, at);
	memset(p + at + descsz, 0, len - at - descsz);
	dw_put_le32(p, namesz);
	dw_put_le32(p + 4, descsz);
	dw_put_le32(p + 8, type);
	memcpy(p + EC_NOTE_HDR_LEN, name, namesz);
	return len;
}

/**
 * ec_note - one note: header, name, description, each padded to 4
 * @p: ec_note_len() bytes
 * @name: its name ("CORE", "VMCOREINFO")
 * @type: its type
 * @desc: its description
 * @descsz: bytes of @desc
 *
 * Return: bytes written.
 */
size_t ec_note(u8 *p, const char *name, u32 type, const void *desc,
	       size_t descsz)
{
	memcpy(p + ec_note_desc(name), desc, descsz);
	return ec_note_head(p, name, type, descsz);
}

/**
 * ec_prstatus - an NT_PRSTATUS description
 * @desc: EC_PRSTATUS_LEN bytes
 * @pid: pr_pid: gdb's thread id, so one per note
 * @regs: the registers in ec_prstatus_regs' order
 */
void ec_prstatus(u8 *desc, int pid, const u64 regs[EC_PR_NREGS])
{
	unsigned int i;

	memset(desc, 0, EC_PRSTATUS_LEN);
	dw_put_le32(desc + EC_PR_PID, pid);
	for (i = 0; i < EC_PR_NREGS; i++)
		dw_put_le64(desc + EC_PR_REG + 8 * i, regs[i]);
}
