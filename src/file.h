/*
 * file.h - opening and reading input files as a hostile user might name
 * them.
 *
 * Only regular files are read.  The file is opened first (without
 * blocking, so a FIFO cannot hang the open) and the open descriptor is
 * checked with fstat: a directory, FIFO, device (/dev/zero) or socket is
 * refused with a message that says what it is, before a byte is read.
 * Every file read leaves a stamp (device, inode, size, modification time
 * and a 64-bit hash of the bytes read), so a caller can tell which files
 * an invocation used: the CLI refuses to write over any of them, and a
 * sweep's fingerprint names them by content.
 */
#ifndef WF_FILE_H
#define WF_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "wattif.h"

/* What a file was when it was read. */
typedef struct wf_file_stamp {
	unsigned long long dev, ino;
	long long size_bytes;
	long long mtime_ns;    /* modification time, ns since the epoch */
	uint64_t hash;         /* wf_hash of the bytes read */
} wf_file_stamp;

/* A streaming 64-bit hash (not cryptographic: it tells files apart, it
 * does not resist forgery).  Feeding the same bytes in any pieces gives
 * the same value. */
typedef struct wf_hash {
	uint64_t h;
	uint64_t total;
	unsigned char tail[8];
	size_t ntail;
} wf_hash;

void wf_hash_init(wf_hash *hs);
void wf_hash_update(wf_hash *hs, const void *data, size_t n);
uint64_t wf_hash_final(const wf_hash *hs);

/* One call: the hash of n bytes. */
uint64_t wf_hash_bytes(const void *data, size_t n);

/* Open path for reading and check that it is a regular file no larger
 * than max_bytes.  *fd is the open descriptor (the caller closes it) and
 * st is filled except for the hash.  `what` names the file in messages
 * ("series", "table"; NULL for none): "cannot open series: ...";
 * `limit_of` says what the limit is for ("model files").  Errors:
 * WF_ENOTFOUND (no such file), WF_EINPUT (not a regular file, too large),
 * WF_EIO; err names the path. */
int wf_file_open(int *fd, wf_file_stamp *st, const char *path, long long max_bytes,
		 const char *module, const char *what, const char *limit_of, wf_error *err);

/* Read the whole of an open regular file (as wf_file_open left it) into
 * a malloc'ed, NUL-terminated buffer; st->hash is set.  A file that
 * changes size while it is read is an error (WF_EIO). */
int wf_file_read_fd(char **out, size_t *len, int fd, wf_file_stamp *st,
		    const char *path, const char *module, wf_error *err);

/* wf_file_read_fd without the hash (st is only read). */
int wf_file_read_bytes(char **out, size_t *len, int fd, const wf_file_stamp *st,
		       const char *path, const char *module, wf_error *err);

/* Check that len bytes are UTF-8.  Returns 0, or -1 with the 1-based line
 * and column (counted in characters) of the first bad byte and the byte
 * itself. */
int wf_utf8_check(const char *s, size_t len, int *line, int *col, unsigned char *byte);

/* rel taken relative to the directory of base (a model file), in arena a;
 * an absolute rel, or a base without a directory, as it is.  NULL: no
 * memory. */
char *wf_path_sibling(wf_arena *a, const char *base, const char *rel);

/* "data/grids/../series/x.csv" -> "data/series/x.csv", in place. */
void wf_path_fold_up(char *p);

#endif
