/*
 * test_report.c - tests of the chart primitives (svg.c) and the reports
 * (report*.c): nice ticks against hand-worked cases and a randomised
 * property check, number and time labels, escaping of hostile text,
 * well-formed SVG (a small XML checker below: balanced tags, quoted
 * attributes, known entities), no external references in a page, and the
 * numbers in a page's tables equal to the result's own values.
 */
#include "testutil.h"

#include <gsl/gsl_rng.h>

#include "report.h"
#include "svg.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

/* Check that s[0..len) is well-formed XML as far as charts need: every
 * tag closed in order, attribute values quoted and free of '<', only
 * known entities, no stray '<' or '&' in text.  Returns NULL when it is,
 * else a static description of the first fault. */
static const char *xml_fault(const char *s, size_t len)
{
	static char why[160];
	char stack[64][32];
	size_t depth = 0, i = 0;
	int roots = 0;

	while (i < len) {
		if (s[i] == '&') {
			static const char *const ent[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
			size_t k;
			for (k = 0; k < N(ent); k++)
				if (strncmp(s + i, ent[k], strlen(ent[k])) == 0)
					break;
			if (k == N(ent)) {
				snprintf(why, sizeof why, "bad entity at %zu: %.12s", i, s + i);
				return why;
			}
			i++;
			continue;
		}
		if (s[i] != '<') {
			if (s[i] == '>')
				return "stray '>' in text";
			i++;
			continue;
		}
		if (strncmp(s + i, "<?", 2) == 0) {
			const char *e = strstr(s + i, "?>");
			if (!e)
				return "unterminated <?";
			i = (size_t)(e - s) + 2;
			continue;
		}
		if (s[i + 1] == '/') {
			size_t n = strcspn(s + i + 2, ">");
			if (depth == 0 || n != strlen(stack[depth - 1]) ||
			    strncmp(s + i + 2, stack[depth - 1], n) != 0) {
				snprintf(why, sizeof why, "</%.*s> closes <%s>", (int)n, s + i + 2,
					 depth ? stack[depth - 1] : "(nothing)");
				return why;
			}
			depth--;
			i += n + 3;
			continue;
		} else {
			size_t n = strspn(s + i + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-:");
			if (n == 0 || n >= 32)
				return "bad tag name";
			if (depth == 0 && ++roots > 1)
				return "more than one root element";
			if (depth == N(stack))
				return "nesting too deep";
			snprintf(stack[depth], 32, "%.*s", (int)n, s + i + 1);
			i += n + 1;
			for (;;) { /* attributes */
				while (s[i] == ' ' || s[i] == '\n')
					i++;
				if (s[i] == '>') {
					depth++;
					i++;
					break;
				}
				if (s[i] == '/' && s[i + 1] == '>') {
					i += 2;
					break;
				}
				n = strspn(s + i, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:");
				if (n == 0 || s[i + n] != '=' || s[i + n + 1] != '"') {
					snprintf(why, sizeof why, "bad attribute in <%s>: %.20s",
						 stack[depth], s + i);
					return why;
				}
				i += n + 2;
				while (i < len && s[i] != '"') {
					if (s[i] == '<')
						return "'<' in an attribute value";
					i++;
				}
				if (i >= len)
					return "unterminated attribute";
				i++;
			}
		}
	}
	if (depth) {
		snprintf(why, sizeof why, "<%s> never closed", stack[depth - 1]);
		return why;
	}
	return roots == 1 ? NULL : "no root element";
}

#define assert_xml(s, len) assert_xml_impl((s), (len), __FILE__, __LINE__)

static void assert_xml_impl(const char *s, size_t len, const char *file, int line)
{
	const char *why = xml_fault(s, len);

	if (why) {
		print_error("not well-formed: %s\n", why);
		_fail(file, line);
	}
}

/* Every <svg>...</svg> in a page is well-formed, has a title and a desc,
 * and there are `want` of them. */
static void assert_page_svgs(const char *page, int want)
{
	const char *p = page;
	int n = 0;

	while ((p = strstr(p, "<svg")) != NULL) {
		const char *e = strstr(p, "</svg>");
		assert_non_null(e);
		assert_xml(p, (size_t)(e - p) + 6);
		assert_non_null(strstr(p, "<title id="));
		assert_true(strstr(p, "<desc id=") < e);
		p = e;
		n++;
	}
	assert_int_equal(n, want);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* No reference out of the page: no URL scheme in src/href, no @import, no
 * url() but to a fragment, no scripts. */
static void assert_self_contained(const char *page)
{
	assert_null(strstr(page, "http://"));
	assert_null(strstr(page, "https://"));
	assert_null(strstr(page, "@import"));
	assert_null(strstr(page, "url("));
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, " src="));
	assert_null(strstr(page, "<link"));
}

static char *escaped(const char *s)
{
	wf_strbuf b = {0};
	char *out;

	wf_svg_escape(&b, s);
	assert_false(b.failed);
	out = strdup(wf_strbuf_str(&b));
	wf_strbuf_free(&b);
	return out;
}

/* Run a scenario file as `wattif report` does (set: one --set, or NULL),
 * or with project, its projection year by year into *pr. */
static wf_result *run_or_project(wf_scenario **sc, const char *rel, long samples,
				 const char *set, wf_projection **pr)
{
	char p[4096], msg[2048];
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_result *r = NULL;
	wf_error err;

	wf_error_clear(&err);
	o.samples = samples;
	o.keep_samples = !pr;
	o.sensitivity = !pr;
	if (wf_scenario_load(sc, cat, test_path(p, sizeof p, rel), &err) ||
	    (set && wf_scenario_set(*sc, set, &err)) ||
	    (pr ? wf_scenario_project(pr, *sc, &o, &err) : wf_scenario_run(&r, *sc, &o, &err))) {
		print_error("%s: %s\n", rel, wf_error_format(&err, msg, sizeof msg));
		fail();
	}
	return r;
}

static wf_result *run(wf_scenario **sc, const char *rel, long samples)
{
	return run_or_project(sc, rel, samples, NULL, NULL);
}

/* --------------------------------------------------------------- ticks */

static void test_nice_step(void **state)
{
	static const double cases[][2] = {
		{0.7, 1}, {1, 1}, {1.3, 2}, {2, 2}, {2.1, 5}, {4.99, 5}, {5.01, 10},
		{7, 10}, {0.013, 0.02}, {3e6, 5e6}, {0.0004, 0.0005}, {86, 100}};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_rel(wf_svg_nice_step(cases[i][0]), cases[i][1], 1e-12);
}

static void test_nice_ticks_known(void **state)
{
	wf_svg_ticks t;

	(void)state;
	/* LLaMA-65B's 449.8 MWh on a 6-tick axis: 0, 100, ..., 500 */
	wf_svg_nice_ticks(&t, 0, 449.8, 6);
	assert_int_equal(t.n, 6);
	assert_rel(t.step, 100, 1e-12);
	assert_true(t.v[0] == 0);
	assert_rel(t.v[5], 500, 1e-12);
	assert_int_equal(t.decimals, 0);
	/* 0.12 to 0.87: step 0.2 from 0, one decimal */
	wf_svg_nice_ticks(&t, 0.12, 0.87, 5);
	assert_rel(t.step, 0.2, 1e-12);
	assert_int_equal(t.n, 6);
	assert_true(t.v[0] == 0);
	assert_int_equal(t.decimals, 1);
	/* across zero: -5, 0, 5, 10 */
	wf_svg_nice_ticks(&t, -3.2, 7.7, 5);
	assert_rel(t.step, 5, 1e-12);
	assert_int_equal(t.n, 4);
	assert_rel(t.v[0], -5, 1e-12);
	assert_true(t.v[1] == 0);
	/* a constant still gets a range around it */
	wf_svg_nice_ticks(&t, 5, 5, 5);
	assert_true(t.v[0] < 5 && t.v[t.n - 1] > 5);
	/* non-finite bounds: [0, 1] */
	wf_svg_nice_ticks(&t, NAN, 3, 5);
	assert_true(t.v[0] == 0);
	assert_rel(t.v[t.n - 1], 1, 1e-12);
}

/* Random ranges: ticks cover the range, step is 1, 2 or 5 x 10^k, every
 * tick a multiple of the step, no more than max_ticks + 1 of them. */
static void test_nice_ticks_property(void **state)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int k;

	(void)state;
	gsl_rng_set(rng, 2026);
	for (k = 0; k < 20000; k++) {
		double scale = pow(10, gsl_rng_uniform(rng) * 16 - 8);
		double a = (gsl_rng_uniform(rng) * 2 - 1) * scale;
		double b = a + gsl_rng_uniform_pos(rng) * scale;
		int m = 2 + (int)gsl_rng_uniform_int(rng, 11), i;
		double mant;
		wf_svg_ticks t;
		wf_svg_nice_ticks(&t, a, b, m);
		assert_true(t.n >= 2 && t.n <= m + 1);
		assert_true(t.v[0] <= a + 1e-9 * t.step);
		assert_true(t.v[t.n - 1] >= b - 1e-9 * t.step);
		mant = t.step / pow(10, floor(log10(t.step) + 1e-12));
		assert_true(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 5) < 1e-9);
		for (i = 0; i < t.n; i++)
			assert_true(fabs(t.v[i] / t.step - nearbyint(t.v[i] / t.step)) < 1e-6);
	}
	gsl_rng_free(rng);
}

