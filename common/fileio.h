/* fileio: whole-file reads, directory creation and atomic writes.
 *
 *     char *text; long len;
 *     if (fileio_read_all(path, &text, &len) != 0) ... error_message()
 *     free(text);                        // text is NUL-terminated
 *
 *     AtomicFile af;
 *     if (fileio_atomic_open(&af, "figures/x.png") != 0) ...
 *     fwrite(..., af.f);                 // goes to a temporary file
 *     if (fileio_atomic_commit(&af) != 0) ...  // renamed into place
 *
 * An atomic write goes to a temporary file beside the target and is renamed
 * over it only when every byte was written, so a reader never sees half a
 * file, and a failure leaves nothing behind (fileio_atomic_abort removes the
 * temporary). Every function returns 0 on success and -1 with
 * error_message() naming the path on failure.
 */
#ifndef FILEIO_H
#define FILEIO_H

#include <stdio.h>

#define FILEIO_PATH_MAX 4096

typedef struct {
    FILE *f;
    char path[FILEIO_PATH_MAX];
    char tmp[FILEIO_PATH_MAX];
} AtomicFile;

/* Reads the whole file; refuses files larger than max_bytes (0: 2 GiB). */
int fileio_read_all(const char *path, char **data, long *len, long max_bytes);
/* Creates a directory and its parents (mkdir -p); fine if it exists. */
int fileio_mkdirs(const char *dir);
/* Checks, creating nothing, that fileio_mkdirs(dir) would succeed and
 * that files could then be written in dir: the part of dir that exists is
 * a directory and the deepest existing directory is writable (tried with
 * a directory made and removed at once). For an output flag checked at
 * start-up rather than after minutes of work. */
int fileio_check_dir(const char *dir);
/* Joins dir and name into buf ("dir/name"); fails when it does not fit. */
int fileio_join(char *buf, int cap, const char *dir, const char *name);
int fileio_atomic_open(AtomicFile *af, const char *path);
int fileio_atomic_commit(AtomicFile *af);
void fileio_atomic_abort(AtomicFile *af);
/* Removes every temporary file still open, for use from a signal handler
 * (Ctrl-C) before the program ends: unlink is async-signal-safe. */
void fileio_atomic_cleanup(void);

#endif
