#include "matmul.h"

#include "workspace.h"

#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

//> matmul-reference
void matmul_forward_reference(float *out, const float *inp,
                              const float *weight, const float *bias, int N,
                              int C, int OC)
{
    for (int n = 0; n < N; n++) {
        for (int o = 0; o < OC; o++) {
            // out[n][o] = bias[o] + Σ_c inp[n][c] · weight[o][c]
            float acc = bias ? bias[o] : 0.0f;
            for (int c = 0; c < C; c++)
                acc = fmaf(inp[n * C + c], weight[o * C + c], acc);
            out[n * OC + o] = acc;
        }
    }
}
//< matmul-reference

/* The fast path rests on one product, matmul_strided (see the header).
 * B is first copied ("packed") into the order the inner loop reads it:
 * panels of TILE_N columns, k-major. A is read six rows at a time, where
 * it lies when its rows are contiguous, else from a copy in blocks of
 * TILE_M rows, k-major. The tile is sized to the register file of AVX2 (16
 * registers of 8 floats): 6 × 16 outputs need 12 accumulators, leaving
 * room for two rows of B and the broadcast value of A. */
enum { TILE_M = 6, TILE_N = 16 };

#ifndef __FMA__
//> matmul-tile
/* One TILE_M × TILE_N tile of C kept in registers while k runs over all of
 * K: each step takes one value of A per row and multiplies it into a row of
 * TILE_N values of B. Row i of A starts at row[i], its values `step`
 * apart; b is packed (K, TILE_N). This plain loop is the definition;
 * compilers do not reliably keep `acc` in registers, so where the processor
 * has FMA instructions the same steps are spelled out with intrinsics
 * (tile_fma). */
static void tile_plain(float *c, int ldc, const float *const *row, long step,
                       const float *b, int K)
{
    float acc[TILE_M][TILE_N];
    for (int i = 0; i < TILE_M; i++)
        for (int j = 0; j < TILE_N; j++) acc[i][j] = c[i * ldc + j];
    for (int k = 0; k < K; k++)
        for (int i = 0; i < TILE_M; i++)
            for (int j = 0; j < TILE_N; j++)
                acc[i][j] = fmaf(row[i][k * step], b[k * TILE_N + j],
                                 acc[i][j]);
    for (int i = 0; i < TILE_M; i++)
        for (int j = 0; j < TILE_N; j++) c[i * ldc + j] = acc[i][j];
}
//< matmul-tile
#define tile_full tile_plain
#else
#include <immintrin.h>

/* tile_plain with each row of 16 accumulators in two 8-float registers;
 * _mm256_fmadd_ps rounds once per lane, exactly like fmaf. */
