/*
 * embodied.c - which embodied-carbon figures a scenario uses, and where
 * each came from (resolve); embodied_eval.c amortises them over the job's
 * device-time or the campus's year.
 *
 * The model, per accelerator:
 *
 *   board     a product footprint (the vendor's, e.g. NVIDIA's HGX H100
 *             PCF / 8), or memory x kg/GB + the rest of the board, or the
 *             die alone (LLMCarbon's die area x carbon per area)
 *   host      the server's CPUs x kg + DRAM x kg/GB + SSD x kg/GB + the rest
 *             of the server (mainboard, PSUs, chassis), or one figure,
 *             shared by the node's accelerators
 *   network   the host's network adapters x kg (or one figure)
 *   building  building and M&E plant per W of IT capacity, over the
 *             building's own lifetime
 *
 * Every figure is a catalog factor (models/embodied/, catalog_embodied.c)
 * of the scenario's method ("vendor" by default), or given in the
 * scenario as a quantity or a factor's id.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const emb_keys[] = {
	"method", "device", "device_lifetime", "host", "host_lifetime", "devices_per_host",
	"lifetime", "usage", "hbm", "board_rest", "cpu", "dram", "ssd", "server_rest", "nic",
	"network", "building", "building_lifetime"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The state of one embodied resolve. */
typedef struct ectx {
	wf_rctx *c;
	wf_plan *pl;
	const wf_node *en;   /* the embodied mapping, NULL for `true` */
	const wf_node *at;   /* the embodied key's value, for messages */
	const char *set;     /* the factor set the method draws from */
	int full;            /* the method's whole scope, or what is given */
	wf_hostdef host;     /* the composition in use (host.set = 0: none) */
	int host_of_node;    /* it is the node's */
} ectx;

static const wf_node *key(const ectx *x, const char *k)
{
	return x->en ? wf_node_get(x->en, k) : NULL;
}

static int is_false(const wf_node *n)
{
	return n && n->type == WF_NODE_SCALAR && strcmp(n->text, "false") == 0;
}

/* A factor's figure into an input: its own file:line, and a note with its
 * id, component, boundary, labels and source. */
static void from_factor(ectx *x, wf_pin pin, const wf_embfactor *f)
{
	char buf[2048];
	const char *lab = wf_emb_labels(f);

	x->pl->in[pin] = f->value;
	snprintf(buf, sizeof buf, "%s (%s, %s%s%s); source: %s", f->e.id,
		 wf_emb_comp_name(f->comp), wf_boundary_name(f->boundary), *lab ? "; " : "",
		 lab, f->e.source ? f->e.source : "(none given)");
	x->pl->in[pin].note = wf_arena_strdup(&x->c->scratch->arena, buf);
	x->pl->emb_f[f->comp] = f;
}

/* embodied.KEY given: a factor's id (of component comp) or a quantity
 * above 0.  *set = 1 when given. */
static int given(ectx *x, wf_pin pin, wf_emb_comp comp, const char *k, int *set)
{
	const wf_node *n = key(x, k);
	const wf_embfactor *f;
	wf_param *p = &x->pl->in[pin];
	wf_error local;
	int rc;

	*set = 0;
	if (!n)
		return 0;
	if (n->type == WF_NODE_SCALAR && (f = wf_emb_get(x->c->scratch, n->text))) {
		if (f->comp != comp)
			return wf_error_set(x->c->err, WF_EINPUT, "scenario", n->file, n->line,
					    n->col, "embodied.%s: \"%s\" is a %s factor; give a "
					    "%s factor or a quantity", k, n->text,
					    wf_emb_comp_name(f->comp), k);
		from_factor(x, pin, f);
		*set = 1;
		return 0;
	}
	wf_error_clear(&local);
	rc = wf_param_parse(x->c->scratch, p, n, wf_plan_input_dim(pin), k, &local);
	if (rc && n->type == WF_NODE_SCALAR && n->text[0] >= 'a' && n->text[0] <= 'z' &&
	    !strchr(n->text, '('))
		return wf_catalog_unknown(x->c->scratch, WF_KIND_EMBODIED, n->text,
					  "embodied factor", n->file, n->line, n->col,
					  x->c->err);
	if (rc) {
		if (x->c->err)
			*x->c->err = local;
		return rc;
	}
	if (!(wf_r_nom(p) > 0) || ((p->v.kind == WF_DIST_TRI || p->v.kind == WF_DIST_PERT ||
				    p->v.kind == WF_DIST_UNIFORM) && !(p->v.p[0] > 0)))
		return wf_error_set(x->c->err, WF_EINPUT, "scenario", n->file, n->line, n->col,
				    "embodied.%s: must be greater than 0, got \"%s\"", k,
				    n->text);
	*set = 1;
	return 0;
}

