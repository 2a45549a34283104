/*
 * embodied_eval.c - embodied carbon amortised linearly over lifetimes
 * (the figures and their origins are resolved in embodied.c):
 *
 *   M_acc  = DS x board / (L_it x u)
 *   M_host = DS / k x host / (L_host x u)
 *   M_net  = DS / k x network / (L_host x u)
 *   M_bld  = DS x P_peak x b / L_bld             (a job)
 *          = capacity online x b x T / L_bld     (a campus year)
 *
 * DS device-time, k accelerators per host, u the share of the lifetime in
 * use (1 unless given: BLOOM's 85%), P_peak the peak IT power per
 * accelerator (the capacity it occupies), b building and M&E plant per W
 * of IT capacity, T the year.  board = a product footprint, memory x kg/GB
 * + the rest of the board, or the die; host = CPUs x kg + DRAM x kg/GB +
 * SSD x kg/GB + the rest of the server, or one figure; network = network
 * adapters x kg, or one figure.
 */
#include "engine_int.h"

#include <string.h>

void wf_embodied_unit(const wf_plan *pl, const double *x, wf_emb_unit *u)
{
	memset(u, 0, sizeof(*u));
	if (!pl->embodied)
		return;
	u->board_kg = pl->emb_board == EB_NONE ? 0 : pl->emb_board == EB_MEMORY
		? x[P_HBM_BYTES] * x[P_EMB_HBM] + x[P_EMB_BOARD_REST] : x[P_EMB_DEV];
	if (pl->emb_host == EH_FIGURE)
		u->host_kg = x[P_EMB_HOST];
	else if (pl->emb_host == EH_PARTS)
		u->host_kg = x[P_HOST_CPUS] * (x[P_HOST_CPUS] > 0 ? x[P_EMB_CPU] : 0) +
			     x[P_HOST_DRAM] * (x[P_HOST_DRAM] > 0 ? x[P_EMB_DRAM] : 0) +
			     x[P_HOST_SSD] * (x[P_HOST_SSD] > 0 ? x[P_EMB_SSD] : 0) +
			     x[P_EMB_SERVER_REST];
	if (pl->emb_net == EH_FIGURE)
		u->net_kg = x[P_EMB_NET];
	else if (pl->emb_net == EH_PARTS)
		u->net_kg = x[P_HOST_NICS] * x[P_EMB_NIC];
	if (pl->emb_building)
		u->building_kg_per_w = x[P_EMB_BUILDING];
}

/* "  [origin of input pin]" */
static const char *org(wf_strbuf *b, const wf_plan *pl, wf_pin pin)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	wf_param_origin(b, &pl->in[pin]);
	return wf_strbuf_str(b);
}

/* One line of the host's composition: count or size x factor. */
static void host_line(wf_strbuf *tr, wf_strbuf *o, const wf_plan *pl, const double *x,
		      const char *what, wf_pin n, wf_pin k)
{
	char b1[64], b2[64], b3[64];

	if (!(x[n] > 0))
		return;
	WF_TR(tr, "  host %s = %s x %s = %s  [%s]\n", what,
	      wf_plan_input_dim(n) == WF_DIM_DATA ? fq(b1, 64, x[n], WF_DIM_DATA)
						  : fnum(b1, 64, x[n]),
	      fq(b2, 64, x[k], wf_plan_input_dim(k)), fq(b3, 64, x[n] * x[k], WF_DIM_MASS),
	      org(o, pl, k));
}

/* The boundary the server's figures share ("" when they differ or one was
 * given without a factor). */