static void tile_fma(float *c, int ldc, const float *const *row, long step,
                     const float *b, int K)
{
    __m256 acc[TILE_M][2];
    for (int i = 0; i < TILE_M; i++) {
        acc[i][0] = _mm256_loadu_ps(c + i * ldc);
        acc[i][1] = _mm256_loadu_ps(c + i * ldc + 8);
    }
    // four steps per pass: less loop overhead between the multiply-adds
    // (a few percent on bert-base's shapes)
#pragma GCC unroll 4
    for (int k = 0; k < K; k++) {
        __m256 b0 = _mm256_loadu_ps(b + k * TILE_N);
        __m256 b1 = _mm256_loadu_ps(b + k * TILE_N + 8);
        for (int i = 0; i < TILE_M; i++) {
            __m256 aik = _mm256_broadcast_ss(row[i] + k * step);
            acc[i][0] = _mm256_fmadd_ps(aik, b0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(aik, b1, acc[i][1]);
        }
    }
    for (int i = 0; i < TILE_M; i++) {
        _mm256_storeu_ps(c + i * ldc, acc[i][0]);
        _mm256_storeu_ps(c + i * ldc + 8, acc[i][1]);
    }
}
#define tile_full tile_fma
#endif

#ifdef __AVX__
#include <immintrin.h>

/* d[k·ldd + j] = s[j·lds + k] for j, k < 8: an 8 × 8 block turned in
 * registers. */
static void transpose8(float *d, long ldd, const float *s, long lds)
{
    __m256 r[8], t[8], u[8];
    for (int j = 0; j < 8; j++) r[j] = _mm256_loadu_ps(s + j * lds);
    for (int j = 0; j < 8; j += 2) { // pairs of rows, interleaved
        t[j] = _mm256_unpacklo_ps(r[j], r[j + 1]);
        t[j + 1] = _mm256_unpackhi_ps(r[j], r[j + 1]);
    }
    for (int j = 0; j < 8; j += 4) { // then fours
        u[j] = _mm256_shuffle_ps(t[j], t[j + 2], 0x44);
        u[j + 1] = _mm256_shuffle_ps(t[j], t[j + 2], 0xee);
        u[j + 2] = _mm256_shuffle_ps(t[j + 1], t[j + 3], 0x44);
        u[j + 3] = _mm256_shuffle_ps(t[j + 1], t[j + 3], 0xee);
    }
    for (int k = 0; k < 4; k++) { // then the two halves of each column
        _mm256_storeu_ps(d + k * ldd,
                         _mm256_permute2f128_ps(u[k], u[k + 4], 0x20));
        _mm256_storeu_ps(d + (k + 4) * ldd,
                         _mm256_permute2f128_ps(u[k], u[k + 4], 0x31));
    }
}
#endif

/* One product as matmul_strided describes it, and what product() adds:
 * `set` (C = bias + A · B, zero for a NULL bias, instead of C += A · B)
 * and row_sums (when not NULL, row_sums[i] += Σ_k A[i][k]). */
typedef struct {
    float *c;
    long ldc;
    const float *a;
    long ars, acs;
    const float *b;
    long brs, bcs;
    int M, N, K, set;
    const float *bias;
    float *row_sums;
} Product;

/* Blocks t0 .. t1-1 of A (M, K), TILE_M rows each (the last one maybe
 * fewer), into their places in ap, each (K, TILE_M); the places of rows
 * past M are left as they are (the tiles never read them). Only an A whose
 * rows are not contiguous is packed: a transposed A (ars = 1, the gradient
 * of a weight), where the rows of all the blocks at one step of k lie in
 * one straight run. So k is the outer loop: a line of memory read once
 * serves the two or three blocks it holds values of, and memory is read in
 * order. When the product asks for row sums, each row adds its values
 * here, in the order of k: they pass through registers anyway. */
static void pack_a(float *ap, const Product *p, int t0, int t1)
{
    int M = p->M, K = p->K;
    int r0 = t0 * TILE_M, r1 = t1 * TILE_M < M ? t1 * TILE_M : M;
    long ars = p->ars;
    for (int k = 0; k < K; k++) {
        const float *ak = p->a + k * p->acs;
        for (int t = t0; t < t1; t++) {
            float *dst = ap + ((long)t * K + k) * TILE_M;
            const float *src = ak + t * TILE_M * ars;
            int m = M - t * TILE_M < TILE_M ? M - t * TILE_M : TILE_M;
            if (m == TILE_M && ars == 1)
                memcpy(dst, src, sizeof(float) * TILE_M);
            else
                for (int i = 0; i < m; i++) dst[i] = src[i * ars];
        }
        for (int r = r0; p->row_sums && r < r1; r++)
            p->row_sums[r] += ak[r * ars];
    }
}

/* Rows 0 .. kc-1 and columns 0 .. n-1 of B into one panel (kc, TILE_N);
 * columns past n are zero. A row-major B gives whole rows of the panel; a
 * transposed one (brs = 1, a weight in the forward pass) is turned eight
 * by eight where the processor has AVX, else read down its contiguous
 * columns, PACK_K rows of the panel at a time so that the rows being
 * filled stay in the first-level cache. */
enum { PACK_K = 64 };

static void pack_b(float *bp, const float *b, long brs, long bcs, int n,
                   int kc)
{
    int k0 = 0;
    if (n == TILE_N && bcs == 1) {
        for (int k = 0; k < kc; k++)
            memcpy(bp + k * TILE_N, b + k * brs, sizeof(float) * TILE_N);
        return;
    }
#ifdef __AVX__
    if (n == TILE_N && brs == 1)
        for (; k0 + 8 <= kc; k0 += 8)
            for (int j = 0; j < TILE_N; j += 8)
                transpose8(bp + k0 * TILE_N + j, TILE_N, b + k0 + j * bcs,
                           bcs);
#endif
    for (; k0 < kc; k0 += PACK_K) {
        int k1 = kc - k0 < PACK_K ? kc : k0 + PACK_K;
        for (int j = 0; j < TILE_N; j++)
            for (int k = k0; k < k1; k++)
                bp[k * TILE_N + j] = j < n ? b[k * brs + j * bcs] : 0.0f;
    }
}

/* Where the tiles find A: block t (rows t·TILE_M on) starts at
 * base + t·block, its row i at i·row after that, and a row's values lie
 * `step` apart. Packed A is (K·TILE_M, 1, TILE_M); a row-major A read in
 * place is (TILE_M·lda, lda, 1). */
typedef struct {
    const float *base;
    long block, row, step;
} ABlocks;

/* C[:, 0:n] += A · B[:, 0:n] over kc steps of k, for one panel of
 * n <= TILE_N columns; A's rows are found through `a` (above). When
 * `start` is not NULL, each row of C starts from start[0:n] instead of its
 * old value, set by each tile just before it runs: the bias costs no pass
 * of its own over the output. Edge tiles run through the full tile on a
 * zero-padded copy of C, which adds only sums that are thrown away, so
 * every output gets the same bits. */
static void panel(float *c, long ldc, ABlocks a, const float *bp, int M,
                  int kc, int n, const float *start)
{
    for (int i = 0; i < M; i += TILE_M) {
        int m = M - i < TILE_M ? M - i : TILE_M;
        // a ragged block's rows past m repeat its last row (never past the
        // end of A); their sums go to the padded copy below and are dropped
        const float *row[TILE_M];
        for (int r = 0; r < TILE_M; r++)
            row[r] = a.base + (i / TILE_M) * a.block +
                     (r < m ? r : m - 1) * a.row;
        if (m == TILE_M && n == TILE_N) {
            // the next tile's rows of C, asked for now (to be written):
            // they lie ldc floats apart, where no hardware prefetcher looks,
            // and this tile's multiply-adds hide the wait (10% at K = 128)
            for (int r = TILE_M; r < 2 * TILE_M && i + r < M; r++) {
                __builtin_prefetch(c + (i + r) * ldc, 1);
                __builtin_prefetch(c + (i + r) * ldc + TILE_N - 1, 1);
            }
            for (int r = 0; start && r < TILE_M; r++)
                memcpy(c + (i + r) * ldc, start, sizeof(float) * TILE_N);
            tile_full(c + i * ldc, (int)ldc, row, a.step, bp, kc);
            continue;
        }
        float cpad[TILE_M * TILE_N] = {0};
        for (int r = 0; r < m; r++)
            for (int j = 0; j < n; j++)
                cpad[r * TILE_N + j] = start ? start[j] : c[(i + r) * ldc + j];
        tile_full(cpad, TILE_N, row, a.step, bp, kc);
        for (int r = 0; r < m; r++)
            for (int j = 0; j < n; j++)
                c[(i + r) * ldc + j] = cpad[r * TILE_N + j];
    }
}

/* K is taken KC steps at a time, so that the panel of B (KC x TILE_N) and
 * the slice of A that the tiles run over stay in the caches, instead of
 * all of a long K streaming from memory once per panel (the gradients of
 * the weights sum over every token: K = B·T). A tile stores its sums after
 * a slice and reloads them for the next, so each output still adds its
 * products in the order k = 0, 1, ..., K - 1. */
enum { KC = 512 };

/* Where panel j0 of C starts in the first slice of k: from C itself
 * (NULL), from the bias, or from zero. */
static const float *first_slice(int set, const float *bias, int j0)
{
    static const float zeros[TILE_N];
    if (!set) return NULL;
    return bias ? bias + j0 : zeros;
}

/* A row-major A (acs = 1: the activations in the forward pass and in the
 * inputs' gradients) is read where it lies, six rows at a time; copying it
 * first cost about a tenth of the time of the products with 128 columns.
 * A transposed one (the weights' gradients) is packed: read in place, each
 * step of k would fetch a new line of memory for six values. */
static int a_in_place(const Product *p) { return p->acs == 1; }

/* A from row block b0 and step k0 on, as the tiles read it: in place, or
 * from ap, where pack_a has copied it. */
static ABlocks a_blocks(const Product *p, const float *ap, int b0, int k0)
{
    ABlocks in_place = {p->a + (long)b0 * TILE_M * p->ars + k0,
                        TILE_M * p->ars, p->ars, 1};
    ABlocks packed = {ap + ((long)b0 * p->K + k0) * TILE_M,
                      (long)p->K * TILE_M, 1, TILE_M};
    return a_in_place(p) ? in_place : packed;
}

/* Rows r0 .. r1-1 of A in place, summed along k into row_sums (when a
 * product asks for them, for an A that is not packed). */
static void sum_rows(const Product *p, int r0, int r1)
{
    for (int i = r0; p->row_sums && i < r1; i++)
        for (int k = 0; k < p->K; k++)
            p->row_sums[i] += p->a[i * p->ars + k * p->acs];
}

/* Blocks b0 .. b1-1 of A's rows against every panel of B, on the calling
 * thread alone: it packs just those rows (if A needs packing), and they
 * stay in its own caches while all the panels pass by. */
static void row_blocks(const Product *p, int b0, int b1, float *ap)
{
    int M = p->M, N = p->N, K = p->K;
    int r0 = b0 * TILE_M, r1 = b1 * TILE_M < M ? b1 * TILE_M : M;
    if (r0 >= r1) return;
    if (a_in_place(p))
        sum_rows(p, r0, r1);
    else
        pack_a(ap, p, b0, b1);
    float *bp = workspace_get(WORKSPACE_MATMUL_B, (long)KC * TILE_N);
    for (int k0 = 0; k0 < K; k0 += KC) {
        int kc = K - k0 < KC ? K - k0 : KC;
        ABlocks ab = a_blocks(p, ap, b0, k0);
        for (int j0 = 0; j0 < N; j0 += TILE_N) {
            int n = N - j0 < TILE_N ? N - j0 : TILE_N;
            pack_b(bp, p->b + k0 * p->brs + j0 * p->bcs, p->brs, p->bcs, n,
                   kc);
            panel(p->c + r0 * p->ldc + j0, p->ldc, ab, bp, r1 - r0, kc, n,
                  k0 ? NULL : first_slice(p->set, p->bias, j0));
        }
    }
}

/* Threads share the work one of two ways. With at least as many blocks of
 * rows as panels of columns (the activations' products: a thousand tokens
 * against a few hundred features), each takes a run of row blocks, as
 * row_blocks above, and none waits for another's packing. Otherwise (a
 * few rows against many columns, as the MLM decoder's) they share the
 * packing of all of A (if it needs packing) and take whole panels of
 * columns each. Either way one thread computes a whole tile over all of
 * K, and each row sum is one thread's, so the split never changes a bit.
 * M and K are at least 1; N may be 0 (row sums alone). */
static void product(const Product *p)
{
    int M = p->M, N = p->N, K = p->K;
    int blocks = (M + TILE_M - 1) / TILE_M;
    int panels = (N + TILE_N - 1) / TILE_N;
    float *ap = workspace_get(WORKSPACE_MATMUL_A, (long)blocks * K * TILE_M);
    int shared = (long)M * N * K >= PARALLEL_MIN_WORK;
#ifdef _OPENMP
    // inside a parallel loop (attention's heads) each thread works alone:
    // a team of its own would only add the cost of starting it
    shared = shared && omp_get_level() == 0;
#endif
    if (!shared) {
        row_blocks(p, 0, blocks, ap);
        return;
    }
#pragma omp parallel
    {
        int t = 0, nt = 1;
#ifdef _OPENMP
        t = omp_get_thread_num(), nt = omp_get_num_threads();
#endif
        int t0 = (int)((long)blocks * t / nt);
        int t1 = (int)((long)blocks * (t + 1) / nt);
        if (nt == 1 || blocks >= panels) {
            row_blocks(p, t0, t1, ap);
        } else {
            if (a_in_place(p)) {
                sum_rows(p, t0 * TILE_M, t1 * TILE_M < M ? t1 * TILE_M : M);
            } else {
                pack_a(ap, p, t0, t1);
                // every thread reads all of A from here on
#pragma omp barrier
            }
            float *bp = workspace_get(WORKSPACE_MATMUL_B, (long)KC * TILE_N);
            for (int k0 = 0; k0 < K; k0 += KC) {
                int kc = K - k0 < KC ? K - k0 : KC;
                // the same panels in every slice (a static schedule of the
                // same loop), so each thread sees its slices in order
#pragma omp for schedule(static) nowait
                for (int q = 0; q < panels; q++) {
                    int j0 = q * TILE_N;
                    int n = N - j0 < TILE_N ? N - j0 : TILE_N;
                    pack_b(bp, p->b + k0 * p->brs + j0 * p->bcs, p->brs,
                           p->bcs, n, kc);
                    panel(p->c + j0, p->ldc, a_blocks(p, ap, 0, k0), bp, M,
                          kc, n, k0 ? NULL : first_slice(p->set, p->bias, j0));
                }
            }
        }
    }
}

void matmul_strided(float *c, long ldc, const float *a, long ars, long acs,
                    const float *b, long brs, long bcs, int M, int N, int K)
{
    if (M < 1 || N < 1 || K < 1) return;
    Product p = {c, ldc, a, ars, acs, b, brs, bcs, M, N, K, 0, NULL, NULL};
    product(&p);
}

void matmul_forward(float *out, const float *inp, const float *weight,
                    const float *bias, int N, int C, int OC)
{
    if (N < 1 || OC < 1) return;
    if (C < 1) { // no products: the bias alone
        for (long i = 0; i < (long)N * OC; i++)
            out[i] = bias ? bias[i % OC] : 0.0f;
        return;
    }
    // out (N, OC) = bias + inp (N, C) · weightᵀ (C, OC)
    Product p = {out, OC, inp, C, 1, weight, 1, C, N, OC, C, 1, bias, NULL};
    product(&p);
}

/* dweight (OC, C) += doutᵀ (OC, N) · inp (N, C), and dbias (OC) += the
 * sums along the rows of doutᵀ when dbias is not NULL. doutᵀ is the A of
 * the product, copied ("packed") before the tiles run, and the copy adds
 * up each row as it goes, in the order of n: the sum down each column of
 * dout costs no pass of its own over it. */
static void weight_gradients(float *dweight, float *dbias, const float *dout,
                             const float *inp, int N, int C, int OC)
{
    if (OC < 1 || N < 1) return;
    Product p = {dweight, C, dout, 1, OC, inp, C, 1, OC, C, N, 0, NULL, dbias};
    product(&p);
}

//> matmul-backward
void matmul_backward(float *dinp, float *dweight, float *dbias,
                     const float *dout, const float *inp, const float *weight,
                     int N, int C, int OC)
{
    // out = inp · weightᵀ + bias, so
    // dinp (N, C)     += dout (N, OC) · weight (OC, C)
    // dweight (OC, C) += doutᵀ (OC, N) · inp (N, C)
    // dbias (OC)      += Σ_n dout[n]
    matmul_strided(dinp, C, dout, OC, 1, weight, C, 1, N, C, OC);
    weight_gradients(dweight, dbias, dout, inp, N, C, OC);
}
//< matmul-backward