/* The method's factor of a component (the vendor's when the method has
 * none); NULL when the catalog has neither. */
static const wf_embfactor *deflt(ectx *x, wf_pin pin, wf_emb_comp comp)
{
	const wf_catalog *cat = x->c->scratch;
	const wf_embfactor *f = wf_emb_find(cat, comp, x->set, x->pl->accel);

	if (!f && strcmp(x->set, WF_EMB_METHOD_DEFAULT) != 0 &&
	    (f = wf_emb_find(cat, comp, WF_EMB_METHOD_DEFAULT, x->pl->accel)))
		wf_strbuf_printf(&x->pl->notes, "embodied: method %s has no %s figure%s%s; "
				 "the vendor method's (%s) is used\n", x->set,
				 wf_emb_comp_name(comp), wf_emb_comp_per_accel(comp) ? " for " : "",
				 wf_emb_comp_per_accel(comp) ? x->pl->accel->e.id : "", f->e.id);
	if (f)
		from_factor(x, pin, f);
	return f;
}

/* given, else the method's factor, else an error naming the key. */
static int need(ectx *x, wf_pin pin, wf_emb_comp comp, const char *k)
{
	int set, rc;

	if ((rc = given(x, pin, comp, k, &set)) || set || deflt(x, pin, comp))
		return rc;
	return wf_r_err(x->c->err, x->at,
			"embodied: method %s has no %s factor in the catalog; give "
			"embodied.%s", x->pl->emb_method, k);
}

/* method: vendor (default), memory, die, or a set of factors in the
 * catalog (boavizta, ...). */
static int resolve_method(ectx *x)
{
	const wf_node *mn = key(x, "method");
	const wf_catalog *cat;
	const char *m;
	char known[512] = "vendor, memory, die";
	size_t i, used = strlen(known);

	x->pl->emb_method = WF_EMB_METHOD_DEFAULT;
	x->set = WF_EMB_METHOD_DEFAULT;
	if (!mn)
		return 0;
	if (mn->type != WF_NODE_SCALAR)
		return wf_r_err(x->c->err, mn, "embodied.method: expected a method name "
				    "(vendor, memory, die, ...)%s%s", "", "");
	m = mn->text;
	x->pl->emb_method = m;
	if (strcmp(m, "memory") == 0 || strcmp(m, "vendor") == 0)
		return 0;
	x->set = m;
	for (cat = x->c->scratch; cat; cat = cat->parent)
		for (i = 0; i < cat->kinds[WF_KIND_EMBODIED].n; i++) {
			const wf_embfactor *f = cat->kinds[WF_KIND_EMBODIED].items[i];
			if (strcmp(f->method, m) == 0)
				return 0;
			if (!strstr(known, f->method) && used + strlen(f->method) + 3 < sizeof known)
				used += (size_t)snprintf(known + used, sizeof known - used, ", %s",
							 f->method);
		}
	return wf_r_err(x->c->err, mn, "embodied.method: unknown method \"%s\" (known: %s)",
			m, known);
}

