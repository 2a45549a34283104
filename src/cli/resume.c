/*
 * resume.c - a sweep's resume record and the checks of --resume (see
 * resume.h).  Pure functions: no files, no output.
 */
#include "resume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ hash */

/* Word at a time: one multiplication by an odd constant (2^64 / golden
 * ratio) and a xor-shift per 8 bytes, so hashing keeps up with writing;
 * the length closes it.  Pieces of any size give the same value. */
#define K 0x9E3779B97F4A7C15ULL

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * K;
	return h ^ (h >> 29);
}

void cli_hash_init(cli_hash *hs)
{
	memset(hs, 0, sizeof(*hs));
	hs->h = 0x452821E638D01377ULL;
}

void cli_hash_update(cli_hash *hs, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t w;

	hs->total += n;
	while (n && hs->ntail) {
		hs->tail[hs->ntail++] = *p++;
		n--;
		if (hs->ntail == 8) {
			memcpy(&w, hs->tail, 8);
			hs->h = mix(hs->h, w);
			hs->ntail = 0;
		}
	}
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		hs->h = mix(hs->h, w);
	}
	memcpy(hs->tail + hs->ntail, p, n);
	hs->ntail += n;
}

uint64_t cli_hash_value(const cli_hash *hs)
{
	unsigned char last[8] = {0};
	uint64_t w;

	memcpy(last, hs->tail, hs->ntail);
	memcpy(&w, last, 8);
	return mix(mix(mix(hs->h, w), hs->total), 0);
}

/* ---------------------------------------------------------------- record */

#define MAGIC "wattif-sweep-resume 1"

size_t cli_resume_format(char *buf, size_t size, const cli_resume_rec *rec)
{
	int n = snprintf(buf, size,
			 MAGIC "\nfingerprint %s\nformat %s\npoints %llu\nrows %llu\n"
			 "bytes %llu\nchecksum %016llx\n",
			 rec->fingerprint, rec->jsonl ? "jsonl" : "csv", rec->points, rec->rows,
			 rec->bytes, (unsigned long long)rec->checksum);
	return n < 0 ? 0 : (size_t)n;
}

/* A whole number of at most 19 digits (no sign, no spaces). */
static int whole(const char *s, size_t n, int hex, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (n == 0 || n > (hex ? 16u : 19u))
		return -1;
	for (i = 0; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
			: hex && s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * (hex ? 16u : 10u) + (unsigned)d;
	}
	*out = v;
	return 0;
}

int cli_resume_parse(cli_resume_rec *rec, const char *text, size_t len, char *why,
		     size_t why_size)
{
	static const char *const keys[] = {"fingerprint", "format", "points", "rows",
					   "bytes", "checksum"};
	const char *p = text, *end = text + len;
	unsigned seen = 0;
	int line = 0;

	memset(rec, 0, sizeof(*rec));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *sp;
		size_t l = (size_t)((nl ? nl : end) - p), kl, vl, k;
		const char *v;
		unsigned long long x = 0;
		if (!nl) {
			snprintf(why, why_size, "line %d does not end", line + 1);
			return -1;
		}
		if (line++ == 0) {
			if (l != strlen(MAGIC) || memcmp(p, MAGIC, l) != 0) {
				snprintf(why, why_size, "line 1 is not \"" MAGIC "\"");
				return -1;
			}
			p = nl + 1;
			continue;
		}
		sp = memchr(p, ' ', l);
		kl = sp ? (size_t)(sp - p) : l;
		v = sp ? sp + 1 : p + l;
		vl = (size_t)(p + l - v);
		for (k = 0; k < 6; k++)
			if (strlen(keys[k]) == kl && memcmp(p, keys[k], kl) == 0)
				break;
		if (k == 6 || (seen & (1u << k))) {
			snprintf(why, why_size, "line %d: %s key", line,
				 k == 6 ? "unknown" : "repeated");
			return -1;
		}
		seen |= 1u << k;
		if (k == 0) {
			if (vl != 32 || whole(v, 16, 1, &x) || whole(v + 16, 16, 1, &x)) {
				snprintf(why, why_size, "line %d: expected 32 hex digits", line);
				return -1;
			}
			memcpy(rec->fingerprint, v, 32);
			rec->fingerprint[32] = '\0';
		} else if (k == 1) {
			if (vl == 3 && memcmp(v, "csv", 3) == 0)
				rec->jsonl = 0;
			else if (vl == 5 && memcmp(v, "jsonl", 5) == 0)
				rec->jsonl = 1;
			else {
				snprintf(why, why_size, "line %d: expected csv or jsonl", line);
				return -1;
			}
		} else if (whole(v, vl, k == 5, &x)) {
			snprintf(why, why_size, "line %d: expected a %s", line,
				 k == 5 ? "16-digit hex checksum" : "whole number");
			return -1;
		} else {
			if (k == 2)
				rec->points = x;
			else if (k == 3)
				rec->rows = x;
			else if (k == 4)
				rec->bytes = x;
			else
				rec->checksum = x;
		}
		p = nl + 1;
	}
	if (seen != 0x3F) {
		snprintf(why, why_size, "%s", line ? "a key is missing" : "it is empty");
		return -1;
	}
	if (rec->rows > rec->points) {
		snprintf(why, why_size, "%llu rows of a sweep of %llu points", rec->rows,
			 rec->points);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ scan */

void cli_scan_init(cli_scan *sc, int csv)
{
	memset(sc, 0, sizeof(*sc));
	sc->csv = csv;
	cli_hash_init(&sc->hash);
}

void cli_scan_feed(cli_scan *sc, const char *p, size_t n)
{
	size_t i;

	cli_hash_update(&sc->hash, p, n);
	sc->bytes += n;
	for (i = 0; i < n; i++) {
		/* RFC 4180: a quote toggles; a doubled quote toggles twice; a
		 * newline inside quotes is part of the value.  JSON Lines
		 * escape newlines in strings, so every newline ends a record. */
		if (p[i] == '"' && sc->csv)
			sc->in_quotes = !sc->in_quotes;
		else if (p[i] == '\n' && !sc->in_quotes)
			sc->records++;
	}
}

int cli_resume_verify(const cli_resume_rec *rec, const cli_scan *sc, const char *fingerprint,
		      int jsonl, unsigned long long points, char *why, size_t why_size)
{
	unsigned long long want;

	if (strcmp(rec->fingerprint, fingerprint) != 0 || rec->jsonl != jsonl ||
	    rec->points != points) {
		snprintf(why, why_size, "it was written by another sweep, or the sweep "
			 "file, its base or the data it reads changed since (the "
			 "fingerprint differs)");
		return -1;
	}
	if (sc->bytes < rec->bytes) {
		snprintf(why, why_size, "it is shorter (%llu bytes) than its record says "
			 "(%llu): cut or replaced", sc->bytes, rec->bytes);
		return -1;
	}
	if (cli_hash_value(&sc->hash) != rec->checksum) {
		snprintf(why, why_size, "its first %llu bytes (%llu rows) are not those "
			 "this sweep wrote (checksum differs): a row was changed",
			 rec->bytes, rec->rows);
		return -1;
	}
	want = rec->rows + (!jsonl && rec->bytes > 0);
	if (sc->records != want || sc->in_quotes) {
		snprintf(why, why_size, "its first %llu bytes hold %llu records, but its "
			 "record says %llu", rec->bytes, sc->records, want);
		return -1;
	}
	return 0;
}
