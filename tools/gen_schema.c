/*
 * gen_schema.c - prints the JSON Schema of wattif model files
 * (schema/wattif.schema.json) from the library's own tables.
 *
 * What is read from the library, so the schema follows it:
 *  - the keys of each kind of catalog entry, their types, dimensions,
 *    ranges and which are required (the loader's field tables,
 *    wf_loader_key), the top-level keys and a facility's climate keys;
 *  - the id pattern;
 *  - the units of each dimension: every unit of the quantity parser's table
 *    alone, and every A/B of two of them that the parser itself reduces to
 *    the dimension (wf_value_parse decides), with the CO2e suffixes of
 *    masses; the distributions and their numbers of arguments; the date
 *    pattern;
 *  - the precisions, bases and output names.
 * What is written here: the shape of keys the loader reads with a function
 * of their own (a custom key without a shape here stops the generator),
 * and the keys of a scenario and a sweep, whose lists live in the engine
 * and the sweep module (python/tests/test_schema.py checks that the
 * library knows every one of them and that every shipped file validates).
 *
 * Built by make against the static library; `make schema` writes its
 * output to schema/ and `make schema-check` (part of make test) fails when
 * the checked-in file differs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "quantity.h"
#include "strbuf.h"

/* ---------------------------------------------------------- JSON output */

static int depth;
static int first[64];

static void jstr(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Start a member ("key": ) or an array item at the current depth. */
static void member(const char *key)
{
	if (!first[depth])
		putchar(',');
	first[depth] = 0;
	if (depth)
		printf("\n%*s", 2 * depth, "");
	if (key) {
		jstr(key);
		fputs(": ", stdout);
	}
}

static void open_(const char *key, char brace)
{
	member(key);
	putchar(brace);
	first[++depth] = 1;
}

static void close_(char brace)
{
	int empty = first[depth];

	depth--;
	if (!empty)
		printf("\n%*s", 2 * depth, "");
	putchar(brace);
}

static void kv(const char *key, const char *val)
{
	member(key);
	jstr(val);
}

static void kv_raw(const char *key, const char *raw)
{
	member(key);
	fputs(raw, stdout);
}

static void kv_num(const char *key, double x)
{
	member(key);
	printf("%.17g", x);
}

static void ref(const char *key, const char *def)
{
	open_(key, '{');
	member("$ref");
	printf("\"#/definitions/%s\"", def);
	close_('}');
}

/* -------------------------------------------------------- dimensions */

/* Definition names of the dimensions ("quantity.power"). */
static const char *const dim_ids[WF_DIM_COUNT_] = {
	"none", "power", "energy", "time", "mass", "intensity", "compute",
	"compute_rate", "data", "volume", "water_intensity", "rate", "power_per_data",
	"date", "temperature", "mass_per_data", "mass_per_power",
};

_Static_assert(WF_DIM_MASS_PER_POWER + 1 == WF_DIM_COUNT_, "a dimension without an id");

#define NUM "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#define CO2 "(?:\\s*[Cc][Oo](?:2|\xe2\x82\x82)(?:[Ee][Qq]|[Ee]|-[Ee][Qq]|-[Ee])?)?"
#define MAX_UNITS 256

static void regex_escape(wf_strbuf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}/", *s))
			wf_strbuf_printf(b, "\\");
		wf_strbuf_printf(b, "%c", *s);
	}
}

/* (?:u1|u2|...) over the units of dimension d that may stand in A/B
 * (terms) or stand alone (alone = 1: %, temperatures), with the CO2e
 * suffix after masses.  Returns 0 when there are none. */
static int class_terms(wf_strbuf *b, wf_dim d, int alone)
{
	const char *name;
	wf_dim ud;
	int co2 = 0, ua, n = 0, any_co2 = 0;
	size_t i;

	for (i = 0; (name = wf_unit_at(i, &ud, &co2, &ua)); i++) {
		if (ud != d || ua != alone)
			continue;
		wf_strbuf_printf(b, n++ ? "|" : "(?:");
		regex_escape(b, name);
		any_co2 |= co2;
	}
	if (n)
		wf_strbuf_printf(b, ")%s", any_co2 ? CO2 : "");
	return n;
}

/* One unit of each dimension that stands in A/B, to ask the parser what
 * A/B reduces to. */
static const char *representative(wf_dim d)
{
	const char *name;
	wf_dim ud;
	int co2, alone;
	size_t i;

	for (i = 0; (name = wf_unit_at(i, &ud, &co2, &alone)); i++)
		if (ud == d && !alone)
			return name;
	return NULL;
}

/* The dimension "1 A/B" parses to (A may be NULL: "1 /B"), or -1. */
static int quotient(wf_dim a, wf_dim b)
{
	char text[128];
	wf_value v;

	snprintf(text, sizeof text, "1 %s/%s", a < WF_DIM_COUNT_ ? representative(a) : "",
		 representative(b));
	return wf_value_parse(&v, text, WF_DIM_COUNT_, NULL) == 0 ? (int)v.dim : -1;
}

/* Append piece to b as the next alternative of a group. */
static void alternative(wf_strbuf *b, int *n, wf_strbuf *piece)
{
	wf_strbuf_printf(b, "%s%s", (*n)++ ? "|" : "", wf_strbuf_str(piece));
	wf_strbuf_free(piece);
}

/* The units of dimension d as one group: single units, then every A/B the
 * parser reduces to d. */