static void test_number_labels(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(wf_svg_number(buf, sizeof buf, 12500, 0), "12\xe2\x80\xaf" "500");
	assert_string_equal(wf_svg_number(buf, sizeof buf, -1234567.5, 1),
			    "-1\xe2\x80\xaf" "234\xe2\x80\xaf" "567.5");
	assert_string_equal(wf_svg_number(buf, sizeof buf, 1234, 0), "1234");
	assert_string_equal(wf_svg_number(buf, sizeof buf, 0.25, 2), "0.25");
	assert_string_equal(wf_svg_number(buf, sizeof buf, -0.0001, 2), "0.00");
	assert_string_equal(wf_svg_number(buf, sizeof buf, NAN, 2), "n/a");
}

static void test_time_ticks(void **state)
{
	const double jul1 = 1782864000; /* 2026-07-01T00:00Z */
	wf_svg_ticks t;
	char buf[64];

	(void)state;
	wf_svg_time_ticks(&t, jul1, jul1 + 7 * 86400, 8);
	assert_rel(t.step, 86400, 1e-12);
	assert_int_equal(t.n, 8);
	assert_string_equal(wf_svg_time_label(buf, sizeof buf, t.v[0], t.step), "2026-07-01");
	assert_string_equal(wf_svg_time_label(buf, sizeof buf, t.v[7], t.step), "2026-07-08");
	/* six hours, at most 8 ticks: every hour, labels to the minute */
	wf_svg_time_ticks(&t, jul1 + 1800, jul1 + 1800 + 6 * 3600, 8);
	assert_rel(t.step, 3600, 1e-12);
	assert_int_equal(t.n, 6);
	assert_string_equal(wf_svg_time_label(buf, sizeof buf, t.v[0], t.step), "07-01 01:00");
}

/* ------------------------------------------------------------ escaping */

