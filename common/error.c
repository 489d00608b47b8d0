#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char error_text[512] = "no error";

int error_set(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error_text, sizeof error_text, fmt, ap);
    va_end(ap);
    return -1;
}

const char *error_message(void) { return error_text; }