static void unit_group(wf_strbuf *b, wf_dim d)
{
	wf_strbuf t = {0};
	int n = 0, a, c, alone;

	wf_strbuf_printf(b, "(?:");
	for (alone = 0; alone < 2; alone++) {
		if (class_terms(&t, d, alone))
			alternative(b, &n, &t);
		wf_strbuf_free(&t);
	}
	/* a = WF_DIM_COUNT_: no numerator ("1 /h") */
	for (a = 0; a <= WF_DIM_COUNT_; a++) {
		int k = 0;
		if (a < WF_DIM_COUNT_ && !representative((wf_dim)a))
			continue;
		for (c = 0; c < WF_DIM_COUNT_; c++) {
			if (!representative((wf_dim)c) || quotient((wf_dim)a, (wf_dim)c) != (int)d)
				continue;
			if (k++ == 0) {
				if (a < WF_DIM_COUNT_)
					class_terms(&t, (wf_dim)a, 0);
				wf_strbuf_printf(&t, "\\s*\\/\\s*(?:");
			} else {
				wf_strbuf_printf(&t, "|");
			}
			class_terms(&t, (wf_dim)c, 0);
		}
		if (k) {
			wf_strbuf_printf(&t, ")");
			alternative(b, &n, &t);
		}
	}
	wf_strbuf_printf(b, ")");
}

/* The pattern of a quantity string of dimension d: a number with a unit of
 * d (optional when d is dimensionless), or a distribution with the unit
 * inside every argument (a bare 0 may go without, except for temperatures,
 * and so may the arguments after the first: lognormal's gsd is a plain
 * number) or once after the call. */
static void quantity_pattern(wf_strbuf *b, wf_dim d)
{
	wf_strbuf u = {0}, names[4] = {{0}};
	const char *name;
	int nargs, n, seen[4] = {0};
	size_t i;

	if (d == WF_DIM_DATE) {
		wf_strbuf_printf(b, "%s", wf_date_pattern());
		return;
	}
	unit_group(&u, d);
	for (i = 0; (name = wf_dist_at(i, &nargs)); i++)
		if (nargs > 0 && nargs < 4) {
			wf_strbuf_printf(&names[nargs], "%s%s", seen[nargs]++ ? "|" : "", name);
		}
	if (d == WF_DIM_NONE)
		wf_strbuf_printf(b, "^\\s*(?:" NUM "(?:\\s*%s)?", wf_strbuf_str(&u));
	else
		wf_strbuf_printf(b, "^\\s*(?:" NUM "\\s*%s", wf_strbuf_str(&u));
	for (n = 1; n < 4; n++) {
		int k;
		if (!seen[n])
			continue;
		/* the unit inside the arguments */
		wf_strbuf_printf(b, "|(?:%s)\\s*\\(\\s*", wf_strbuf_str(&names[n]));
		if (d == WF_DIM_NONE)
			wf_strbuf_printf(b, NUM "(?:\\s*%s)?", wf_strbuf_str(&u));
		else if (d == WF_DIM_TEMPERATURE) /* 0 is a point, not an amount */
			wf_strbuf_printf(b, NUM "\\s*%s", wf_strbuf_str(&u));
		else
			wf_strbuf_printf(b, "(?:" NUM "\\s*%s|[+-]?0+(?:\\.0*)?)", wf_strbuf_str(&u));
		for (k = 1; k < n; k++)
			wf_strbuf_printf(b, "\\s*,\\s*" NUM "(?:\\s*%s)?", wf_strbuf_str(&u));
		wf_strbuf_printf(b, "\\s*\\)");
		/* the unit once after the call */
		wf_strbuf_printf(b, "|(?:%s)\\s*\\(\\s*" NUM, wf_strbuf_str(&names[n]));
		for (k = 1; k < n; k++)
			wf_strbuf_printf(b, "\\s*,\\s*" NUM);
		wf_strbuf_printf(b, "\\s*\\)\\s*%s", wf_strbuf_str(&u));
	}
	wf_strbuf_printf(b, ")\\s*$");
	wf_strbuf_free(&u);
	for (n = 0; n < 4; n++)
		wf_strbuf_free(&names[n]);
}

/* The unit names of dimension d standing alone, for descriptions. */
static void unit_examples(wf_strbuf *b, wf_dim d)
{
	const char *name;
	wf_dim ud;
	int co2, alone, n = 0;
	size_t i;

	for (i = 0; (name = wf_unit_at(i, &ud, &co2, &alone)) && n < 6; i++)
		if (ud == d)
			wf_strbuf_printf(b, "%s%s", n++ ? ", " : "", name);
}

static void quantity_defs(void)
{
	static const char *const examples[WF_DIM_COUNT_] = {
		[WF_DIM_NONE] = " such as 1.2, 45% or tri(1.1, 1.2, 1.4)",
		[WF_DIM_POWER] = " such as \"700 W\" or \"tri(300 W, 400 W, 500 W)\"",
		[WF_DIM_ENERGY] = " such as \"0.3 Wh/request\" or \"449 MWh\"",
		[WF_DIM_TIME] = " such as \"35 days\" or \"4 years\"",
		[WF_DIM_MASS] = " such as \"150 kgCO2e\"",
		[WF_DIM_INTENSITY] = " such as \"385 g/kWh\"",
		[WF_DIM_COMPUTE] = " such as \"3.14e23 FLOP\"",
		[WF_DIM_COMPUTE_RATE] = " such as \"989 TFLOP/s\"",
		[WF_DIM_DATA] = " such as \"80 GB\"",
		[WF_DIM_VOLUME] = " such as \"5 m3\"",
		[WF_DIM_WATER_INTENSITY] = " such as \"1.8 L/kWh\"",
		[WF_DIM_RATE] = " such as \"1000 tokens/s\" or \"5 requests/h\"",
		[WF_DIM_POWER_PER_DATA] = " such as \"0.4 W/GB\"",
		[WF_DIM_DATE] = " such as 2026-07-01T00:00Z",
		[WF_DIM_TEMPERATURE] = " such as \"12 degC\"",
		[WF_DIM_MASS_PER_DATA] = " such as \"1.65 kg/GB\" or \"17.3 kg/TB\"",
		[WF_DIM_MASS_PER_POWER] = " such as \"180 t/MW\"",
	};
	char msg[160];
	int d;

	for (d = 0; d < WF_DIM_COUNT_; d++) {
		char id[64];
		wf_strbuf p = {0}, desc = {0};
		quantity_pattern(&p, (wf_dim)d);
		if (d == WF_DIM_DATE) {
			wf_strbuf_printf(&desc, "a date and time, UTC unless a zone is given: "
					 "2026-07-01, 2026-07-01T12:00Z, 2026-07-01 12:00 +01:00");
		} else {
			wf_strbuf_printf(&desc, "%s: a number with a unit (", wf_dim_name((wf_dim)d));
			unit_examples(&desc, (wf_dim)d);
			wf_strbuf_printf(&desc, ", or A/B of units), or a distribution with the "
					 "unit inside its arguments or after the call: tri(a, mode, "
					 "b), pert(a, mode, b), uniform(a, b), normal(mu, sd), "
					 "lognormal(median, gsd)%s",
					 d == WF_DIM_NONE ? "; the unit may be left out" : "");
		}
		snprintf(id, sizeof id, "quantity.%s", dim_ids[d]);
		snprintf(msg, sizeof msg, "expected %s%s", wf_dim_name((wf_dim)d),
			 examples[d] ? examples[d] : "");
		open_(id, '{');
		kv("description", wf_strbuf_str(&desc));
		if (d == WF_DIM_NONE) {
			open_("anyOf", '[');
			open_(NULL, '{');
			kv("type", "number");
			close_('}');
			open_(NULL, '{');
		}
		kv("type", "string");
		kv("pattern", wf_strbuf_str(&p));
		/* what editors show instead of the pattern (yaml-language-server) */
		kv("patternErrorMessage", msg);
		if (d == WF_DIM_NONE) {
			close_('}');
			close_(']');
		}
		close_('}');
		wf_strbuf_free(&p);
		wf_strbuf_free(&desc);
	}
	/* any dimension (workload.device_hours: a time or a count of hours) */
	open_("quantity.any", '{');
	kv("description", "a quantity of any dimension, or a plain number");
	open_("anyOf", '[');
	for (d = 0; d < WF_DIM_COUNT_; d++) {
		char id[64];
		snprintf(id, sizeof id, "quantity.%s", dim_ids[d]);
		ref(NULL, id);
	}
	close_(']');
	close_('}');
}

