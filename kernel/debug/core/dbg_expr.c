// SPDX-License-Identifier: GPL-2.0
/*
 * Address expression evaluator: the grammar is in dbg_expr.h. Portable:
 * builds in the kernel and in userspace.
 *
 * It runs while the machine is stopped, maybe on a small NMI stack, so it
 * allocates nothing and bounds its stack. Parsing and evaluation are one
 * pass of precedence climbing in a single recursive function, expr(). One
 * call of expr() is one level of nesting: a parenthesis, a unary
 * operator, or an operator whose right operand goes on with operators of
 * higher precedence ("1 + 2 * 3": the '+' waits while "2 * 3" is worked
 * out). Operators of the same or lower precedence are folded in the same
 * call, so "1 + 2 - 3 + 4" nests nothing. Every level counts against
 * DBG_EXPR_MAX_DEPTH, which so bounds the stack whatever the input. An
 * error is only recorded where it is found; its message is written once
 * the recursion has unwound, so vscnprintf() never runs deep in it.
 *
 * Worst-case stack, measured with gcc 12 -fstack-usage and x86-64 kernel
 * flags (-Os, frame pointers): dbg_expr_eval() 272 bytes, the name
 * buffer included; expr() 40 bytes for each of its 1 + DBG_EXPR_MAX_DEPTH
 * (16) levels, 680; then at most operand(), parse_primary() and
 * parse_register(), 88, before a callback of @ops: about 1 KB in all,
 * plus the callback's. The message is written afterwards, with only
 * dbg_expr_eval() and expr_message() (40) below scnprintf().
 */

#include "dbg_expr.h"

/*
 * Helpers are noinline: folded into expr(), their locals would be paid
 * for at every level of nesting.
 */

/* Longest symbol or register name held, with its NUL; longer is an error. */
#define EXPR_NAME_LEN	128

/* Longest bad number quoted back in a message. */
#define EXPR_QUOTE_MAX	40

enum expr_op {
	OP_NONE, OP_LOR, OP_LAND, OP_BOR, OP_BXOR, OP_BAND, OP_EQ, OP_NE,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_SHL, OP_SHR, OP_ADD, OP_SUB,
	OP_MUL, OP_DIV, OP_MOD,
};

/* Binding strength of each binary operator, as in C; 0 for none. */
static const u8 op_prec[] = {
	[OP_NONE] = 0, [OP_LOR] = 1, [OP_LAND] = 2, [OP_BOR] = 3,
	[OP_BXOR] = 4, [OP_BAND] = 5, [OP_EQ] = 6, [OP_NE] = 6,
	[OP_LT] = 7, [OP_LE] = 7, [OP_GT] = 7, [OP_GE] = 7,
	[OP_SHL] = 8, [OP_SHR] = 8, [OP_ADD] = 9, [OP_SUB] = 9,
	[OP_MUL] = 10, [OP_DIV] = 10, [OP_MOD] = 10,
};

/* Length of each operator's spelling. */
static const u8 op_len[] = {
	[OP_LOR] = 2, [OP_LAND] = 2, [OP_BOR] = 1, [OP_BXOR] = 1,
	[OP_BAND] = 1, [OP_EQ] = 2, [OP_NE] = 2, [OP_LT] = 1, [OP_LE] = 2,
	[OP_GT] = 1, [OP_GE] = 2, [OP_SHL] = 2, [OP_SHR] = 2, [OP_ADD] = 1,
	[OP_SUB] = 1, [OP_MUL] = 1, [OP_DIV] = 1, [OP_MOD] = 1,
};

/* Above every binary operator: an expr() call that reads one operand. */
#define PREC_UNARY	11

/*
 * What an expr() call does, packed in one word so that a level of nesting
 * keeps little on the stack: the lowest precedence of operator it takes,
 * whether it goes on from a left operand already in ->acc, whether it
 * ends with ')', the unary operator to apply to its value, and the binary
 * operator waiting for its right operand.
 */
