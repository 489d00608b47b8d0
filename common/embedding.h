/* embedding: a table lookup, token id -> row of the table.
 *
 *     // ids (N), table (V, C), out (N, C)
 *     embedding_forward(out, ids, table, N, C);    // out[n] += table[ids[n]]
 *     embedding_backward(dtable, ids, dout, N, C); // dtable[ids[n]] += dout[n]
 *
 * The forward adds into out, so BERT's token + segment + position sum is
 * three calls on a zeroed buffer. The backward scatters each row's gradient
 * into the row of the table it came from; rows used twice get both
 * gradients, rows never used get none. Ids must be in 0..V-1 (the caller
 * checks input; this is asserted). No function here can fail.
 */
#ifndef EMBEDDING_H
#define EMBEDDING_H

void embedding_forward(float *out, const int *ids, const float *table, int N,
                       int C);
void embedding_backward(float *dtable, const int *ids, const float *dout,
                        int N, int C);

#endif
