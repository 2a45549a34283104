/*
 * sweep_journal.c - the resume record of a sweep's output as files (see
 * sweep_journal.h; the record's text and checks are resume.c's).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "sweep_journal.h"

int cli_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Bytes that reached OUT: count them and hash them. */
void journal_add(journal *j, const char *p, size_t n, unsigned long long rows)
{
	if (!j->on)
		return;
	cli_hash_update(&j->hash, p, n);
	j->rec.bytes += n;
	j->rec.rows = rows;
}

/* Write the record (after OUT was fsync'ed): a temporary file renamed
 * over OUT.wattif, so the record is always whole.  0 or EXIT_FAIL. */
int journal_save(journal *j)
{
	char text[512], *tmp;
	size_t len;
	int fd, ok;

	if (!j->on)
		return 0;
	j->rec.checksum = cli_hash_value(&j->hash);
	len = cli_resume_format(text, sizeof text, &j->rec);
	if (!(tmp = malloc(strlen(j->path) + 8)))
		return EXIT_FAIL;
	sprintf(tmp, "%s.XXXXXX", j->path);
	fd = mkstemp(tmp);
	if (fd >= 0) { /* mode as a new file's, not mkstemp's 0600 */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	ok = fd >= 0 && cli_write_all(fd, text, len) == 0 && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, j->path) != 0) {
		fprintf(stderr, "wattif sweep: %s: cannot write the resume record: %s\n",
			j->path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	free(tmp);
	return 0;
}

/* Read OUT.wattif: 0, 1 when there is none, or an exit status. */
static int journal_read(const journal *j, cli_resume_rec *rec, const char *out)
{
	char text[1024], why[256], a[1024];
	struct stat st;
	ssize_t n;
	int fd = open(j->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "wattif sweep: %s: %s\n", cli_safe(a, sizeof a, j->path),
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAIL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size >= (off_t)sizeof text) {
		close(fd);
		fprintf(stderr, "wattif sweep: %s: not resuming %s: its resume record is %s\n",
			cli_safe(a, sizeof a, j->path), out,
			S_ISREG(st.st_mode) ? "too large" : cli_file_kind(st.st_mode));
		return EXIT_INPUT;
	}
	n = read(fd, text, sizeof text);
	close(fd);
	if (n < 0 || cli_resume_parse(rec, text, (size_t)n, why, sizeof why)) {
		fprintf(stderr, "wattif sweep: %s: not a resume record (%s); not resuming %s\n",
			cli_safe(a, sizeof a, j->path), n < 0 ? strerror(errno) : why, out);
		return EXIT_INPUT;
	}
	return 0;
}

/* Start OUT afresh: the record first (nothing in OUT yet), then the
 * file emptied and the header written. */
int journal_fresh(journal *j, int fd, const char *header)
{
	size_t hl = strlen(header);
	int status;

	j->rec.rows = j->rec.bytes = 0;
	cli_hash_init(&j->hash);
	if ((status = journal_save(j)))
		return status;
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) < 0 || cli_write_all(fd, header, hl))
		return EXIT_FAIL;
	journal_add(j, header, hl, 0);
	return 0;
}

/* --resume: continue OUT from the row after its last proven one.  *first
 * is that point.  OUT is changed only once it is proven this sweep's.
 * Returns 0 or an exit status (message printed). */
int journal_resume(journal *j, int fd, const char *out, const char *header,
			  size_t *first)
{
	char why[512], a[1024];
	cli_resume_rec rec;
	cli_scan sc;
	struct stat st;
	int status = journal_read(j, &rec, out);

	if (status == 1) {
		/* no record: only an empty OUT can be started */
		if (fstat(fd, &st) == 0 && st.st_size == 0)
			return journal_fresh(j, fd, header);
		fprintf(stderr, "wattif sweep: %s: not resuming: there is no resume record "
				"(%s) beside it, so nothing proves which sweep wrote it; remove "
				"it to start again, or choose another -o\n",
			cli_safe(a, sizeof a, out), j->path);
		return EXIT_INPUT;
	}
	if (status)
		return status;
	/* every byte the record covers, hashed and its records counted */
	cli_scan_init(&sc, !j->rec.jsonl);
	if (lseek(fd, 0, SEEK_SET) < 0)
		return EXIT_FAIL;
	while (sc.bytes < rec.bytes) {
		char buf[1 << 16];
		unsigned long long left = rec.bytes - sc.bytes;
		ssize_t n = read(fd, buf, left < sizeof buf ? (size_t)left : sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "wattif sweep: reading %s: %s\n", cli_safe(a, sizeof a, out),
				strerror(errno));
			return EXIT_FAIL;
		}
		if (n == 0)
			break;
		cli_scan_feed(&sc, buf, (size_t)n);
	}
	if (cli_resume_verify(&rec, &sc, j->rec.fingerprint, j->rec.jsonl, j->rec.points,
			      why, sizeof why)) {
		fprintf(stderr, "wattif sweep: %s: not resuming: %s; remove it (and %s) to "
				"start again, or choose another -o\n",
			cli_safe(a, sizeof a, out), why, j->path);
		return EXIT_INPUT;
	}
	if (rec.bytes == 0)
		return journal_fresh(j, fd, header);
	/* rows written after the record was saved are computed again */
	if (ftruncate(fd, (off_t)rec.bytes) != 0 || lseek(fd, 0, SEEK_END) < 0) {
		fprintf(stderr, "wattif sweep: %s: %s\n", cli_safe(a, sizeof a, out),
			strerror(errno));
		return EXIT_FAIL;
	}
	j->rec.rows = rec.rows;
	j->rec.bytes = rec.bytes;
	j->hash = sc.hash;
	*first = (size_t)rec.rows;
	return 0;
}
