/*
 * quantity.c - quantities with units and distributions over them.
 *
 * Turns the strings people write in model files ("700 W", "35 days",
 * "385 g/kWh", "150 kgCO2e", "tri(300 W, 400 W, 500 W)", "2024-03-01")
 * into SI values tagged with a dimension, and formats SI values back in
 * the units people read ("449.8 MWh", "173.2 t CO2e").
 *
 * Lexing is done by PCRE2 patterns compiled once per process (shared
 * read-only by every wf_qparser; each parser has its own match data): the
 * number, the unit expression, the distribution call and ISO 8601 dates.
 * Units are then looked up in a static table.  Each unit carries its
 * factor to SI and its exponents over six base quantities (J, s, kg CO2e,
 * FLOP, byte, litre); a unit expression "A/B" subtracts B's exponents
 * from A's, and the result is matched against the dimensions wattif
 * knows.  So W is J/s, "0.3 Wh/request" is an energy (count words are
 * dimensionless), "W/GB" a memory power, "tokens/s" a rate.
 *
 * Conventions (also in the unit table's comments):
 *  - year, yr, y = the Julian year, 365.25 days = 31 557 600 s;
 *  - month = a twelfth of that, 30.4375 days = 2 629 800 s;
 *  - "FLOPs" (lower-case s) is a plural count; "FLOPS" and "FLOP/s" are
 *    rates;
 *  - "C" means degrees Celsius only where a temperature is expected;
 *  - dates without a zone are UTC;
 *  - normal sd >= 0 and lognormal gsd >= 1: a spread of zero (sd = 0,
 *    gsd = 1) is allowed and means a fixed value, since sampling is
 *    well defined there; tri/pert/uniform need a < b.
 *  - signs are the caller's business ("-5 W" parses), non-finite numbers
 *    and numbers out of double's range are not;
 *  - a unit expression is one term or A/B, each term optionally followed
 *    by a CO2e suffix when it is a mass;
 *  - in a distribution the unit goes inside every argument or once after
 *    the call; a bare 0 takes the other arguments' dimension
 *    ("uniform(0, 50 W)"); lognormal's gsd is always dimensionless;
 *  - texts longer than Q_MAX_TEXT (1024) bytes are refused.
 *
 * Numbers are read and written in the "C" locale whatever the host
 * program set: the parser switches its thread to a private C locale
 * (uselocale) around strtod, and the formatter normalises the radix.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "quantity_int.h"
#include "regex.h"

/* ------------------------------------------------------------ patterns */

/* A unit term: a letter, %, or a non-ASCII byte (°, µ, ³, ℃), then
 * letters, digits, ^, - or non-ASCII bytes.  It stops before a CO2
 * suffix, so "kgCO2e" is the term "kg" and the suffix "CO2e". */
#define P_NOT_CO2 "(?!(?i:co(?:2|\\xe2\\x82\\x82)))"
#define P_TERM "(" P_NOT_CO2 "[A-Za-z%\\x80-\\xff](?:" P_NOT_CO2 \
	"[A-Za-z0-9%^\\-\\x80-\\xff])*+)"
/* CO2, CO2e, CO2eq, CO2-eq, CO2-e (also CO₂e), any case. */
#define P_CO2 "(?:\\s*+((?i:co(?:2|\\xe2\\x82\\x82)(?:eq|e|-eq|-e)?)))?"

static const char *const pat_number =
	"^([+-]?(?:[0-9]++(?:\\.[0-9]*+)?|\\.[0-9]++)(?:[eE][+-]?[0-9]++)?)"
	"\\s*+(.*)$";
/* Groups: 1 numerator term, 2 its CO2 suffix, 3 '/', 4 denominator term,
 * 5 its suffix.  The numerator may be empty ("/s"). */
static const char *const pat_unit =
	"^(?:" P_TERM P_CO2 ")?(?:\\s*+(/)\\s*+" P_TERM P_CO2 ")?$";
/* Groups: 1 name, 2 the arguments, 3 ')' if present, 4 what follows. */
static const char *const pat_call =
	"^([A-Za-z_][A-Za-z0-9_]*+)\\s*+\\(([^()]*+)(\\)?)\\s*+(.*)$";
/* Groups: 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 fraction,
 * 8 Z/UTC, 9 offset sign, 10 offset hours, 11 offset minutes. */
static const char *const pat_date =
	"^([0-9]{4})-([0-9]{2})-([0-9]{2})"
	"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\\.[0-9]{1,9})?)?"
	"\\s*(?:([Zz]|UTC)|([+-])([0-9]{2})(?::?([0-9]{2}))?)?)?$";