/* ------------------------------------------------------------ shapes */

/* A shape, written compactly:
 *   q:DIM            a quantity of a dimension (dim_ids)
 *   ref:NAME         a definition
 *   enum:a|b|c       one of these strings
 *   list:SHAPE       an array of them;  list12:SHAPE  exactly 12 (list24, list7)
 *   map:SHAPE        a mapping of free keys to them
 *   years:SHAPE      a mapping of years (1900 to 2200) to them
 *   or:S1~S2         either
 *   fn:NAME          written by a function below (precisions, bases, ...) */
static void shape(const char *key, const char *s);

static void enum_of(const char *key, const char *const *names, size_t n)
{
	size_t i;

	open_(key, '{');
	open_("enum", '[');
	for (i = 0; i < n; i++) {
		member(NULL);
		jstr(names[i]);
	}
	close_(']');
	close_('}');
}

static void shape_fn(const char *key, const char *name)
{
	if (strcmp(name, "precision") == 0) {
		enum_of(key, wf_prec_names, WF_PREC_COUNT);
	} else if (strcmp(name, "basis") == 0) {
		const char *b[] = {wf_basis_name(WF_BASIS_LIFECYCLE),
				   wf_basis_name(WF_BASIS_DIRECT),
				   wf_basis_name(WF_BASIS_UNSTATED)};
		enum_of(key, b, 3);
	} else if (strcmp(name, "component") == 0) {
		const char *c[WF_EC_COUNT];
		int i;
		for (i = 0; i < WF_EC_COUNT; i++)
			c[i] = wf_emb_comp_name((wf_emb_comp)i);
		enum_of(key, c, WF_EC_COUNT);
	} else if (strcmp(name, "boundary") == 0) {
		const char *b[WF_BOUND_COUNT - 1];
		int i;
		for (i = 1; i < WF_BOUND_COUNT; i++)
			b[i - 1] = wf_boundary_name((wf_boundary)i);
		enum_of(key, b, WF_BOUND_COUNT - 1);
	} else if (strcmp(name, "outputs") == 0) {
		const char *o[WF_OUT_COUNT_];
		int i;
		for (i = 0; i < WF_OUT_COUNT_; i++)
			o[i] = wf_output_name(i);
		enum_of(key, o, WF_OUT_COUNT_);
	} else if (strcmp(name, "peak") == 0) {
		int p;
		open_(key, '{');
		kv("description", "peak compute rate by precision");
		kv("type", "object");
		open_("properties", '{');
		for (p = 0; p < WF_PREC_COUNT; p++)
			ref(wf_prec_names[p], "quantity.compute_rate");
		close_('}');
		kv_raw("additionalProperties", "false");
		close_('}');
	} else {
		fprintf(stderr, "gen_schema: no shape function \"%s\"\n", name);
		exit(1);
	}
}

static void shape(const char *key, const char *s)
{
	char buf[256];

	if (strncmp(s, "q:", 2) == 0) {
		snprintf(buf, sizeof buf, "quantity.%s", s + 2);
		ref(key, buf);
	} else if (strncmp(s, "ref:", 4) == 0) {
		ref(key, s + 4);
	} else if (strncmp(s, "enum:", 5) == 0) {
		const char *names[16];
		char *p, *save = NULL;
		size_t n = 0;
		snprintf(buf, sizeof buf, "%s", s + 5);
		for (p = strtok_r(buf, "|", &save); p && n < 16; p = strtok_r(NULL, "|", &save))
			names[n++] = p;
		enum_of(key, names, n);
	} else if (strncmp(s, "list", 4) == 0) {
		char *colon = strchr(s, ':');
		open_(key, '{');
		kv("type", "array");
		if (colon - s > 4) {
			kv_num("minItems", atof(s + 4));
			kv_num("maxItems", atof(s + 4));
		} else {
			kv_num("minItems", 1);
		}
		shape("items", colon + 1);
		close_('}');
	} else if (strncmp(s, "map:", 4) == 0 || strncmp(s, "years:", 6) == 0) {
		open_(key, '{');
		kv("type", "object");
		if (s[0] == 'y') {
			open_("propertyNames", '{');
			kv("pattern", "^(?:19[0-9][0-9]|2[01][0-9][0-9]|2200)$");
			close_('}');
		}
		shape("additionalProperties", strchr(s, ':') + 1);
		close_('}');
	} else if (strncmp(s, "or:", 3) == 0) {
		const char *tilde = strchr(s, '~');
		snprintf(buf, sizeof buf, "%.*s", (int)(tilde - s - 3), s + 3);
		open_(key, '{');
		open_("anyOf", '[');
		shape(NULL, buf);
		shape(NULL, tilde + 1);
		close_(']');
		close_('}');
	} else if (strncmp(s, "fn:", 3) == 0) {
		shape_fn(key, s + 3);
	} else {
		fprintf(stderr, "gen_schema: bad shape \"%s\"\n", s);
		exit(1);
	}
}