#define ST_PREC		0x0fu
#define ST_CONT		0x10u
#define ST_PAREN	0x20u
#define ST_UNARY_SHIFT	6
#define ST_UNARY(st)	(((st) >> ST_UNARY_SHIFT) & 7)
#define ST_OP_SHIFT	9
#define ST_OP_MASK	(0x1fu << ST_OP_SHIFT)
#define ST_OP(st)	((enum expr_op)(((st) & ST_OP_MASK) >> ST_OP_SHIFT))

enum expr_unary { UN_NONE, UN_NEG, UN_NOT, UN_LNOT, UN_DEREF };

/* The errors; expr_message() has their text. */
enum expr_error {
	ERR_EMPTY, ERR_DEEP, ERR_DIV_ZERO, ERR_BAD_NUMBER, ERR_BIG_NUMBER,
	ERR_SYMBOL, ERR_SYMBOL_LONG, ERR_REGISTER, ERR_REGISTER_LONG,
	ERR_REGISTER_NAME, ERR_REGISTER_NODATA, ERR_SYMBOL_PERM,
	ERR_REGISTER_PERM, ERR_READ, ERR_EXPECT_CLOSE,
	ERR_UNEXPECTED_CLOSE, ERR_OPERAND, ERR_OPERATOR, ERR_CHAR,
};

struct expr_parser {
	const char *s;			/* the whole expression */
	const char *p;			/* next character to read */
	const struct dbg_expr_ops *ops;
	void *ctx;
	u64 acc;			/* value of what was just parsed */
	int depth;			/* expr() levels below the first */
	int skip;			/* > 0: parse only, do not evaluate */
	/* The error found, for expr_message() */
	enum expr_error error;
	int read_err;			/* ERR_READ: what ops->read said */
	const char *where;		/* where in s */
	size_t len;			/* how much of s to quote */
	u64 addr;			/* ERR_READ: where it read */
	char name[EXPR_NAME_LEN];
};

