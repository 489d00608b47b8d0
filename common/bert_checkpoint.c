#include "bert_checkpoint.h"

#include "error.h"
#include "fileio.h"
#include "safetensors.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The spellings a checkpoint may use for one of our names: as is, without
 * "bert.", and with LayerNorm's old gamma/beta. Returns the tensor found
 * or NULL. */
static const StTensor *find_any(const SafeTensors *st, const char *name)
{
    char alt[4][128];
    int n = 0;
    snprintf(alt[n++], sizeof alt[0], "%s", name);
    if (!strncmp(name, "bert.", 5)) snprintf(alt[n++], sizeof alt[0], "%s",
                                             name + 5);
    for (int i = 0, k = n; i < k; i++) {
        const char *ln = strstr(alt[i], "LayerNorm.");
        if (!ln) continue;
        int head = (int)(ln - alt[i]) + 10;
        const char *old = !strcmp(ln + 10, "weight") ? "gamma"
                          : !strcmp(ln + 10, "bias") ? "beta" : NULL;
        if (!old) continue;
        // Built in place: the new spelling shares alt[i]'s prefix.
        memcpy(alt[n], alt[i], (size_t)head);
        snprintf(alt[n] + head, sizeof alt[0] - (size_t)head, "%s", old);
        n++;
    }
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < st->n; k++)
            if (!strcmp(st->tensors[k].name, alt[i])) return &st->tensors[k];
    }
    return NULL;
}

static int head_flag(const char *name)
{
    if (!strncmp(name, "cls.predictions.", 16)) return BERT_HAS_MLM;
    if (!strncmp(name, "cls.seq_relationship.", 21)) return BERT_HAS_NSP;
    if (!strncmp(name, "classifier.", 11)) return BERT_HAS_CLASSIFIER;
    if (!strncmp(name, "qa_outputs.", 11)) return BERT_HAS_QA;
    return 0; // encoder or pooler: required
}

/* Every required tensor is present, and every tensor found has the shape
 * the configuration implies. Checked before the model's memory is
 * touched, so a config.json that claims a far larger model than the file
 * holds fails at once instead of after initialising all of it. */
static int check_tensors(const Bert *m, const SafeTensors *st,
                         const char *path)
{
    for (int i = 0; i < m->num_tensors; i++) {
        const BertTensor *t = &m->tensors[i];
        const StTensor *s = find_any(st, t->name);
        if (!s && !head_flag(t->name))
            return error_set("%s: missing tensor %s", path, t->name);
        if (s && safetensors_check_shape(st, s, t->ndim, t->shape) != 0)
            return -1;
    }
    return 0;
}

static int read_tensors(Bert *m, const SafeTensors *st)
{
    int found_heads = 0, missing_heads = 0;
    for (int i = 0; i < m->num_tensors; i++) {
        const BertTensor *t = &m->tensors[i];
        const StTensor *s = find_any(st, t->name);
        int flag = head_flag(t->name);
        if (!s) {
            missing_heads |= flag;
            continue;
        }
        if (safetensors_read(st, s, m->param_block + t->offset, t->size) != 0)
            return -1;
        found_heads |= flag;
    }
    // a head counts as loaded only when all of its tensors were there
    m->loaded = found_heads & ~missing_heads;
    return 0;
}

int bert_load(Bert *m, Vocab *vocab, const char *dir, int num_labels,
              Rng *rng)
{
    char path[FILEIO_PATH_MAX];
    BertConfig cfg;
    memset(m, 0, sizeof *m);
    if (fileio_join(path, sizeof path, dir, "config.json") != 0 ||
        bert_config_read(&cfg, path) != 0)
        return -1;
    if (fileio_join(path, sizeof path, dir, "vocab.txt") != 0 ||
        vocab_load(vocab, path) != 0)
        return -1;
    if (vocab->n != cfg.vocab_size) {
        error_set("%s: %d tokens, but config.json says vocab_size %d", path,
                  vocab->n, cfg.vocab_size);
        vocab_free(vocab);
        return -1;
    }
    SafeTensors st;
    if (fileio_join(path, sizeof path, dir, "model.safetensors") != 0 ||
        safetensors_open(&st, path) != 0) {
        vocab_free(vocab);
        return -1;
    }
    const StTensor *cls = safetensors_find(&st, "classifier.weight");
    if (cls && cls->ndim == 2 && cls->shape[0] > 0 &&
        cls->shape[0] <= 100000)
        num_labels = (int)cls->shape[0];
    int rc = bert_build(m, &cfg, num_labels);
    if (rc == 0) {
        rc = check_tensors(m, &st, path);
        if (rc == 0) {
            bert_init(m, rng);
            rc = read_tensors(m, &st);
        }
        if (rc != 0) bert_free(m);
    }
    safetensors_close(&st);
    if (rc != 0) vocab_free(vocab);
    return rc;
}

/* ---- saving ------------------------------------------------------------- */

