#include "posenc.h"

#include "error.h"

#include <math.h>
#include <string.h>

static int check_size(int C)
{
    if (C <= 0 || C % 2 != 0)
        return error_set("positional encoding: d_model must be a positive "
                         "even number (sin and cos pairs), got %d", C);
    return 0;
}

double posenc_frequency(int i, int C)
{
    return pow(POSENC_BASE, -2.0 * i / C);
}

//> posenc-table
int posenc_table(float *pe, int T, int C)
{
    if (check_size(C) != 0) return -1;
    if (T < 0)
        return error_set("positional encoding: %d positions", T);
    for (int p = 0; p < T; p++)
        for (int i = 0; i < C / 2; i++) {
            double angle = p * posenc_frequency(i, C);
            pe[(long)p * C + 2 * i] = (float)sin(angle);
            pe[(long)p * C + 2 * i + 1] = (float)cos(angle);
        }
    return 0;
}
//< posenc-table

//> posenc-shift
int posenc_shift_matrix(float *m, int k, int C)
{
    if (check_size(C) != 0) return -1;
    memset(m, 0, sizeof(float) * C * C);
    for (int i = 0; i < C / 2; i++) {
        double a = k * posenc_frequency(i, C);
        float c = (float)cos(a), s = (float)sin(a);
        float *r0 = m + (long)(2 * i) * C + 2 * i; // row of the sin entry
        float *r1 = r0 + C;                        // row of the cos entry
        // sin(x + a) = sin x cos a + cos x sin a
        r0[0] = c;
        r0[1] = s;
        // cos(x + a) = cos x cos a - sin x sin a
        r1[0] = -s;
        r1[1] = c;
    }
    return 0;
}
//< posenc-shift

double posenc_distance_dot(int k, int C)
{
    if (C <= 0 || C % 2 != 0) return 0.0;
    double sum = 0.0;
    for (int i = 0; i < C / 2; i++) sum += cos(k * posenc_frequency(i, C));
    return sum;
}