/* Anything starting like a date is a date, even when malformed. */
static const char *const pat_datelike = "^[0-9]{4}-[0-9]";

/* ------------------------------------------------------------ units */

/* Base quantities a unit's exponents run over. */
enum { B_J, B_S, B_KG, B_FLOP, B_BYTE, B_L, B_COUNT_ };

#define E_NONE {0, 0, 0, 0, 0, 0}
#define E_POWER {1, -1, 0, 0, 0, 0}
#define E_ENERGY {1, 0, 0, 0, 0, 0}
#define E_TIME {0, 1, 0, 0, 0, 0}
#define E_MASS {0, 0, 1, 0, 0, 0}
#define E_FLOP {0, 0, 0, 1, 0, 0}
#define E_FLOPS {0, -1, 0, 1, 0, 0}
#define E_DATA {0, 0, 0, 0, 1, 0}
#define E_VOL {0, 0, 0, 0, 0, 1}
#define E_RATE {0, -1, 0, 0, 0, 0}

enum {
	U_MASS = 1,      /* may carry a CO2e suffix */
	U_ALONE = 2,     /* %, temperatures: never part of A/B */
	U_TEMP = 4,      /* a temperature (degrees Celsius) */
	U_TEMP_ONLY = 8  /* only where a temperature is expected ("C") */
};

typedef struct unit_def {
	const char *name;
	double factor; /* SI per unit */
	signed char e[B_COUNT_];
	unsigned char flags;
} unit_def;

#define LB_KG 0.45359237       /* international pound, 1959 agreement (NIST SP 811) */
#define GAL_L 3.785411784      /* US gallon = 231 in^3 exactly (NIST SP 811) */
/* petaflop/s-day = 1e15 FLOP/s for 86400 s, the unit of Brown et al. 2020
 * ("Language Models are Few-Shot Learners", appendix D) */
#define PFS_DAY 8.64e19

/* Counts and rates with the SI prefix p (factor f): xFLOP and xFLOPs are
 * amounts, xFLOPS a rate. */
#define FLOP_ROWS(p, f) \
	{p "FLOP", f, E_FLOP, 0}, {p "FLOPs", f, E_FLOP, 0}, {p "FLOPS", f, E_FLOPS, 0}

/* Ordered roughly by how often people write them: the first of equally
 * near candidates is the one suggested. */
