// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the ELF core builder against glibc's own definitions of
 * the ELF structures and of struct elf_prstatus (what gdb's BFD reads).
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/procfs.h>
#include <sys/user.h>
#include <cmocka.h>

#include "core/dbg_elfcore.h"

static void test_prstatus_layout_is_glibcs(void **state)
{
	struct elf_prstatus pr;
	u8 desc[EC_PRSTATUS_LEN];
	u64 regs[EC_PR_NREGS];
	struct user_regs_struct *u;
	unsigned int i;

	assert_int_equal(sizeof(pr), EC_PRSTATUS_LEN);
	assert_int_equal(offsetof(struct elf_prstatus, pr_pid), EC_PR_PID);
	assert_int_equal(offsetof(struct elf_prstatus, pr_reg), EC_PR_REG);
	assert_int_equal(offsetof(struct elf_prstatus, pr_fpvalid),
			 EC_PR_FPVALID);
	assert_int_equal(sizeof(pr.pr_reg) / 8, EC_PR_NREGS);
	for (i = 0; i < EC_PR_NREGS; i++)
		regs[i] = 0x1000 + i;
	ec_prstatus(desc, 4194305, regs);
	memcpy(&pr, desc, sizeof(pr));
	assert_int_equal(pr.pr_pid, 4194305);
	u = (struct user_regs_struct *)&pr.pr_reg;
	/* The names say which register is which: check a few by name. */
	assert_int_equal(u->r15, 0x1000);
	assert_int_equal(u->rip, 0x1000 + 16);
	assert_int_equal(u->rsp, 0x1000 + 19);
	assert_int_equal(u->fs_base, 0x1000 + 21);
	assert_int_equal(u->gs, 0x1000 + 26);
	assert_string_equal(ec_prstatus_regs[16], "rip");
	assert_string_equal(ec_prstatus_regs[19], "rsp");
	assert_string_equal(ec_prstatus_regs[15], "orig_rax");
}

static void test_headers_parse_as_elf(void **state)
{
	static u8 file[4096];
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	Elf64_Nhdr nh;
	u8 desc[5] = "abcde";
	size_t n;

	ec_ehdr(file, 2);
	ec_phdr(file + 64, EC_PT_NOTE, 176, 0, 0, 100, 100);
	ec_phdr(file + 120, EC_PT_LOAD, 4096, 0xffff888000100000ULL,
		0x100000, 8192, 8192);
	n = ec_note(file + 176, "VMCOREINFO", 0, desc, sizeof(desc));
	assert_int_equal(n, ec_note_len("VMCOREINFO", 5));
	assert_int_equal(n, 12 + 12 + 8);
	memcpy(&eh, file, sizeof(eh));
	assert_memory_equal(eh.e_ident, ELFMAG, SELFMAG);
	assert_int_equal(eh.e_ident[EI_CLASS], ELFCLASS64);
	assert_int_equal(eh.e_ident[EI_DATA], ELFDATA2LSB);
	assert_int_equal(eh.e_type, ET_CORE);
	assert_int_equal(eh.e_machine, EM_X86_64);
	assert_int_equal(eh.e_version, EV_CURRENT);
	assert_int_equal(eh.e_phoff, sizeof(Elf64_Ehdr));
	assert_int_equal(eh.e_phentsize, sizeof(Elf64_Phdr));
	assert_int_equal(eh.e_ehsize, sizeof(Elf64_Ehdr));
	assert_int_equal(eh.e_phnum, 2);
	memcpy(ph, file + 64, sizeof(ph));
	assert_int_equal(ph[0].p_type, PT_NOTE);
	assert_int_equal(ph[1].p_type, PT_LOAD);
	assert_int_equal(ph[1].p_offset, 4096);
	assert_int_equal(ph[1].p_vaddr, 0xffff888000100000ULL);
	assert_int_equal(ph[1].p_paddr, 0x100000);
	assert_int_equal(ph[1].p_filesz, 8192);
	assert_int_equal(ph[1].p_align, 0);
	assert_int_equal(ph[1].p_flags, PF_R | PF_W | PF_X);
	memcpy(&nh, file + 176, sizeof(nh));
	assert_int_equal(nh.n_namesz, 11);
	assert_int_equal(nh.n_descsz, 5);
	assert_string_equal((char *)file + 176 + 12, "VMCOREINFO");
	assert_memory_equal(file + 176 + 24, "abcde", 5);
}

/* A description built in place gets the same note as one copied in. */
static void test_note_head_wraps_a_description_in_place(void **state)
{
	static u8 copied[64], in_place[64];
	const char text[] = "kdb> md jiffies 1\n";	/* 18: padded */
	size_t n, m;

	memset(copied, 0xaa, sizeof(copied));
	memset(in_place, 0x55, sizeof(in_place));
	n = ec_note(copied, EC_KDBG_NAME, EC_NT_KDBG_CONSOLE, text,
		    sizeof(text) - 1);
	assert_int_equal(ec_note_desc(EC_KDBG_NAME), 12 + 8);
	memcpy(in_place + ec_note_desc(EC_KDBG_NAME), text, sizeof(text) - 1);
	m = ec_note_head(in_place, EC_KDBG_NAME, EC_NT_KDBG_CONSOLE,
			 sizeof(text) - 1);
	assert_int_equal(n, m);
	assert_int_equal(n, ec_note_len(EC_KDBG_NAME, sizeof(text) - 1));
	assert_memory_equal(copied, in_place, n);
	/* The padding is zeros, what follows is untouched. */
	assert_int_equal(in_place[n - 1], 0);
	assert_int_equal(in_place[n], 0x55);
	assert_int_equal(copied[n], 0xaa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prstatus_layout_is_glibcs),
		cmocka_unit_test(test_headers_parse_as_elf),
		cmocka_unit_test(test_note_head_wraps_a_description_in_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
