#include "attention.h"

#include "matmul.h"
#include "softmax.h"
#include "workspace.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

void attention_padding_mask(float *mask_add, const int *attention_mask, int B,
                            int T)
{
    for (int i = 0; i < B * T; i++)
        mask_add[i] = attention_mask[i] ? 0.0f : -FLT_MAX;
}

//> attention-forward
/* One head of one sequence. q, k, v point at feature h·HS of token 0 and
 * step 3C from token to token; out steps C. */
static void head_forward(float *out, float *att, float *preatt,
                         const float *q, const float *k, const float *v,
                         const float *mask_add, int causal, int T, int C,
                         int HS)
{
    long C3 = 3L * C;
    float scale = 1.0f / sqrtf((float)HS);
    float *scores = workspace_get(WORKSPACE_ATTENTION, (long)T * T);
    // scores (T, T) = Q (T, HS) · Kᵀ (HS, T)
    memset(scores, 0, sizeof(float) * T * T);
    matmul_strided(scores, T, q, C3, 1, k, 1, C3, T, T, HS);
    for (int t = 0; t < T; t++) {
        float *row = scores + (long)t * T;
        for (int t2 = 0; t2 < T; t2++) {
            row[t2] *= scale;
            if (mask_add) row[t2] += mask_add[t2];
            if (causal && t2 > t) row[t2] = -INFINITY; // no looking ahead
        }
        softmax_row(att + (long)t * T, row, T);
    }
    if (preatt) memcpy(preatt, scores, sizeof(float) * T * T);
    // out (T, HS) = att (T, T) · V (T, HS)
    for (int t = 0; t < T; t++)
        memset(out + (long)t * C, 0, sizeof(float) * HS);
    matmul_strided(out, C, att, T, 1, v, C3, 1, T, HS, T);
}

void attention_forward(float *out, float *att, float *preatt,
                       const float *qkv, const float *mask_add, int causal,
                       int B, int T, int C, int NH)
{
    assert(C % NH == 0);
    int HS = C / NH;
#pragma omp parallel for collapse(2) schedule(static) \
    if ((long)B * NH * T * T * HS >= PARALLEL_MIN_WORK)
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) {
            const float *base = qkv + (long)b * T * 3 * C + h * HS;
            long tt = (long)T * T, bh = (long)b * NH + h;
            head_forward(out + (long)b * T * C + h * HS, att + bh * tt,
                         preatt ? preatt + bh * tt : NULL, base, base + C,
                         base + 2 * C, mask_add ? mask_add + (long)b * T : 0,
                         causal, T, C, HS);
        }
}
//< attention-forward

//> attention-backward
static void head_backward(float *dq, float *dk, float *dv, const float *dout,
                          const float *q, const float *k, const float *v,
                          const float *att, int T, int C, int HS)
{
    long C3 = 3L * C;
    float scale = 1.0f / sqrtf((float)HS);
    float *datt = workspace_get(WORKSPACE_ATTENTION, (long)T * T);
    // out = att · V  =>  datt = dout · Vᵀ and dV += attᵀ · dout
    memset(datt, 0, sizeof(float) * T * T);
    matmul_strided(datt, T, dout, C, 1, v, 1, C3, T, T, HS);
    matmul_strided(dv, C3, att, 1, T, dout, C, 1, T, HS, T);
    // att = softmax(scores)  =>  dscores = att · (datt - Σ att · datt),
    // then the 1/√HS of scores = Q Kᵀ / √HS
    for (int t = 0; t < T; t++) {
        const float *a = att + (long)t * T;
        float *d = datt + (long)t * T;
        float dot = 0.0f;
        for (int t2 = 0; t2 < T; t2++) dot += a[t2] * d[t2];
        for (int t2 = 0; t2 < T; t2++) d[t2] = a[t2] * (d[t2] - dot) * scale;
    }
    // scores = Q Kᵀ  =>  dQ += dscores · K and dK += dscoresᵀ · Q
    matmul_strided(dq, C3, datt, T, 1, k, C3, 1, T, HS, T);
    matmul_strided(dk, C3, datt, 1, T, q, C3, 1, T, HS, T);
}

void attention_backward(float *dqkv, const float *dout, const float *qkv,
                        const float *att, int B, int T, int C, int NH)
{
    int HS = C / NH;
#pragma omp parallel for collapse(2) schedule(static) \
    if ((long)B * NH * T * T * HS >= PARALLEL_MIN_WORK)
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) {
            long off = (long)b * T * 3 * C + h * HS;
            long tt = (long)T * T, bh = (long)b * NH + h;
            head_backward(dqkv + off, dqkv + off + C, dqkv + off + 2 * C,
                          dout + (long)b * T * C + h * HS, qkv + off,
                          qkv + off + C, qkv + off + 2 * C, att + bh * tt, T,
                          C, HS);
        }
}
//< attention-backward