/* A key of a mapping: a shape, its description, whether required. */
typedef struct skey {
	const char *key;
	const char *shape;
	const char *desc;
	int required;
} skey;

/* A property with its description beside the shape (draft-07 reads
 * nothing next to a $ref, so the shape goes under allOf). */
static void property(const char *key, const char *desc, const char *s, double min,
		     int min_open, double max)
{
	open_(key, '{');
	if (desc)
		kv("description", desc);
	open_("allOf", '[');
	shape(NULL, s);
	if (isfinite(min) || isfinite(max)) {
		/* bounds of plain numbers; a string's range is the loader's to check */
		open_(NULL, '{');
		if (isfinite(min))
			kv_num(min_open ? "exclusiveMinimum" : "minimum", min);
		if (isfinite(max))
			kv_num("maximum", max);
		close_('}');
	}
	close_(']');
	close_('}');
}

/* A closed mapping of keys (unknown keys are errors, as in the loader). */
static void object(const char *name, const char *desc, const skey *keys, size_t n)
{
	size_t i, req = 0;

	open_(name, '{');
	if (desc)
		kv("description", desc);
	kv("type", "object");
	open_("properties", '{');
	for (i = 0; i < n; i++) {
		property(keys[i].key, keys[i].desc, keys[i].shape, -INFINITY, 0, INFINITY);
		req += keys[i].required != 0;
	}
	close_('}');
	kv_raw("additionalProperties", "false");
	if (req) {
		open_("required", '[');
		for (i = 0; i < n; i++)
			if (keys[i].required) {
				member(NULL);
				jstr(keys[i].key);
			}
		close_(']');
	}
	close_('}');
}

/* ------------------------------------------------- catalog entries */

/* Keys the loader reads with functions of their own: kind, key, shape. */
static const struct {
	const char *kind, *key, *shape, *desc;
} custom[] = {
	{"accelerators", "peak", "fn:peak", NULL},
	{"accelerators", "curve", "or:q:none~list:ref:curve_point",
	 "power curve: an exponent r from 1 to 2 for f(u) = 2u - u^r, or [u, f] points "
	 "from [0, 0] to [1, 1]"},
	{"grids", "aliases", "list:ref:scalar", "other codes people write for the grid (UK)"},
	{"grids", "basis", "fn:basis", "what the intensity covers"},
	{"grids", "intensity", "or:ref:csv_file~years:q:intensity",
	 "intensity by year ({2024: 385 g/kWh}), or a CSV table beside this file "
	 "(grid,year,intensity_g_per_kwh)"},
	{"grids", "intensity_from", "enum:parent", "take the parent grid's intensity"},
	{"grids", "series", "or:ref:csv_file~list:ref:series_entry",
	 "hourly intensity series: a CSV file beside this one (with series_region and "
	 "series_basis), or a list of {file, basis, region, column, from, to, note}, the "
	 "first covering a job's window winning"},
	{"grids", "series_basis", "fn:basis", "what the series covers"},
	{"grids", "mix", "map:q:none", "generation mix: fuel -> share, summing to 100%"},
	{"facilities", "climate", "ref:climate", "a PUE curve over the site's climate"},
	{"workloads", "kind", "enum:training|inference", NULL},
	{"workloads", "precision", "fn:precision", NULL},
	{"workloads", "energy", "ref:measured_energy",
	 "energy that was measured, and what it covers (the engine adds only what is "
	 "missing: the host share, PUE)"},
	{"workloads", "power_log", "or:ref:text~ref:power_log",
	 "a measured power log beside this file (nvidia-smi, DCGM exporter, CodeCarbon "
	 "emissions.csv, or timestamp_utc,power_w), integrated over its span"},
	{"factors", "basis", "fn:basis", "what the factors cover"},
	{"factors", "values", "map:q:intensity", "emission factor by fuel"},
	{"factors", "imports", "map:q:intensity", "emission factor of imports by origin"},
	{"pathways", "basis", "fn:basis", "what the intensity covers"},
	{"pathways", "intensity", "or:ref:csv_file~years:q:intensity",
	 "intensity by year, or a CSV table beside this file"},
	{"pathways", "interpolation", "enum:linear|steffen", "between the given years"},
	{"pathways", "status", "ref:text", "history, target, projection, appraisal or "
	 "reporting (several joined by '+', e.g. history+target)"},
	{"pathways", "accounting", "enum:location|marginal",
	 "marginal: a consequential basis, shown beside the location-based one"},
	{"water_areas", "status",
	 "enum:seriously stressed|not seriously stressed|not assessed|no classification",
	 "the regulator's classification (a regulatory flag, not a planning tool)"},
	{"water_areas", "regions", "list:ref:id", "grids whose main water company this is"},
	{"demand_projections", "status", "enum:history|target|projection", NULL},
	{"pue_curves", "pue_by_drybulb_c", "ref:pue_points",
	 "PUE by outdoor dry-bulb temperature in °C, at least 3 points"},
	{"nodes", "host", "ref:host", "what the host server holds besides its "
	 "accelerators, for embodied carbon"},
	{"embodied_factors", "component", "fn:component", "what the figure is for; its "
	 "value is kg (board, board_rest, cpu, server_rest, host, nic), kg/GB (hbm, "
	 "dram, ssd), t/MW (building) or a time (service_life)"},
	{"embodied_factors", "boundary", "fn:boundary", "what the figure covers in the "
	 "life cycle"},
};

