#include "attention.h"

#include "softmax.h"
#include "workspace.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stddef.h>

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
    float scale = 1.0f / sqrtf((float)HS);
    // Keys transposed to (HS, T), so a query's T scores grow side by side
    float *kt = workspace_get(WORKSPACE_ATTENTION, (long)HS * T + T);
    float *scores = kt + (long)HS * T;
    for (int t2 = 0; t2 < T; t2++)
        for (int d = 0; d < HS; d++) kt[d * T + t2] = k[(long)t2 * 3 * C + d];
    for (int t = 0; t < T; t++) {
        const float *qt = q + (long)t * 3 * C;
        // scores[t2] = q_t · k_t2, summed over d in order
        for (int t2 = 0; t2 < T; t2++) scores[t2] = 0.0f;
        for (int d = 0; d < HS; d++)
            for (int t2 = 0; t2 < T; t2++)
                scores[t2] = fmaf(qt[d], kt[d * T + t2], scores[t2]);
        for (int t2 = 0; t2 < T; t2++) {
            scores[t2] *= scale;
            if (mask_add) scores[t2] += mask_add[t2];
            if (causal && t2 > t) scores[t2] = -INFINITY;
        }
        if (preatt)
            for (int t2 = 0; t2 < T; t2++) preatt[t * T + t2] = scores[t2];
        float *a = att + (long)t * T;
        softmax_row(a, scores, T);
        // out_t = Σ_t2 a[t2] · v_t2
        float *o = out + (long)t * C;
        for (int d = 0; d < HS; d++) o[d] = 0.0f;
        for (int t2 = 0; t2 < T; t2++)
            for (int d = 0; d < HS; d++)
                o[d] = fmaf(a[t2], v[(long)t2 * 3 * C + d], o[d]);
    }
}

void attention_forward(float *out, float *att, float *preatt,
                       const float *qkv, const float *mask_add, int causal,
                       int B, int T, int C, int NH)
{
    assert(C % NH == 0);
    int HS = C / NH;
#pragma omp parallel for collapse(2) schedule(static)
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
    float scale = 1.0f / sqrtf((float)HS);
    float *datt = workspace_get(WORKSPACE_ATTENTION, 2L * T);
    float *dpre = datt + T;
    for (int t = 0; t < T; t++) {
        const float *a = att + (long)t * T;
        const float *dot = dout + (long)t * C;
        // out_t = Σ_t2 a[t2] · v_t2
        //   => datt[t2] = dout_t · v_t2 and dv_t2 += a[t2] · dout_t
        for (int t2 = 0; t2 < T; t2++) {
            const float *vt2 = v + (long)t2 * 3 * C;
            float *dvt2 = dv + (long)t2 * 3 * C;
            float s = 0.0f;
            for (int d = 0; d < HS; d++) {
                s = fmaf(dot[d], vt2[d], s);
                dvt2[d] = fmaf(a[t2], dot[d], dvt2[d]);
            }
            datt[t2] = s;
        }
        // a = softmax(scores)  =>  dscores = a · (datt - Σ a · datt)
        float sum = 0.0f;
        for (int t2 = 0; t2 < T; t2++) sum += a[t2] * datt[t2];
        for (int t2 = 0; t2 < T; t2++)
            dpre[t2] = a[t2] * (datt[t2] - sum) * scale;
        // scores[t2] = scale · q_t · k_t2
        //   => dq_t += Σ dscores[t2] · k_t2 and dk_t2 += dscores[t2] · q_t
        const float *qt = q + (long)t * 3 * C;
        float *dqt = dq + (long)t * 3 * C;
        for (int t2 = 0; t2 < T; t2++) {
            const float *kt2 = k + (long)t2 * 3 * C;
            float *dkt2 = dk + (long)t2 * 3 * C;
            for (int d = 0; d < HS; d++) {
                dqt[d] = fmaf(dpre[t2], kt2[d], dqt[d]);
                dkt2[d] = fmaf(dpre[t2], qt[d], dkt2[d]);
            }
        }
    }
}

void attention_backward(float *dqkv, const float *dout, const float *qkv,
                        const float *att, int B, int T, int C, int NH)
{
    int HS = C / NH;
#pragma omp parallel for collapse(2) schedule(static)
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
