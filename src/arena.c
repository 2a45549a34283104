/*
 * arena.c - bump allocator; see arena.h for why.
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct wf_arena_block {
	wf_arena_block *next;
	size_t size;
	int zeroed;        /* calloc'ed: every byte still 0 until handed out */
	_Alignas(16) unsigned char data[];
};

/* Blocks start at 64 KiB and double with each new block up to 1 MiB, so
 * a small arena stays small and a catalog of a few MiB takes a handful of
 * blocks.  A block of 128 KiB or more is calloc'ed: the C library maps it
 * fresh from the system, already zero, so nothing handed out from it needs
 * clearing (clearing it would only touch each page twice). */
enum { WF_ARENA_BLOCK = 64 * 1024, WF_ARENA_BLOCK_MAX = 1024 * 1024,
       WF_ARENA_CALLOC = 128 * 1024 };

void wf_arena_init(wf_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void wf_arena_release(wf_arena *a)
{
	wf_arena_block *b = a->head;

	while (b) {
		wf_arena_block *next = b->next;
		free(b);
		b = next;
	}
	wf_arena_init(a);
}

void *wf_arena_alloc(wf_arena *a, size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;
	void *p;

	if (size == 0)
		need = 16;
	if (need < size)
		return NULL;
	if (!a->head || a->used + need > a->head->size) {
		size_t bsize = a->head ? 2 * a->head->size : WF_ARENA_BLOCK;
		wf_arena_block *b;
		int zero;
		if (bsize > WF_ARENA_BLOCK_MAX)
			bsize = WF_ARENA_BLOCK_MAX;
		if (bsize < need)
			bsize = need;
		zero = bsize >= WF_ARENA_CALLOC;
		if (sizeof(*b) + bsize < bsize)
			return NULL;
		b = zero ? calloc(1, sizeof(*b) + bsize) : malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		b->zeroed = zero;
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	p = a->head->data + a->used;
	a->used += need;
	a->total += need;
	if (!a->head->zeroed)
		memset(p, 0, need);
	return p;
}

char *wf_arena_strndup(wf_arena *a, const char *s, size_t n)
{
	char *p = wf_arena_alloc(a, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *wf_arena_strdup(wf_arena *a, const char *s)
{
	return wf_arena_strndup(a, s, strlen(s));
}

void *wf_arena_grow(wf_arena *a, const void *old, size_t n, size_t cap, size_t size)
{
	void *p;

	if (cap && size > SIZE_MAX / cap)
		return NULL;
	p = wf_arena_alloc(a, cap * size);
	if (p && old && n)
		memcpy(p, old, n * size);
	return p;
}
