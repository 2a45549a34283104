/*
 * file.c - opening and reading input files (see file.h).
 */
#define _XOPEN_SOURCE 700 /* st_mtim */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

/* ------------------------------------------------------------------ hash */

/* A word-at-a-time multiplicative hash: each 8-byte word is mixed in with
 * one multiplication by an odd constant (2^64 / golden ratio) and a
 * xor-shift, so it runs near memory speed; the length closes it. */
#define HASH_K 0x9E3779B97F4A7C15ULL

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_K;
	return h ^ (h >> 29);
}

void wf_hash_init(wf_hash *hs)
{
	memset(hs, 0, sizeof(*hs));
	hs->h = 0x243F6A8885A308D3ULL; /* pi's fraction: any odd start will do */
}

void wf_hash_update(wf_hash *hs, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t w;

	hs->total += n;
	if (hs->ntail) {
		while (n && hs->ntail < 8) {
			hs->tail[hs->ntail++] = *p++;
			n--;
		}
		if (hs->ntail < 8)
			return;
		memcpy(&w, hs->tail, 8);
		hs->h = mix(hs->h, w);
		hs->ntail = 0;
	}
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		hs->h = mix(hs->h, w);
	}
	memcpy(hs->tail, p, n);
	hs->ntail = n;
}

uint64_t wf_hash_final(const wf_hash *hs)
{
	unsigned char last[8] = {0};
	uint64_t w, h;

	memcpy(last, hs->tail, hs->ntail);
	memcpy(&w, last, 8);
	h = mix(hs->h, w);
	h = mix(h, hs->total);
	return mix(h, 0);
}

uint64_t wf_hash_bytes(const void *data, size_t n)
{
	wf_hash hs;

	wf_hash_init(&hs);
	wf_hash_update(&hs, data, n);
	return wf_hash_final(&hs);
}

/* ----------------------------------------------------------------- files */

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

int wf_file_open(int *fd, wf_file_stamp *st, const char *path, long long max_bytes,
		 const char *module, const char *what, const char *limit_of, wf_error *err)
{
	struct stat sb;
	int f, e;

	*fd = -1;
	memset(st, 0, sizeof(*st));
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer; it changes nothing for a regular file, and is cleared
	 * below. */
	f = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (f < 0) {
		e = errno;
		return wf_error_set(err, e == ENOENT || e == ENOTDIR ? WF_ENOTFOUND : WF_EIO,
				    module, path, 0, 0, "cannot open%s%s: %s", what ? " " : "",
				    what ? what : "", strerror(e));
	}
	if (fstat(f, &sb) != 0) {
		e = errno;
		close(f);
		return wf_error_set(err, WF_EIO, module, path, 0, 0, "cannot read: %s",
				    strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(f);
		return wf_error_set(err, WF_EINPUT, module, path, 0, 0,
				    "is %s; expected a regular file%s%s", kind_of(sb.st_mode),
				    what ? " holding the " : "", what ? what : "");
	}
	if ((long long)sb.st_size > max_bytes) {
		close(f);
		return wf_error_set(err, WF_EINPUT, module, path, 0, 0,
				    "file is %lld bytes; %s are limited to %lld",
				    (long long)sb.st_size, limit_of, max_bytes);
	}
	/* back to blocking reads: O_NONBLOCK is the only status flag set */
	fcntl(f, F_SETFL, 0);
	st->dev = (unsigned long long)sb.st_dev;
	st->ino = (unsigned long long)sb.st_ino;
	st->size_bytes = (long long)sb.st_size;
	st->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
	*fd = f;
	return 0;
}

int wf_file_read_bytes(char **out, size_t *len, int fd, const wf_file_stamp *st,
		       const char *path, const char *module, wf_error *err)
{
	size_t size = (size_t)st->size_bytes, got = 0;
	char *buf;

	*out = NULL;
	*len = 0;
	/* One byte more than fstat said, to notice a file that grows. */
	if (!(buf = malloc(size + 2)))
		return wf_error_set(err, WF_ENOMEM, module, path, 0, 0, "out of memory");
	while (got < size + 1) {
		ssize_t n = read(fd, buf + got, size + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			return wf_error_set(err, WF_EIO, module, path, 0, 0, "read error: %s",
					    strerror(e));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got != size) {
		free(buf);
		return wf_error_set(err, WF_EIO, module, path, 0, 0,
				    "the file changed while it was read (%zu bytes, "
				    "expected %zu)", got, size);
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

int wf_file_read_fd(char **out, size_t *len, int fd, wf_file_stamp *st,
		    const char *path, const char *module, wf_error *err)
{
	int rc = wf_file_read_bytes(out, len, fd, st, path, module, err);

	if (rc == 0)
		st->hash = wf_hash_bytes(*out, *len);
	return rc;
}

/* ------------------------------------------------------------------ UTF-8 */

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 when it is
 * not one: no overlong forms, no surrogates, nothing above U+10FFFF
 * (RFC 3629). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k, need;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4, cp = c & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (k = 1; k < need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return need;
}

int wf_utf8_check(const char *s, size_t len, int *line, int *col, unsigned char *byte)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	int ln = 1, cl = 1;

	while (p < end) {
		size_t k;
		if (*p < 0x80) {
			if (*p == '\n')
				ln++, cl = 1;
			else
				cl++;
			p++;
			continue;
		}
		if (!(k = utf8_len(p, (size_t)(end - p)))) {
			*line = ln;
			*col = cl;
			*byte = *p;
			return -1;
		}
		p += k;
		cl++;
	}
	return 0;
}

/* ----------------------------------------------------------------- paths */

char *wf_path_sibling(wf_arena *a, const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');
	size_t dl = slash ? (size_t)(slash - base) + 1 : 0;
	char *p;

	if (rel[0] == '/' || dl == 0)
		return wf_arena_strdup(a, rel);
	p = wf_arena_alloc(a, dl + strlen(rel) + 1);
	if (p) {
		memcpy(p, base, dl);
		strcpy(p + dl, rel);
	}
	return p;
}

void wf_path_fold_up(char *p)
{
	for (char *up; (up = strstr(p, "/../")) && up > p;) {
		char *seg = up;
		while (seg > p && seg[-1] != '/')
			seg--;
		if (strncmp(seg, "../", 3) == 0 || strncmp(seg, "./", 2) == 0)
			break;
		memmove(seg, up + 4, strlen(up + 4) + 1);
	}
}