static const unit_def units[] = {
	/* power */
	{"W", 1, E_POWER, 0}, {"kW", 1e3, E_POWER, 0}, {"MW", 1e6, E_POWER, 0},
	{"GW", 1e9, E_POWER, 0}, {"TW", 1e12, E_POWER, 0}, {"mW", 1e-3, E_POWER, 0},
	{"watt", 1, E_POWER, 0}, {"watts", 1, E_POWER, 0},
	/* energy */
	{"Wh", WF_WH_J, E_ENERGY, 0}, {"kWh", 1e3 * WF_WH_J, E_ENERGY, 0},
	{"MWh", 1e6 * WF_WH_J, E_ENERGY, 0}, {"GWh", 1e9 * WF_WH_J, E_ENERGY, 0},
	{"TWh", 1e12 * WF_WH_J, E_ENERGY, 0}, {"mWh", 1e-3 * WF_WH_J, E_ENERGY, 0},
	{"J", 1, E_ENERGY, 0}, {"kJ", 1e3, E_ENERGY, 0}, {"MJ", 1e6, E_ENERGY, 0},
	{"GJ", 1e9, E_ENERGY, 0}, {"TJ", 1e12, E_ENERGY, 0}, {"PJ", 1e15, E_ENERGY, 0},
	{"mJ", 1e-3, E_ENERGY, 0},
	/* time; month and year are Julian (see WF_YEAR_S) */
	{"s", 1, E_TIME, 0}, {"sec", 1, E_TIME, 0}, {"secs", 1, E_TIME, 0},
	{"second", 1, E_TIME, 0}, {"seconds", 1, E_TIME, 0}, {"ms", 1e-3, E_TIME, 0},
	{"min", 60, E_TIME, 0}, {"mins", 60, E_TIME, 0}, {"minute", 60, E_TIME, 0},
	{"minutes", 60, E_TIME, 0},
	{"h", 3600, E_TIME, 0}, {"hr", 3600, E_TIME, 0}, {"hrs", 3600, E_TIME, 0},
	{"hour", 3600, E_TIME, 0}, {"hours", 3600, E_TIME, 0},
	{"d", WF_DAY_S, E_TIME, 0}, {"day", WF_DAY_S, E_TIME, 0}, {"days", WF_DAY_S, E_TIME, 0},
	{"wk", 7 * WF_DAY_S, E_TIME, 0}, {"week", 7 * WF_DAY_S, E_TIME, 0},
	{"weeks", 7 * WF_DAY_S, E_TIME, 0},
	{"month", WF_YEAR_S / 12, E_TIME, 0}, {"months", WF_YEAR_S / 12, E_TIME, 0},
	{"y", WF_YEAR_S, E_TIME, 0}, {"yr", WF_YEAR_S, E_TIME, 0}, {"yrs", WF_YEAR_S, E_TIME, 0},
	{"year", WF_YEAR_S, E_TIME, 0}, {"years", WF_YEAR_S, E_TIME, 0},
	/* CO2e mass; the tonne is 1000 kg (SI Brochure, 9th ed., Table 8) */
	{"kg", 1, E_MASS, U_MASS}, {"g", 1e-3, E_MASS, U_MASS},
	{"t", 1e3, E_MASS, U_MASS}, {"tonne", 1e3, E_MASS, U_MASS},
	{"tonnes", 1e3, E_MASS, U_MASS}, {"kt", 1e6, E_MASS, U_MASS},
	{"Mt", 1e9, E_MASS, U_MASS}, {"Gt", 1e12, E_MASS, U_MASS},
	{"lb", LB_KG, E_MASS, U_MASS}, {"lbs", LB_KG, E_MASS, U_MASS},
	/* compute amounts and rates */
	FLOP_ROWS("", 1), FLOP_ROWS("k", 1e3), FLOP_ROWS("M", 1e6),
	FLOP_ROWS("G", 1e9), FLOP_ROWS("T", 1e12), FLOP_ROWS("P", 1e15),
	FLOP_ROWS("E", 1e18), FLOP_ROWS("Z", 1e21), FLOP_ROWS("Y", 1e24),
	{"PF-day", PFS_DAY, E_FLOP, 0}, {"PF-days", PFS_DAY, E_FLOP, 0},
	{"pfs-day", PFS_DAY, E_FLOP, 0}, {"pfs-days", PFS_DAY, E_FLOP, 0},
	/* data: decimal prefixes, and IEC 80000-13 binary ones */
	{"B", 1, E_DATA, 0}, {"byte", 1, E_DATA, 0}, {"bytes", 1, E_DATA, 0},
	{"kB", 1e3, E_DATA, 0}, {"MB", 1e6, E_DATA, 0}, {"GB", 1e9, E_DATA, 0},
	{"TB", 1e12, E_DATA, 0}, {"PB", 1e15, E_DATA, 0}, {"EB", 1e18, E_DATA, 0},
	{"KiB", 1024.0, E_DATA, 0}, {"MiB", 1048576.0, E_DATA, 0},
	{"GiB", 1073741824.0, E_DATA, 0}, {"TiB", 1099511627776.0, E_DATA, 0},
	{"PiB", 1125899906842624.0, E_DATA, 0},
	/* water volume */
	{"L", 1, E_VOL, 0}, {"l", 1, E_VOL, 0}, {"mL", 1e-3, E_VOL, 0},
	{"ml", 1e-3, E_VOL, 0}, {"kL", 1e3, E_VOL, 0}, {"ML", 1e6, E_VOL, 0},
	{"m3", 1e3, E_VOL, 0}, {"m^3", 1e3, E_VOL, 0}, {"m\xc2\xb3", 1e3, E_VOL, 0},
	{"litre", 1, E_VOL, 0}, {"litres", 1, E_VOL, 0}, {"liter", 1, E_VOL, 0},
	{"liters", 1, E_VOL, 0}, {"gal", GAL_L, E_VOL, 0},
	/* things counted: dimensionless, so "J/token" is an energy */
	{"token", 1, E_NONE, 0}, {"tokens", 1, E_NONE, 0},
	{"request", 1, E_NONE, 0}, {"requests", 1, E_NONE, 0},
	{"req", 1, E_NONE, 0}, {"reqs", 1, E_NONE, 0},
	{"query", 1, E_NONE, 0}, {"queries", 1, E_NONE, 0},
	{"sample", 1, E_NONE, 0}, {"samples", 1, E_NONE, 0},
	{"inference", 1, E_NONE, 0}, {"inferences", 1, E_NONE, 0},
	{"Hz", 1, E_RATE, 0},
	{"%", 0.01, E_NONE, U_ALONE},
	/* temperature, degrees Celsius only; "C" stays last (see unknown_unit) */
	{"degC", 1, E_NONE, U_ALONE | U_TEMP},
	{"\xc2\xb0" "C", 1, E_NONE, U_ALONE | U_TEMP},
	{"\xe2\x84\x83", 1, E_NONE, U_ALONE | U_TEMP},
	{"C", 1, E_NONE, U_ALONE | U_TEMP | U_TEMP_ONLY},
};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

