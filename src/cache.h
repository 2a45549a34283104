/*
 * cache.h - entries of the on-disk cache of parsed input files: what a
 * file of the shipped catalog came to once read (a model file's tree,
 * doc_cache.h; an annual CSV table, table.c), kept so that the next load
 * of the same bytes need not read them again.
 *
 * An entry is DIR/HHHHHHHHHHHHHHHH-SIZE.EXT: H the 64-bit hash of the
 * input file's bytes (wf_hash_bytes) and SIZE its length, so an edited
 * file is another entry and nothing is judged by dates.  It starts with a
 * 56-byte header, each field native-endian:
 *
 *   magic[8]   the kind and its format ("wfdoc\0v1", "wftab\0v1")
 *   order      0x01020304 as written: the same byte order
 *   version    what made the body (libyaml's version for trees)
 *   src_hash   the input file's hash    src_size   its length
 *   n[3]       the kind's counts        unused     0
 *   body_hash  wf_hash_bytes of everything after the header
 *
 * Writing is best effort: a temporary file renamed into place, so a
 * reader never sees half an entry (threads, processes and MPI ranks may
 * write the same entry at once; they write the same bytes).  Reading
 * checks the header and the body's hash; the kind then checks its body
 * (every count, index and offset) before it believes any of it.  Nothing
 * is ever deleted.
 */
#ifndef WF_CACHE_H
#define WF_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "wattif.h"

enum { WF_CACHE_HDR = 56 };

typedef struct wf_cache_kind {
	char magic[8];
	const char *ext;      /* the entry's file name ends ".ext" */
	uint32_t version;
} wf_cache_kind;

/* Write the header of an image of len bytes (its body already in place
 * after WF_CACHE_HDR bytes) for the input with that hash and size. */
void wf_cache_seal(unsigned char *img, size_t len, const wf_cache_kind *k, uint64_t hash,
		   uint64_t size, const uint32_t n[3]);

/* 1 when img (len bytes) has a right header for this kind and input and
 * a body whose hash matches (n gets the counts), else 0. */
int wf_cache_check(const unsigned char *img, size_t len, const wf_cache_kind *k,
		   uint64_t hash, uint64_t size, uint32_t n[3]);

/* The entry for this input from dir: a malloc'ed image (*len bytes), or
 * NULL when there is none or it cannot be read.  Only read: the caller
 * checks it (wf_cache_check, then its body). */
unsigned char *wf_cache_read(const char *dir, const wf_cache_kind *k, uint64_t hash,
			     uint64_t size, size_t *len);

/* Put an image in dir as the entry for this input (replacing one there). */
void wf_cache_write(const char *dir, const wf_cache_kind *k, uint64_t hash, uint64_t size,
		    const unsigned char *img, size_t len);

/* Make dir usable as a cache: created (each missing level mode 0700) when
 * missing; it must be a directory of the effective user that no one else
 * may write (else another user could plant entries in it).  0, WF_EINPUT
 * or WF_EIO with a message naming dir. */
int wf_cache_dir(const char *dir, wf_error *err);

#endif