/* The board: given, the method's figure, memory x kg/GB + rest, the die. */
static int board_memory(ectx *x, int must)
{
	wf_plan *pl = x->pl;
	const wf_accel *a = pl->accel;
	int set, rc;

	if (!a->memory.set) {
		if (!must)
			return WF_ENOTFOUND;
		return wf_r_err(x->c->err, key(x, "method"), "embodied.method memory: "
				"accelerator \"%s\" has no memory figure%s", a->e.id, "");
	}
	if ((rc = given(x, P_EMB_HBM, WF_EC_HBM, "hbm", &set)))
		return rc;
	if (!set && !deflt(x, P_EMB_HBM, WF_EC_HBM))
		return must ? need(x, P_EMB_HBM, WF_EC_HBM, "hbm") : WF_ENOTFOUND;
	if ((rc = given(x, P_EMB_BOARD_REST, WF_EC_BOARD_REST, "board_rest", &set)))
		return rc;
	if (!set && !deflt(x, P_EMB_BOARD_REST, WF_EC_BOARD_REST))
		return must ? wf_r_err(x->c->err, key(x, "method"), "embodied.method "
				       "memory: no board_rest factor for accelerator \"%s\"; "
				       "give embodied.board_rest%s", a->e.id, "") : WF_ENOTFOUND;
	wf_r_from_entry(&pl->in[P_HBM_BYTES], &a->memory, &a->e, &x->c->scratch->arena);
	pl->emb_board = EB_MEMORY;
	return 0;
}

static int board_die(ectx *x)
{
	wf_plan *pl = x->pl;
	const wf_accel *a = pl->accel;

	if (!a->embodied.set)
		return wf_r_err(x->c->err, x->at,
				"embodied: accelerator \"%s\" has no embodied figure (no "
				"product footprint, no memory and board figures, no die "
				"figure); give embodied.device%s", a->e.id, "");
	wf_r_from_entry(&pl->in[P_EMB_DEV], &a->embodied, &a->e, &x->c->scratch->arena);
	pl->emb_board = EB_DIE;
	wf_strbuf_printf(&pl->notes, "embodied carbon of %s's board covers: %s\n", a->e.id,
			 a->embodied_scope ? a->embodied_scope : "(scope not stated)");
	return 0;
}

static int resolve_board(ectx *x)
{
	wf_plan *pl = x->pl;
	int set, rc;

	pl->emb_board = EB_FIGURE;
	if ((rc = given(x, P_EMB_DEV, WF_EC_BOARD, "device", &set)) || set)
		return rc;
	if (strcmp(pl->emb_method, "die") == 0)
		return board_die(x);
	if (strcmp(pl->emb_method, "memory") == 0)
		return board_memory(x, 1);
	if (deflt(x, P_EMB_DEV, WF_EC_BOARD))
		return 0;
	if ((rc = board_memory(x, 0)) != WF_ENOTFOUND)
		return rc;
	if ((rc = board_die(x)) == 0)
		wf_strbuf_printf(&pl->notes, "embodied: %s has no product footprint and no "
				 "memory and board figures in method %s; its board counts "
				 "the die only (an underestimate)\n", pl->accel->e.id,
				 pl->emb_method);
	return rc;
}

/* A lifetime above 0: given (first key that is there), else p as it is. */
static int lifetime(ectx *x, wf_pin pin, const char *k1, const char *k2)
{
	const char *k = key(x, k1) ? k1 : k2;
	const wf_node *n = k ? key(x, k) : NULL;
	wf_param *p = &x->pl->in[pin];
	int rc;

	if (!n)
		return 0;
	if ((rc = wf_param_parse(x->c->scratch, p, n, WF_DIM_TIME, k, x->c->err)))
		return rc;
	if (!(wf_r_nom(p) > 0) || ((p->v.kind == WF_DIST_TRI || p->v.kind == WF_DIST_PERT ||
				    p->v.kind == WF_DIST_UNIFORM) && !(p->v.p[0] > 0)))
		return wf_error_set(x->c->err, WF_EINPUT, "scenario", n->file, n->line, n->col,
				    "embodied.%s: a lifetime must be greater than 0, got "
				    "\"%s\"", k, n->text);
	return 0;
}