static const char *server_boundary(const wf_plan *pl)
{
	static const wf_emb_comp parts[] = {WF_EC_BOARD, WF_EC_HBM, WF_EC_BOARD_REST,
					    WF_EC_CPU, WF_EC_DRAM, WF_EC_SSD,
					    WF_EC_SERVER_REST, WF_EC_HOST, WF_EC_NIC};
	wf_boundary b = WF_BOUND_UNSET;
	size_t i;

	if ((pl->emb_board == EB_FIGURE && !pl->emb_f[WF_EC_BOARD]) ||
	    (pl->emb_host == EH_FIGURE && !pl->emb_f[WF_EC_HOST]) ||
	    pl->emb_net == EH_FIGURE || pl->emb_board == EB_DIE)
		return "";
	for (i = 0; i < sizeof parts / sizeof *parts; i++) {
		const wf_embfactor *f = pl->emb_f[parts[i]];
		if (!f)
			continue;
		if (b != WF_BOUND_UNSET && f->boundary != b)
			return "";
		b = f->boundary;
	}
	return b == WF_BOUND_UNSET ? "" : wf_boundary_name(b);
}

/* The figures per unit of hardware, each with its factor, boundary and
 * source (the derivation's own lines). */
static void trace_units(const wf_plan *pl, const double *x, const wf_emb_unit *u,
			wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64];
	wf_strbuf o = {0};

	WF_TR(tr, "embodied carbon covers %s; each figure with its factor, boundary and "
		  "source:\n", pl->emb_scope);
	if (pl->emb_board == EB_NONE) {
		/* no hardware stated: nothing per accelerator */
	} else if (pl->emb_board == EB_MEMORY) {
		WF_TR(tr, "  board = memory x kg/GB + rest of the board = %s x %s + %s = %s "
			  "per accelerator\n", fq(b1, 64, x[P_HBM_BYTES], WF_DIM_DATA),
		      fq(b2, 64, x[P_EMB_HBM], WF_DIM_MASS_PER_DATA),
		      fq(b3, 64, x[P_EMB_BOARD_REST], WF_DIM_MASS), fq(b4, 64, u->board_kg,
									WF_DIM_MASS));
		WF_TR(tr, "    memory: [%s]\n", org(&o, pl, P_EMB_HBM));
		WF_TR(tr, "    rest of the board: [%s]\n", org(&o, pl, P_EMB_BOARD_REST));
	} else {
		WF_TR(tr, "  board%s = %s per accelerator  [%s]\n",
		      pl->emb_board == EB_DIE ? " (die only)" : "",
		      fq(b1, 64, u->board_kg, WF_DIM_MASS), org(&o, pl, P_EMB_DEV));
	}
	if (pl->emb_host == EH_FIGURE)
		WF_TR(tr, "  host = %s per host of %s accelerators  [%s]\n",
		      fq(b1, 64, u->host_kg, WF_DIM_MASS), fnum(b2, 64, x[P_PER_NODE]),
		      org(&o, pl, P_EMB_HOST));
	if (pl->emb_host == EH_PARTS) {
		host_line(tr, &o, pl, x, "CPUs", P_HOST_CPUS, P_EMB_CPU);
		host_line(tr, &o, pl, x, "DRAM", P_HOST_DRAM, P_EMB_DRAM);
		host_line(tr, &o, pl, x, "SSD", P_HOST_SSD, P_EMB_SSD);
		WF_TR(tr, "  host rest (mainboard, PSUs, chassis, assembly) = %s  [%s]\n",
		      fq(b1, 64, x[P_EMB_SERVER_REST], WF_DIM_MASS),
		      org(&o, pl, P_EMB_SERVER_REST));
		WF_TR(tr, "  host = CPUs + DRAM + SSD + rest = %s per host of %s accelerators\n",
		      fq(b1, 64, u->host_kg, WF_DIM_MASS), fnum(b2, 64, x[P_PER_NODE]));
	}
	if (pl->emb_net == EH_FIGURE)
		WF_TR(tr, "  network = %s per host  [%s]\n", fq(b1, 64, u->net_kg, WF_DIM_MASS),
		      org(&o, pl, P_EMB_NET));
	if (pl->emb_net == EH_PARTS)
		WF_TR(tr, "  network = adapters x kg = %s x %s = %s per host (switches not "
			  "counted)  [%s]\n", fnum(b1, 64, x[P_HOST_NICS]),
		      fq(b2, 64, x[P_EMB_NIC], WF_DIM_MASS), fq(b3, 64, u->net_kg, WF_DIM_MASS),
		      org(&o, pl, P_EMB_NIC));
	if (pl->emb_host != EH_NONE)
		WF_TR(tr, "  one server, not amortised = devices per host x board + host + network "
			  "= %s x %s + %s + %s = %s%s%s%s\n", fnum(b1, 64, x[P_PER_NODE]),
		      fq(b2, 64, u->board_kg, WF_DIM_MASS), fq(b3, 64, u->host_kg, WF_DIM_MASS),
		      fq(b4, 64, u->net_kg, WF_DIM_MASS),
		      fq(b5, 64, x[P_PER_NODE] * u->board_kg + u->host_kg + u->net_kg, WF_DIM_MASS),
		      *server_boundary(pl) ? " (all " : "", server_boundary(pl),
		      *server_boundary(pl) ? ")" : " (boundaries differ or are not stated)");
	if (pl->emb_building)
		WF_TR(tr, "  building and M&E plant = %s of IT capacity, over %s  [%s]\n",
		      fq(b1, 64, x[P_EMB_BUILDING], WF_DIM_MASS_PER_POWER),
		      fh(b2, 64, x[P_LIFE_BUILDING]), org(&o, pl, P_EMB_BUILDING));
	wf_strbuf_free(&o);
}

