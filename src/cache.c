/*
 * cache.c - entries of the cache of parsed input files (see cache.h).
 */
#include "cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "file.h"

#define ORDER_MARK 0x01020304u
/* the largest entry read: far above any real one */
#define MAX_IMAGE (128LL * 1024 * 1024)

typedef struct hdr {
	char magic[8];
	uint32_t order;
	uint32_t version;
	uint64_t src_hash;
	uint64_t src_size;
	uint32_t n[3];
	uint32_t unused;
	uint64_t body_hash;
} hdr;

_Static_assert(sizeof(hdr) == WF_CACHE_HDR, "the header has no padding");

void wf_cache_seal(unsigned char *img, size_t len, const wf_cache_kind *k, uint64_t hash,
		   uint64_t size, const uint32_t n[3])
{
	hdr h;

	memset(&h, 0, sizeof h);
	memcpy(h.magic, k->magic, sizeof h.magic);
	h.order = ORDER_MARK;
	h.version = k->version;
	h.src_hash = hash;
	h.src_size = size;
	memcpy(h.n, n, sizeof h.n);
	h.body_hash = wf_hash_bytes(img + WF_CACHE_HDR, len - WF_CACHE_HDR);
	memcpy(img, &h, WF_CACHE_HDR);
}

int wf_cache_check(const unsigned char *img, size_t len, const wf_cache_kind *k,
		   uint64_t hash, uint64_t size, uint32_t n[3])
{
	hdr h;

	if (len < WF_CACHE_HDR)
		return 0;
	memcpy(&h, img, WF_CACHE_HDR);
	if (memcmp(h.magic, k->magic, sizeof h.magic) != 0 || h.order != ORDER_MARK ||
	    h.version != k->version || h.src_hash != hash || h.src_size != size ||
	    h.unused != 0 ||
	    wf_hash_bytes(img + WF_CACHE_HDR, len - WF_CACHE_HDR) != h.body_hash)
		return 0;
	memcpy(n, h.n, sizeof h.n);
	return 1;
}

static void entry_path(char *p, size_t cap, const char *dir, const wf_cache_kind *k,
		       uint64_t hash, uint64_t size)
{
	snprintf(p, cap, "%s/%016llx-%llu.%s", dir, (unsigned long long)hash,
		 (unsigned long long)size, k->ext);
}

unsigned char *wf_cache_read(const char *dir, const wf_cache_kind *k, uint64_t hash,
			     uint64_t size, size_t *len)
{
	char path[4096];
	char *buf = NULL;
	wf_file_stamp st;
	wf_error e;
	int fd;

	wf_error_clear(&e);
	entry_path(path, sizeof path, dir, k, hash, size);
	if (wf_file_open(&fd, &st, path, MAX_IMAGE, "cache", NULL, "cache entries", &e))
		return NULL;
	if (wf_file_read_bytes(&buf, len, fd, &st, path, "cache", &e) != 0)
		buf = NULL;
	close(fd);
	return (unsigned char *)buf;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

void wf_cache_write(const char *dir, const wf_cache_kind *k, uint64_t hash, uint64_t size,
		    const unsigned char *img, size_t len)
{
	char path[4096], tmp[4096];
	int fd, l;

	l = snprintf(tmp, sizeof tmp, "%s/.wattif-XXXXXX", dir);
	if (l < 0 || (size_t)l >= sizeof tmp - 64)
		return;
	/* written even when an entry is there: it did not check out */
	entry_path(path, sizeof path, dir, k, hash, size);
	if ((fd = mkstemp(tmp)) >= 0) {
		int bad = write_all(fd, img, len);
		if (close(fd) != 0 || bad || rename(tmp, path) != 0)
			unlink(tmp);
	}
}

/* ------------------------------------------------------------- directory */

/* mkdir -p, each new level mode 0700. */
static int make_dirs(char *p)
{
	char *s = p;

	for (;;) {
		char *slash = strchr(s + (*s == '/'), '/');
		if (slash)
			*slash = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			if (slash)
				*slash = '/';
			return -1;
		}
		if (!slash)
			return 0;
		*slash = '/';
		s = slash + 1;
		while (*s == '/')
			s++;
		if (!*s)
			return 0;
	}
}

int wf_cache_dir(const char *dir, wf_error *err)
{
	char p[3072];
	struct stat sb;

	if (!dir || !dir[0] || strlen(dir) >= sizeof p)
		return wf_error_set(err, WF_EINPUT, "cache", dir, 0, 0,
				    "a cache directory needs a name of 1 to %zu bytes",
				    sizeof p - 1);
	strcpy(p, dir);
	if (make_dirs(p) != 0 || stat(dir, &sb) != 0)
		return wf_error_set(err, WF_EIO, "cache", dir, 0, 0,
				    "cannot create the cache directory: %s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return wf_error_set(err, WF_EINPUT, "cache", dir, 0, 0,
				    "is not a directory; the cache needs one");
	if (sb.st_uid != geteuid() || (sb.st_mode & (S_IWGRP | S_IWOTH)))
		return wf_error_set(err, WF_EINPUT, "cache", dir, 0, 0,
				    "%s: a cache there could hold entries another user put "
				    "there; use a directory that is yours alone (chmod go-w)",
				    sb.st_uid != geteuid() ? "belongs to another user"
							   : "is writable by other users");
	if (access(dir, R_OK | W_OK | X_OK) != 0)
		return wf_error_set(err, WF_EIO, "cache", dir, 0, 0,
				    "cannot use the cache directory: %s", strerror(errno));
	return 0;
}
