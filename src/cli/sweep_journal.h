/*
 * sweep_journal.h - the resume record of `wattif sweep -o OUT` as files:
 * OUT.wattif written beside OUT (atomically, after OUT is fsync'ed) and,
 * with --resume, read and checked against every byte of OUT before OUT is
 * continued.  The record's format and the pure checks are resume.h's.
 */
#ifndef WATTIF_CLI_SWEEP_JOURNAL_H
#define WATTIF_CLI_SWEEP_JOURNAL_H

#include <stddef.h>

#include "resume.h"

/* OUT's resume record: what OUT holds so far, proven by a running hash of
 * its bytes.  Only for a regular OUT (on = 1). */
typedef struct journal {
	int on;
	char *path;            /* OUT.wattif, beside the file written */
	cli_resume_rec rec;    /* rows and bytes in OUT so far */
	cli_hash hash;         /* of those bytes */
} journal;

/* write(2) all of p, retrying on EINTR; 0 or -1 (errno set). */
int cli_write_all(int fd, const char *p, size_t n);

/* Bytes that reached OUT: count them and hash them. */
void journal_add(journal *j, const char *p, size_t n, unsigned long long rows);

/* Write the record (after OUT was fsync'ed).  0 or EXIT_FAIL. */
int journal_save(journal *j);

/* Start OUT afresh: the record first, then OUT emptied and the header
 * written.  0 or an exit status. */
int journal_fresh(journal *j, int fd, const char *header);

/* --resume: continue OUT (fd, named out) from the row after its last
 * proven one, *first; OUT is changed only once it is proven this sweep's.
 * 0 or an exit status (message printed). */
int journal_resume(journal *j, int fd, const char *out, const char *header, size_t *first);

#endif
