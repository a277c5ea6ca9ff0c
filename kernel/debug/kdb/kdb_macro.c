// SPDX-License-Identifier: GPL-2.0
/*
 * kdb macros (defcmd). Portable: builds in the kernel and in userspace.
 *
 * A fixed table of KDB_MACROS macros in static storage. A definition is
 * built in a scratch macro and only becomes visible at kdb_macro_end(), so
 * a half-typed defcmd never replaces a working macro. Only the kdb shell
 * uses this, on one CPU while all the others are stopped: no locking.
 */

#include "kdb_macro.h"

static struct kdb_macro kdb_macros[KDB_MACROS];	/* name "" when free */
static struct kdb_macro kdb_macro_new;
static bool kdb_macro_open;

/* ASCII only, so the kernel (Latin-1 ctype) and libc agree. */
static bool kdb_macro_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool kdb_macro_name_ok(const char *name)
{
	size_t i;

	if (!name || !name[0] || name[0] == '-')
		return false;
	for (i = 0; name[i]; i++)
		if (i >= KDB_MACRO_NAME_MAX - 1 ||
		    !kdb_macro_name_char(name[i]))
			return false;
	return true;
}

static struct kdb_macro *kdb_macro_lookup(const char *name)
{
	unsigned int i;

	if (!name || !name[0])
		return NULL;
	for (i = 0; i < KDB_MACROS; i++)
		if (kdb_macros[i].name[0] && !strcmp(kdb_macros[i].name, name))
			return &kdb_macros[i];
	return NULL;
}

/**
 * kdb_macro_reset - delete every macro and drop an open definition
 */
void kdb_macro_reset(void)
{
	memset(kdb_macros, 0, sizeof(kdb_macros));
	memset(&kdb_macro_new, 0, sizeof(kdb_macro_new));
	kdb_macro_open = false;
}

/**
 * kdb_macro_begin - start defining a macro (defcmd)
 * @name: 1..KDB_MACRO_NAME_MAX - 1 characters of [A-Za-z0-9_-], not
 *	starting with '-'
 * @usage: for help, up to KDB_MACRO_USAGE_MAX - 1 characters; NULL: none
 * @help: for help, up to KDB_MACRO_HELP_MAX - 1 characters; NULL: none
 * @builtin: defined at boot rather than by the user
 *
 * The macro is not visible until kdb_macro_end().
 *
 * Return: KDB_MACRO_OK or a negative enum kdb_macro_err: NESTED if a
 * definition is already open, BADNAME, TOOLONG.
 */
int kdb_macro_begin(const char *name, const char *usage, const char *help,
		    bool builtin)
{
	size_t ulen, hlen;

	if (kdb_macro_open)
		return KDB_MACRO_NESTED;
	if (!kdb_macro_name_ok(name))
		return KDB_MACRO_BADNAME;
	if (!usage)
		usage = "";
	if (!help)
		help = "";
	ulen = strlen(usage);
	hlen = strlen(help);
	if (ulen >= KDB_MACRO_USAGE_MAX || hlen >= KDB_MACRO_HELP_MAX)
		return KDB_MACRO_TOOLONG;
	memset(&kdb_macro_new, 0, sizeof(kdb_macro_new));
	memcpy(kdb_macro_new.name, name, strlen(name) + 1);
	memcpy(kdb_macro_new.usage, usage, ulen + 1);
	memcpy(kdb_macro_new.help, help, hlen + 1);
	kdb_macro_new.builtin = builtin;
	kdb_macro_open = true;
	return KDB_MACRO_OK;
}

/**
 * kdb_macro_add_line - add a command to the macro being defined
 * @line: the command, up to KDB_MACRO_LINE_MAX - 1 characters
 *
 * On error the definition stays open, without the line.
 *
 * Return: KDB_MACRO_OK, or KDB_MACRO_NOTDEFINING, KDB_MACRO_TOOLONG or
 * KDB_MACRO_TOOMANY (already KDB_MACRO_LINES lines).
 */