/* Exponents of each dimension a unit expression may reduce to. */
static const struct {
	wf_dim dim;
	signed char e[B_COUNT_];
} dim_exps[] = {
	{WF_DIM_NONE, E_NONE},
	{WF_DIM_POWER, E_POWER},
	{WF_DIM_ENERGY, E_ENERGY},
	{WF_DIM_TIME, E_TIME},
	{WF_DIM_MASS, E_MASS},
	{WF_DIM_INTENSITY, {-1, 0, 1, 0, 0, 0}},
	{WF_DIM_COMPUTE, E_FLOP},
	{WF_DIM_COMPUTE_RATE, E_FLOPS},
	{WF_DIM_DATA, E_DATA},
	{WF_DIM_VOLUME, E_VOL},
	{WF_DIM_WATER_INTENSITY, {-1, 0, 0, 0, 0, 1}},
	{WF_DIM_RATE, E_RATE},
	{WF_DIM_POWER_PER_DATA, {1, -1, 0, 0, -1, 0}},
	{WF_DIM_MASS_PER_DATA, {0, 0, 1, 0, -1, 0}},
	{WF_DIM_MASS_PER_POWER, {-1, 1, 1, 0, 0, 0}},
};

/* ------------------------------------------------------------ names */

static const char *unit_name(size_t i)
{
	return units[i].name;
}

static const char *const dim_names[WF_DIM_COUNT_] = {
	"a dimensionless number", "a power", "an energy", "a time", "a CO2e mass",
	"a carbon intensity", "a compute amount", "a compute rate", "a data size",
	"a water volume", "a water intensity", "a rate",
	"a memory power (W per byte)", "a date", "a temperature",
	"a CO2e mass per data size (kg/GB)", "a CO2e mass per power (t/MW)",
};

static const char *const dim_units[WF_DIM_COUNT_] = {
	"1", "W", "J", "s", "kg", "kg/J", "FLOP", "FLOP/s", "B", "L", "L/J",
	"1/s", "W/B", "s", "degC", "kg/B", "kg/W",
};

WF_API const char *wf_dim_name(wf_dim dim)
{
	if ((int)dim < 0 || dim >= WF_DIM_COUNT_)
		return "an unknown dimension";
	return dim_names[dim];
}

WF_API const char *wf_dim_unit(wf_dim dim)
{
	if ((int)dim < 0 || dim >= WF_DIM_COUNT_)
		return "?";
	return dim_units[dim];
}

/* ------------------------------------------------------------ errors */

/* Copy at most Q_QUOTE_MAX bytes of s[0..len) into buf for quoting, with
 * control bytes and quotes replaced so a message stays one tidy line. */
const char *wf_q_quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, n = len > Q_QUOTE_MAX ? Q_QUOTE_MAX : len;

	if (n + 4 > size)
		n = size > 4 ? size - 4 : 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[i] = (c < 0x20 || c == 0x7f || c == '"') ? '?' : (char)c;
	}
	if (n < len)
		memcpy(buf + n, "...", 3), n += 3;
	buf[n] = '\0';
	return buf;
}

/* Fill perr (if any) and return code. */
int wf_q_fail(wf_parse_error *perr, int code, size_t offset,
			       const char *fmt, ...)
{
	va_list ap;

	if (!perr)
		return code;
	perr->offset = (int)offset;
	va_start(ap, fmt);
	vsnprintf(perr->message, sizeof(perr->message), fmt, ap);
	va_end(ap);
	return code;
}

/* Case-sensitive Levenshtein distance ("mW" and "MW" differ); long
 * strings are never near, so they are not measured. */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), i, j, row[33];

	if (la > 32 || lb > 32)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Equal ignoring ASCII case. */
static int same_nocase(const char *a, size_t la, const char *b)
{
	size_t i;

	if (strlen(b) != la)
		return 0;
	for (i = 0; i < la; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x != y && !((x | 0x20) == (y | 0x20) && (x | 0x20) >= 'a' &&
				(x | 0x20) <= 'z'))
			return 0;
	}
	return 1;
}

/* The candidate a typo most plausibly meant: one that differs only in
 * case, else the nearest by edit distance when that is small (1 for
 * words up to 3 bytes, 2 beyond) and leaves something of the word. */
const char *wf_q_nearest(const char *s, size_t len,
			   const char *(*name_at)(size_t), size_t n)
{
	const char *best = NULL;
	size_t i, best_d = (size_t)-1, limit = len <= 3 ? 1 : 2;

	for (i = 0; i < n; i++) {
		const char *c = name_at(i);
		size_t d;
		if (same_nocase(s, len, c))
			return c;
		d = edit_distance(s, len, c);
		if (d < best_d)
			best_d = d, best = c;
	}
	return best_d <= limit && best_d < len ? best : NULL;
}

