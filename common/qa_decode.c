#include "qa_decode.h"

#include "error.h"
#include "softmax.h"
#include "topk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A growing array of ints or longs (whichever elem says). */
typedef struct {
    void *data;
    long n, cap;
    size_t elem;
} Grow;

static int grow_push(Grow *g, const void *x, long count)
{
    if (g->n + count > g->cap) {
        long cap = g->cap ? g->cap : 256;
        while (cap < g->n + count) cap *= 2;
        void *p = realloc(g->data, (size_t)cap * g->elem);
        if (!p) return error_set("qa: out of memory");
        g->data = p;
        g->cap = cap;
    }
    memcpy((char *)g->data + (size_t)g->n * g->elem, x,
           (size_t)count * g->elem);
    g->n += count;
    return 0;
}

/* The windows of run_squad.py over n context tokens: calls with (start,
 * length) for each; returns how many there are. */
static int windows(int n, int max_doc, int stride, int *starts, int *lens)
{
    int count = 0;
    for (int start = 0; start < n;) {
        int len = n - start < max_doc ? n - start : max_doc;
        if (starts) starts[count] = start, lens[count] = len;
        count++;
        if (start + len == n) break;
        start += len < stride ? len : stride;
    }
    return count;
}

/* The answer's first and last context tokens, from its bytes. */
static int answer_tokens(const QaExample *x, const long *begin,
                         const long *end, int n, int *first, int *last)
{
    long len = (long)strlen(x->context), a_len = (long)strlen(x->answer);
    long a = x->answer_start, b = a + a_len;
    if (a < 0 || b > len || memcmp(x->context + a, x->answer, (size_t)a_len))
        return error_set("qa: answer \"%.40s\" is not in its context at "
                         "byte %d", x->answer, x->answer_start);
    *first = -1, *last = -1;
    for (int i = 0; i < n; i++) {
        if (*first < 0 && end[i] > a) *first = i;
        if (begin[i] < b) *last = i;
    }
    if (*first < 0 || *last < *first)
        return error_set("qa: answer \"%.40s\" has no token", x->answer);
    return 0;
}

/* Per example: question ids, context ids and spans, counted windows. */
typedef struct {
    Grow q_ids, q_start, c_ids, begin, end;
    int *n_windows, *max_doc;
} Pass;

static int tokenize_all(Pass *p, QaFeatures *f, const Tokenizer *tok,
                        const QaExample *ex, int n, const QaWindowConfig *c)
{
    TokenList tl = {0};
    int rc = 0;
    for (int e = 0; e < n && rc == 0; e++) {
        const char *q = ex[e].question, *ctx = ex[e].context;
        if (tokenizer_tokenize(tok, q, (long)strlen(q), &tl) < 0) rc = -1;
        int nq = tl.n < c->max_query_len ? tl.n : c->max_query_len;
        int at = (int)p->q_ids.n;
        if (rc == 0) rc = grow_push(&p->q_ids, tl.ids, nq);
        if (rc == 0) rc = grow_push(&p->q_start, &at, 1);
        p->max_doc[e] = c->max_seq_len - nq - 3;
        if (rc == 0 && p->max_doc[e] < 1)
            rc = error_set("qa: a question of %d tokens leaves no room for "
                           "the context in %d", nq, c->max_seq_len);
        if (rc == 0 && tokenizer_tokenize(tok, ctx, (long)strlen(ctx), &tl) < 0)
            rc = -1;
        if (rc == 0 && tl.n == 0)
            rc = error_set("qa: context \"%.40s\" has no tokens", ctx);
        f->token_start[e] = (int)p->c_ids.n;
        if (rc == 0) rc = grow_push(&p->c_ids, tl.ids, tl.n);
        if (rc == 0) rc = grow_push(&p->begin, tl.start, tl.n);
        if (rc == 0) rc = grow_push(&p->end, tl.end, tl.n);
        if (rc == 0)
            p->n_windows[e] = windows(tl.n, p->max_doc[e], c->doc_stride,
                                      NULL, NULL);
    }
    int at = (int)p->q_ids.n;
    if (rc == 0) rc = grow_push(&p->q_start, &at, 1);
    f->token_start[n] = (int)p->c_ids.n;
    tokenizer_tokens_free(&tl);
    return rc;
}

