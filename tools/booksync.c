/* booksync: keep the code listings of book.md identical to the sources.
 *
 *     booksync --check book.md    exit 1 when a listing is stale or names a
 *                                 marker that does not exist
 *     booksync --write book.md    refresh every listing in place
 *
 * In the sources a listing is the lines between `//> NAME` and `//< NAME`
 * (the marker lines themselves are left out). In the book a listing is a
 * comment line naming the file and the marker, followed by a fenced block:
 *
 *     <!-- code: common/attention.c attention-forward -->
 *     ```c
 *     ...the lines, refreshed by --write...
 *     ```
 *
 * Paths are relative to the current directory (the top of the project).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "<!-- code: "

typedef struct {
    char *data;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data) {
            fprintf(stderr, "booksync: out of memory\n");
            exit(1);
        }
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, n);
    fclose(f);
    if (!b.data) buf_add(&b, "", 0);
    return b.data;
}

/* Does `line` (up to its newline) equal prefix + name, ignoring leading
 * spaces and trailing spaces? */
static int is_marker(const char *line, const char *prefix, const char *name)
{
    while (*line == ' ' || *line == '\t') line++;
    size_t p = strlen(prefix), n = strlen(name);
    if (strncmp(line, prefix, p) || strncmp(line + p, name, n)) return 0;
    const char *rest = line + p + n;
    while (*rest == ' ' || *rest == '\t' || *rest == '\r') rest++;
    return *rest == '\n' || *rest == '\0';
}

/* The listing NAME of the file at path, or NULL with a message. */
static char *extract(const char *path, const char *name, char *why, int cap)
{
    char *src = read_file(path);
    if (!src) {
        snprintf(why, (size_t)cap, "%s: cannot read the file", path);
        return NULL;
    }
    Buf out = {0};
    int inside = 0, found = 0;
    for (char *line = src; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        if (is_marker(line, "//< ", name) && inside) {
            inside = 0;
            found = 1;
            break;
        }
        if (inside) buf_add(&out, line, n);
        if (is_marker(line, "//> ", name)) inside = 1;
        line += n;
    }
    free(src);
    if (!found) {
        free(out.data);
        snprintf(why, (size_t)cap, "%s: no marker pair '//> %s' ... '//< %s'",
                 path, name, name);
        return NULL;
    }
    if (!out.data) buf_add(&out, "", 0);
    return out.data;
}

int main(int argc, char **argv)
{
    int ok_args = argc == 3 && (!strcmp(argv[1], "--check") ||
                                !strcmp(argv[1], "--write"));
    if (!ok_args) {
        fprintf(stderr, "usage: booksync --check|--write BOOK.md\n");
        return 2;
    }
    int write = !strcmp(argv[1], "--write");
    const char *book_path = argv[2];
    char *book = read_file(book_path);
    if (!book) {
        fprintf(stderr, "booksync: error: %s: cannot read\n", book_path);
        return 1;
    }
    Buf out = {0};
    int problems = 0, listings = 0, lineno = 0;
    char *line = book;
    while (*line) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        lineno++;
        buf_add(&out, line, n);
        char path[1024], name[256];
        if (strncmp(line, TAG, strlen(TAG)) ||
            sscanf(line + strlen(TAG), "%1023s %255s", path, name) != 2) {
            line += n;
            continue;
        }
        listings++;
        line += n;
        // the fence that follows the tag
        char *fence_end = strchr(line, '\n');
        if (strncmp(line, "```", 3) || !fence_end) {
            fprintf(stderr, "%s:%d: a code tag must be followed by a ``` "
                    "block\n", book_path, lineno);
            problems++;
            continue;
        }
        buf_add(&out, line, (size_t)(fence_end - line) + 1);
        line = fence_end + 1;
        lineno++;
        char *close = line;
        while (*close && strncmp(close, "```", 3)) {
            char *e = strchr(close, '\n');
            lineno++;
            close = e ? e + 1 : close + strlen(close);
        }
        char why[2048];
        char *code = extract(path, name, why, sizeof why);
        size_t old_len = (size_t)(close - line);
        if (!code) {
            fprintf(stderr, "%s:%d: %s\n", book_path, lineno, why);
            problems++;
            buf_add(&out, line, old_len);
        } else {
            if (strlen(code) != old_len || memcmp(code, line, old_len)) {
                if (!write)
                    fprintf(stderr, "%s:%d: stale listing of %s %s (run "
                            "make book)\n", book_path, lineno, path, name);
                problems += !write;
            }
            buf_add(&out, code, strlen(code));
            free(code);
        }
        line = close;
    }
    if (write && problems == 0) {
        char tmp[2048];
        snprintf(tmp, sizeof tmp, "%s.tmp", book_path);
        FILE *f = fopen(tmp, "wb");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f)) {
            fprintf(stderr, "booksync: error: %s: cannot write\n", tmp);
            return 1;
        }
        if (rename(tmp, book_path)) {
            fprintf(stderr, "booksync: error: %s: cannot replace\n", book_path);
            return 1;
        }
    }
    free(out.data);
    free(book);
    if (problems) {
        fprintf(stderr, "booksync: %d problem(s) in %d listings\n", problems,
                listings);
        return 1;
    }
    printf("booksync: %d listings %s\n", listings,
           write ? "refreshed" : "up to date");
    return 0;
}
