#include "fileio.h"

#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fileio_read_all(const char *path, char **data, long *len, long max_bytes)
{
    if (max_bytes <= 0) max_bytes = 2147483647L;
    FILE *f = fopen(path, "rb");
    if (!f) return error_set("%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return error_set("%s: not a regular file", path);
    }
    if (st.st_size > max_bytes) {
        fclose(f);
        return error_set("%s: too large (%lld bytes, at most %ld)", path,
                         (long long)st.st_size, max_bytes);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        fclose(f);
        return error_set("%s: out of memory", path);
    }
    size_t got = fread(buf, 1, (size_t)st.st_size, f);
    int failed = ferror(f);
    fclose(f);
    if (failed || got != (size_t)st.st_size) {
        free(buf);
        return error_set("%s: read failed", path);
    }
    buf[got] = '\0';
    *data = buf;
    *len = (long)got;
    return 0;
}

int fileio_mkdirs(const char *dir)
{
    char path[FILEIO_PATH_MAX];
    if (strlen(dir) >= sizeof path || dir[0] == '\0')
        return error_set("%s: bad directory name", dir);
    strcpy(path, dir);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return error_set("%s: cannot create directory: %s", path,
                             strerror(errno));
        *p = saved;
        if (saved == '\0') break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return error_set("%s: not a directory", dir);
    return 0;
}

int fileio_check_dir(const char *dir)
{
    char path[FILEIO_PATH_MAX];
    if (strlen(dir) >= sizeof path - 32 || dir[0] == '\0')
        return error_set("%s: bad directory name", dir);
    strcpy(path, dir);
    struct stat st;
    // up from dir to the deepest part of it that exists
    while (stat(path, &st) != 0) {
        // ENOTDIR: a file on the way ("/dev/null/x"), found further up
        if ((errno != ENOENT && errno != ENOTDIR) || !strcmp(path, "."))
            return error_set("%s: cannot create directory: %s", dir,
                             strerror(errno));
        char *slash = strrchr(path, '/');
        if (slash && slash > path && slash[1] == '\0') { // "a/b/": "a/b"
            *slash = '\0';
            continue;
        }
        if (!slash) strcpy(path, ".");
        else if (slash == path) path[1] = '\0'; // "/"
        else *slash = '\0';
    }
    if (!S_ISDIR(st.st_mode)) {
        if (!strcmp(path, dir)) return error_set("%s: not a directory", dir);
        return error_set("%s: cannot create directory: %s is not a "
                         "directory", dir, path);
    }
    // the only sure test of "writable" (root passes access(), a read-only
    // or special file system may not): make a directory and remove it
    size_t n = strlen(path);
    snprintf(path + n, sizeof path - n, "/.write-test.XXXXXX");
    if (!mkdtemp(path)) {
        int e = errno;
        path[n] = '\0';
        if (!strcmp(path, dir))
            return error_set("%s: cannot write: %s", dir, strerror(e));
        return error_set("%s: cannot create directory in %s: %s", dir, path,
                         strerror(e));
    }
    rmdir(path);
    return 0;
}

int fileio_join(char *buf, int cap, const char *dir, const char *name)
{
    int n = snprintf(buf, (size_t)cap, "%s/%s", dir, name);
    if (n < 0 || n >= cap) return error_set("%s/%s: path too long", dir, name);
    return 0;
}

/* The temporaries open right now, so that Ctrl-C can remove them. */
#define OPEN_MAX 16
static AtomicFile *open_files[OPEN_MAX];

static void track(AtomicFile *af, int on)
{
    for (int i = 0; i < OPEN_MAX; i++) {
        if (on && !open_files[i]) {
            open_files[i] = af;
            return;
        }
        if (!on && open_files[i] == af) {
            open_files[i] = NULL;
            return;
        }
    }
}

void fileio_atomic_cleanup(void)
{
    for (int i = 0; i < OPEN_MAX; i++)
        if (open_files[i]) unlink(open_files[i]->tmp);
}

int fileio_atomic_open(AtomicFile *af, const char *path)
{
    af->f = NULL;
    int n = snprintf(af->tmp, sizeof af->tmp, "%s.tmp.XXXXXX", path);
    if (n < 0 || n >= (int)sizeof af->tmp)
        return error_set("%s: path too long", path);
    strcpy(af->path, path);
    int fd = mkstemp(af->tmp);
    if (fd < 0) return error_set("%s: cannot write: %s", path, strerror(errno));
    /* mkstemp makes the file private (0600); a finished file should have
     * the usual permissions. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        close(fd);
        unlink(af->tmp);
        return error_set("%s: cannot write: %s", path, strerror(errno));
    }
    track(af, 1);
    return 0;
}

int fileio_atomic_commit(AtomicFile *af)
{
    int failed = ferror(af->f);
    failed |= fclose(af->f) != 0;
    af->f = NULL;
    if (failed) {
        unlink(af->tmp);
        track(af, 0);
        return error_set("%s: write failed", af->path);
    }
    if (rename(af->tmp, af->path) != 0) {
        int e = errno;
        unlink(af->tmp);
        track(af, 0);
        return error_set("%s: cannot rename into place: %s", af->path,
                         strerror(e));
    }
    track(af, 0);
    return 0;
}

void fileio_atomic_abort(AtomicFile *af)
{
    if (af->f) fclose(af->f);
    af->f = NULL;
    unlink(af->tmp);
    track(af, 0);
}