static int resolve_lifetimes(ectx *x)
{
	wf_plan *pl = x->pl;
	wf_arena *ar = &x->c->scratch->arena;
	const wf_node *un = key(x, "usage");
	int rc;

	if ((rc = lifetime(x, P_LIFE_DEV, "device_lifetime", "lifetime")) ||
	    (rc = lifetime(x, P_LIFE_HOST, "host_lifetime", NULL)))
		return rc;
	if (!pl->in[P_LIFE_DEV].set && pl->accel->lifetime.set)
		wf_r_from_entry(&pl->in[P_LIFE_DEV], &pl->accel->lifetime, &pl->accel->e, ar);
	if (!pl->in[P_LIFE_DEV].set && !deflt(x, P_LIFE_DEV, WF_EC_SERVICE_LIFE))
		return need(x, P_LIFE_DEV, WF_EC_SERVICE_LIFE, "lifetime");
	if (!pl->in[P_LIFE_HOST].set && !pl->campus && !key(x, "lifetime") && pl->node &&
	    pl->node->lifetime.set)
		wf_r_from_entry(&pl->in[P_LIFE_HOST], &pl->node->lifetime, &pl->node->e, ar);
	/* otherwise a host serves as long as its accelerators (a campus
	 * refreshes them together): one lifetime, one draw per sample */
	pl->emb_life_shared = !pl->in[P_LIFE_HOST].set;
	if (!un) {
		wf_r_fixed(&pl->in[P_EMB_USAGE], WF_DIM_NONE, 1,
			   "default: the hardware is in use its whole lifetime (linear "
			   "amortisation by device-time)");
		return 0;
	}
	if ((rc = wf_param_parse(x->c->scratch, &pl->in[P_EMB_USAGE], un, WF_DIM_NONE,
				 "usage", x->c->err)))
		return rc;
	if (!(wf_r_nom(&pl->in[P_EMB_USAGE]) > 0) || wf_r_nom(&pl->in[P_EMB_USAGE]) > 1)
		return wf_r_err(x->c->err, un, "embodied.usage: expected the share of the "
				"lifetime in use, above 0 and at most 100%%, got \"%s\"%s",
				un->text, "");
	return 0;
}

/* An input from a composition count or size (0 when not given). */
static void part(ectx *x, wf_pin pin, const wf_param *p, const char *what)
{
	if (p->set && x->host_of_node) {
		wf_r_from_entry(&x->pl->in[pin], p, &x->pl->node->e, &x->c->scratch->arena);
	} else if (p->set) {
		x->pl->in[pin] = *p;
	} else {
		wf_r_fixed(&x->pl->in[pin], WF_DIM_NONE, 0, what);
	}
}

static int host_parts(ectx *x)
{
	int rc;

	part(x, P_HOST_CPUS, &x->host.cpus, "not in the host's composition");
	part(x, P_HOST_DRAM, &x->host.dram, "not in the host's composition");
	part(x, P_HOST_SSD, &x->host.ssd, "not in the host's composition");
	x->pl->in[P_HOST_DRAM].v.dim = x->pl->in[P_HOST_SSD].v.dim = WF_DIM_DATA;
	if ((x->host.cpus.set && (rc = need(x, P_EMB_CPU, WF_EC_CPU, "cpu"))) ||
	    (x->host.dram.set && (rc = need(x, P_EMB_DRAM, WF_EC_DRAM, "dram"))) ||
	    (x->host.ssd.set && (rc = need(x, P_EMB_SSD, WF_EC_SSD, "ssd"))) ||
	    (rc = need(x, P_EMB_SERVER_REST, WF_EC_SERVER_REST, "server_rest")))
		return rc;
	x->pl->emb_host = EH_PARTS;
	return 0;
}

/* The host: given (a figure, a factor id, or a composition), the node's
 * composition, or the node's own figure. */
