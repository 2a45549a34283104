/*
 * output.c - where a command's result goes (see output.h for the
 * promise).
 */
#define _XOPEN_SOURCE 700 /* fchown, readlink, lstat */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char *cli_file_kind(mode_t m)
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
	if (S_ISREG(m))
		return "a regular file";
	return "not a regular file";
}

char *cli_safe(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	if (!size)
		return buf;
	while (*p && o + 1 < size) {
		size_t k = 1, i;
		unsigned c = *p;
		/* the length of a well-formed UTF-8 sequence, else 0 */
		if (c >= 0x80) {
			k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
			    : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
			for (i = 1; k && i < k; i++)
				if ((p[i] & 0xC0) != 0x80)
					k = 0;
		}
		if (c < 0x20 || c == 0x7F || k == 0 || (c == 0xC2 && p[1] <= 0x9F)) {
			/* C0, DEL, a C1 control (U+0080..U+009F) or a stray byte */
			unsigned v = k == 2 ? p[1] : c;
			if (o + 4 >= size)
				break;
			snprintf(buf + o, size - o, "\\x%02x", v);
			o += 4;
			p += k ? k : 1;
			continue;
		}
		if (o + k >= size)
			break;
		memcpy(buf + o, p, k);
		o += k;
		p += k;
	}
	buf[o] = '\0';
	return buf;
}

/* Follow symlinks from path to the file they end at (which may not exist
 * yet): that file is written, the links stay.  NULL with errno set. */
static char *resolve(const char *path)
{
	char *p = strdup(path), link[PATH_MAX];
	int hops;

	for (hops = 0; p && hops < 40; hops++) {
		struct stat st;
		ssize_t n;
		char *np, *slash;
		size_t dl;
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		if ((n = readlink(p, link, sizeof link - 1)) < 0) {
			free(p);
			return NULL;
		}
		link[n] = '\0';
		slash = strrchr(p, '/');
		dl = link[0] == '/' || !slash ? 0 : (size_t)(slash - p) + 1;
		if ((np = malloc(dl + (size_t)n + 1))) {
			memcpy(np, p, dl);
			memcpy(np + dl, link, (size_t)n + 1);
		}
		free(p);
		p = np;
	}
	if (p) {
		free(p);
		errno = ELOOP;
	}
	return NULL;
}

/* Is the file (dev, ino) one the command read?  Its path, or NULL. */
static const char *read_by(const wf_catalog *inputs, const struct stat *st)
{
	size_t i, n = wf_catalog_file_count(inputs);

	for (i = 0; i < n; i++) {
		wf_file_info fi;
		if (wf_catalog_file(&fi, inputs, i) == 0 &&
		    fi.device == (unsigned long long)st->st_dev &&
		    fi.inode == (unsigned long long)st->st_ino)
			return fi.path;
	}
	return NULL;
}

static int fail(cli_output *o, int status, const char *what, int e)
{
	char a[1024];

	fprintf(stderr, "wattif %s: %s: %s: %s\n", o->cmd, cli_safe(a, sizeof a, o->path),
		what, strerror(e));
	cli_output_abort(o);
	return status;
}

/* Take the lock on an open regular file, or say who holds it. */
static int lock(cli_output *o, int fd)
{
	char a[1024];

	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK) {
		fprintf(stderr, "wattif %s: %s is being written by another process (it "
				"holds a lock on the file); not writing it\n", o->cmd,
			cli_safe(a, sizeof a, o->path));
		cli_output_abort(o);
		return EXIT_FAIL;
	}
	return fail(o, EXIT_FAIL, "cannot lock it", errno);
}

/* A temporary file beside the target, with the mode (and owner) the
 * target has, or a new file's. */
static int open_temp(cli_output *o, const struct stat *old)
{
	const char *slash = strrchr(o->target, '/');
	size_t dl = slash ? (size_t)(slash - o->target) + 1 : 0;
	mode_t mask;

	if (!(o->tmp = malloc(strlen(o->target) + 16)))
		return fail(o, EXIT_FAIL, "out of memory", ENOMEM);
	sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)dl, o->target, o->target + dl);
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		int e = errno;
		free(o->tmp);
		o->tmp = NULL;
		return fail(o, EXIT_FAIL, "cannot create a file there", e);
	}
	if (old) {
		if (fchown(o->fd, old->st_uid, old->st_gid) != 0) {
			/* not ours to give away: keep ours, the mode still holds */
		}
		if (fchmod(o->fd, old->st_mode & 07777) != 0)
			return fail(o, EXIT_FAIL, "cannot set its permissions", errno);
	} else {
		mask = umask(0);
		umask(mask);
		if (fchmod(o->fd, 0666 & ~mask) != 0)
			return fail(o, EXIT_FAIL, "cannot set its permissions", errno);
	}
	return 0;
}