static const char *custom_shape(const char *kind, const char *key, const char **desc)
{
	size_t i;

	for (i = 0; i < sizeof custom / sizeof *custom; i++)
		if (strcmp(custom[i].kind, kind) == 0 && strcmp(custom[i].key, key) == 0) {
			*desc = custom[i].desc;
			return custom[i].shape;
		}
	fprintf(stderr, "gen_schema: %s.%s is read by a function of the loader's own; "
			"describe its shape in tools/gen_schema.c\n", kind, key);
	exit(1);
}

static void entry_def(wf_kind k)
{
	static const char *const basic[] = {
		[WF_KEY_STR] = "ref:text", [WF_KEY_ID] = "ref:id", [WF_KEY_INT] = "ref:int",
		[WF_KEY_BOOL] = "ref:bool"};
	char name[64], qshape[64], desc[256];
	wf_key_info ki;
	size_t i, req = 0;

	snprintf(name, sizeof name, "entry.%s", wf_kind_name(k));
	open_(name, '{');
	kv("type", "object");
	open_("properties", '{');
	for (i = 0; wf_loader_key(k, i, &ki) == 0; i++) {
		const char *s, *d = NULL;
		req += ki.required != 0;
		if (ki.type == WF_KEY_CUSTOM) {
			s = custom_shape(wf_kind_name(k), ki.key, &d);
			property(ki.key, d, s, -INFINITY, 0, INFINITY);
			continue;
		}
		if (ki.type == WF_KEY_QTY) {
			snprintf(qshape, sizeof qshape, "q:%s",
				 ki.dim < WF_DIM_COUNT_ ? dim_ids[ki.dim] : "any");
			s = qshape;
			snprintf(desc, sizeof desc, "%s%s%s", ki.dim < WF_DIM_COUNT_ ?
				 wf_dim_name(ki.dim) : "a quantity", strcmp(ki.range, "finite") ?
				 ", " : "", strcmp(ki.range, "finite") ? ki.range : "");
		} else {
			s = basic[ki.type];
			snprintf(desc, sizeof desc, "%s", ki.type == WF_KEY_ID ? "an id" :
				 ki.type == WF_KEY_INT ? "a whole number" :
				 ki.type == WF_KEY_BOOL ? "true or false" : "text");
		}
		property(ki.key, desc, s,
			 ki.type == WF_KEY_QTY && ki.dim != WF_DIM_NONE ? -INFINITY : ki.min,
			 ki.min_open,
			 ki.type == WF_KEY_QTY && ki.dim != WF_DIM_NONE ? INFINITY : ki.max);
	}
	close_('}');
	kv_raw("additionalProperties", "false");
	if (req) {
		open_("required", '[');
		for (i = 0; wf_loader_key(k, i, &ki) == 0; i++)
			if (ki.required) {
				member(NULL);
				jstr(ki.key);
			}
		close_(']');
	}
	close_('}');
}

/* climate: the loader's keys, with their shapes (shared with site:). */
static void climate_def(void)
{
	static const skey shapes[] = {
		{"pue_curve", "ref:id", "a PUE curve (`wattif list pue_curves`)", 1},
		{"temperature_c", "ref:temperature_c", "the outdoor dry-bulb temperature, °C", 0},
		{"monthly_temperature_c", "ref:monthly_temperature_c",
		 "twelve monthly mean temperatures, °C, January first", 0},
		{"temperature_series", "ref:csv_file",
		 "hourly temperatures: a CSV file (timestamp_utc,temperature_c) beside this one", 0},
		{"it_load", "q:none", "the IT draw as a share of the rated IT capacity", 0},
	};
	skey keys[16];
	size_t n, i, j;
	const char *const *names = wf_loader_climate_keys(&n);

	if (n > 16) {
		fprintf(stderr, "gen_schema: more climate keys than this program holds\n");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof shapes / sizeof *shapes; j++)
			if (strcmp(shapes[j].key, names[i]) == 0)
				break;
		if (j == sizeof shapes / sizeof *shapes) {
			fprintf(stderr, "gen_schema: climate key \"%s\" has no shape\n", names[i]);
			exit(1);
		}
		keys[i] = shapes[j];
	}
	object("climate", "a facility's climate: a PUE curve and the temperature", keys, n);
}

/* host: a host server's composition (src/loader_embodied.c, wf_host_map). */
static void host_def(void)
{
	static const skey keys[] = {
		{"cpus", "ref:count", "CPU packages", 0},
		{"dram", "q:data", "host memory, e.g. 2048 GB", 0},
		{"ssd", "q:data", "local storage, e.g. 30.4 TB", 0},
		{"nics", "ref:count", "network adapters (counted as network)", 0},
	};
	object("host", "what a host server holds besides its accelerators", keys,
	       sizeof keys / sizeof *keys);
}

/* ------------------------------------------------- scenarios, sweeps */

/* The scenario's keys, as the engine reads them (src/engine.c: top_keys,
 * site_keys, grid_keys, emb_keys, unit_keys, the campus keys, the
 * utilisation and mix_shift keys; the loader's table for an inline
 * workload).  python/tests/test_schema.py checks each against the engine. */