static int resolve_host(ectx *x)
{
	wf_plan *pl = x->pl;
	const wf_node *hn = key(x, "host");
	const wf_embfactor *f = NULL;
	int set, rc;

	pl->emb_host = EH_NONE;
	if (!hn && x->full && strcmp(x->set, WF_EMB_METHOD_DEFAULT) != 0 &&
	    (pl->in[P_PER_NODE].set || key(x, "devices_per_host")))
		f = wf_emb_find(x->c->scratch, WF_EC_HOST, x->set, pl->accel);
	if (hn && hn->type == WF_NODE_MAP) {
		if ((rc = wf_host_map(x->c->scratch, &x->host, hn, x->c->err)) ||
		    (rc = host_parts(x)))
			return rc;
	} else if (hn) {
		if ((rc = given(x, P_EMB_HOST, WF_EC_HOST, "host", &set)))
			return rc;
		pl->emb_host = EH_FIGURE;
	} else if (pl->node && pl->node->host.set && strcmp(pl->emb_method, "die") != 0) {
		x->host = pl->node->host;
		x->host_of_node = 1;
		if ((rc = host_parts(x)))
			return rc;
	} else if (f) {
		from_factor(x, P_EMB_HOST, f);
		pl->emb_host = EH_FIGURE;
	} else if (pl->node && pl->node->embodied.set) {
		wf_r_from_entry(&pl->in[P_EMB_HOST], &pl->node->embodied, &pl->node->e,
				&x->c->scratch->arena);
		pl->emb_host = EH_FIGURE;
		wf_strbuf_printf(&pl->notes, "embodied carbon of host %s covers: %s\n",
				 pl->node->e.id, pl->node->embodied_scope ?
				 pl->node->embodied_scope : "(scope not stated)");
	}
	if (pl->emb_host == EH_NONE) {
		if (x->full && strcmp(pl->emb_method, "die") != 0)
			wf_strbuf_printf(&pl->notes, "embodied: hosts not counted (no host "
					 "composition: run on a node with host:, or give "
					 "embodied.host and devices_per_host)\n");
		return 0;
	}
	if ((rc = wf_r_q(x->c, P_PER_NODE, x->en, "devices_per_host", 1)))
		return rc;
	if (!pl->in[P_PER_NODE].set)
		return wf_r_err(x->c->err, hn ? hn : x->en, "embodied: host embodied carbon "
				"needs embodied.devices_per_host (or a node)%s%s", "", "");
	return 0;
}

static int resolve_network(ectx *x)
{
	wf_plan *pl = x->pl;
	const wf_node *nn = key(x, "network");
	int set, rc;

	pl->emb_net = EH_NONE;
	if (is_false(nn))
		return 0;
	if (nn) {
		if ((rc = given(x, P_EMB_NET, WF_EC_COUNT, "network", &set)))
			return rc;
		if (!pl->in[P_PER_NODE].set)
			return wf_r_err(x->c->err, nn, "embodied.network: a figure per host "
					"needs devices_per_host (or a node)%s%s", "", "");
		pl->emb_net = EH_FIGURE;
		return 0;
	}
	if (!x->full || strcmp(pl->emb_method, "die") == 0 || pl->emb_host != EH_PARTS ||
	    !x->host.nics.set || !(wf_r_nom(&x->host.nics) > 0))
		return 0;
	part(x, P_HOST_NICS, &x->host.nics, "");
	if ((rc = need(x, P_EMB_NIC, WF_EC_NIC, "nic")))
		return rc;
	pl->emb_net = EH_PARTS;
	wf_strbuf_printf(&pl->notes, "embodied: network counts the hosts' network "
			 "adapters; switches and cables are not counted (no published "
			 "footprint in the reference data)\n");
	return 0;
}

static int resolve_building(ectx *x)
{
	wf_plan *pl = x->pl;
	const wf_node *bn = key(x, "building");
	const wf_embfactor *f;
	int set = 0, rc;

	pl->emb_building = 0;
	if (is_false(bn))
		return 0;
	if ((rc = given(x, P_EMB_BUILDING, WF_EC_BUILDING, "building", &set)))
		return rc;
	if (!set && (!x->full || strcmp(pl->emb_method, "die") == 0))
		return 0;
	if (!set && !deflt(x, P_EMB_BUILDING, WF_EC_BUILDING)) {
		wf_strbuf_printf(&pl->notes, "embodied: building not counted (no building "
				 "factor in the catalog)\n");
		return 0;
	}
	pl->emb_building = 1;
	if ((rc = lifetime(x, P_LIFE_BUILDING, "building_lifetime", NULL)))
		return rc;
	f = pl->emb_f[WF_EC_BUILDING];
	if (!pl->in[P_LIFE_BUILDING].set && (!f || !f->lifetime.set))
		f = wf_emb_find(x->c->scratch, WF_EC_BUILDING, WF_EMB_METHOD_DEFAULT, NULL);
	if (!pl->in[P_LIFE_BUILDING].set && f && f->lifetime.set) {
		pl->in[P_LIFE_BUILDING] = f->lifetime;
		pl->in[P_LIFE_BUILDING].note = wf_arena_strdup(&x->c->scratch->arena,
							       f->e.id);
	}
	if (!pl->in[P_LIFE_BUILDING].set)
		return wf_r_err(x->c->err, bn ? bn : x->en, "embodied: the building's "
				"figure has no lifetime; give embodied.building_lifetime%s%s",
				"", "");
	return 0;
}