static int write_files(const Bert *m, const Vocab *vocab, const char *dir)
{
    char path[FILEIO_PATH_MAX];
    if (fileio_join(path, sizeof path, dir, "config.json") != 0 ||
        bert_config_write(&m->cfg, path) != 0)
        return -1;
    if (fileio_join(path, sizeof path, dir, "vocab.txt") != 0 ||
        vocab_save(vocab, path) != 0)
        return -1;
    StWriteEntry *e = calloc((size_t)m->num_tensors, sizeof *e);
    if (!e) return error_set("%s: out of memory", dir);
    int n = 0;
    for (int i = 0; i < m->num_tensors; i++) {
        const BertTensor *t = &m->tensors[i];
        if (head_flag(t->name) == BERT_HAS_QA && !(m->loaded & BERT_HAS_QA))
            continue;
        e[n++] = (StWriteEntry){t->name, t->ndim, t->shape,
                                m->param_block + t->offset};
    }
    static const char *const meta[] = {"format", "pt", NULL};
    int rc = fileio_join(path, sizeof path, dir, "model.safetensors");
    if (rc == 0) rc = safetensors_write(path, e, n, meta);
    free(e);
    return rc;
}

static const char *const FILES[3] = {"config.json", "vocab.txt",
                                     "model.safetensors"};

/* Removes a directory holding at most our three files; fails (and leaves
 * it) when it holds anything else. */
static int remove_checkpoint_dir(const char *dir)
{
    char path[FILEIO_PATH_MAX];
    for (int i = 0; i < 3; i++)
        if (fileio_join(path, sizeof path, dir, FILES[i]) == 0) unlink(path);
    if (rmdir(dir) != 0)
        return error_set("%s: cannot remove: %s", dir, strerror(errno));
    return 0;
}

static int only_checkpoint_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int ok = 1;
    while ((e = readdir(d)) != NULL) {
        int ours = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
        for (int i = 0; i < 3; i++) ours |= !strcmp(e->d_name, FILES[i]);
        ok &= ours;
    }
    closedir(d);
    return ok;
}

/* What bert_save(dir) refuses before it writes anything: a dir that is a
 * file or holds other files. Sets *exists. */
static int check_target(const char *dir, int *exists)
{
    struct stat st;
    *exists = stat(dir, &st) == 0;
    if (*exists && (!S_ISDIR(st.st_mode) || !only_checkpoint_files(dir)))
        return error_set("%s: exists and holds other files; save to a new "
                         "directory", dir);
    return 0;
}

/* The paths bert_save works with: dir without trailing slashes (else
 * "out/m/" would be made inside itself and could not take its own place)
 * and the directory holding it, where the new checkpoint is made first. */
static int save_paths(const char *dir, char *name, char *parent)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (n + sizeof ".old.XXXXXX" > FILEIO_PATH_MAX)
        return error_set("%s: path too long", dir);
    memcpy(name, dir, n);
    name[n] = '\0';
    memcpy(parent, name, n + 1);
    char *slash = strrchr(parent, '/');
    if (!slash) strcpy(parent, ".");
    else if (slash == parent) parent[1] = '\0'; // "/x" is in "/"
    else *slash = '\0';
    return 0;
}

int bert_save_check(const char *dir)
{
    char name[FILEIO_PATH_MAX], parent[FILEIO_PATH_MAX];
    if (save_paths(dir, name, parent) != 0) return -1;
    if (fileio_check_dir(parent) != 0) {
        char why[512];
        snprintf(why, sizeof why, "%s", error_message());
        return error_set("%s: cannot create: %s", dir, why);
    }
    int exists;
    return check_target(name, &exists);
}

int bert_save(const Bert *m, const Vocab *vocab, const char *path)
{
    char dir[FILEIO_PATH_MAX], parent[FILEIO_PATH_MAX];
    char tmp[FILEIO_PATH_MAX], old[FILEIO_PATH_MAX];
    if (save_paths(path, dir, parent) != 0 ||
        snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", dir) >= (int)sizeof tmp ||
        snprintf(old, sizeof old, "%s.old.XXXXXX", dir) >= (int)sizeof old)
        return error_set("%s: path too long", path);
    if (strcmp(parent, ".") && strcmp(parent, "/")) {
        if (fileio_mkdirs(parent) != 0) {
            char why[512];
            snprintf(why, sizeof why, "%s", error_message());
            return error_set("%s: cannot create: %s", dir, why);
        }
    }
    int exists;
    if (check_target(dir, &exists) != 0) return -1;
    if (!mkdtemp(tmp))
        return error_set("%s: cannot create: %s", tmp, strerror(errno));
    mode_t mask = umask(0); // mkdtemp makes it private; a model is not
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    if (write_files(m, vocab, tmp) != 0) {
        char why[512];
        snprintf(why, sizeof why, "%s", error_message());
        remove_checkpoint_dir(tmp);
        return error_set("%s", why);
    }
    // swap: the old checkpoint steps aside, the new one takes its name
    if (exists && (!mkdtemp(old) || rename(dir, old) != 0)) {
        remove_checkpoint_dir(tmp);
        return error_set("%s: cannot replace: %s", dir, strerror(errno));
    }
    if (rename(tmp, dir) != 0) {
        int e = errno;
        if (exists) rename(old, dir);
        remove_checkpoint_dir(tmp);
        return error_set("%s: cannot rename into place: %s", dir, strerror(e));
    }
    if (exists) remove_checkpoint_dir(old);
    return 0;
}