static void test_escape(void **state)
{
	char *e;

	(void)state;
	e = escaped("<a href='x'>&\"</a>");
	assert_string_equal(e, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
	free(e);
	e = escaped("tab\tnl\nbell\a del\x7f end");
	assert_string_equal(e, "tab\tnl\nbell del end");
	free(e);
	e = escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\x8d");
	assert_string_equal(e, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\x8d");
	free(e);
	/* invalid UTF-8 (a lone continuation byte, an overlong '/', a
	 * surrogate, a truncated sequence) becomes U+FFFD */
	e = escaped("a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82");
	assert_null(strchr(e, '\x80'));
	assert_int_equal(count(e, "\xef\xbf\xbd"), 1 + 2 + 3 + 2);
	assert_true(e[0] == 'a' && strchr(e, 'd') != NULL);
	free(e);
}

/* ---------------------------------------------------------- primitives */

static void test_ramp(void **state)
{
	char c[8];

	(void)state;
	assert_string_equal(wf_svg_ramp(c, 0), "#440154");
	assert_string_equal(wf_svg_ramp(c, 1), "#fde725");
	assert_string_equal(wf_svg_ramp(c, -3), "#440154");
	assert_string_equal(wf_svg_ramp(c, NAN), "#440154");
	assert_string_equal(wf_svg_ramp(c, 0.5), "#21918c");
}

static void test_hbars(void **state)
{
	const char *rows[] = {"GB-north-scotland", "FR", "<PL>"};
	const double v[] = {12.5, 38, 611};
	wf_strbuf b = {0};

	(void)state;
	wf_svg_open(&b, "t", 600, 240, "siting ranking", "best region first", 1);
	wf_svg_hbars(&b, 0, 0, 600, 240,
		     &(wf_svg_bars){.axis_title = "intensity (g CO2e/kWh)", .rows = 3, .segs = 1,
				    .row_labels = rows, .values = v});
	wf_svg_close(&b);
	assert_false(b.failed);
	assert_xml(b.s, b.len);
	assert_int_equal(count(b.s, "<rect x="), 3);
	assert_non_null(strstr(b.s, "&lt;PL&gt;"));
	/* 611 needs a 700 axis in steps of 100 */
	assert_non_null(strstr(b.s, ">700</text>"));
	assert_null(strstr(b.s, ">800</text>"));
	wf_strbuf_free(&b);
}

static void test_tornado_colours(void **state)
{
	const char *rows[] = {"site.pue", "workload.mfu"};
	const double v[] = {60, -40};
	wf_strbuf b = {0};

	(void)state;
	wf_svg_open(&b, "t", 600, 200, "tornado", "d", 1);
	wf_svg_hbars(&b, 0, 0, 600, 200,
		     &(wf_svg_bars){.axis_title = "share (%)", .rows = 2, .segs = 1,
				    .row_labels = rows, .values = v, .by_sign = 1,
				    .pos_label = "raises", .neg_label = "lowers"});
	wf_svg_close(&b);
	assert_xml(b.s, b.len);
	/* one bar each in vermillion and blue, plus the two legend boxes */
	assert_int_equal(count(b.s, "fill=\"#D55E00\""), 2);
	assert_int_equal(count(b.s, "fill=\"#0072B2\""), 2);
	assert_non_null(strstr(b.s, ">-40</text>"));
	wf_strbuf_free(&b);
}

static void test_lines_band_and_gap(void **state)
{
	const double x[] = {2025, 2030, 2035, 2040};
	const double y[] = {120, 80, NAN, 20, /* a gap splits the line */
			    300, 250, 200, 150};
	const char *names[] = {"GB", "PL"};
	wf_strbuf b = {0};

	(void)state;
	wf_svg_open(&b, "t", 700, 300, "pathways", "d", 1);
	wf_svg_lines_panel(&b, 0, 0, 700, 300,
			   &(wf_svg_lines){.x_title = "year", .y_title = "energy (GWh)",
					   .y_from_zero = 1, .n = 4, .nser = 2, .x = x, .y = y,
					   .names = names, .band_lo = 2030, .band_hi = 2035,
					   .band_label = "build-out"});
	wf_svg_close(&b);
	assert_xml(b.s, b.len);
	assert_int_equal(count(b.s, "class=\"band\""), 1);
	assert_int_equal(count(b.s, "class=\"series\""), 2);
	/* series 1 is drawn in two pieces around its gap */
	{
		const char *p = strstr(b.s, "class=\"series\""), *e = strstr(p, "/>");
		size_t m = 0;
		for (; p < e; p++)
			m += *p == 'M';
		assert_int_equal(m, 2);
	}
	/* a marker per point and one in each legend entry, a shape per series */
	assert_int_equal(count(b.s, "class=\"point\""), 3 + 4 + 2);
	assert_int_equal(count(b.s, "<circle class=\"point\""), 3 + 1);
	assert_int_equal(count(b.s, "<path class=\"point\" d=\"M"), 4 + 1);
	assert_non_null(strstr(b.s, ">2030</text>"));
	assert_non_null(strstr(b.s, ">build-out</text>"));
	wf_strbuf_free(&b);
}

/* Interval whiskers on lines: one per point with a spread, a series apart
 * from the next, the y axis reaching the highest end, one legend entry. */
static void test_lines_whiskers(void **state)
{
	const double x[] = {2025, 2026, 2027};
	const double y[] = {10, 20, 30, 12, 22, 32};
	const double lo[] = {8, NAN, 25, 11, 22, 30};  /* NaN, or no spread: none */
	const double hi[] = {13, NAN, 47, 14, 22, 35};
	wf_strbuf b = {0};

	(void)state;
	wf_svg_open(&b, "t", 700, 300, "whiskers", "d", 1);
	wf_svg_lines_panel(&b, 0, 0, 700, 300,
			   &(wf_svg_lines){.x_title = "year", .y_title = "t", .y_from_zero = 1,
					   .n = 3, .nser = 2, .x = x, .y = y,
					   .names = (const char *const[]){"a", "b"}, .lo = lo,
					   .hi = hi, .interval_label = "90% interval"});
	wf_svg_close(&b);
	assert_xml(b.s, b.len);
	assert_int_equal(count(b.s, "class=\"whisker\""), 4);
	assert_non_null(strstr(b.s, ">90% interval</text>"));
	assert_non_null(strstr(b.s, ">50</text>")); /* the axis reaches 47 */
	/* each in its series' colour: two Okabe-Ito blue, two orange */
	{
		const char *p = b.s;
		size_t blue = 0;
		while ((p = strstr(p, "class=\"whisker\"")) != NULL) {
			const char *e = strstr(p, "/>");
			const char *c = strstr(p, "stroke=\"#0072B2\"");
			blue += c && c < e;
			p = e;
		}
		assert_int_equal(blue, 2);
	}
	wf_strbuf_free(&b);
}

static void test_heatmap_small_multiples(void **state)
{
	const char *xl[] = {"1.1", "1.2", "1.3"}, *yl[] = {"GB-london", "FR"};
	const char *pl[] = {"A100", "H100"};
	const double v[] = {10, 20, 30, 40, NAN, 60,   /* panel A100 */
			    15, 25, 35, 45, 55, 65};  /* panel H100 */
	wf_svg_heatmap s = {.x_title = "PUE", .y_title = "region",
			    .value_title = "emissions (t CO2e)", .nx = 3, .ny = 2,
			    .npanels = 2, .x_labels = xl, .y_labels = yl,
			    .panel_labels = pl, .values = v};
	wf_strbuf b = {0};
	double h = wf_svg_heatmap_height(&s, 760);
	char c[8];

	(void)state;
	assert_true(h > 60 && h < 600);
	wf_svg_open(&b, "t", 760, h, "heatmap", "d", 1);
	wf_svg_heatmap_panel(&b, 0, 0, 760, &s);
	wf_svg_close(&b);
	assert_xml(b.s, b.len);
	assert_int_equal(count(b.s, "class=\"heatmap-panel\""), 2);
	assert_int_equal(count(b.s, ": no value</title>"), 1);
	assert_non_null(strstr(b.s, ">H100</text>"));
	/* the scale runs 10 to 70 in 10s: 10 sits at its bottom colour */
	assert_non_null(strstr(b.s, ">70</text>"));
	assert_non_null(strstr(b.s, wf_svg_ramp(c, 0)));
	wf_strbuf_free(&b);
}

static void test_bins(void **state)
{
	double v[100], *edges, *counts, sum = 0;
	size_t nb, i;

	(void)state;
	for (i = 0; i < 100; i++)
		v[i] = (double)i;
	assert_int_equal(wf_report_bins(&edges, &counts, &nb, v, 100), 0);
	/* 99 / 40 -> width 5: [0, 5), ..., [95, 100) */
	assert_int_equal(nb, 20);
	assert_true(edges[0] == 0);
	assert_rel(edges[20], 100, 1e-12);
	for (i = 0; i < nb; i++) {
		assert_rel(counts[i], 5, 1e-12);
		sum += counts[i];
	}
	assert_rel(sum, 100, 1e-12);
	free(edges);
	free(counts);
	v[0] = v[1] = 3;
	assert_int_equal(wf_report_bins(&edges, &counts, &nb, v, 2), WF_EINPUT);
	assert_null(edges);
}

static void test_scale(void **state)
{
	const char *u;

	(void)state;
	assert_rel(wf_report_scale(WF_OUT_ENERGY_FACILITY_KWH, 449800, &u), 1e3, 1e-12);
	assert_string_equal(u, "MWh");
	assert_rel(wf_report_scale(WF_OUT_ENERGY_IT_KWH, 0.5, &u), 1e-3, 1e-12);
	assert_string_equal(u, "Wh");
	assert_rel(wf_report_scale(WF_OUT_EMISSIONS_TOTAL_KG, 173200, &u), 1e3, 1e-12);
	assert_string_equal(u, "t CO2e");
	assert_rel(wf_report_scale(WF_OUT_EMISSIONS_TOTAL_KG, 12, &u), 1, 1e-12);
	assert_string_equal(u, "kg CO2e");
	assert_rel(wf_report_scale(WF_OUT_WATER_L, 5e6, &u), 1e6, 1e-12);
	assert_rel(wf_report_scale(WF_OUT_INTENSITY_G_PER_KWH, 385, &u), 1, 1e-12);
	assert_string_equal(u, "g CO2e/kWh");
}

/* ------------------------------------------------------------- reports */

/* Each row of the "every figure" table: the first figure cell holds the
 * result's own value in data-value and wf_output_format's text. */
static void assert_figures_match(const char *page, const wf_result *r)
{
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++) {
		char key[64], want[64], *p, *q;
		double v;
		snprintf(key, sizeof key, "<tr data-output=\"%s\">", wf_output_name(i));
		p = strstr(page, key);
		assert_non_null(p);
		p = strstr(p, "</code></td><td");
		assert_non_null(p);
		if (wf_result_get(r, i, &v) != 0 || !isfinite(v)) {
			assert_true(strncmp(p, "</code></td><td class=\"na\">n/a</td>", 35) == 0);
			continue;
		}
		p = strstr(p, "data-value=\"");
		assert_non_null(p);
		assert_true(strtod(p + 12, &q) == v); /* %.17g round-trips exactly */
		wf_output_format(want, sizeof want, i, v);
		assert_true(strncmp(q, "\">", 2) == 0);
		assert_true(strncmp(q + 2, want, strlen(want)) == 0);
	}
}

static void test_report_llama(void **state)
{
	wf_report_options o = WF_REPORT_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_result *r = run(&sc, "examples/llama-65b.yaml", 0);
	wf_error err;
	char *page = NULL;
	size_t len = 0;

	(void)state;
	wf_error_clear(&err);
	o.source = "examples/llama-65b.yaml";
	assert_int_equal(wf_report_html(&page, &len, sc, r, &o, &err), 0);
	assert_int_equal(len, strlen(page));
	assert_self_contained(page);
	assert_figures_match(page, r);
	assert_page_svgs(page, 1); /* the breakdown; no samples, no periods */
	assert_non_null(strstr(page, "<title>wattif report: llama-65b</title>"));
	assert_non_null(strstr(page, "449.8 MWh"));
	assert_non_null(strstr(page, "173.2 t CO2e"));
	assert_non_null(strstr(page, "data-chart=\"window\">No window chart"));
	assert_non_null(strstr(page, "<details>\n<summary>How each figure"));
	/* the derivation, escaped, names the scenario file and line */
	assert_non_null(strstr(page, "llama-65b.yaml:"));
	wf_report_free(page);

	/* the breakdown chart alone, as a standalone document */
	assert_int_equal(wf_report_svg(&page, &len, sc, r, NULL, &o, &err), 0);
	assert_xml(page, len);
	assert_non_null(strstr(page, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(page, "energy (MWh)"));
	assert_non_null(strstr(page, "emissions (t CO2e)"));
	wf_report_free(page);

	/* charts the result has no data for, and names that do not exist */
	assert_int_equal(wf_report_svg(&page, &len, sc, r, "window", &o, &err), WF_ENOTFOUND);
	assert_null(page);
	assert_non_null(strstr(err.message, "annual intensity"));
	wf_error_clear(&err);
	assert_int_equal(wf_report_svg(&page, &len, sc, r, "pie", &o, &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "breakdown, window, histogram, sensitivity"));
	wf_error_clear(&err);
	o.version = 99;
	assert_int_equal(wf_report_html(&page, &len, sc, r, &o, &err), WF_EINPUT);
	wf_result_free(r);
	wf_scenario_free(sc);
}

static void test_report_escapes_file_text(void **state)
{
	wf_report_options o = WF_REPORT_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_result *r = run(&sc, "examples/llama-65b.yaml", 0);
	char *page = NULL;

	(void)state;
	o.title = "<script>alert(1)</script> & \"co\"";
	o.source = "dir/<b>odd</b>.yaml";
	assert_int_equal(wf_report_html(&page, NULL, sc, r, &o, NULL), 0);
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "<b>"));
	assert_non_null(strstr(page, "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;</h1>"));
	assert_non_null(strstr(page, "dir/&lt;b&gt;odd&lt;/b&gt;.yaml"));
	wf_report_free(page);
	wf_result_free(r);
	wf_scenario_free(sc);
}