/* The rows of example e, from row r on. */
static int fill_rows(QaFeatures *f, const Pass *p, const Tokenizer *tok,
                     const QaExample *x, int e, int r, int *starts, int *lens,
                     const QaWindowConfig *c)
{
    const int *q = (const int *)p->q_ids.data + ((int *)p->q_start.data)[e];
    int nq = ((int *)p->q_start.data)[e + 1] - ((int *)p->q_start.data)[e];
    int t0 = f->token_start[e], n = f->token_start[e + 1] - t0;
    const int *ids = (const int *)p->c_ids.data + t0;
    int first = 0, last = 0;
    if (x->answer && answer_tokens(x, f->tok_begin + t0, f->tok_end + t0, n,
                                   &first, &last) != 0)
        return -1;
    int count = windows(n, p->max_doc[e], c->doc_stride, starts, lens);
    FinetuneData *d = &f->rows;
    for (int w = 0; w < count; w++, r++) {
        long at = (long)r * d->T;
        d->length[r] = tokenizer_build_input(tok, q, nq, ids + starts[w],
                                             lens[w], d->T, d->ids + at,
                                             d->segments + at, NULL);
        if (d->length[r] < 0) return -1;
        f->row_example[r] = e;
        f->row_doc_start[r] = starts[w];
        f->row_doc_len[r] = lens[w];
        f->row_doc_offset[r] = nq + 2;
        int *label = d->labels + 2L * r;
        if (!x->answer) { // nothing to learn from
            label[0] = label[1] = SOFTMAX_IGNORE;
        } else if (first >= starts[w] && last < starts[w] + lens[w]) {
            label[0] = first - starts[w] + nq + 2;
            label[1] = last - starts[w] + nq + 2;
        } else { // not inside this window: point at [CLS]
            label[0] = label[1] = 0;
        }
    }
    return 0;
}

int qa_features_build(QaFeatures *f, const Tokenizer *tok,
                      const QaExample *ex, int n, const QaWindowConfig *cfg)
{
    memset(f, 0, sizeof *f);
    if (n < 1 || cfg->max_seq_len < 4 || cfg->doc_stride < 1 ||
        cfg->max_query_len < 0)
        return error_set("qa: bad windows (%d examples, max_seq_len %d, "
                         "doc_stride %d)", n, cfg->max_seq_len,
                         cfg->doc_stride);
    Pass p = {{0, 0, 0, sizeof(int)}, {0, 0, 0, sizeof(int)},
              {0, 0, 0, sizeof(int)}, {0, 0, 0, sizeof(long)},
              {0, 0, 0, sizeof(long)}, NULL, NULL};
    p.n_windows = malloc(sizeof(int) * (size_t)n);
    p.max_doc = malloc(sizeof(int) * (size_t)n);
    f->token_start = malloc(sizeof(int) * (size_t)(n + 1));
    f->example_row = malloc(sizeof(int) * (size_t)(n + 1));
    f->n_examples = n;
    int rc = p.n_windows && p.max_doc && f->token_start && f->example_row
                 ? tokenize_all(&p, f, tok, ex, n, cfg)
                 : error_set("qa: out of memory");
    long rows = 0;
    for (int e = 0; e < n && rc == 0; e++) {
        f->example_row[e] = (int)rows;
        rows += p.n_windows[e];
    }
    if (rc == 0) {
        f->example_row[n] = (int)rows;
        f->tok_begin = p.begin.data, f->tok_end = p.end.data;
        p.begin.data = p.end.data = NULL;
        rc = finetune_data_alloc(&f->rows, FINETUNE_QA, (int)rows,
                                 cfg->max_seq_len);
    }
    int *ints = rc == 0 ? malloc(sizeof(int) * (size_t)rows * 4) : NULL;
    int *starts = rc == 0 ? malloc(sizeof(int) * 2 * (size_t)rows) : NULL;
    if (rc == 0 && (!ints || !starts)) rc = error_set("qa: out of memory");
    if (rc == 0) {
        f->row_example = ints;
        f->row_doc_start = ints + rows;
        f->row_doc_len = ints + 2 * rows;
        f->row_doc_offset = ints + 3 * rows;
        ints = NULL;
    }
    for (int e = 0; e < n && rc == 0; e++)
        rc = fill_rows(f, &p, tok, &ex[e], e, f->example_row[e], starts,
                       starts + rows, cfg);
    free(ints), free(starts), free(p.n_windows), free(p.max_doc);
    free(p.q_ids.data), free(p.q_start.data), free(p.c_ids.data);
    free(p.begin.data), free(p.end.data);
    if (rc != 0) qa_features_free(f);
    return rc;
}

void qa_features_free(QaFeatures *f)
{
    finetune_data_free(&f->rows);
    free(f->row_example); // the block of the four row arrays
    free(f->example_row), free(f->token_start);
    free(f->tok_begin), free(f->tok_end);
    memset(f, 0, sizeof *f);
}

