/*
 * resume.h - the resume record of a sweep's output file, and the pure
 * pieces of checking it (no files, no printing: tests and the fuzzer call
 * them directly).
 *
 * `wattif sweep -o OUT` keeps a small text file beside OUT, OUT.wattif:
 *
 *     wattif-sweep-resume 1
 *     fingerprint 0f3a...            (wf_sweep_fingerprint: 32 hex digits)
 *     format csv                     (or jsonl)
 *     points 1016064
 *     rows 4096                      (complete rows in OUT, the header not counted)
 *     bytes 362874                   (OUT's length up to the last of them)
 *     checksum 5be1...               (64-bit hash of those bytes, 16 hex digits)
 *
 * A sidecar rather than a comment line in OUT: CSV has no comment syntax
 * that its readers agree on (a `#` line is a row to Python's csv module,
 * to R and to spreadsheets) and JSON Lines none at all, so a comment
 * would break the very readers the file is for.  The record is rewritten
 * (a temporary file renamed over it) after OUT is fsync'ed, about once a
 * second and at the end, so it never claims bytes that are not in OUT.
 *
 * --resume continues only when the record's fingerprint is this sweep's
 * (the same axes and values, outputs, base, samples, seed, format and the
 * same contents of every file read), OUT holds at least `bytes` bytes,
 * those bytes hash to `checksum` (every complete row is checked, not only
 * the last), and they hold the header and `rows` records, counted as CSV
 * records (a quoted value may contain a newline).  Rows after `bytes`
 * (written after the last record) are dropped and computed again.
 */
#ifndef WATTIF_CLI_RESUME_H
#define WATTIF_CLI_RESUME_H

#include <stddef.h>
#include <stdint.h>

/* A running 64-bit hash of the bytes of OUT (not cryptographic). */
typedef struct cli_hash {
	uint64_t h, total;
	unsigned char tail[8];
	size_t ntail;
} cli_hash;

void cli_hash_init(cli_hash *hs);
void cli_hash_update(cli_hash *hs, const void *data, size_t n);
uint64_t cli_hash_value(const cli_hash *hs);

/* The record as read. */
typedef struct cli_resume_rec {
	char fingerprint[33];
	int jsonl;
	unsigned long long points, rows, bytes;
	uint64_t checksum;
} cli_resume_rec;

/* Parse a record's text (len bytes, need not be NUL-terminated).  0, or
 * -1 with a reason in why (for "OUT.wattif: not a resume record: ..."). */
int cli_resume_parse(cli_resume_rec *rec, const char *text, size_t len, char *why,
		     size_t why_size);

/* Format a record (with a final newline) into buf; returns its length
 * (as snprintf). */
size_t cli_resume_format(char *buf, size_t size, const cli_resume_rec *rec);

/* Counting the records of a CSV (quotes respected) or JSON Lines text fed
 * in pieces, with the hash of the same bytes. */
typedef struct cli_scan {
	int csv;
	int in_quotes;
	unsigned long long records;  /* complete records (newline-terminated) */
	unsigned long long bytes;
	cli_hash hash;
} cli_scan;

void cli_scan_init(cli_scan *sc, int csv);
void cli_scan_feed(cli_scan *sc, const char *p, size_t n);

/* Check a scan of OUT's first rec->bytes bytes against the record and
 * this sweep (fingerprint, jsonl, points).  0 when OUT may be continued
 * from row rec->rows; otherwise -1 with the reason in why. */
int cli_resume_verify(const cli_resume_rec *rec, const cli_scan *sc, const char *fingerprint,
		      int jsonl, unsigned long long points, char *why, size_t why_size);

#endif