static void test_report_uncertain(void **state)
{
	wf_scenario *sc = NULL;
	wf_result *r = run(&sc, "examples/uncertain-training.yaml", 4000);
	wf_quantiles q;
	char *page = NULL, *svg = NULL, *p, want[64];
	size_t len, k, rows = 0;
	double sum = 0;

	(void)state;
	assert_int_equal(wf_report_html(&page, &len, sc, r, NULL, NULL), 0);
	assert_self_contained(page);
	assert_figures_match(page, r);
	assert_page_svgs(page, 3); /* breakdown, histogram, sensitivity */
	assert_non_null(strstr(page, "4000 Monte Carlo samples"));
	/* the 90% interval of the total is on its card */
	assert_int_equal(wf_result_quantiles(r, WF_OUT_EMISSIONS_TOTAL_KG, &q), 0);
	wf_output_format(want, sizeof want, WF_OUT_EMISSIONS_TOTAL_KG, q.p05);
	assert_non_null(strstr(strstr(page, "data-output=\"emissions_total_kg\"><div"), want));
	/* the bins' counts add up to the samples */
	p = strstr(page, "<caption>Samples per bin</caption>");
	assert_non_null(p);
	p = strstr(p, "<tbody>");
	{
		const char *end = strstr(p, "</table>"), *cell = "</td><td class=\"num\" data-value=\"";
		while ((p = strstr(p, "<tr>")) != NULL && p < end) {
			const char *c = strstr(strstr(p, cell) + 1, cell);
			sum += strtod(c + strlen(cell), NULL);
			rows++;
			p++;
		}
	}
	assert_true(rows >= 15 && rows <= 41);
	assert_rel(sum, 4000, 1e-12);
	/* the sensitivity table lists the two uncertain inputs */
	assert_int_equal(wf_result_sensitivity_count(r), 2);
	for (k = 0; k < 2; k++) {
		const char *in;
		double rho, share;
		assert_int_equal(wf_result_sensitivity(r, WF_OUT_EMISSIONS_TOTAL_KG, k, &in, &rho, &share), 0);
		assert_non_null(strstr(page, in));
	}
	assert_non_null(strstr(page, "<td>workload.power_per_device</td>"));
	/* the histogram chart alone, with its markers */
	assert_int_equal(wf_report_svg(&svg, &len, sc, r, "histogram", NULL, NULL), 0);
	assert_xml(svg, len);
	assert_int_equal(count(svg, "class=\"marker\""), 3);
	assert_non_null(strstr(svg, ">p05 = "));
	wf_report_free(svg);
	assert_int_equal(wf_report_svg(&svg, &len, sc, r, "sensitivity", NULL, NULL), 0);
	assert_xml(svg, len);
	wf_report_free(svg);
	wf_report_free(page);
	wf_result_free(r);
	wf_scenario_free(sc);
}

static void test_report_window(void **state)
{
	wf_report_options o = WF_REPORT_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_result *r = run(&sc, "examples/carbon-aware-week.yaml", 0);
	size_t n = wf_result_period_count(r), k;
	char *page = NULL, *svg = NULL, want[64];
	double sum = 0;
	wf_period p;

	(void)state;
	assert_true(n >= 7 * 48); /* a week of half-hours */
	o.band_start = 1782950400;            /* 2026-07-02T00:00Z */
	o.band_end = 1782950400 + 6 * 3600.0;
	assert_int_equal(wf_report_html(&page, NULL, sc, r, &o, NULL), 0);
	assert_self_contained(page);
	assert_figures_match(page, r);
	assert_page_svgs(page, 2); /* breakdown and window */
	{
		char head[64];
		snprintf(head, sizeof head, "(%zu periods)</summary>", n);
		assert_non_null(strstr(page, head));
	}
	/* one table row per period, and the periods add up to the figure */
	for (k = 0; k < n; k++) {
		assert_int_equal(wf_result_period(r, k, &p), 0);
		sum += p.emissions_kg;
	}
	assert_rel(sum, result(r, "emissions_operational_kg"), 1e-9);
	wf_result_period(r, 0, &p);
	wf_format_quantity(want, sizeof want, p.t_start, WF_DIM_DATE, 0);
	assert_non_null(strstr(page, want));
	assert_int_equal(wf_report_svg(&svg, NULL, sc, r, "window", &o, NULL), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "class=\"band\""), 2);
	assert_non_null(strstr(svg, ">2026-07-02</text>"));
	assert_non_null(strstr(svg, "intensity (g CO2e/kWh)"));
	wf_report_free(svg);
	wf_report_free(page);
	wf_result_free(r);
	wf_scenario_free(sc);
}