/* ", did you mean "x"?" or "" - for the end of a message. */
const char *wf_q_hint(char *buf, size_t size, const char *cand)
{
	if (!cand)
		return "";
	snprintf(buf, size, ", did you mean \"%s\"?", cand);
	return buf;
}

/* ------------------------------------------------------------ qparser */

/* The patterns and the C locale, made once per process (pthread_once) and
 * never changed after: every parser in every thread shares them.  Each
 * parser has its own match data (the captures of its last match), so two
 * threads never share anything that a match writes. */
static struct {
	pcre2_code *re[PAT_COUNT_];
	locale_t c_locale;
	int ok;
} shared;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void shared_init(void)
{
	static const char *const *const pats[PAT_COUNT_] = {
		&pat_number, &pat_unit, &pat_call, &pat_date, &pat_datelike,
	};
	int i, errcode;
	PCRE2_SIZE erroff;

	for (i = 0; i < PAT_COUNT_; i++) {
		shared.re[i] = pcre2_compile((PCRE2_SPTR)*pats[i], PCRE2_ZERO_TERMINATED,
					     PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY, &errcode,
					     &erroff, NULL);
		if (!shared.re[i])
			return;
	}
	shared.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	shared.ok = shared.c_locale != (locale_t)0;
}

int wf_qparser_new(wf_qparser **out)
{
	wf_qparser *qp;
	int i;

	*out = NULL;
	if (pthread_once(&shared_once, shared_init) != 0 || !shared.ok)
		return WF_ENOMEM;
	if (!(qp = calloc(1, sizeof(*qp))))
		return WF_ENOMEM;
	for (i = 0; i < PAT_COUNT_; i++)
		qp->re[i] = shared.re[i];
	qp->c_locale = shared.c_locale;
	qp->md = pcre2_match_data_create(Q_MAX_CAPS, NULL);
	qp->mctx = pcre2_match_context_create(NULL);
	if (!qp->md || !qp->mctx) {
		wf_qparser_free(qp);
		return WF_ENOMEM;
	}
	wf_pcre2_limits(qp->mctx);
	*out = qp;
	return 0;
}

void wf_qparser_free(wf_qparser *qp)
{
	if (!qp)
		return;
	/* the patterns and the locale are shared: never freed */
	pcre2_match_data_free(qp->md);
	pcre2_match_context_free(qp->mctx);
	free(qp);
}

/* Match pattern `which` against text[s.at, s.at+s.len); on a match fill
 * cap[0..ncap) with absolute spans.  Returns 1 on a match, 0 if none,
 * -1 if PCRE2 gave up (a limit, see regex.h): every caller then refuses
 * the text, never takes it as something else. */
int wf_q_match(wf_qparser *qp, int which, const char *text, span s,
		 span *cap, int ncap)
{
	PCRE2_SIZE *ov;
	int rc, i;

	rc = pcre2_match(qp->re[which], (PCRE2_SPTR)(text + s.at), s.len, 0, 0,
			 qp->md, qp->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(qp->md);
	for (i = 0; i < ncap; i++) {
		int set = i < rc && ov[2 * i] != PCRE2_UNSET;
		cap[i].set = set;
		cap[i].at = set ? s.at + ov[2 * i] : s.at;
		cap[i].len = set ? ov[2 * i + 1] - ov[2 * i] : 0;
	}
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* s without leading and trailing white space. */
span wf_q_trim(const char *text, span s)
{
	while (s.len && is_space(text[s.at]))
		s.at++, s.len--;
	while (s.len && is_space(text[s.at + s.len - 1]))
		s.len--;
	return s;
}

/* ------------------------------------------------------------ parsing */


/* Read the decimal number at s (already matched by pat_number) in the C
 * locale.  Out of double's range (overflow or underflow) is an error. */
static int read_number(wf_qparser *qp, double *out, const char *text, span s,
		       wf_parse_error *perr)
{
	char buf[Q_MAX_TEXT + 1], q[Q_QUOTE_MAX + 4];
	locale_t old;
	double x;
	int range;

	memcpy(buf, text + s.at, s.len);
	buf[s.len] = '\0';
	old = uselocale(qp->c_locale);
	errno = 0;
	x = strtod(buf, NULL);
	range = errno == ERANGE;
	uselocale(old);
	if (range || !isfinite(x))
		return wf_q_fail(perr, WF_EINPUT, s.at, "number out of range \"%s\"",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	*out = x;
	return 0;
}

static const unit_def *find_unit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < N_UNITS; i++)
		if (strlen(units[i].name) == len && memcmp(units[i].name, s, len) == 0)
			return &units[i];
	return NULL;
}

/* An unknown unit; for a single term (hint set) name the nearest known
 * unit, but not for a tail that is no unit expression at all ("W)"). */
static int unknown_unit(const char *text, span s, int hint_set,
			wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4], h[64];
	/* "C" (last) is never suggested: it is a temperature only in context */
	const char *cand = hint_set ? wf_q_nearest(text + s.at, s.len, unit_name, N_UNITS - 1)
				    : NULL;

	return wf_q_fail(perr, WF_EINPUT, s.at, "unknown unit \"%s\"%s",
		    wf_q_quote(q, sizeof q, text + s.at, s.len), wf_q_hint(h, sizeof h, cand));
}

