#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char error_text[512] = "no error";

int error_set(const char *fmt, ...)
{
    // Format into a copy first: a caller may pass error_message() itself
    // as an argument, to add context to the last failure.
    char text[sizeof error_text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    memcpy(error_text, text, sizeof text);
    return -1;
}

const char *error_message(void) { return error_text; }