/* A shift search shown in the report: the ranking, and the best start in
 * the scenario's own region shaded over the job's window. */
static void test_report_shift(void **state)
{
	wf_report_options o = WF_REPORT_OPTIONS_INIT;
	wf_shift_options so = WF_SHIFT_OPTIONS_INIT;
	wf_shift_result *sr = NULL;
	wf_shift_region g, x;
	wf_scenario *sc = NULL;
	wf_result *r = run(&sc, "examples/carbon-aware-week.yaml", 0);
	char *page = NULL, *svg = NULL, want[96];
	size_t k, ok = 0;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	so.regions = "^GB-";
	so.window_start = 1782864000;              /* 2026-07-01T00:00Z */
	so.window_end = 1782864000 + 9 * 86400.0;  /* a 7-day job, 2 days of slack */
	assert_int_equal(wf_scenario_shift(&sr, sc, &so, &err), 0);
	o.shift = sr;
	assert_int_equal(wf_report_html(&page, NULL, sc, r, &o, NULL), 0);
	assert_self_contained(page);
	assert_page_svgs(page, 3); /* breakdown, window, shift */
	assert_non_null(strstr(page, ">Where and when to run</h2>"));
	for (k = 0; k < wf_shift_count(sr); k++) {
		assert_int_equal(wf_shift_get(sr, k, &x), 0);
		snprintf(want, sizeof want, "<td>%s</td>", x.region);
		assert_non_null(strstr(page, want));
		ok += x.ok != 0;
	}
	assert_true(ok >= 10);
	assert_int_equal(wf_report_svg(&svg, NULL, sc, r, "shift", &o, NULL), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "<rect x="), ok);
	wf_report_free(svg);
	/* the band: the best start in GB-london, inside the planned week */
	assert_int_equal(wf_shift_given(sr, &g), 0);
	assert_string_equal(g.region, "GB-london");
	assert_int_equal(wf_report_svg(&svg, NULL, sc, r, "window", &o, NULL), 0);
	assert_int_equal(count(svg, "class=\"band\""), 2);
	assert_non_null(strstr(svg, ">best start in GB-london (wattif shift)</text>"));
	wf_report_free(svg);
	wf_report_free(page);
	wf_shift_free(sr);
	wf_result_free(r);
	wf_scenario_free(sc);
}

/* Load a sweep and evaluate every point (values: points x columns). */
static wf_sweep *sweep_eval_all(const char *rel, double **values, int eval)
{
	char p[4096], msg[2048];
	wf_sweep_options so = WF_SWEEP_OPTIONS_INIT;
	wf_sweep *sw = NULL;
	wf_sweep_worker *w = NULL;
	size_t np, nv, k;
	wf_error err;

	wf_error_clear(&err);
	if (wf_sweep_load(&sw, cat, test_path(p, sizeof p, rel), &so, &err)) {
		print_error("%s: %s\n", rel, wf_error_format(&err, msg, sizeof msg));
		fail();
	}
	np = wf_sweep_point_count(sw);
	nv = wf_sweep_value_count(sw);
	*values = malloc(np * nv * sizeof(double));
	assert_non_null(*values);
	for (k = 0; k < np * nv; k++)
		(*values)[k] = NAN;
	assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
	for (k = 0; eval && k < np; k++)
		assert_int_equal(wf_sweep_eval(w, k, *values + k * nv, &err), 0);
	wf_sweep_worker_free(w);
	return sw;
}

static void test_report_sweep(void **state)
{
	wf_report_sweep_options o = WF_REPORT_SWEEP_OPTIONS_INIT;
	double *values;
	wf_sweep *sw = sweep_eval_all("examples/sweeps/pue-by-accelerator.yaml", &values, 1);
	size_t na = wf_sweep_axis_count(sw), nv = wf_sweep_value_count(sw), k, col = nv;
	char *page = NULL, *svg = NULL;
	const char *p;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	for (k = 0; k < nv; k++)
		if (strcmp(wf_sweep_column(sw, na + k), "emissions_total_kg") == 0)
			col = k;
	assert_true(col < nv);
	assert_int_equal(wf_report_sweep_html(&page, NULL, sw, values, &o, &err), 0);
	assert_self_contained(page);
	assert_page_svgs(page, 1);
	/* 2 accelerators x 5 PUEs: ten cells, each the point's own value in
	 * point order (the PUE axis runs fastest, across the table) */
	assert_int_equal(count(page, "<th scope=\"row\">"), 2);
	p = strstr(page, "<tbody>");
	for (k = 0; k < wf_sweep_point_count(sw); k++) {
		char *end;
		p = strstr(p, "data-value=\"");
		assert_non_null(p);
		assert_true(strtod(p + 12, &end) == values[k * nv + col]);
		p = end;
	}
	assert_non_null(strstr(page, ">nvidia-h100-sxm5-80gb</th>"));
	assert_non_null(strstr(page, "<code>site.pue</code>: across the heatmap (x)"));
	wf_report_free(page);
	assert_int_equal(wf_report_sweep_svg(&svg, NULL, sw, values, &o, &err), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "<rect x=") - 40 /* the colour scale */, 10);
	assert_non_null(strstr(svg, ">total emissions</text>"));
	wf_report_free(svg);
	/* bad choices name what exists */
	o.x = "site.puе"; /* a Cyrillic e */
	assert_int_equal(wf_report_sweep_html(&page, NULL, sw, values, &o, &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "axes: workload.accelerator, site.pue"));
	wf_error_clear(&err);
	o.x = "site.pue";
	o.y = "site.pue";
	assert_int_equal(wf_report_sweep_html(&page, NULL, sw, values, &o, &err), WF_EINPUT);
	wf_error_clear(&err);
	o.y = NULL;
	o.value = "water_l";
	assert_int_equal(wf_report_sweep_html(&page, NULL, sw, values, &o, &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "columns: energy_facility_kwh, emissions_total_kg"));
	wf_error_clear(&err);
	/* only x shown: the accelerator varies unseen, unless pinned */
	o.value = NULL;
	assert_int_equal(wf_report_sweep_html(&page, NULL, sw, values, &o, &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "--where workload.accelerator=nvidia-a100-sxm4-80gb"));
	wf_error_clear(&err);
	o.where = (const char *const[]){"workload.accelerator=nvidia-h100-sxm5-80gb"};
	o.nwhere = 1;
	assert_int_equal(wf_report_sweep_html(&page, NULL, sw, values, &o, &err), 0);
	assert_non_null(strstr(page, "5 of 10 points shown"));
	wf_report_free(page);
	free(values);
	wf_sweep_free(sw);
}