int cli_output_open(cli_output *o, const char *cmd, const char *path,
		    const wf_catalog *inputs, int flags)
{
	struct stat st;
	const char *in;
	char a[1024], b[1024];
	int exists;

	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->path = path;
	o->fd = o->lock_fd = o->saved_stdout = -1;
	if (!path || strcmp(path, "-") == 0) {
		o->kind = CLI_OUT_STDOUT;
		o->fd = STDOUT_FILENO;
		return 0;
	}
	if (!path[0])
		return cli_usage(cmd, "-o needs a file name (or - for standard output)");
	if (!(o->target = resolve(path)))
		return fail(o, EXIT_FAIL, "cannot follow the link", errno);
	exists = stat(o->target, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "wattif %s: %s is a directory; -o names a file\n", cmd,
			cli_safe(a, sizeof a, path));
		cli_output_abort(o);
		return EXIT_INPUT;
	}
	if (exists && (in = read_by(inputs, &st))) {
		fprintf(stderr, "wattif %s: -o %s would overwrite %s, which this command "
				"reads; choose another output\n", cmd,
			cli_safe(a, sizeof a, path), cli_safe(b, sizeof b, in));
		cli_output_abort(o);
		return EXIT_INPUT;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		/* a FIFO or a device: written as it is, never replaced */
		o->kind = CLI_OUT_INPLACE;
		if ((o->fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
			return fail(o, EXIT_FAIL, "cannot open it for writing", errno);
		return 0;
	}
	if (flags & CLI_OUTPUT_STREAM) {
		o->kind = CLI_OUT_STREAM;
		if ((o->fd = open(o->target, O_RDWR | O_CREAT | O_NOCTTY | O_CLOEXEC, 0666)) < 0)
			return fail(o, EXIT_FAIL, "cannot open it for writing", errno);
		if (fstat(o->fd, &st) == 0 && !S_ISREG(st.st_mode)) {
			/* replaced between the stat and the open */
			fprintf(stderr, "wattif %s: %s changed into %s while it was opened\n",
				cmd, cli_safe(a, sizeof a, path), cli_file_kind(st.st_mode));
			cli_output_abort(o);
			return EXIT_FAIL;
		}
		return lock(o, o->fd);
	}
	o->kind = CLI_OUT_ATOMIC;
	if (exists) {
		int rc;
		/* any open descriptor takes the lock; a file we may replace but
		 * not read is opened for writing (never truncated) */
		if ((o->lock_fd = open(o->target, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0 &&
		    (errno != EACCES ||
		     (o->lock_fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0))
			return fail(o, EXIT_FAIL, "cannot open it", errno);
		if ((rc = lock(o, o->lock_fd)))
			return rc;
	}
	return open_temp(o, exists ? &st : NULL);
}

int cli_output_write(cli_output *o, const void *data, size_t n)
{
	const char *p = data;

	while (n > 0) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;
			char a[1024];
			fprintf(stderr, "wattif %s: writing %s: %s\n", o->cmd,
				o->kind == CLI_OUT_STDOUT ? "standard output"
							  : cli_safe(a, sizeof a, o->path),
				strerror(e));
			o->written = -1;
			return EXIT_FAIL;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int cli_output_redirect(cli_output *o)
{
	if (o->kind == CLI_OUT_STDOUT)
		return 0;
	fflush(stdout);
	if ((o->saved_stdout = dup(STDOUT_FILENO)) < 0 ||
	    dup2(o->fd, STDOUT_FILENO) < 0)
		return fail(o, EXIT_FAIL, "cannot write there", errno);
	return 0;
}

/* stdout back where it was; a write error on the way is the output's. */
static int restore_stdout(cli_output *o)
{
	int e = 0;

	if (o->saved_stdout < 0)
		return 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		e = errno ? errno : EIO;
	clearerr(stdout);
	dup2(o->saved_stdout, STDOUT_FILENO);
	close(o->saved_stdout);
	o->saved_stdout = -1;
	return e;
}

void cli_output_abort(cli_output *o)
{
	restore_stdout(o);
	if (o->fd >= 0 && o->kind != CLI_OUT_STDOUT)
		close(o->fd);
	o->fd = -1;
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	o->lock_fd = -1;
	free(o->target);
	o->target = NULL;
}

int cli_output_close(cli_output *o, int status)
{
	const char *slash;
	int e = restore_stdout(o);

	if (e && !status)
		status = fail(o, EXIT_FAIL, "writing it", e);
	if (o->written < 0 && !status)
		status = EXIT_FAIL;
	if (status || o->kind == CLI_OUT_STDOUT || o->fd < 0) {
		cli_output_abort(o);
		return status;
	}
	/* fsync: the bytes are on disk before the name points at them (a
	 * FIFO or terminal cannot sync: EINVAL, nothing lost) */
	if (fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS)
		return fail(o, EXIT_FAIL, "writing it", errno);
	if (close(o->fd) != 0) {
		o->fd = -1;
		return fail(o, EXIT_FAIL, "writing it", errno);
	}
	o->fd = -1;
	if (o->kind == CLI_OUT_ATOMIC) {
		if (rename(o->tmp, o->target) != 0)
			return fail(o, EXIT_FAIL, "cannot put the new file in place", errno);
		free(o->tmp);
		o->tmp = NULL;
		/* and the rename itself on disk */
		slash = strrchr(o->target, '/');
		{
			char *dir = slash ? strndup(o->target, (size_t)(slash - o->target) + 1)
					  : strdup(".");
			int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
			if (dfd >= 0) {
				fsync(dfd);
				close(dfd);
			}
			free(dir);
		}
	}
	cli_output_abort(o); /* releases the lock and the names */
	return status;
}