/* Look up one term of a unit expression; "C" counts only where a
 * temperature is expected. */
static int term_unit(const unit_def **out, const char *text, span s,
		     wf_dim expect, wf_parse_error *perr)
{
	const unit_def *u = find_unit(text + s.at, s.len);

	if (u && (u->flags & U_TEMP_ONLY) && expect != WF_DIM_TEMPERATURE)
		return wf_q_fail(perr, WF_EINPUT, s.at,
			    "unknown unit \"C\", write \"degC\" for a temperature");
	if (!u)
		return unknown_unit(text, s, 1, perr);
	*out = u;
	return 0;
}

/* The wattif dimension with exponents e, or -1. */
static int dim_of(const signed char *e)
{
	size_t i;

	for (i = 0; i < sizeof(dim_exps) / sizeof(dim_exps[0]); i++)
		if (memcmp(dim_exps[i].e, e, B_COUNT_) == 0)
			return (int)dim_exps[i].dim;
	return -1;
}

/* Why the matched unit expression cannot be used, or NULL if it can:
 * a CO2 suffix after something that is not a mass, %, or a temperature
 * inside A/B.  *where gets the offending offset. */
static const char *misuse(const unit_def *num, const unit_def *den,
			  const span *cap, size_t *where)
{
	if (cap[2].set && !(num->flags & U_MASS))
		return (*where = cap[2].at, "a CO2 suffix must follow a mass unit");
	if (cap[5].set && !(den->flags & U_MASS))
		return (*where = cap[5].at, "a CO2 suffix must follow a mass unit");
	if (cap[3].set && ((num->flags | den->flags) & U_ALONE))
		return (*where = cap[0].at, "cannot divide % or a temperature");
	return NULL;
}