/* Load and project a scenario file that spans years (set: one --set). */
static wf_projection *project(wf_scenario **sc, const char *rel, const char *set)
{
	wf_projection *pr = NULL;

	run_or_project(sc, rel, 0, set, &pr);
	return pr;
}

/* The exact value in the n-th data-value cell after `from` in page. */
static double nth_value(const char *from, size_t nth)
{
	const char *p = from;
	size_t k;

	for (k = 0; k <= nth; k++) {
		p = strstr(p, "data-value=\"");
		assert_non_null(p);
		p += 12;
	}
	return strtod(p, NULL);
}

static void test_report_projection(void **state)
{
	wf_report_options o = WF_REPORT_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_projection *p = project(&sc, "examples/growth-zone-gb.yaml", NULL);
	size_t n = wf_projection_count(p), k;
	char *page = NULL, *svg = NULL, want[96];
	double total, loc;
	const char *row;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(n, 15);
	assert_int_equal(wf_projection_total(p, WF_OUT_EMISSIONS_TOTAL_KG, &total), 0);
	assert_int_equal(wf_projection_total(p, WF_OUT_EMISSIONS_OPERATIONAL_KG, &loc), 0);
	o.source = "examples/growth-zone-gb.yaml";
	assert_int_equal(wf_report_projection_html(&page, NULL, sc, p, NULL, NULL, &o, &err), 0);
	assert_self_contained(page);
	assert_page_svgs(page, 1); /* the years; no siting asked for */
	assert_non_null(strstr(page, "<h1>wattif report: growth-zone-gb-500mw</h1>"));
	assert_non_null(strstr(page, ">Lifetime totals, 2026 to 2040, GB-north-west-england</h2>"));
	/* the assumptions open on the page, before the notes */
	assert_non_null(strstr(page, "<section id=\"assumptions\">"));
	assert_true(strstr(page, "<section id=\"assumptions\">") < strstr(page, "<section id=\"notes\">"));
	assert_non_null(strstr(page, "<dt data-key=\"regional_factor\">"));
	assert_non_null(strstr(page, "17418 half-hours"));
	/* the grid connection: 500 MW rated IT x PUE 1.17 */
	row = strstr(page, "<div class=\"card\" data-output=\"grid_connection_kw\">");
	assert_non_null(row);
	assert_true(nth_value(row, 0) == 500e3 * 1.17);
	{
		double mk, me;
		size_t my;
		assert_int_equal(wf_projection_marginal(p, &mk, &me, &my), 0);
		assert_int_equal(my, 15);
		row = strstr(page, "<div class=\"card\" data-output=\"emissions_marginal_kg\">");
		assert_non_null(row);
		assert_true(nth_value(row, 0) == mk);
	}
	/* water in ML, as in the tables */
	assert_non_null(strstr(page, "12323.1 ML</div>"));
	/* not sampled: no interval anywhere */
	assert_null(strstr(page, "class=\"interval\""));
	assert_null(strstr(page, " p05 (t CO2e)"));
	assert_null(strstr(page, "class=\"whisker\""));
	assert_null(strstr(page, "Monte Carlo"));
	/* the card and the total row hold the lifetime total exactly */
	row = strstr(page, "<div class=\"card\" data-output=\"emissions_total_kg\">");
	assert_non_null(row);
	assert_true(nth_value(row, 0) == total);
	row = strstr(page, "<tr class=\"total\"><th scope=\"row\">total</th>");
	assert_non_null(row);
	/* columns: IT MW, peak draw MW, connection MW, IT GWh, facility GWh,
	 * PUE, g/kWh, location, marginal, embodied, total, water (no
	 * market-based column without contracts) */
	assert_true(nth_value(row, 7) == loc);
	assert_true(nth_value(row, 10) == total);
	assert_null(strstr(page, ">market-based (t CO2e)</th>"));
	/* as `wattif run` prints it: t CO2e with one decimal */
	snprintf(want, sizeof want, ">%.1f</td>", loc / 1000);
	assert_non_null(strstr(row, want));
	/* one row and one derivation per year, each year's figure its own */
	for (k = 0; k < n; k++) {
		int y;
		double v;
		const wf_result *r = wf_projection_row(p, k, &y);
		snprintf(want, sizeof want, "<tr data-year=\"%d\"><th scope=\"row\">%d</th>", y, y);
		assert_non_null(row = strstr(page, want));
		assert_int_equal(wf_result_get(r, WF_OUT_ENERGY_FACILITY_KWH, &v), 0);
		assert_true(nth_value(row, 4) == v);
		snprintf(want, sizeof want, "<details data-year=\"%d\">\n<summary>%d</summary>", y, y);
		assert_non_null(strstr(page, want));
	}
	assert_int_equal(count(page, "<details data-year="), n);
	/* notes of all years, a line naming its own year folded into a span */
	assert_non_null(strstr(page, "grid intensity for 2031 to 2040 held at pathway"));
	{
		const char *a = strstr(page, "<section id=\"notes\">"), *e = strstr(a, "</section>");
		assert_non_null(strstr(a, "held at pathway"));
		assert_true(strstr(strstr(a, "held at pathway") + 1, "held at pathway") > e);
	}
	/* no contracts: one emissions line (location-based) beside the energy */
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, NULL, NULL, "years", &o, &err), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "class=\"series\""), 2);
	assert_non_null(strstr(svg, ">2040</text>"));
	assert_non_null(strstr(svg, "facility energy (TWh per year)"));
	assert_non_null(strstr(svg, "emissions (kt CO2e per year)"));
	wf_report_free(svg);
	/* charts without data, and names that do not exist */
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, NULL, NULL, "siting", &o, &err),
			 WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "--regions"));
	wf_error_clear(&err);
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, NULL, NULL, "pie", &o, &err),
			 WF_EINPUT);
	assert_non_null(strstr(err.message, "charts: years, siting, siting-years"));
	wf_error_clear(&err);
	assert_int_equal(wf_report_projection_html(&page, NULL, sc, NULL, NULL, NULL, &o, &err),
			 WF_EINPUT);
	wf_report_free(page);
	wf_projection_free(p);
	wf_scenario_free(sc);
}

/* The card of output out: its value and, when it has one, the two ends
 * of its 90% interval (else NaN), each read from data-value. */
static int card_values(const char *page, int out, double v[3])
{
	char key[96];
	const char *card, *next, *iv;

	snprintf(key, sizeof key, "<div class=\"card\" data-output=\"%s\">", wf_output_name(out));
	card = strstr(page, key);
	assert_non_null(card);
	next = strstr(card + 1, "<div class=\"card\"");
	iv = strstr(card, "<div class=\"interval\">");
	v[0] = nth_value(card, 0);
	v[1] = v[2] = NAN;
	if (!iv || (next && iv > next))
		return 0;
	v[1] = nth_value(iv, 0);
	v[2] = nth_value(iv, 1);
	return 1;
}

/* Sampled: the lifetime cards carry the 90% interval of the sum over the
 * years exactly, the years table p05 and p95 of each year and of the span
 * beside the emissions, and the chart a whisker per year. */