static void trace_sums(const wf_plan *pl, const double *x, const wf_figs *f,
		       const wf_emb_unit *u, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	double life_host = pl->emb_life_shared ? x[P_LIFE_DEV] : x[P_LIFE_HOST];

	if (pl->emb_board != EB_NONE)
		WF_TR(tr, "embodied (accelerators) = device-hours x board / (lifetime x usage) = "
			  "%s x %s / (%s x %s) = %s\n", fh(b1, 64, f->ds),
		      fq(b2, 64, u->board_kg, WF_DIM_MASS), fh(b3, 64, x[P_LIFE_DEV]),
		      fnum(b4, 64, x[P_EMB_USAGE]), fq(b5, 64, f->emb_acc, WF_DIM_MASS));
	if (pl->emb_host != EH_NONE)
		WF_TR(tr, "embodied (hosts) = device-hours / devices per host x host / (lifetime "
			  "x usage) = %s / %s x %s / (%s x %s) = %s\n", fh(b1, 64, f->ds),
		      fnum(b2, 64, x[P_PER_NODE]), fq(b3, 64, u->host_kg, WF_DIM_MASS),
		      fh(b4, 64, life_host), fnum(b5, 64, x[P_EMB_USAGE]),
		      fq(b6, 64, f->emb_host, WF_DIM_MASS));
	if (pl->emb_net != EH_NONE)
		WF_TR(tr, "embodied (network) = device-hours / devices per host x network / "
			  "(lifetime x usage) = %s / %s x %s / (%s x %s) = %s\n", fh(b1, 64, f->ds),
		      fnum(b2, 64, x[P_PER_NODE]), fq(b3, 64, u->net_kg, WF_DIM_MASS),
		      fh(b4, 64, life_host), fnum(b5, 64, x[P_EMB_USAGE]),
		      fq(b6, 64, f->emb_net, WF_DIM_MASS));
	if (pl->emb_building && pl->campus)
		WF_TR(tr, "embodied (building) = capacity online x building x hours in the year / "
			  "building lifetime = %s x %s x %s / %s = %s\n",
		      fq(b1, 64, x[P_CAPACITY] * x[P_ONLINE], WF_DIM_POWER),
		      fq(b2, 64, x[P_EMB_BUILDING], WF_DIM_MASS_PER_POWER), fh(b3, 64, f->wall),
		      fh(b4, 64, x[P_LIFE_BUILDING]), fq(b5, 64, f->emb_bld, WF_DIM_MASS));
	else if (pl->emb_building)
		WF_TR(tr, "embodied (building) = device-hours x peak IT power per device x "
			  "building / building lifetime = %s x %s x %s / %s = %s\n",
		      fh(b1, 64, f->ds), fq(b2, 64, f->p_max, WF_DIM_POWER),
		      fq(b3, 64, x[P_EMB_BUILDING], WF_DIM_MASS_PER_POWER),
		      fh(b4, 64, x[P_LIFE_BUILDING]), fq(b5, 64, f->emb_bld, WF_DIM_MASS));
	if (tr) {
		if (pl->emb_board == EB_NONE) {
			wf_strbuf_printf(tr, "embodied = building = %s\n",
					 fq(b1, 64, f->emb, WF_DIM_MASS));
			return;
		}
		wf_strbuf_printf(tr, "embodied = accelerators%s%s%s = %s", pl->emb_host ? " + hosts" : "",
				 pl->emb_net ? " + network" : "", pl->emb_building ? " + building" : "",
				 fq(b1, 64, f->emb_acc, WF_DIM_MASS));
		if (pl->emb_host)
			wf_strbuf_printf(tr, " + %s", fq(b1, 64, f->emb_host, WF_DIM_MASS));
		if (pl->emb_net)
			wf_strbuf_printf(tr, " + %s", fq(b1, 64, f->emb_net, WF_DIM_MASS));
		if (pl->emb_building)
			wf_strbuf_printf(tr, " + %s", fq(b1, 64, f->emb_bld, WF_DIM_MASS));
		wf_strbuf_printf(tr, " = %s\n", fq(b1, 64, f->emb, WF_DIM_MASS));
	}
}

