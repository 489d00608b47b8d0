#include "adamw.h"

#include <math.h>

AdamW adamw_bert_defaults(void)
{
    AdamW opt = {0.9f, 0.999f, 1e-6f, 0.01f};
    return opt;
}

//> adamw-update
void adamw_update(float *param, const float *grad, float *m, float *v, long n,
                  const AdamW *opt, float lr, int decay)
{
    float wd = decay ? opt->weight_decay : 0.0f;
    for (long i = 0; i < n; i++) {
        float g = grad[i];
        m[i] = opt->beta1 * m[i] + (1.0f - opt->beta1) * g;
        v[i] = opt->beta2 * v[i] + (1.0f - opt->beta2) * g * g;
        float update = m[i] / (sqrtf(v[i]) + opt->eps) + wd * param[i];
        param[i] -= lr * update;
    }
}
//< adamw-update

float grad_clip_global_norm(float *const *grads, const long *sizes, int count,
                            float max_norm)
{
    double sum = 0.0;
    for (int t = 0; t < count; t++)
        for (long i = 0; i < sizes[t]; i++)
            sum += (double)grads[t][i] * grads[t][i];
    float norm = (float)sqrt(sum);
    if (norm > max_norm) {
        float s = max_norm / norm;
        for (int t = 0; t < count; t++)
            for (long i = 0; i < sizes[t]; i++) grads[t][i] *= s;
    }
    return norm;
}

//> lr-schedule
float lr_schedule(int step, int warmup, int total, float peak)
{
    if (step < warmup) return peak * (float)(step + 1) / (float)warmup;
    if (step >= total) return 0.0f;
    return peak * (float)(total - step) / (float)(total - warmup);
}
//< lr-schedule