static void test_report_projection_sampled(void **state)
{
	static const int outs[] = {WF_OUT_ENERGY_FACILITY_KWH, WF_OUT_EMISSIONS_TOTAL_KG,
				   WF_OUT_EMISSIONS_OPERATIONAL_KG};
	wf_scenario *sc = NULL;
	wf_projection *p = NULL;
	char *page = NULL, *svg = NULL, want[96];
	const char *row;
	wf_quantiles q, qt;
	double v[3], total;
	size_t n, k;

	(void)state;
	run_or_project(&sc, "examples/growth-zone-gb.yaml", 300, "site.pue=tri(1.1, 1.2, 1.4)", &p);
	n = wf_projection_count(p);
	assert_int_equal(wf_report_projection_html(&page, NULL, sc, p, NULL, NULL, NULL, NULL), 0);
	assert_self_contained(page);
	assert_page_svgs(page, 1);
	assert_non_null(strstr(page, "300 Monte Carlo samples"));
	for (k = 0; k < N(outs); k++) {
		assert_int_equal(wf_projection_quantiles(p, outs[k], &q), 0);
		assert_int_equal(wf_projection_total(p, outs[k], &total), 0);
		assert_true(card_values(page, outs[k], v));
		assert_true(v[0] == total);
		assert_true(v[1] == q.p05);
		assert_true(v[2] == q.p95);
		assert_true(q.p05 < q.p95);
		/* the nominal total carries embodied carbon at the vendors'
		 * figures, the lowest of their published ranges: it need not
		 * lie inside the interval; energy and operational do */
		if (outs[k] != WF_OUT_EMISSIONS_TOTAL_KG)
			assert_true(q.p05 < total && total < q.p95);
	}
	/* peak power does not add up over the years: no interval */
	assert_false(card_values(page, WF_OUT_PEAK_POWER_KW, v));
	/* the years table: location-based and total with their p05 and p95;
	 * no market-based ones without contracts */
	assert_non_null(strstr(page, ">location-based p05 (t CO2e)</th><th scope=\"col\">"
				     "location-based p95 (t CO2e)</th>"));
	assert_non_null(strstr(page, ">total p95 (t CO2e)</th>"));
	assert_null(strstr(page, "market-based p05"));
	/* columns: IT MW, peak draw MW, connection MW, IT GWh, facility GWh,
	 * PUE, g/kWh, location, its p05, p95, marginal, embodied, total, its
	 * p05, p95 */
	row = strstr(page, "<tr class=\"total\"><th scope=\"row\">total</th>");
	assert_non_null(row);
	assert_int_equal(wf_projection_quantiles(p, WF_OUT_EMISSIONS_OPERATIONAL_KG, &q), 0);
	assert_int_equal(wf_projection_quantiles(p, WF_OUT_EMISSIONS_TOTAL_KG, &qt), 0);
	assert_true(nth_value(row, 8) == q.p05);
	assert_true(nth_value(row, 9) == q.p95);
	assert_true(nth_value(row, 13) == qt.p05);
	assert_true(nth_value(row, 14) == qt.p95);
	for (k = 0; k < n; k++) {
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		snprintf(want, sizeof want, "<tr data-year=\"%d\">", y);
		assert_non_null(row = strstr(page, want));
		assert_int_equal(wf_result_quantiles(r, WF_OUT_EMISSIONS_OPERATIONAL_KG, &q), 0);
		assert_true(nth_value(row, 8) == q.p05);
		assert_true(nth_value(row, 9) == q.p95);
	}
	/* a whisker per year (the PUE moves every year's emissions) */
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, NULL, NULL, "years", NULL, NULL), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "class=\"whisker\""), n);
	assert_non_null(strstr(svg, ">90% interval of each year (p05 to p95)</text>"));
	assert_non_null(strstr(svg, "Monte Carlo samples.</desc>"));
	wf_report_free(svg);
	wf_report_free(page);
	wf_projection_free(p);
	wf_scenario_free(sc);
}

/* Contracts declared: market-based emissions drawn beside location-based. */
static void test_report_projection_market(void **state)
{
	wf_scenario *sc = NULL;
	wf_projection *p = project(&sc, "examples/campus-ie.yaml", "grid.cfe=60%");
	char *svg = NULL, *page = NULL;
	double loc, mkt;

	(void)state;
	assert_int_equal(wf_projection_total(p, WF_OUT_EMISSIONS_OPERATIONAL_KG, &loc), 0);
	assert_int_equal(wf_projection_total(p, WF_OUT_EMISSIONS_MARKET_KG, &mkt), 0);
	assert_true(mkt < loc);
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, NULL, NULL, NULL, NULL, NULL), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "class=\"series\""), 3);
	assert_non_null(strstr(svg, ">emissions, market-based</text>"));
	assert_int_equal(wf_report_projection_html(&page, NULL, sc, p, NULL, NULL, NULL, NULL), 0);
	assert_non_null(strstr(page, "data-output=\"emissions_market_kg\"><div class=\"label\">"));
	assert_non_null(strstr(page, "as the scenario declares contracts"));
	wf_report_free(page);
	wf_report_free(svg);
	wf_projection_free(p);
	wf_scenario_free(sc);
}