static const skey sc_top[] = {
	{"id", "ref:text", "the scenario's name in results", 0},
	{"name", "ref:text", NULL, 0},
	{"note", "ref:text", NULL, 0},
	{"workload", "or:ref:id~ref:entry.workloads", "a workload id, or one written here", 0},
	{"facility", "ref:id", "a facility id (`wattif list facilities`)", 0},
	{"site", "ref:scenario.site", "where it runs, written here", 0},
	{"start", "q:date", "when the job starts (UTC)", 0},
	{"year", "ref:year", "the year of the grid data", 0},
	{"grid", "ref:scenario.grid", "the grid's intensity and basis", 0},
	{"embodied", "or:ref:bool~ref:scenario.embodied",
	 "include embodied carbon (true), or its figures", 0},
	{"samples", "ref:count", "Monte Carlo samples", 0},
	{"seed", "ref:count", "random seed", 0},
	{"unit", "or:ref:text~ref:scenario.unit",
	 "the functional unit of the SCI: run, request, token, or {name, count}", 0},
	{"campus", "ref:scenario.campus", "a data-centre campus instead of a workload", 0},
	{"years", "ref:scenario.years", "a span of years: run year by year", 0},
	{"measured", "ref:scenario.measured", "the same job as measured: keys that replace "
	 "this scenario's for `wattif compare` (estimate beside measurement)", 0},
	{"campuses", "list:ref:scenario.campus_item",
	 "several campuses, each with its own region and ramp (a portfolio)", 0},
};

static const skey sc_site[] = {
	{"name", "ref:text", NULL, 0},
	{"region", "ref:id", "a grid id (`wattif list grids`)", 0},
	{"pue", "q:none", "power usage effectiveness, at least 1", 0},
	{"wue", "q:water_intensity", "water usage effectiveness (on-site), e.g. 1.8 L/kWh", 0},
	{"water_intensity", "q:water_intensity", "water of the electricity, e.g. 3.1 L/kWh", 0},
	{"pue_curve", "ref:id", "a PUE curve (`wattif list pue_curves`)", 0},
	{"temperature_c", "ref:temperature_c", "outdoor dry-bulb temperature, °C", 0},
	{"monthly_temperature_c", "ref:monthly_temperature_c",
	 "twelve monthly mean temperatures, °C, January first", 0},
	{"temperature_series", "ref:csv_file",
	 "hourly temperatures: a CSV file (timestamp_utc,temperature_c) beside this one", 0},
	{"it_load", "q:none", "the IT draw as a share of the rated IT capacity", 0},
	{"water_company", "ref:id", "the site's water-company area (`wattif list water_areas`)",
	 0},
};

/* One entry of a grid's series list (src/loader_keys.c: series_item_fields). */
static const skey series_entry[] = {
	{"file", "ref:csv_file", "the CSV file, relative to this model file", 1},
	{"basis", "fn:basis", "the factor basis of its values", 1},
	{"region", "ref:text", "its region_id or region name in the file", 0},
	{"column", "enum:intensity_g_per_kwh|intensity_lifecycle_g_per_kwh",
	 "the value column (default intensity_g_per_kwh)", 0},
	{"from", "q:date", "use it from this time (UTC)", 0},
	{"to", "q:date", "use it until this time (UTC)", 0},
	{"note", "ref:text", "said whenever it is used", 0},
};

static const skey sc_grid[] = {
	{"intensity", "q:intensity", "an explicit intensity, overriding the region's data", 0},
	{"basis", "enum:lifecycle|direct", NULL, 0},
	{"year", "ref:year", NULL, 0},
	{"market_intensity", "q:intensity", "market-based intensity", 0},
	{"cfe", "q:none", "contracted carbon-free share", 0},
	{"contract_intensity", "q:intensity", NULL, 0},
	{"residual_intensity", "q:intensity", NULL, 0},
	{"pathway", "ref:text", "an intensity pathway by name (`wattif list pathways`)", 0},
	{"hold", "ref:bool", "hold the pathway's last value past its end", 0},
	{"mix", "map:q:none", "a generation mix: fuel -> share", 0},
	{"factors", "ref:id", "emission factors by fuel (`wattif list factors`)", 0},
	{"mix_shift", "or:ref:scenario.mix_shift~list:ref:scenario.mix_shift",
	 "move percentage points of the mix between fuels", 0},
	{"marginal_intensity", "q:intensity", "for the consequential view (--bases)", 0},
	{"regional_factor", "ref:text", "scale the pathway by the region's regional factor of "
	 "this method, e.g. neso-2023 (`wattif list regional_factors`; series: the default)", 0},
	{"marginal_pathway", "ref:text", "the marginal (consequential) pathway by name, or none "
	 "(a campus takes its region's accounting: marginal pathway)", 0},
};

static const skey sc_embodied[] = {
	{"method", "ref:text", "vendor (default), memory, die, or a method of the "
	 "catalog's embodied factors (boavizta, ...)", 0},
	{"device", "or:q:mass~ref:id", "embodied carbon of one accelerator board, or a "
	 "board factor's id", 0},
	{"device_lifetime", "q:time", NULL, 0},
	{"host", "or:q:mass~or:ref:id~ref:host", "embodied carbon of one host, a host "
	 "factor's id, or its composition", 0},
	{"host_lifetime", "q:time", NULL, 0},
	{"devices_per_host", "q:none", NULL, 0},
	{"lifetime", "q:time", "the service life of the IT hardware", 0},
	{"usage", "q:none", "the share of the lifetime in use (default 100%)", 0},
	{"hbm", "or:q:mass_per_data~ref:id", "accelerator memory, kg/GB (method memory)", 0},
	{"board_rest", "or:q:mass~ref:id", "the board without its memory", 0},
	{"cpu", "or:q:mass~ref:id", "per host CPU", 0},
	{"dram", "or:q:mass_per_data~ref:id", "host memory, kg/GB", 0},
	{"ssd", "or:q:mass_per_data~ref:id", "host storage, kg/GB or kg/TB", 0},
	{"server_rest", "or:q:mass~ref:id", "mainboard, PSUs, chassis, assembly", 0},
	{"nic", "or:q:mass~ref:id", "per network adapter", 0},
	{"network", "or:ref:bool~q:mass", "network per host, or false", 0},
	{"building", "or:ref:bool~or:q:mass_per_power~ref:id", "building and M&E plant "
	 "per MW of IT capacity, a building factor's id, or false", 0},
	{"building_lifetime", "q:time", NULL, 0},
};

static const skey sc_unit[] = {
	{"name", "ref:text", NULL, 1},
	{"count", "q:none", "how many units the run serves", 1},
};

