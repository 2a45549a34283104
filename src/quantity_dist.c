/*
 * quantity_dist.c - distribution calls in quantities: tri(a, mode, b),
 * pert(a, mode, b), uniform(a, b), normal(mu, sd), lognormal(median, gsd),
 * with units inside every argument or once after the call, and the checks
 * on their parameters (quantity.c's header lists the conventions).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "quantity_int.h"

static const char *dist_name(size_t i);


typedef struct dist_def {
	const char *name;
	wf_dist_kind kind;
	int nargs;
	const char *arg[3]; /* argument names, for messages */
} dist_def;

static const dist_def dists[] = {
	{"tri", WF_DIST_TRI, 3, {"a", "mode", "b"}},
	{"pert", WF_DIST_PERT, 3, {"a", "mode", "b"}},
	{"uniform", WF_DIST_UNIFORM, 2, {"a", "b", NULL}},
	{"normal", WF_DIST_NORMAL, 2, {"mu", "sd", NULL}},
	{"lognormal", WF_DIST_LOGNORMAL, 2, {"median", "gsd", NULL}},
};

#define N_DISTS (sizeof(dists) / sizeof(dists[0]))



static const dist_def *find_dist(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < N_DISTS; i++)
		if (strlen(dists[i].name) == len && memcmp(dists[i].name, s, len) == 0)
			return &dists[i];
	return NULL;
}

/* A parsed call: its definition, argument spans and quantities, and
 * the unit written after it. */
typedef struct call {
	const dist_def *def;
	span args[3];
	qty q[3];
	span after;
} call;

/* Split the argument list s at commas into c->args. */
static int split_args(call *c, const char *text, span s, span close,
		      wf_parse_error *perr)
{
	size_t i, start = s.at;
	int n = 0;

	for (i = s.at; i <= s.at + s.len; i++) {
		if (i < s.at + s.len && text[i] != ',')
			continue;
		span a = wf_q_trim(text, (span){start, i - start, 1});
		if (n == c->def->nargs)
			return wf_q_fail(perr, WF_EINPUT, a.at, "%s takes %d arguments, got more",
				    c->def->name, c->def->nargs);
		if (a.len == 0)
			return wf_q_fail(perr, WF_EINPUT, a.at, "%s: missing %s", c->def->name,
				    c->def->arg[n]);
		c->args[n++] = a;
		start = i + 1;
	}
	if (n < c->def->nargs)
		return wf_q_fail(perr, WF_EINPUT, close.at, "%s takes %d arguments, got %d",
			    c->def->name, c->def->nargs, n);
	return 0;
}

/* Match the call syntax and find the distribution and its arguments. */
static int parse_call_syntax(wf_qparser *qp, call *c, const char *text, span s,
			     wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4], h[64];
	span cap[5];

	if (wf_q_match(qp, PAT_CALL, text, s, cap, 5) <= 0)
		return wf_q_fail(perr, WF_EINPUT, s.at, "malformed distribution \"%s\"",
			    wf_q_quote(q, sizeof q, text + s.at, s.len));
	if (!(c->def = find_dist(text + cap[1].at, cap[1].len)))
		return wf_q_fail(perr, WF_EINPUT, cap[1].at, "unknown distribution \"%s\"%s",
			    wf_q_quote(q, sizeof q, text + cap[1].at, cap[1].len),
			    wf_q_hint(h, sizeof h, wf_q_nearest(text + cap[1].at, cap[1].len,
						      dist_name, N_DISTS)));
	if (!cap[3].len) {
		size_t at = cap[2].at + cap[2].len;
		return wf_q_fail(perr, WF_EINPUT, at, "%s: %s", c->def->name,
			    at < s.at + s.len ? "unexpected \"(\"" : "missing \")\"");
	}
	c->after = cap[4];
	return split_args(c, text, cap[2], cap[3], perr);
}

/* The dimension the arguments share: that of the first with a unit. */
static wf_dim shared_dim(const call *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (c->q[i].has_unit)
			return c->q[i].dim;
	return WF_DIM_NONE;
}

/* Check that the first n arguments share a dimension (WF_EINPUT, not
 * WF_EDIM: the call is malformed whatever was expected, and the offset
 * names the argument).  A bare 0 takes
 * the others' dimension ("uniform(0, 50 W)"), except for dates and
 * temperatures where 0 is a point, not an amount. */
static int check_dims(call *c, int n, const char *text, wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4];
	wf_dim dim = shared_dim(c, n);
	int i;

	for (i = 0; i < n; i++) {
		qty *a = &c->q[i];
		if (a->dim == dim)
			continue;
		if (!a->has_unit && a->si == 0 && dim != WF_DIM_DATE &&
		    dim != WF_DIM_TEMPERATURE) {
			a->dim = dim;
			continue;
		}
		return wf_q_fail(perr, WF_EINPUT, a->at.at,
			    "%s: arguments differ in dimension, \"%s\" is %s, expected %s",
			    c->def->name, wf_q_quote(q, sizeof q, text + a->at.at, a->at.len),
			    wf_dim_name(a->dim), wf_dim_name(dim));
	}
	return 0;
}