static void test_report_siting(void **state)
{
	wf_run_options ro = WF_RUN_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_projection *p = project(&sc, "examples/growth-zone-gb.yaml", NULL);
	wf_projection *sy[32] = {0};
	wf_siting *st = NULL;
	size_t n, k, nok = 0, drawn = 0;
	char *page = NULL, *svg = NULL, want[256];
	const char *last = NULL, *bars;
	wf_error err;
	wf_site s;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_site(&st, sc, "^GB-", &ro, &err), 0);
	n = wf_siting_count(st);
	assert_int_equal(n, 17);
	/* each region drawn year by year is the scenario with site.region set
	 * to it: its years add up to the ranking's lifetime total */
	for (k = 0; k < n; k++) {
		char set[128];
		double sum = 0;
		size_t j;
		assert_int_equal(wf_siting_get(st, k, &s), 0);
		nok += s.ok != 0;
		if (!wf_report_siting_drawn(st, k))
			continue;
		drawn++;
		snprintf(set, sizeof set, "site.region=%s", s.region);
		assert_int_equal(wf_scenario_set(sc, set, &err), 0);
		assert_int_equal(wf_scenario_project(&sy[k], sc, &ro, &err), 0);
		for (j = 0; j < wf_projection_count(sy[k]); j++) {
			double v;
			assert_int_equal(wf_result_get(wf_projection_row(sy[k], j, NULL),
						       WF_OUT_EMISSIONS_TOTAL_KG, &v), 0);
			sum += v;
		}
		assert_rel(sum, s.total_kg, 1e-9);
	}
	assert_int_equal(nok, 14);
	assert_int_equal(drawn, 6); /* the 3 best and the 3 worst */
	assert_true(wf_report_siting_drawn(st, 2) && !wf_report_siting_drawn(st, 3) &&
		    !wf_report_siting_drawn(st, 10) && wf_report_siting_drawn(st, 11) &&
		    !wf_report_siting_drawn(st, 14));
	assert_int_equal(wf_report_projection_html(&page, NULL, sc, p, st,
						   (const wf_projection *const *)sy, NULL, &err), 0);
	assert_self_contained(page);
	assert_page_svgs(page, 3); /* years, siting, siting-years */
	/* the bars, in ranking order, the failing regions not among them */
	bars = strstr(page, "<figure data-chart=\"siting\">");
	assert_non_null(bars);
	for (k = 0; k < n; k++) {
		const char *at;
		wf_siting_get(st, k, &s);
		snprintf(want, sizeof want, ">%s</text>", s.region);
		at = strstr(bars, want);
		if (!s.ok) {
			assert_true(at == NULL || at > strstr(bars, "</svg>"));
			/* listed beneath with the reason */
			snprintf(want, sizeof want, "<li data-region=\"%s\"><code>%s</code>: ", s.region,
				 s.region);
			assert_non_null(strstr(page, want));
			assert_non_null(strstr(strstr(page, want), "no neso-2023 factor"));
			continue;
		}
		assert_non_null(at);
		assert_true(at > last);
		last = at;
		/* the drivers row: location-based, marginal and total exactly, and
		 * as wattif run prints them */
		snprintf(want, sizeof want, "<tr data-region=\"%s\"><td class=\"num\">%zu</td>",
			 s.region, k + 1);
		assert_non_null(at = strstr(page, want));
		assert_int_equal(s.rank, k + 1);
		assert_true(nth_value(at, 0) == s.operational_kg);
		assert_true(nth_value(at, 1) == s.marginal_kg);
		assert_true(nth_value(at, 2) == s.total_kg);
		/* in the unit the ranking prints in (wf_siting_units) */
		{
			double mdiv;
			wf_siting_units(st, &mdiv, NULL, NULL, NULL);
			snprintf(want, sizeof want, ">%.1f</td>", s.total_kg / mdiv);
			assert_non_null(strstr(at, want));
		}
	}
	assert_non_null(strstr(page, "fails in 3 of the regions matched"));
	assert_non_null(strstr(page, "The 3 lowest-emitting and the 3 highest-emitting of the 14 "
				     "regions ranked"));
	wf_report_free(page);
	/* the lines alone: six series, a marker shape and dash each */
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, st,
						  (const wf_projection *const *)sy, "siting-years",
						  NULL, &err), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "class=\"series\""), 6);
	assert_int_equal(count(svg, "class=\"point\""), 6 * 15 + 6);
	assert_non_null(strstr(svg, ">1. GB-north-east-england</text>"));
	assert_non_null(strstr(svg, ">14. GB-south-wales</text>"));
	wf_report_free(svg);
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, st, NULL, "siting", NULL,
						  &err), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "<rect x=") - 2 /* legend */, 2 * 14);
	wf_report_free(svg);
	assert_int_equal(wf_report_projection_svg(&svg, NULL, sc, p, st, NULL, "siting-years",
						  NULL, &err), WF_ENOTFOUND);
	for (k = 0; k < n; k++)
		wf_projection_free(sy[k]);
	wf_siting_free(st);
	wf_projection_free(p);
	wf_scenario_free(sc);
}

/* Estimate beside measurement: the section, every output both ways with
 * its exact value and the ratio, the measured run's notes; no section, and
 * no compare chart, without a measured run. */
static void test_report_compare(void **state)
{
	wf_report_options o = WF_REPORT_OPTIONS_INIT;
	wf_scenario *sc = NULL, *msc = NULL;
	wf_result *r = run(&sc, "examples/measured-vs-estimate.yaml", 0), *m = NULL;
	char *page = NULL, *svg = NULL, want[256];
	double e, v;
	wf_error err;
	int i;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_report_html(&page, NULL, sc, r, &o, NULL), 0);
	assert_null(strstr(page, "<section id=\"compare\">"));
	wf_report_free(page);
	assert_int_equal(wf_report_svg(&svg, NULL, sc, r, "compare", &o, &err), WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "No measured run"));
	assert_int_equal(wf_scenario_measured(&msc, sc, NULL), 0);
	assert_int_equal(wf_scenario_evaluate(&m, msc, NULL), 0);
	o.measured = m;
	o.measured_source = "measured <file>";
	assert_int_equal(wf_report_html(&page, NULL, sc, r, &o, NULL), 0);
	assert_self_contained(page);
	assert_page_svgs(page, 2); /* compare, breakdown */
	assert_non_null(strstr(page, ">Estimate beside measurement</h2>"));
	assert_non_null(strstr(page, "<code>measured &lt;file&gt;</code>"));
	assert_non_null(strstr(page, "energy measured: nvidia-smi log"));
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		const char *row;
		snprintf(want, sizeof want, "<tr data-output=\"%s\"><td>", wf_output_name(i));
		row = strstr(strstr(page, "<table class=\"data compare\">"), want);
		assert_non_null(row);
		if (wf_result_get(r, i, &e) || wf_result_get(m, i, &v))
			continue;
		snprintf(want, sizeof want, "data-value=\"%.17g\"", e);
		assert_non_null(strstr(row, want));
		snprintf(want, sizeof want, "data-value=\"%.17g\"", v);
		assert_non_null(strstr(row, want));
		snprintf(want, sizeof want, "data-value=\"%.17g\">%.4g</td></tr>", e / v, e / v);
		assert_non_null(strstr(row, want));
	}
	wf_report_free(page);
	assert_int_equal(wf_report_svg(&svg, NULL, sc, r, "compare", &o, NULL), 0);
	assert_xml(svg, strlen(svg));
	assert_int_equal(count(svg, "fill=\"#E69F00\"><title>"), 3); /* measured bars */
	assert_int_equal(count(svg, "fill=\"#0072B2\"><title>"), 3); /* estimated bars */
	wf_report_free(svg);
	wf_result_free(m);
	wf_scenario_free(msc);
	wf_result_free(r);
	wf_scenario_free(sc);
}

static void test_labels_and_names(void **state)
{
	int k;

	(void)state;
	assert_string_equal(wf_output_label(WF_OUT_ENERGY_IT_KWH), "IT energy");
	assert_null(wf_output_label(WF_OUT_COUNT_));
	assert_null(wf_output_label(-1));
	for (k = 0; wf_report_chart_name(k); k++)
		;
	assert_int_equal(k, 6);
	assert_string_equal(wf_report_chart_name(0), "breakdown");
	assert_string_equal(wf_report_chart_name(4), "shift");
	assert_string_equal(wf_report_chart_name(5), "compare");
	for (k = 0; wf_report_projection_chart_name(k); k++)
		;
	assert_int_equal(k, 3);
	assert_string_equal(wf_report_projection_chart_name(0), "years");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice_step),
		cmocka_unit_test(test_nice_ticks_known),
		cmocka_unit_test(test_nice_ticks_property),
		cmocka_unit_test(test_number_labels),
		cmocka_unit_test(test_time_ticks),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_ramp),
		cmocka_unit_test(test_hbars),
		cmocka_unit_test(test_tornado_colours),
		cmocka_unit_test(test_lines_band_and_gap),
		cmocka_unit_test(test_lines_whiskers),
		cmocka_unit_test(test_heatmap_small_multiples),
		cmocka_unit_test(test_bins),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_report_llama),
		cmocka_unit_test(test_report_escapes_file_text),
		cmocka_unit_test(test_report_uncertain),
		cmocka_unit_test(test_report_window),
		cmocka_unit_test(test_report_shift),
		cmocka_unit_test(test_report_sweep),
		cmocka_unit_test(test_report_projection),
		cmocka_unit_test(test_report_projection_market),
		cmocka_unit_test(test_report_projection_sampled),
		cmocka_unit_test(test_report_siting),
		cmocka_unit_test(test_report_compare),
		cmocka_unit_test(test_labels_and_names),
	};

	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
