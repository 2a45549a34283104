/*
 * series_load.c - series from files and values: reading a file (bounded),
 * every region of it or one, finding a grid's series among those loaded,
 * a series from a generation mix or from given values.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "error.h"
#include "file.h"
#include "quantity.h"
#include "series_int.h"
#include "csv.h"

/* A file (regular files only; a FIFO is refused without blocking) read in
 * chunks straight into its series, with the given value column. */
int wf_series__read_column(wf_series ***out, size_t *n_out, const char *path,
			   const char *region, const wf_mix_factors *mix, const char *column,
			   wf_file_stamp *st, wf_error *err)
{
	wf_file_stamp local;
	int fd, rc;

	if (!out || !n_out || !path)
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0, "invalid arguments");
	*out = NULL;
	*n_out = 0;
	if (!st)
		st = &local;
	if ((rc = wf_file_open(&fd, st, path, SERIES_MAX_BYTES, MOD, "series", "series",
			       err)))
		return rc;
	rc = wf_series__parse_source(out, n_out, NULL, 0, fd, st, path, region, mix, column, err);
	close(fd);
	return rc;
}

static int load(wf_series ***out, size_t *n_out, const char *path, const char *region,
		const wf_mix_factors *mix, const char *column, wf_error *err)
{
	return wf_series__read_column(out, n_out, path, region, mix, column, NULL, err);
}

/* One series: `region`, or the only one the file holds. */
static int load_one(wf_series **out, const char *path, const char *region,
		    const wf_mix_factors *mix, wf_error *err)
{
	wf_series **all = NULL;
	size_t n = 0, i;
	int rc;

	if (!out)
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0, "invalid arguments");
	*out = NULL;
	if ((rc = load(&all, &n, path, region, mix, NULL, err)))
		return rc;
	if (n != 1) {
		char list[400];
		size_t len = 0;
		list[0] = '\0';
		for (i = 0; i < n && len + 80 < sizeof list; i++) {
			char lab[160];
			wf_series__region_label(lab, sizeof lab, all[i]->region_id, all[i]->region);
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%.60s",
						i ? ", " : "", lab);
		}
		if (i < n)
			snprintf(list + len, sizeof list - len, ", ...");
		wf_series_free_all(all, n);
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "the file holds %zu regions; name one (%s)", n, list);
	}
	*out = all[0];
	free(all);
	return 0;
}

int wf_series_load(wf_series **out, const char *path, const char *region, wf_error *err)
{
	return load_one(out, path, region, NULL, err);
}

int wf_series_load_all(wf_series ***out, size_t *n_out, const char *path, wf_error *err)
{
	return load(out, n_out, path, NULL, NULL, NULL, err);
}

int wf_series_load_column(wf_series ***out, size_t *n_out, const char *path,
			  const char *column, wf_error *err)
{
	return load(out, n_out, path, NULL, NULL, column, err);
}

int wf_series_find(const wf_series **out, const wf_series *const *all, size_t n,
		   const char *region, const char *from, int line, int col,
		   wf_error *err)
{
	const char **ids, **names;
	size_t i, hits = 0;
	int rc;

	if (!out || (n && !all) || !region)
		return wf_error_set(err, WF_EINPUT, MOD, from, line, col,
				    "invalid arguments");
	*out = NULL;
	for (i = 0; i < n; i++) {
		const wf_series *s = all[i];
		int has_id = s->region_id[0] != 0, has_name = s->region[0] != 0;
		if ((!has_id && !has_name) || (has_id && strcmp(s->region_id, region) == 0) ||
		    (has_name && strcasecmp(s->region, region) == 0)) {
			if (!hits++)
				*out = s;
		}
	}
	if (hits == 1)
		return 0;
	*out = NULL;
	if (hits > 1) {
		char q[80];
		return wf_error_set(err, WF_EINPUT, MOD, from, line, col,
				    "region \"%s\" matches %zu series of %s; use its "
				    "region_id", wf_series__quote(q, sizeof q, region), hits,
				    n ? all[0]->path : "");
	}
	if (!(ids = malloc((2 * n + 1) * sizeof(char *))))
		return wf_error_set(err, WF_ENOMEM, MOD, from, line, col, "out of memory");
	names = ids + n;
	for (i = 0; i < n; i++) {
		ids[i] = all[i]->region_id;
		names[i] = all[i]->region;
	}
	rc = wf_series__no_region(err, from, line, col, n ? all[0]->path : "an empty list", region,
		       ids, names, n);
	free(ids);
	return rc;
}

int wf_series_from_mix(wf_series **out, const char *path, const char *region,
		       const wf_mix_factors *mix, wf_error *err)
{
	int rc;

	if (out)
		*out = NULL;
	if (!mix)
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "a generation mix needs a factor set");
	if ((rc = wf_series__check_mix(mix, path, err)))
		return rc;
	return load_one(out, path, region, mix, err);
}

int wf_series_from_values(wf_series **out, const double *t_start,
			  const double *ci_kg_per_j, size_t n, const char *name,
			  wf_error *err)
{
	acc a;
	size_t i;
	char empty[1] = "";
	int rc;

	if (!name)
		name = "";
	if (!out || (n && (!t_start || !ci_kg_per_j)))
		return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0, "invalid arguments");
	*out = NULL;
	for (i = 0; i < n; i++) {
		if (!isfinite(t_start[i]) || (i && t_start[i] <= t_start[i - 1]))
			return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0,
					    "interval start %zu: expected finite times in "
					    "increasing order", i);
		if (!isnan(ci_kg_per_j[i]) && (!isfinite(ci_kg_per_j[i]) || ci_kg_per_j[i] < 0))
			return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0,
					    "value %zu: expected an intensity >= 0 (or NAN "
					    "for a gap)", i);
	}
	memset(&a, 0, sizeof(a));
	a.id = empty;
	a.name = empty;
	a.first_line = 0;
	a.n = n;
	a.t = malloc((n ? n : 1) * sizeof(double));
	a.v = malloc((n ? n : 1) * sizeof(double));
	if (!a.t || !a.v) {
		free(a.t);
		free(a.v);
		return wf_error_set(err, WF_ENOMEM, MOD, name, 0, 0, "out of memory");
	}
	if (n) {
		memcpy(a.t, t_start, n * sizeof(double));
		memcpy(a.v, ci_kg_per_j, n * sizeof(double));
	}
	rc = wf_series__build(out, &a, 1.0, name, "", err);
	free(a.t);
	free(a.v);
	return rc;
}