static const skey sc_campus[] = {
	{"it_capacity", "q:power", "rated IT capacity", 1},
	{"ramp", "years:q:none", "share online by year, e.g. {2026: 25%, 2028: 100%}", 0},
	{"utilisation", "or:q:none~ref:scenario.utilisation",
	 "IT load factor, or {daily: [24 factors], weekly: [7]}", 1},
	{"accelerator", "ref:id", "the accelerator it is built from", 0},
	{"node", "ref:id", "or the node (accelerators and their host)", 0},
	{"host_power", "q:power", NULL, 0},
	{"refresh", "q:time", "hardware refresh cycle", 0},
	{"region_demand", "q:energy", "the region's annual electricity demand", 0},
};

static const skey sc_campus_item[] = {
	{"id", "ref:text", "the campus's name in results", 0},
	{"name", "ref:text", NULL, 0},
	{"file", "ref:csv_file", "a single-campus scenario file, relative to this one, run "
	 "with this scenario's years", 0},
	{"region", "ref:id", "a grid id (`wattif list grids`)", 0},
	{"water_company", "ref:id", "the site's water-company area", 0},
	{"facility", "ref:id", "a facility id", 0},
	{"it_capacity", "q:power", "rated IT capacity", 0},
	{"ramp", "years:q:none", "share online by year", 0},
	{"utilisation", "or:q:none~ref:scenario.utilisation", "IT load factor", 0},
	{"accelerator", "ref:id", NULL, 0},
	{"host_power", "q:power", NULL, 0},
	{"refresh", "q:time", NULL, 0},
	{"region_demand", "q:energy", NULL, 0},
};

static const skey sc_utilisation[] = {
	{"daily", "list24:q:none", "24 load factors, hour 0 (UTC) first", 1},
	{"weekly", "list7:q:none", "7 factors, Monday first", 0},
};

static const skey sc_mix_shift[] = {
	{"from", "ref:text", "a fuel of the mix", 1},
	{"to", "ref:text", "a fuel", 1},
	{"points", "q:none", "percentage points moved", 1},
};

/* src/loader_keys.c: map_energy, map_power_log. */
static const skey measured_energy_keys[] = {
	{"value", "q:energy", "the measured energy, e.g. 131 MWh", 1},
	{"scope", "enum:accelerators|it|facility",
	 "what it covers: the accelerators (host share and PUE added), IT equipment (PUE "
	 "added) or the facility's meter (nothing added)", 1},
};

static const skey power_log_keys[] = {
	{"file", "ref:text", "the log, relative to this file", 1},
	{"format", "enum:nvidia-smi|dcgm|codecarbon|plain", "default: by the header", 0},
	{"utc_offset", "ref:text", "local time minus UTC for timestamps without a zone, "
	 "e.g. \"+01:00\", or 0", 0},
	{"max_gap", "q:time", "the longest jump between samples taken as continuous "
	 "(default 5 x the median spacing); longer ones are gaps, not counted", 0},
	{"gpus", "ref:int", "GPUs per sampling round of an nvidia-smi log without an "
	 "index column (default: workload.devices)", 0},
	{"column", "ref:text", "the column to integrate (power.draw.instant, gpu_energy, "
	 "...)", 0},
};

/* measured: scenario keys that replace the estimate's for the measured run
 * (wf_scenario_measured). */
static const skey sc_measured[] = {
	{"workload", "or:ref:id~ref:entry.workloads", "the run as measured", 0},
	{"facility", "ref:id", NULL, 0},
	{"site", "ref:scenario.site", NULL, 0},
	{"start", "q:date", NULL, 0},
	{"year", "ref:year", NULL, 0},
	{"grid", "ref:scenario.grid", NULL, 0},
	{"embodied", "or:ref:bool~ref:scenario.embodied", NULL, 0},
	{"unit", "or:ref:text~ref:scenario.unit", NULL, 0},
};

static const skey sc_years[] = {
	{"from", "ref:year", NULL, 1},
	{"to", "ref:year", NULL, 1},
};

/* src/sweep.c's keys. */
static const skey sweep_keys[] = {
	{"base", "or:ref:text~ref:scenario", "a scenario file (relative to this one), or "
	 "a scenario written here", 0},
	{"vary", "map:ref:axis", "scenario paths and their values", 1},
	{"mode", "enum:product|zip", "every combination (product) or side by side (zip)", 0},
	{"samples", "ref:count", "Monte Carlo samples per point", 0},
	{"outputs", "list:fn:outputs", "the output columns", 0},
};

#define OBJ(name, desc, keys) object(name, desc, keys, sizeof keys / sizeof *keys)

static void scenario_defs(void)
{
	OBJ("scenario", "a what-if: a workload (or campus) at a site on a grid", sc_top);
	OBJ("scenario.site", NULL, sc_site);
	OBJ("series_entry", "one of a grid's hourly series", series_entry);
	OBJ("scenario.grid", NULL, sc_grid);
	OBJ("scenario.embodied", NULL, sc_embodied);
	OBJ("scenario.unit", NULL, sc_unit);
	OBJ("scenario.campus", NULL, sc_campus);
	OBJ("scenario.campus_item", "a campus of a portfolio, written here or in a file",
	    sc_campus_item);
	OBJ("scenario.utilisation", NULL, sc_utilisation);
	OBJ("scenario.mix_shift", NULL, sc_mix_shift);
	OBJ("scenario.years", NULL, sc_years);
	OBJ("scenario.measured", NULL, sc_measured);
	OBJ("measured_energy", "energy measured, and what it covers", measured_energy_keys);
	OBJ("power_log", "a measured power log and how to read it", power_log_keys);
	OBJ("sweep", "a grid of scenarios (wattif sweep)", sweep_keys);
	open_("axis", '{');
	kv("description", "a list of values, range(a, b, step), or \"re:REGEX\" over ids");
	open_("anyOf", '[');
	shape(NULL, "list:ref:scalar");
	open_(NULL, '{');
	kv("type", "string");
	kv("pattern", "^\\s*(?:re:|range\\s*\\()");
	close_('}');
	close_(']');
	close_('}');
}