int wf_embodied_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
		     wf_error *err)
{
	double life_it, life_host;
	wf_emb_unit u;

	f->emb = f->emb_acc = f->emb_host = f->emb_net = f->emb_bld = 0;
	if (!pl->embodied)
		return 0;
	wf_embodied_unit(pl, x, &u);
	if (pl->emb_board == EB_NONE) {
		/* a campus of no stated hardware: its building only */
		f->emb = f->emb_bld = x[P_CAPACITY] * x[P_ONLINE] * u.building_kg_per_w *
				      f->wall / x[P_LIFE_BUILDING];
		if (tr) {
			trace_units(pl, x, &u, tr);
			trace_sums(pl, x, f, &u, tr);
		}
		return 0;
	}
	if (isnan(f->ds))
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "embodied carbon needs the device time: give devices and "
				    "wall_time, or throughput");
	life_it = x[P_LIFE_DEV] * x[P_EMB_USAGE];
	life_host = (pl->emb_life_shared ? x[P_LIFE_DEV] : x[P_LIFE_HOST]) * x[P_EMB_USAGE];
	f->emb_acc = f->ds * u.board_kg / life_it;
	if (pl->emb_host != EH_NONE)
		f->emb_host = f->ds / x[P_PER_NODE] * u.host_kg / life_host;
	if (pl->emb_net != EH_NONE)
		f->emb_net = f->ds / x[P_PER_NODE] * u.net_kg / life_host;
	if (pl->emb_building && pl->campus) {
		f->emb_bld = x[P_CAPACITY] * x[P_ONLINE] * u.building_kg_per_w * f->wall /
			     x[P_LIFE_BUILDING];
	} else if (pl->emb_building) {
		if (!isfinite(f->p_max))
			return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
					    "embodied: the building's share needs the peak "
					    "power per device (an accelerator TDP or "
					    "power_per_device); or set embodied.building: false");
		f->emb_bld = f->ds * f->p_max * u.building_kg_per_w / x[P_LIFE_BUILDING];
	}
	f->emb = f->emb_acc + f->emb_host + f->emb_net + f->emb_bld;
	if (tr) {
		trace_units(pl, x, &u, tr);
		trace_sums(pl, x, f, &u, tr);
	}
	return 0;
}