/* What embodied carbon covers, for people: the table, JSON, explain. */
static void scope_text(wf_plan *pl, int full)
{
	size_t n = 0, sz = sizeof pl->emb_scope;

	if (pl->emb_board != EB_NONE)
		n += (size_t)snprintf(pl->emb_scope + n, sz - n, "%s", pl->emb_board == EB_DIE ?
				      "accelerator dies" : "accelerator boards");
	if (pl->emb_host != EH_NONE && n < sz)
		n += (size_t)snprintf(pl->emb_scope + n, sz - n, " + hosts");
	if (pl->emb_net != EH_NONE && n < sz)
		n += (size_t)snprintf(pl->emb_scope + n, sz - n, " + network");
	if (pl->emb_building && n < sz)
		n += (size_t)snprintf(pl->emb_scope + n, sz - n, "%s", n ? " + building" :
				      "building");
	if (n < sz && full)
		snprintf(pl->emb_scope + n, sz - n, " (method %s)", pl->emb_method);
	else if (n < sz)
		snprintf(pl->emb_scope + n, sz - n, " (figures given)");
}

int wf_embodied_resolve(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_node *en = wf_node_get(c->sc->root, "embodied");
	ectx x;
	int rc;

	memset(&x, 0, sizeof x);
	x.c = c;
	x.pl = pl;
	x.at = en;
	if (!en) {
		wf_strbuf_printf(&pl->notes, "embodied carbon not included (set embodied: "
					     "true to include it)\n");
		return 0;
	}
	if (en->type == WF_NODE_SCALAR) {
		if (strcmp(en->text, "false") == 0)
			return 0;
		if (strcmp(en->text, "true") != 0)
			return wf_r_err(c->err, en, "embodied: expected true, false or a mapping "
					    "of figures, got \"%s\"%s", en->text, "");
		x.full = 1;
	} else {
		if ((rc = wf_check_keys(en, emb_keys, N(emb_keys), "embodied", c->err)))
			return rc;
		x.en = en;
		/* a mapping that gives figures without a method counts those */
		x.full = wf_node_get(en, "method") ||
			 !(wf_node_get(en, "device") || wf_node_get(en, "host") ||
			   (wf_node_get(en, "network") && !is_false(wf_node_get(en, "network"))) ||
			   (wf_node_get(en, "building") && !is_false(wf_node_get(en, "building"))));
	}
	pl->embodied = 1;
	if (!pl->accel && pl->campus) {
		/* a campus of no stated hardware: its building only */
		pl->emb_board = EB_NONE;
		if ((rc = resolve_method(&x)) || (rc = resolve_building(&x)))
			return rc;
		if (!pl->emb_building)
			return wf_r_err(c->err, en, "embodied: a campus without "
					"campus.accelerator or campus.node counts its building "
					"only, and none is counted here%s%s", "", "");
		wf_strbuf_printf(&pl->notes, "embodied: the campus names no hardware "
				 "(campus.accelerator or campus.node): only its building is "
				 "counted\n");
		scope_text(pl, x.full);
		return 0;
	}
	if (!pl->accel)
		return wf_r_err(c->err, en, "embodied: needs an accelerator (the workload's "
				"or campus.accelerator)%s%s", "", "");
	if ((rc = resolve_method(&x)) || (rc = resolve_board(&x)) ||
	    (rc = resolve_lifetimes(&x)) || (rc = resolve_host(&x)) ||
	    (rc = resolve_network(&x)) || (rc = resolve_building(&x)))
		return rc;
	scope_text(pl, x.full);
	return 0;
}