/* ------------------------------------------------------ small pieces */

/* NUM as it reads inside a JSON string. */
#define NUM_JSON "[+-]?(?:[0-9]+(?:\\\\.[0-9]*)?|\\\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

static const struct {
	const char *name, *json;
} raw_defs[] = {
	{"text", "{\"type\": [\"string\", \"number\", \"boolean\"], \"minLength\": 1}"},
	{"scalar", "{\"type\": [\"string\", \"number\", \"boolean\"]}"},
	{"int", "{\"anyOf\": [{\"type\": \"integer\"}, "
		"{\"type\": \"string\", \"pattern\": \"^[+-]?[0-9]+$\"}]}"},
	{"count", "{\"description\": \"a whole number, at least 0\", \"allOf\": "
		  "[{\"$ref\": \"#/definitions/int\"}, {\"minimum\": 0}]}"},
	{"year", "{\"description\": \"a year from 1900 to 2200\", \"allOf\": "
		 "[{\"$ref\": \"#/definitions/int\"}, {\"minimum\": 1900, \"maximum\": 2200}]}"},
	{"bool", "{\"enum\": [true, false, \"true\", \"false\", \"yes\", \"no\"]}"},
	{"csv_file", "{\"description\": \"a file, relative to this model file\", "
		     "\"type\": \"string\", \"minLength\": 1}"},
	{"curve_point", "{\"description\": \"[u, f]: load u and power fraction f, both 0 "
			"to 1\", \"type\": \"array\", \"minItems\": 2, \"maxItems\": 2, "
			"\"items\": {\"$ref\": \"#/definitions/quantity.none\"}}"},
	{"temperature_c", "{\"description\": \"degrees Celsius, a number\", \"anyOf\": "
			  "[{\"type\": \"number\"}, {\"type\": \"string\", \"pattern\": "
			  "\"^\\\\s*" NUM_JSON "$\"}]}"},
	{"monthly_temperature_c", "{\"type\": \"array\", \"minItems\": 12, \"maxItems\": 12, "
				  "\"items\": {\"$ref\": \"#/definitions/temperature_c\"}}"},
	{"pue_points", "{\"type\": \"object\", \"minProperties\": 3, \"propertyNames\": "
		       "{\"pattern\": \"^" NUM_JSON "$\"}, \"additionalProperties\": "
		       "{\"anyOf\": [{\"type\": \"number\", \"minimum\": 1, \"maximum\": 10}, "
		       "{\"type\": \"string\", \"pattern\": \"^" NUM_JSON "$\"}]}}"},
};

static void scalar_defs(void)
{
	size_t i;

	for (i = 0; i < sizeof raw_defs / sizeof *raw_defs; i++)
		kv_raw(raw_defs[i].name, raw_defs[i].json);
	open_("id", '{');
	kv("description", "an id: letters, digits, '-', '_' and '.', starting with a "
	   "letter or digit, at most 64");
	kv("type", "string");
	kv("pattern", wf_loader_id_pattern());
	close_('}');
}

/* The document: the top-level keys and where each leads. */
static void top_level(void)
{
	const char *const *top;
	size_t n, i;
	wf_kind k;

	open_("properties", '{');
	top = wf_loader_top_keys(&n);
	for (i = 0; i < n; i++) {
		if (strcmp(top[i], "include") == 0) {
			open_("include", '{');
			kv("description", "model files to load first, relative to this one");
			open_("anyOf", '[');
			ref(NULL, "csv_file");
			shape(NULL, "list:ref:csv_file");
			close_(']');
			close_('}');
		} else if (strcmp(top[i], "scenario") == 0 || strcmp(top[i], "sweep") == 0) {
			ref(top[i], top[i]);
		} else if (wf_kind_parse(&k, top[i]) == 0) {
			char def[64];
			snprintf(def, sizeof def, "entry.%s", top[i]);
			open_(top[i], '{');
			kv("type", "array");
			ref("items", def);
			close_('}');
		} else {
			fprintf(stderr, "gen_schema: top-level key \"%s\" has no shape\n", top[i]);
			exit(1);
		}
	}
	close_('}');
	kv_raw("additionalProperties", "false");
}

/* --units: the unit and distribution tables, for the pattern tests
 * (python/tests/test_schema.py): "unit NAME DIM CO2 ALONE", "dist NAME N". */
static int print_units(void)
{
	const char *name;
	wf_dim d;
	int co2, alone, nargs;
	size_t i;

	for (i = 0; (name = wf_unit_at(i, &d, &co2, &alone)); i++)
		printf("unit\t%s\t%s\t%d\t%d\n", name, d < WF_DIM_COUNT_ ? dim_ids[d] : "?",
		       co2, alone);
	for (i = 0; (name = wf_dist_at(i, &nargs)); i++)
		printf("dist\t%s\t%d\n", name, nargs);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int k;

	wf_global_init();
	if (argc == 2 && strcmp(argv[1], "--units") == 0)
		return print_units();
	if (argc > 1) {
		fprintf(stderr, "usage: gen_schema [--units] > schema/wattif.schema.json\n");
		return 2;
	}
	first[0] = 1;
	open_(NULL, '{');
	kv("$schema", "http://json-schema.org/draft-07/schema#");
	kv("title", "wattif model file");
	kv("description", "Generated by tools/gen_schema.c from libwattif's own tables "
	   "(make schema); do not edit.  Catalog entries (accelerators, nodes, grids, "
	   "facilities, workloads, factors, pathways, pue_curves, embodied_factors), a "
	   "scenario or a sweep.");
	kv("type", "object");
	top_level();
	open_("definitions", '{');
	scalar_defs();
	quantity_defs();
	for (k = 0; k < WF_KIND_COUNT; k++)
		entry_def((wf_kind)k);
	climate_def();
	host_def();
	scenario_defs();
	close_('}');
	close_('}');
	putchar('\n');
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
