/* attention: multi-head scaled dot-product attention, forward and backward.
 *
 *     // qkv (B, T, 3C): queries, keys and values side by side per token
 *     attention_forward(out, att, preatt, qkv, mask_add, causal, B, T, C, NH);
 *     attention_backward(dqkv, dout, qkv, att, B, T, C, NH);
 *
 * Dimension letters: B batch, T tokens, C hidden size, NH heads,
 * HS = C / NH head size. Head h reads features h·HS .. (h+1)·HS - 1 of the
 * queries, keys and values, and writes the same features of out (B, T, C),
 * so concatenating the heads costs nothing.
 *
 * For each head: scores = Q Kᵀ / √HS (T, T); add mask_add[b][key] (B, T)
 * when it is not NULL (0 to keep a key, the most negative float to hide a
 * padding key, as Hugging Face does); with causal, every key after the
 * query gets -inf; att = softmax of each row; out = att V.
 * att (B, NH, T, T) is always written: backward and figures need it.
 * preatt (B, NH, T, T), the scores before the softmax, is written when not
 * NULL, for figures. Threads take whole (batch, head) pairs, so results do
 * not depend on the thread count. Backward accumulates (+=) into dqkv.
 * C must be divisible by NH (asserted). No function here can fail.
 */
#ifndef ATTENTION_H
#define ATTENTION_H

void attention_forward(float *out, float *att, float *preatt,
                       const float *qkv, const float *mask_add, int causal,
                       int B, int T, int C, int NH);
void attention_backward(float *dqkv, const float *dout, const float *qkv,
                        const float *att, int B, int T, int C, int NH);
/* mask_add (B, T) from an attention mask (B, T) of 1 (token) and 0 (pad). */
void attention_padding_mask(float *mask_add, const int *attention_mask, int B,
                            int T);

#endif
