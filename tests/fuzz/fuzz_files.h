/* fuzz_files: what the round-trip fuzz targets (fuzz_corpus, fuzz_vocab)
 * share: the input written to a file that the reader under test opens, a
 * second path in the same temporary directory for what it writes back,
 * and a check that aborts with a message.
 *
 *     #define FUZZ_NAME "fuzz_vocab"
 *     #include "fuzz_files.h"
 *     fuzz_files_write(data, size);          // then read fuzz_in
 *     fuzz_check(v.n > 0, "at least one token");
 *
 * The directory is made under $TMPDIR (or /tmp) on the first input and
 * removed with both files when the process exits. Header-only: each
 * target is one program of its own.
 */
#ifndef FUZZ_FILES_H
#define FUZZ_FILES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[64];
static char fuzz_in[96], fuzz_out[96];

static void fuzz_remove_files(void)
{
    unlink(fuzz_in);
    unlink(fuzz_out);
    rmdir(fuzz_dir);
}

/* A broken promise of the reader: abort, so that libFuzzer keeps the
 * input. */
static void fuzz_check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "%s: broken: %s\n", FUZZ_NAME, what);
        abort();
    }
}

/* Writes the input to fuzz_in; aborts when it cannot (not a finding). */
static void fuzz_files_write(const uint8_t *data, size_t size)
{
    if (fuzz_dir[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/%s.XXXXXX",
                 tmp && strlen(tmp) < 32 ? tmp : "/tmp", FUZZ_NAME);
        if (!mkdtemp(fuzz_dir)) abort();
        snprintf(fuzz_in, sizeof fuzz_in, "%s/in.txt", fuzz_dir);
        snprintf(fuzz_out, sizeof fuzz_out, "%s/out.txt", fuzz_dir);
        atexit(fuzz_remove_files);
    }
    FILE *f = fopen(fuzz_in, "wb");
    if (!f) abort();
    size_t w = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || w != size) abort();
}

#endif