/* Apply a unit written after the call to its first n arguments, which
 * must then be plain numbers. */
static int apply_after(wf_qparser *qp, call *c, int n, const char *text,
		       wf_dim expect, wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4];
	double factor;
	wf_dim dim;
	int i, rc;

	if ((rc = wf_q_parse_unit(qp, &factor, &dim, text, c->after, expect, perr)))
		return rc;
	for (i = 0; i < n; i++)
		if (c->q[i].has_unit)
			return wf_q_fail(perr, WF_EINPUT, c->after.at,
				    "%s: a unit both inside and after the call", c->def->name);
	for (i = 0; i < n; i++) {
		c->q[i].si *= factor;
		c->q[i].dim = dim;
		c->q[i].has_unit = 1;
		if (!isfinite(c->q[i].si))
			return wf_q_fail(perr, WF_EINPUT, c->args[i].at, "value out of range \"%s\"",
				    wf_q_quote(q, sizeof q, text + c->args[i].at, c->args[i].len));
	}
	return 0;
}

/* Report argument i of c as violating `rule`. */
static int bad_arg(const call *c, int i, const char *text, const char *rule,
		   wf_parse_error *perr)
{
	char q[Q_QUOTE_MAX + 4];
	span a = c->args[i];

	return wf_q_fail(perr, WF_EINPUT, a.at, "%s: %s \"%s\" %s", c->def->name,
		    c->def->arg[i], wf_q_quote(q, sizeof q, text + a.at, a.len), rule);
}

/* Check the parameters' ranges (SI values). */
static int check_params(const call *c, const char *text, wf_parse_error *perr)
{
	double a = c->q[0].si, m = c->q[1].si, b = c->q[2].si;

	switch (c->def->kind) {
	case WF_DIST_TRI:
	case WF_DIST_PERT:
		if (!(a < b))
			return bad_arg(c, 2, text, "must be greater than a", perr);
		if (m < a)
			return bad_arg(c, 1, text, "is below a", perr);
		if (m > b)
			return bad_arg(c, 1, text, "is above b", perr);
		return 0;
	case WF_DIST_UNIFORM:
		return a < m ? 0 : bad_arg(c, 1, text, "must be greater than a", perr);
	case WF_DIST_NORMAL:
		return m >= 0 ? 0 : bad_arg(c, 1, text, "must not be negative", perr);
	case WF_DIST_LOGNORMAL:
		if (!(a > 0))
			return bad_arg(c, 0, text, "must be positive", perr);
		if (c->q[1].dim != WF_DIM_NONE)
			return bad_arg(c, 1, text, "must be a dimensionless number", perr);
		return m >= 1 ? 0 : bad_arg(c, 1, text, "must be at least 1", perr);
	case WF_DIST_FIXED:
		break;
	}
	return 0;
}

/* Parse a distribution call "name(arg, ...) [unit]" into *out. */
int wf_q_parse_call(wf_qparser *qp, wf_value *out, const char *text, span s,
		      wf_dim expect, wf_parse_error *perr)
{
	call c;
	int i, rc, n;

	memset(&c, 0, sizeof(c));
	if ((rc = parse_call_syntax(qp, &c, text, s, perr)))
		return rc;
	for (i = 0; i < c.def->nargs; i++)
		if ((rc = wf_q_parse_qty(qp, &c.q[i], text, c.args[i], expect, perr)))
			return rc;
	/* lognormal's gsd is a factor, not a quantity of the median's kind */
	n = c.def->kind == WF_DIST_LOGNORMAL ? 1 : c.def->nargs;
	if (c.after.len && (rc = apply_after(qp, &c, n, text, expect, perr)))
		return rc;
	if ((rc = check_dims(&c, n, text, perr)) || (rc = check_params(&c, text, perr)))
		return rc;
	out->kind = c.def->kind;
	out->dim = c.q[0].dim;
	for (i = 0; i < 3; i++)
		out->p[i] = i < c.def->nargs ? c.q[i].si : 0;
	return 0;
}

/* A call is a name followed by "(": a number, date or sign cannot be. */
int wf_q_looks_like_call(wf_qparser *qp, const char *text, span s)
{
	span cap[1];
	char c = s.len ? text[s.at] : '\0';

	/* a call begins with a name: text that does not is not tried */
	if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'))
		return 0;
	return wf_q_match(qp, PAT_CALL, text, s, cap, 1) > 0;
}

static const char *dist_name(size_t i)
{
	return dists[i].name;
}

/* The distributions, read only (schema). */
const char *wf_dist_at(size_t i, int *nargs)
{
	if (i >= N_DISTS)
		return NULL;
	*nargs = dists[i].nargs;
	return dists[i].name;
}