//> max-context
int qa_is_max_context(const QaFeatures *f, int row, int p)
{
    int e = f->row_example[row], best = -1;
    double best_score = 0.0;
    for (int r = f->example_row[e]; r < f->example_row[e + 1]; r++) {
        int start = f->row_doc_start[r], len = f->row_doc_len[r];
        if (p < start || p >= start + len) continue;
        int left = p - start, right = start + len - 1 - p;
        double score = (left < right ? left : right) + 0.01 * len;
        if (best < 0 || score > best_score) best = r, best_score = score;
    }
    return best == row;
}
//< max-context

static int compare_spans(const void *pa, const void *pb)
{
    const QaSpan *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    if (a->row != b->row) return a->row < b->row ? -1 : 1;
    if (a->start_pos != b->start_pos) return a->start_pos < b->start_pos ? -1
                                                                         : 1;
    return (a->end_pos > b->end_pos) - (a->end_pos < b->end_pos);
}

//> span-search
/* Every pair of a top start and a top end of row r that makes a valid
 * answer, appended to out. */
static int row_candidates(const QaFeatures *f, int r, const float *start,
                          const float *end, const QaDecodeConfig *c,
                          int *si, int *ei, QaSpan *out)
{
    int T = f->rows.T, len = f->rows.length[r], count = 0;
    int lo = f->row_doc_offset[r], hi = lo + f->row_doc_len[r]; // context
    const float *s = start + (long)r * T, *en = end + (long)r * T;
    int ns = topk_indices(si, s, len, c->n_best);
    int ne = topk_indices(ei, en, len, c->n_best);
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ne; j++) {
            int a = si[i], b = ei[j];
            if (a < lo || a >= hi || b < lo || b >= hi) continue;
            if (b < a || b - a + 1 > c->max_answer_len) continue;
            if (!qa_is_max_context(f, r, f->row_doc_start[r] + a - lo))
                continue;
            float score = s[a] + en[b];
            if (isfinite(score))
                out[count++] = (QaSpan){0, 0, score, 0.0f, r, a, b};
        }
    return count;
}
//< span-search

/* The byte span in the context of the tokens of a candidate. */
static void span_bytes(const QaFeatures *f, QaSpan *x)
{
    int e = f->row_example[x->row];
    int base = f->token_start[e] + f->row_doc_start[x->row] -
               f->row_doc_offset[x->row];
    x->start = f->tok_begin[base + x->start_pos];
    x->end = f->tok_end[base + x->end_pos];
}

int qa_decode(const QaFeatures *f, int e, const char *context,
              const float *start_logits, const float *end_logits,
              const QaDecodeConfig *cfg, QaSpan *out, int cap)
{
    if (e < 0 || e >= f->n_examples || cfg->n_best < 1 ||
        cfg->max_answer_len < 1)
        return error_set("qa: bad decoding request (example %d, n_best "
                         "%d)", e, cfg->n_best);
    int r0 = f->example_row[e], r1 = f->example_row[e + 1];
    long most = (long)(r1 - r0) * cfg->n_best * cfg->n_best;
    QaSpan *all = malloc(sizeof *all * (size_t)most);
    int *idx = malloc(sizeof(int) * 2 * (size_t)cfg->n_best);
    if (!all || !idx) {
        free(all), free(idx);
        return error_set("qa: out of memory");
    }
    long n = 0;
    for (int r = r0; r < r1; r++)
        n += row_candidates(f, r, start_logits, end_logits, cfg, idx,
                            idx + cfg->n_best, all + n);
    qsort(all, (size_t)n, sizeof *all, compare_spans);
    // the best n_best answers with different texts
    int kept = 0, limit = cap < cfg->n_best ? cap : cfg->n_best;
    for (long i = 0; i < n && kept < limit; i++) {
        span_bytes(f, &all[i]);
        int seen = 0;
        for (int k = 0; k < kept && !seen; k++)
            seen = out[k].end - out[k].start == all[i].end - all[i].start &&
                   !memcmp(context + out[k].start, context + all[i].start,
                           (size_t)(all[i].end - all[i].start));
        if (!seen) out[kept++] = all[i];
    }
    // probabilities: a softmax over the kept scores
    double sum = 0.0;
    for (int k = 0; k < kept; k++)
        sum += exp((double)out[k].score - out[0].score);
    for (int k = 0; k < kept; k++)
        out[k].prob = (float)(exp((double)out[k].score - out[0].score) / sum);
    free(all), free(idx);
    return kept;
}