int kdb_macro_add_line(const char *line)
{
	size_t len;

	if (!kdb_macro_open)
		return KDB_MACRO_NOTDEFINING;
	if (!line)
		line = "";
	len = strlen(line);
	if (len >= KDB_MACRO_LINE_MAX)
		return KDB_MACRO_TOOLONG;
	if (kdb_macro_new.nlines >= KDB_MACRO_LINES)
		return KDB_MACRO_TOOMANY;
	memcpy(kdb_macro_new.lines[kdb_macro_new.nlines++], line, len + 1);
	return KDB_MACRO_OK;
}

/**
 * kdb_macro_end - finish the definition (endefcmd)
 *
 * The macro replaces one of the same name, or takes a free slot. A macro
 * with no lines deletes the macro of that name, if any. The definition is
 * closed whatever happens.
 *
 * Return: KDB_MACRO_OK, KDB_MACRO_NOTDEFINING, or KDB_MACRO_FULL if no
 * slot is free (the definition is then dropped).
 */
int kdb_macro_end(void)
{
	struct kdb_macro *m;
	unsigned int i;

	if (!kdb_macro_open)
		return KDB_MACRO_NOTDEFINING;
	kdb_macro_open = false;
	m = kdb_macro_lookup(kdb_macro_new.name);
	if (!kdb_macro_new.nlines) {
		if (m)
			memset(m, 0, sizeof(*m));
		return KDB_MACRO_OK;
	}
	for (i = 0; !m && i < KDB_MACROS; i++)
		if (!kdb_macros[i].name[0])
			m = &kdb_macros[i];
	if (!m)
		return KDB_MACRO_FULL;
	*m = kdb_macro_new;
	return KDB_MACRO_OK;
}

/**
 * kdb_macro_abort - drop the definition being made, if any
 */
void kdb_macro_abort(void)
{
	kdb_macro_open = false;
}

/**
 * kdb_macro_defining - is a definition open
 *
 * Return: true between kdb_macro_begin() and kdb_macro_end() or
 * kdb_macro_abort().
 */
bool kdb_macro_defining(void)
{
	return kdb_macro_open;
}

/**
 * kdb_macro_find - look a macro up
 * @name: its exact name
 *
 * Return: the macro, or NULL if there is none of that name.
 */
const struct kdb_macro *kdb_macro_find(const char *name)
{
	return kdb_macro_lookup(name);
}

/**
 * kdb_macro_at - a slot of the table, to list the macros
 * @i: 0..KDB_MACROS - 1
 *
 * Return: the macro in slot @i, or NULL if the slot is free or @i is out
 * of range.
 */
const struct kdb_macro *kdb_macro_at(unsigned int i)
{
	if (i >= KDB_MACROS || !kdb_macros[i].name[0])
		return NULL;
	return &kdb_macros[i];
}

/**
 * kdb_macro_delete - delete a macro
 * @name: its exact name
 *
 * Return: KDB_MACRO_OK or KDB_MACRO_NOTFOUND.
 */
int kdb_macro_delete(const char *name)
{
	struct kdb_macro *m = kdb_macro_lookup(name);

	if (!m)
		return KDB_MACRO_NOTFOUND;
	memset(m, 0, sizeof(*m));
	return KDB_MACRO_OK;
}

/**
 * kdb_macro_strerror - text for an error
 * @err: an enum kdb_macro_err value
 *
 * Return: a short static message.
 */
const char *kdb_macro_strerror(int err)
{
	switch (err) {
	case KDB_MACRO_OK:
		return "ok";
	case KDB_MACRO_BADNAME:
		return "bad macro name (1-15 of A-Z a-z 0-9 _ -, not starting with -)";
	case KDB_MACRO_TOOLONG:
		return "usage, help or command too long";
	case KDB_MACRO_FULL:
		return "no room for another macro";
	case KDB_MACRO_TOOMANY:
		return "too many commands in the macro";
	case KDB_MACRO_NOTDEFINING:
		return "no defcmd in progress";
	case KDB_MACRO_NESTED:
		return "already defining a macro";
	case KDB_MACRO_NOTFOUND:
		return "no such macro";
	default:
		return "unknown error";
	}
}