/* Parse the unit expression s into a factor to SI and a dimension. */
static int parse_unit(wf_qparser *qp, double *factor, wf_dim *dim,
		      const char *text, span s, wf_dim expect,
		      wf_parse_error *perr)
{
	static const unit_def one = {"", 1, E_NONE, 0};
	const unit_def *num = &one, *den = &one;
	char q[Q_QUOTE_MAX + 4];
	span cap[6];
	signed char e[B_COUNT_];
	const char *why;
	size_t where = s.at;
	int i, d, m;

	if ((m = wf_q_match(qp, PAT_UNIT, text, s, cap, 6)) <= 0) {
		unsigned char c = (unsigned char)text[s.at];
		if (m == 0 && (c == '/' || c == '%' || c >= 0x80 ||
			       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			return unknown_unit(text, s, 0, perr);
		return wf_q_fail(perr, WF_EINPUT, s.at, "unexpected \"%s\"",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	}
	if ((cap[1].set && term_unit(&num, text, cap[1], expect, perr)) ||
	    (cap[4].set && term_unit(&den, text, cap[4], expect, perr)))
		return WF_EINPUT;
	cap[0] = s;
	if ((why = misuse(num, den, cap, &where)))
		return wf_q_fail(perr, WF_EINPUT, where, "%s, got \"%s\"", why,
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	for (i = 0; i < B_COUNT_; i++)
		e[i] = (signed char)(num->e[i] - den->e[i]);
	d = (num->flags & U_TEMP) ? (int)WF_DIM_TEMPERATURE : dim_of(e);
	if (d < 0)
		return wf_q_fail(perr, WF_EINPUT, s.at, "unsupported unit \"%s\"",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	*factor = num->factor / den->factor;
	*dim = (wf_dim)d;
	return 0;
}

static size_t memo_slot(const char *t, size_t len, wf_dim expect)
{
	uint32_t h = 2166136261u ^ (uint32_t)expect;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)t[i]) * 16777619u;
	return (h ^ (h >> 15)) % Q_MEMO_SLOTS;
}

/* parse_unit, remembering what a short unit text came to: the same text
 * and expectation always give the same answer, so the pattern need not
 * run again (errors are not remembered: they are rare and carry text). */
int wf_q_parse_unit(wf_qparser *qp, double *factor, wf_dim *dim,
		      const char *text, span s, wf_dim expect,
		      wf_parse_error *perr)
{
	q_memo *m;
	int rc;

	if (s.len >= Q_MEMO_TEXT)
		return parse_unit(qp, factor, dim, text, s, expect, perr);
	m = &qp->memo[memo_slot(text + s.at, s.len, expect)];
	if (m->expect == (int)expect && memcmp(m->text, text + s.at, s.len) == 0 &&
	    m->text[s.len] == '\0' && s.len > 0) {
		*factor = m->factor;
		*dim = (wf_dim)m->dim;
		return 0;
	}
	if ((rc = parse_unit(qp, factor, dim, text, s, expect, perr)))
		return rc;
	memcpy(m->text, text + s.at, s.len);
	m->text[s.len] = '\0';
	m->expect = (int)expect;
	m->dim = (int)*dim;
	m->factor = *factor;
	return 0;
}

/* The decimal digits of a capture (at most 4, all digits by the pattern);
 * 0 for a group that did not take part. */
static int cap_int(const char *text, span c)
{
	int v = 0;
	size_t i;

	for (i = 0; c.set && i < c.len; i++)
		v = v * 10 + (text[c.at + i] - '0');
	return v;
}

/* Fraction of a second ".123" (pattern-checked digits). */
static double cap_frac(const char *text, span c)
{
	double v = 0, scale = 0.1;
	size_t i;

	for (i = 1; c.set && i < c.len; i++, scale /= 10)
		v += (text[c.at + i] - '0') * scale;
	return v;
}

/* Check the fields of a matched date; 0 or the index of the bad capture. */
static int bad_date_field(const int *f)
{
	if (f[2] < 1 || f[2] > 12)
		return 2;
	if (f[3] < 1 || f[3] > wf_days_in_month(f[1], f[2]))
		return 3;
	if (f[4] > 23)
		return 4;
	if (f[5] > 59)
		return 5;
	if (f[6] > 59)
		return 6;
	if (f[10] > 23)
		return 10;
	if (f[11] > 59)
		return 11;
	return 0;
}

/* A matched ISO 8601 date: validate it and convert to seconds since the
 * epoch (UTC; no zone means UTC). */
static int date_value(double *out, const char *text, const span *cap,
		      wf_parse_error *perr)
{
	static const char *const what[Q_MAX_CAPS] = {
		"", "year", "month", "day", "hour", "minute", "second", "", "", "",
		"zone offset", "zone offset",
	};
	char q[Q_QUOTE_MAX + 4];
	int f[Q_MAX_CAPS], i, bad;
	double secs, zone;

	for (i = 1; i < Q_MAX_CAPS; i++)
		f[i] = (i == 7 || i == 8 || i == 9) ? 0 : cap_int(text, cap[i]);
	if ((bad = bad_date_field(f)))
		return wf_q_fail(perr, WF_EINPUT, cap[bad].at, "invalid %s in date \"%s\"",
			    what[bad], wf_q_quote(q, sizeof q, text + cap[0].at, cap[0].len));
	zone = (f[10] * 3600.0 + f[11] * 60.0) *
	       (cap[9].set && text[cap[9].at] == '-' ? -1 : 1);
	secs = (double)wf_days_from_civil(f[1], f[2], f[3]) * WF_DAY_S + f[4] * 3600.0 +
	       f[5] * 60.0 + f[6] + cap_frac(text, cap[7]);
	*out = secs - zone;
	return 0;
}

/* Both date patterns begin with four digits and '-': text that does not
 * cannot match them, and need not be tried. */
static int starts_like_date(const char *t, size_t len)
{
	size_t i;

	if (len < 5 || t[4] != '-')
		return 0;
	for (i = 0; i < 4; i++)
		if (t[i] < '0' || t[i] > '9')
			return 0;
	return 1;
}

/* Parse one quantity (no distribution): a date, or a number with an
 * optional unit. */
int wf_q_parse_qty(wf_qparser *qp, qty *out, const char *text, span s,
		     wf_dim expect, wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4];
	span cap[Q_MAX_CAPS];
	double x = 0, factor = 1;
	wf_dim dim = WF_DIM_NONE;
	int rc, datey = starts_like_date(text + s.at, s.len);

	out->at = s;
	if (!datey)
		rc = 0;
	else if ((rc = wf_q_match(qp, PAT_DATE, text, s, cap, Q_MAX_CAPS)) > 0) {
		cap[0] = s;
		out->dim = WF_DIM_DATE;
		out->has_unit = 1;
		return date_value(&out->si, text, cap, perr);
	}
	if (rc < 0)
		return wf_q_fail(perr, WF_EINPUT, s.at, "cannot read \"%s\" within the "
				 "pattern matcher's limits", wf_q_quote(q, sizeof q, text + s.at, s.len));
	if (datey && wf_q_match(qp, PAT_DATELIKE, text, s, cap, 1) > 0)
		return wf_q_fail(perr, WF_EINPUT, s.at,
			    "malformed date \"%s\", expected YYYY-MM-DD[Thh:mm[:ss][Z|+hh:mm]]",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	if (wf_q_match(qp, PAT_NUMBER, text, s, cap, 3) <= 0)
		return wf_q_fail(perr, WF_EINPUT, s.at, "expected a number, got \"%s\"",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	if ((rc = read_number(qp, &x, text, cap[1], perr)))
		return rc;
	out->has_unit = cap[2].len > 0;
	if (out->has_unit &&
	    (rc = wf_q_parse_unit(qp, &factor, &dim, text, cap[2], expect, perr)))
		return rc;
	out->si = x * factor;
	out->dim = dim;
	if (!isfinite(out->si))
		return wf_q_fail(perr, WF_EINPUT, s.at, "value out of range \"%s\"",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	return 0;
}

static int dim_error(const wf_value *v, const char *text, span s, wf_dim expect,
		     wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4];

	return wf_q_fail(perr, WF_EDIM, s.at, "expected %s, got %s \"%s\"",
		    wf_dim_name(expect), wf_dim_name(v->dim),
		    wf_q_quote(q, sizeof q, text + s.at, s.len));
}

int wf_qparser_parse(wf_qparser *qp, wf_value *out, const char *text,
		     wf_dim expect, wf_parse_error *perr)
{
	wf_value v;
	size_t len;
	span s;
	int rc;

	if (perr)
		perr->offset = 0, perr->message[0] = '\0';
	if (!qp || !out || !text || (int)expect < 0 || expect > WF_DIM_COUNT_)
		return wf_q_fail(perr, WF_EINPUT, 0, "invalid arguments");
	if ((len = strnlen(text, Q_MAX_TEXT + 1)) > Q_MAX_TEXT)
		return wf_q_fail(perr, WF_EINPUT, 0, "quantity too long (over %d bytes)",
			    Q_MAX_TEXT);
	s = wf_q_trim(text, (span){0, len, 1});
	if (s.len == 0)
		return wf_q_fail(perr, WF_EINPUT, s.at, "empty quantity");
	memset(&v, 0, sizeof(v));
	if (wf_q_looks_like_call(qp, text, s)) {
		rc = wf_q_parse_call(qp, &v, text, s, expect, perr);
	} else {
		qty q;
		rc = wf_q_parse_qty(qp, &q, text, s, expect, perr);
		v.kind = WF_DIST_FIXED;
		v.dim = q.dim;
		v.p[0] = q.si;
	}
	if (rc)
		return rc;
	if (expect != WF_DIM_COUNT_ && v.dim != expect)
		return dim_error(&v, text, s, expect, perr);
	*out = v;
	return 0;
}

WF_API int wf_value_parse(wf_value *out, const char *text, wf_dim expect,
			  wf_parse_error *perr)
{
	wf_qparser *qp;
	int rc;

	if (wf_qparser_new(&qp))
		return wf_q_fail(perr, WF_ENOMEM, 0, "out of memory");
	rc = wf_qparser_parse(qp, out, text, expect, perr);
	wf_qparser_free(qp);
	return rc;
}

WF_API double wf_value_nominal(const wf_value *v)
{
	if (!v)
		return NAN;
	switch (v->kind) {
	case WF_DIST_FIXED:
	case WF_DIST_NORMAL:
	case WF_DIST_LOGNORMAL:
		return v->p[0];
	case WF_DIST_TRI:
	case WF_DIST_PERT:
		return v->p[1];
	case WF_DIST_UNIFORM:
		return 0.5 * (v->p[0] + v->p[1]);
	}
	return NAN;
}

/* ------------------------------------------- the tables, read only (schema) */

const char *wf_unit_at(size_t i, wf_dim *dim, int *co2, int *alone)
{
	int d;

	if (i >= N_UNITS)
		return NULL;
	d = dim_of(units[i].e);
	*dim = units[i].flags & U_TEMP ? WF_DIM_TEMPERATURE : d < 0 ? WF_DIM_COUNT_ : (wf_dim)d;
	*co2 = (units[i].flags & U_MASS) != 0;
	*alone = (units[i].flags & U_ALONE) != 0;
	return units[i].name;
}

const char *wf_date_pattern(void)
{
	return pat_date;
}
