/* floats: clearing and copying large float buffers on every thread.
 *
 *     floats_zero(grad, n);          // grad[0 .. n-1] = 0
 *     floats_copy(dst, src, n);      // dst[0 .. n-1] = src[0 .. n-1]
 *
 * A training step clears and copies megabytes of gradients; on one thread
 * while the other waits, that showed in profiles. Below PARALLEL_MIN_WORK
 * floats they run on the calling thread. The buffers must not overlap.
 * No function here can fail.
 */
#ifndef FLOATS_H
#define FLOATS_H

void floats_zero(float *x, long n);
void floats_copy(float *dst, const float *src, long n);

#endif