/* ASCII only: the kernel's ctype takes bytes >= 0x80 as Latin-1 letters. */
static bool is_space(char c)
{
	return (unsigned char)c < 0x80 && isspace((unsigned char)c);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_reg_start(char c)
{
	return (unsigned char)c < 0x80 &&
	       (isalpha((unsigned char)c) || c == '_');
}

static bool is_reg_char(char c)
{
	return is_reg_start(c) || is_digit(c);
}

static bool is_name_start(char c)
{
	return is_reg_start(c) || c == '.';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || is_digit(c);
}

static const char *skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/* Notes error @error, about the @len characters at @where; returns @ret. */
static noinline int fail(struct expr_parser *ps, int ret,
			 enum expr_error error, const char *where, size_t len)
{
	ps->error = error;
	ps->where = where;
	ps->len = len;
	return ret;
}

/* A number at ps->p: "0x" and hex digits, or decimal digits. */
static noinline int parse_number(struct expr_parser *ps)
{
	const char *start = ps->p, *digits = start, *p, *end;
	int base = 10;
	u64 v = 0, d;

	if (start[0] == '0' && (start[1] == 'x' || start[1] == 'X')) {
		base = 16;
		digits += 2;
	}
	for (p = digits; hex_to_bin(*p) >= 0 && hex_to_bin(*p) < base; p++)
		;
	for (end = p; is_name_char(*end); end++)
		;
	if (p == digits || end != p)
		return fail(ps, -EINVAL, ERR_BAD_NUMBER, start, end - start);
	for (; digits < p; digits++) {
		d = hex_to_bin(*digits);
		if (v > (~0ULL - d) / base)
			return fail(ps, -ERANGE, ERR_BIG_NUMBER, start,
				    end - start);
		v = v * base + d;
	}
	ps->acc = v;
	ps->p = p;
	return 0;
}

/* A symbol at ps->p: name, or module:name. */
static noinline int parse_symbol(struct expr_parser *ps)
{
	const struct dbg_expr_ops *ops = ps->ops;
	const char *start = ps->p, *p = start + 1;
	size_t n;
	int ret;

	while (is_name_char(*p))
		p++;
	if (*p == ':' && is_name_start(p[1])) {
		p += 2;
		while (is_name_char(*p))
			p++;
	}
	n = p - start;
	if (n >= sizeof(ps->name))
		return fail(ps, -E2BIG, ERR_SYMBOL_LONG, start, n);
	memcpy(ps->name, start, n);
	ps->name[n] = '\0';
	ps->p = p;
	ret = ops && ops->symbol ? ops->symbol(ps->ctx, ps->name, &ps->acc) :
				   -ENOENT;
	if (ret == -EPERM)
		return fail(ps, -EPERM, ERR_SYMBOL_PERM, start, n);
	if (ret)
		return fail(ps, -ENOENT, ERR_SYMBOL, start, n);
	return 0;
}

/* A register at ps->p: '$' or '%', then its name. */
static noinline int parse_register(struct expr_parser *ps)
{
	const struct dbg_expr_ops *ops = ps->ops;
	const char *start = ps->p, *p = start + 1;
	size_t n;
	int ret;

	if (!is_reg_start(*p))
		return fail(ps, -EINVAL, ERR_REGISTER_NAME, start, 1);
	while (is_reg_char(*p))
		p++;
	n = p - start - 1;
	if (n >= sizeof(ps->name))
		return fail(ps, -E2BIG, ERR_REGISTER_LONG, start, n + 1);
	memcpy(ps->name, start + 1, n);
	ps->name[n] = '\0';
	ps->p = p;
	ret = -ENOENT;
	if (ops && ops->reg)
		ret = ops->reg(ps->ctx, ps->name, &ps->acc);
	if (!ret)
		return 0;
	if (ret == -EPERM)
		return fail(ps, -EPERM, ERR_REGISTER_PERM, start, n + 1);
	if (ret != -ENODATA)
		return fail(ps, -ENOENT, ERR_REGISTER, start, n + 1);
	/* A short-circuited operand needs no value. */
	if (ps->skip)
		return 0;
	return fail(ps, -ENODATA, ERR_REGISTER_NODATA, start, n + 1);
}

/* A number, symbol or register at ps->p, or the error for its absence. */
static noinline int parse_primary(struct expr_parser *ps)
{
	char c = *ps->p;

	if (is_digit(c))
		return parse_number(ps);
	if (is_name_start(c))
		return parse_symbol(ps);
	if (c == '$' || (c == '%' && is_reg_start(ps->p[1])))
		return parse_register(ps);
	if (c && !strchr(")+/%&|^<>=", c))
		return fail(ps, -EINVAL, ERR_CHAR, ps->p, 1);
	return fail(ps, -EINVAL, ERR_OPERAND, ps->p, 0);
}

/* Unary '*': the 8-byte word at ps->acc. */
static noinline int deref(struct expr_parser *ps)
{
	const struct dbg_expr_ops *ops = ps->ops;
	u64 v = 0;
	int ret;

	if (ps->skip) {
		ps->acc = 0;
		return 0;
	}
	ret = -EFAULT;
	if (ops && ops->read)
		ret = ops->read(ps->ctx, ps->acc, 8, &v);
	if (!ret) {
		ps->acc = v;
		return 0;
	}
	ps->read_err = ret < 0 ? ret : -EIO;
	ps->addr = ps->acc;
	return fail(ps, ps->read_err, ERR_READ, ps->p, 0);
}

/* The binary operator at ps->p (after spaces), not consumed; or OP_NONE. */
static enum expr_op peek_op(struct expr_parser *ps)
{
	const char *p = skip_space(ps->p);

	ps->p = p;
	switch (p[0]) {
	case '|':
		return p[1] == '|' ? OP_LOR : OP_BOR;
	case '&':
		return p[1] == '&' ? OP_LAND : OP_BAND;
	case '^':
		return OP_BXOR;
	case '=':
		return p[1] == '=' ? OP_EQ : OP_NONE;
	case '!':
		return p[1] == '=' ? OP_NE : OP_NONE;
	case '<':
		if (p[1] == '<')
			return OP_SHL;
		return p[1] == '=' ? OP_LE : OP_LT;
	case '>':
		if (p[1] == '>')
			return OP_SHR;
		return p[1] == '=' ? OP_GE : OP_GT;
	case '+':
		return OP_ADD;
	case '-':
		return OP_SUB;
	case '*':
		return OP_MUL;
	case '/':
		return OP_DIV;
	case '%':
		return OP_MOD;
	default:
		return OP_NONE;
	}
}

/* Whether @lhs alone decides '&&' or '||', leaving the right unevaluated. */
static bool short_circuits(enum expr_op op, u64 lhs)
{
	return (op == OP_LAND && !lhs) || (op == OP_LOR && lhs);
}

static u64 binary(enum expr_op op, u64 a, u64 b)
{
	switch (op) {
	case OP_LOR:
		return a || b;
	case OP_LAND:
		return a && b;
	case OP_BOR:
		return a | b;
	case OP_BXOR:
		return a ^ b;
	case OP_BAND:
		return a & b;
	case OP_EQ:
		return a == b;
	case OP_NE:
		return a != b;
	case OP_LT:
		return a < b;
	case OP_LE:
		return a <= b;
	case OP_GT:
		return a > b;
	case OP_GE:
		return a >= b;
	case OP_SHL:
		return b < 64 ? a << b : 0;
	case OP_SHR:
		return b < 64 ? a >> b : 0;
	case OP_ADD:
		return a + b;
	case OP_SUB:
		return a - b;
	case OP_MUL:
		return a * b;
	case OP_DIV:
		return b ? a / b : 0;
	case OP_MOD:
		return b ? a % b : 0;
	default:
		return 0;
	}
}

static enum expr_unary unary_of(char c)
{
	switch (c) {
	case '-':
		return UN_NEG;
	case '~':
		return UN_NOT;
	case '!':
		return UN_LNOT;
	case '*':
		return UN_DEREF;
	default:
		return UN_NONE;
	}
}

/*
 * The start of an operand at ps->p: 0 once a number, symbol or register
 * is in ps->acc, or the state of the expr() call for a parenthesis or a
 * unary operator, or an error.
 */
static noinline int operand(struct expr_parser *ps)
{
	enum expr_unary un;
	char c;

	ps->p = skip_space(ps->p);
	c = *ps->p;
	un = unary_of(c);
	if (c != '(' && un == UN_NONE)
		return parse_primary(ps);
	if (ps->depth >= DBG_EXPR_MAX_DEPTH)
		return fail(ps, -E2BIG, ERR_DEEP, ps->p, 1);
	ps->p++;
	if (c == '(')
		return ST_PAREN;
	return PREC_UNARY | un << ST_UNARY_SHIFT;
}

/*
 * After the right operand of the operator waiting in @st: 0, or the state
 * of the expr() call that goes on with it when an operator of higher
 * precedence follows, or an error.
 */
static noinline int climb(struct expr_parser *ps, unsigned int st)
{
	unsigned int prec = op_prec[ST_OP(st)];

	if (op_prec[peek_op(ps)] <= prec)
		return 0;
	if (ps->depth >= DBG_EXPR_MAX_DEPTH)
		return fail(ps, -E2BIG, ERR_DEEP, ps->p, 1);
	return ST_CONT | (prec + 1);
}

/* ps->acc = @lhs, the operator waiting in @st, then ps->acc. */
static noinline int fold(struct expr_parser *ps, unsigned int st, u64 lhs)
{
	enum expr_op op = ST_OP(st);

	if (short_circuits(op, lhs))
		ps->skip--;
	else if ((op == OP_DIV || op == OP_MOD) && !ps->acc && !ps->skip)
		return fail(ps, -EDOM, ERR_DIV_ZERO, ps->p, 0);
	ps->acc = binary(op, lhs, ps->acc);
	return 0;
}

/*
 * Takes the binary operator at ps->p if its precedence is at least the
 * one @st asks for, and returns @st with it waiting (or with none).
 */
static noinline unsigned int next_op(struct expr_parser *ps,
				     unsigned int st, u64 lhs)
{
	enum expr_op op = peek_op(ps);

	st &= ~ST_OP_MASK;
	if (op == OP_NONE || op_prec[op] < (st & ST_PREC))
		return st;
	ps->p += op_len[op];
	if (short_circuits(op, lhs))
		ps->skip++;
	return st | op << ST_OP_SHIFT;
}

/* ps->acc = @lhs, through the unary operator of @st; then its ')'. */
static noinline int finish(struct expr_parser *ps, unsigned int st, u64 lhs)
{
	int ret;

	ps->acc = lhs;
	switch (ST_UNARY(st)) {
	case UN_NEG:
		ps->acc = -lhs;
		break;
	case UN_NOT:
		ps->acc = ~lhs;
		break;
	case UN_LNOT:
		ps->acc = !lhs;
		break;
	case UN_DEREF:
		ret = deref(ps);
		if (ret)
			return ret;
		break;
	}
	if (!(st & ST_PAREN))
		return 0;
	ps->p = skip_space(ps->p);
	if (*ps->p != ')')
		return fail(ps, -EINVAL, ERR_EXPECT_CLOSE, ps->p, 0);
	ps->p++;
	return 0;
}

/*
 * One level of nesting, as @st says (see ST_*): reads an operand (unless
 * ST_CONT), then folds in every binary operator of precedence at least
 * ST_PREC. It calls itself for an operand that is a parenthesis or a
 * unary operator, and for a right operand that goes on with operators of
 * higher precedence. Leaves the value in ps->acc. Only @ps, @st and lhs
 * live across the calls: that is the stack a level costs.
 */
static int expr(struct expr_parser *ps, unsigned int st)
{
	u64 lhs = 0;
	int ret;

	if (st & ST_CONT) {
		lhs = ps->acc;
		goto next;
	}
	for (;;) {
		ret = operand(ps);
		if (ret > 0) {
			ps->depth++;
			ret = expr(ps, ret);
			ps->depth--;
		}
		if (ret)
			return ret;
		if (st & ST_OP_MASK) {
			ret = climb(ps, st);
			if (ret > 0) {
				ps->depth++;
				ret = expr(ps, ret);
				ps->depth--;
			}
			if (!ret)
				ret = fold(ps, st, lhs);
			if (ret)
				return ret;
		}
		lhs = ps->acc;
next:
		st = next_op(ps, st, lhs);
		if (!(st & ST_OP_MASK))
			break;
	}
	return finish(ps, st, lhs);
}

/* Writes the message for the error noted in @ps. */
static noinline void expr_message(struct expr_parser *ps, char *err,
				  size_t errlen)
{
	const char *what = ps->where;
	size_t col = what - ps->s + 1;
	int len = ps->len > EXPR_QUOTE_MAX ? EXPR_QUOTE_MAX : ps->len;
	const char *more = ps->len > EXPR_QUOTE_MAX ? "..." : "";
	const char *text = NULL;
	unsigned char c = *what;

	switch (ps->error) {
	case ERR_EMPTY:
		scnprintf(err, errlen, "empty expression");
		break;
	case ERR_DEEP:
		scnprintf(err, errlen, "expression too deeply nested");
		break;
	case ERR_DIV_ZERO:
		scnprintf(err, errlen, "division by zero");
		break;
	case ERR_BAD_NUMBER:
		scnprintf(err, errlen, "bad number '%.*s%s'", len, what, more);
		break;
	case ERR_BIG_NUMBER:
		scnprintf(err, errlen, "number too large '%.*s%s'", len, what,
			  more);
		break;
	case ERR_SYMBOL:
		scnprintf(err, errlen, "unknown symbol '%.*s'",
			  (int)ps->len, what);
		break;
	case ERR_SYMBOL_LONG:
		scnprintf(err, errlen, "symbol name too long at column %zu",
			  col);
		break;
	case ERR_REGISTER:
		scnprintf(err, errlen, "unknown register '%.*s'",
			  (int)ps->len, what);
		break;
	case ERR_REGISTER_LONG:
		scnprintf(err, errlen, "register name too long at column %zu",
			  col);
		break;
	case ERR_REGISTER_NAME:
		scnprintf(err, errlen, "bad register name at column %zu", col);
		break;
	case ERR_REGISTER_NODATA:
		scnprintf(err, errlen, "register '%.*s' is not known here",
			  (int)ps->len, what);
		break;
	case ERR_SYMBOL_PERM:
		scnprintf(err, errlen, "symbol '%.*s': lookups are not allowed",
			  (int)ps->len, what);
		break;
	case ERR_REGISTER_PERM:
		scnprintf(err, errlen, "register '%.*s': reads are not allowed",
			  (int)ps->len, what);
		break;
	case ERR_READ:
		if (ps->ops && ps->ops->strerror)
			text = ps->ops->strerror(ps->read_err);
		if (text)
			scnprintf(err, errlen,
				  "cannot read 8 bytes at 0x%llx: %s",
				  ps->addr, text);
		else
			scnprintf(err, errlen,
				  "cannot read 8 bytes at 0x%llx: error %d",
				  ps->addr, ps->read_err);
		break;
	case ERR_EXPECT_CLOSE:
		scnprintf(err, errlen, "expected ')' at column %zu", col);
		break;
	case ERR_UNEXPECTED_CLOSE:
		scnprintf(err, errlen, "unexpected ')' at column %zu", col);
		break;
	case ERR_OPERAND:
		scnprintf(err, errlen, "missing operand at column %zu", col);
		break;
	case ERR_OPERATOR:
		scnprintf(err, errlen, "expected an operator at column %zu",
			  col);
		break;
	case ERR_CHAR:
		if (c > ' ' && c < 0x7f)
			scnprintf(err, errlen,
				  "unexpected character '%c' at column %zu",
				  c, col);
		else
			scnprintf(err, errlen,
				  "unexpected character '\\x%02x' at column %zu",
				  c, col);
		break;
	}
}

/* What is left after a whole expression, at ps->p: always an error. */
static int leftover(struct expr_parser *ps)
{
	char c = *ps->p;

	if (c == ')')
		return fail(ps, -EINVAL, ERR_UNEXPECTED_CLOSE, ps->p, 1);
	if (c == '(' || c == '$' || c == '~' || c == '!' || is_name_char(c))
		return fail(ps, -EINVAL, ERR_OPERATOR, ps->p, 1);
	return fail(ps, -EINVAL, ERR_CHAR, ps->p, 1);
}

/**
 * dbg_expr_eval - evaluate an address expression
 * @s: the expression, NUL-terminated; spaces may surround it
 * @ops: where symbols, registers and memory come from; NULL, or NULL
 *	members, make every name unknown and every read fail
 * @ctx: passed to @ops' callbacks
 * @val: receives the value on success
 * @err: receives a one-line message on failure (may be NULL)
 * @errlen: size of @err; the message is cut to fit and NUL-terminated
 *
 * The whole of @s must be one expression. The right operand of '&&' and
 * '||' is parsed, and its names looked up, but it reads no memory and
 * divides by nothing when the left operand decides the result. Nesting
 * (parentheses, unary operators, and operators waiting for a right
 * operand of higher precedence) is limited to DBG_EXPR_MAX_DEPTH levels.
 *
 * Stack: 1.7 KB at most (measured: see the top of this file), plus what
 * @ops' callbacks use.
 *
 * Return: 0, or -EINVAL (syntax), -ENOENT (unknown symbol or register),
 * -ERANGE (number too large), -EDOM (division by zero), -E2BIG (nesting
 * too deep, name too long), -ENODATA (register value not known), or the
 * error of a failed read.
 */
int dbg_expr_eval(const char *s, const struct dbg_expr_ops *ops, void *ctx,
		  u64 *val, char *err, size_t errlen)
{
	struct expr_parser ps;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	ps.s = s ? s : "";
	ps.p = skip_space(ps.s);
	ps.ops = ops;
	ps.ctx = ctx;
	ps.acc = 0;
	ps.depth = 0;
	ps.skip = 0;
	if (!*ps.p) {
		ret = fail(&ps, -EINVAL, ERR_EMPTY, ps.p, 0);
	} else {
		ret = expr(&ps, 0);
		if (!ret) {
			ps.p = skip_space(ps.p);
			if (*ps.p)
				ret = leftover(&ps);
		}
	}
	if (!ret) {
		if (val)
			*val = ps.acc;
		return 0;
	}
	if (err && errlen)
		expr_message(&ps, err, errlen);
	return ret;
}
