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
	_Alignas(16) unsigned char data[];
};

enum { WF_ARENA_BLOCK = 64 * 1024 };

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
		size_t bsize = need > WF_ARENA_BLOCK ? need : WF_ARENA_BLOCK;
		wf_arena_block *b = malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	p = a->head->data + a->used;
	a->used += need;
	a->total += need;
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
