/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address expressions: the little language every command that takes an
 * address understands. Portable: kernel and userspace. The evaluator
 * knows nothing of the kernel: symbols, registers and memory come from
 * the callbacks (the debug core's, or a test's).
 *
 *   expr    := lor ;
 *   lor     := land ( '||' land )* ;
 *   land    := bor  ( '&&' bor )* ;
 *   bor     := bxor ( '|' bxor )* ;
 *   bxor    := band ( '^' band )* ;
 *   band    := eq   ( '&' eq )* ;
 *   eq      := rel  ( ('==' | '!=') rel )* ;
 *   rel     := shift ( ('<' | '<=' | '>' | '>=') shift )* ;
 *   shift   := add  ( ('<<' | '>>') add )* ;
 *   add     := mul  ( ('+' | '-') mul )* ;
 *   mul     := unary ( ('*' | '/' | '%') unary )* ;
 *   unary   := ('-' | '~' | '!' | '*') unary | primary ;
 *   primary := number | symbol | register | '(' expr ')' ;
 *   number  := '0x' hex digits | decimal digits ;
 *   symbol  := [A-Za-z_.][A-Za-z0-9_.]* ( ':' [A-Za-z_.][A-Za-z0-9_.]* )? ;
 *   register:= ('$' | '%') [A-Za-z_][A-Za-z0-9_]* ;
 *
 * Values are unsigned 64-bit and wrap; comparisons are unsigned and give
 * 0 or 1. Unary '*' reads the 8-byte word at its operand. Spaces may
 * separate tokens.
 */
#ifndef _DBG_EXPR_H
#define _DBG_EXPR_H

#include "../dbg_portable.h"

#define DBG_EXPR_MAX_DEPTH	16	/* nesting: parentheses, unary and waiting operators */

/**
 * struct dbg_expr_ops - where an expression's names and memory come from
 * @symbol: look up symbol @name (NUL-terminated); 0, -ENOENT, or -EPERM
 *	if symbol lookups are not allowed
 * @reg: value of register @name (without its '$'); 0, -ENOENT for no
 *	such register, -ENODATA if its value is not known here, -EPERM if
 *	register reads are not allowed
 * @read: read the @size-byte word at @addr into @val; 0 or a negative
 *	errno (whose text @strerror gives)
 * @strerror: short text for an errno returned by @read (may be NULL)
 */
struct dbg_expr_ops {
	int (*symbol)(void *ctx, const char *name, u64 *val);
	int (*reg)(void *ctx, const char *name, u64 *val);
	int (*read)(void *ctx, u64 addr, unsigned int size, u64 *val);
	const char *(*strerror)(int err);
};

const char *dbg_eval_strerror(int err);
int dbg_expr_eval(const char *s, const struct dbg_expr_ops *ops, void *ctx,
		  u64 *val, char *err, size_t errlen);

#endif /* _DBG_EXPR_H */
