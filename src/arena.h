/*
 * arena.h - a bump allocator for catalog data.
 *
 * Everything a catalog holds (strings, entries, tables) lives as long as the
 * catalog, so it is allocated from one arena and freed at once.  This keeps
 * the loader free of per-field ownership bookkeeping and makes a failed load
 * impossible to leak.
 */
#ifndef WF_ARENA_H
#define WF_ARENA_H

#include <stddef.h>

typedef struct wf_arena_block wf_arena_block;

typedef struct wf_arena {
	wf_arena_block *head; /* newest block first */
	size_t used;          /* bytes used in head */
	size_t total;         /* bytes handed out, for limits */
} wf_arena;

void wf_arena_init(wf_arena *a);
void wf_arena_release(wf_arena *a);
/* Zeroed memory, 16-byte aligned; NULL when out of memory. */
void *wf_arena_alloc(wf_arena *a, size_t size);
char *wf_arena_strdup(wf_arena *a, const char *s);
char *wf_arena_strndup(wf_arena *a, const char *s, size_t n);
/* Grow an arena array: returns a copy of old (n elements of size) with room
 * for cap elements. */
void *wf_arena_grow(wf_arena *a, const void *old, size_t n, size_t cap, size_t size);

#endif
