/* error: the one-line message of the library's last failure.
 *
 *     if (vocab_load(&vocab, path) != 0) {
 *         fprintf(stderr, "chapter-07: error: %s\n", error_message());
 *         return 1;
 *     }
 *
 * Library functions never print and never exit on bad input: they return
 * non-zero and leave one line here that names the file or value and says
 * why. `return error_set(...)` sets the message and returns -1.
 */
#ifndef ERROR_H
#define ERROR_H

int error_set(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
const char *error_message(void);

#endif
