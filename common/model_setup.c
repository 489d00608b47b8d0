#include "model_setup.h"

#include "bert_checkpoint.h"
#include "corpus_tokenizer.h"
#include "error.h"

static int load(Bert *m, Tokenizer *tok, const char *dir, int need, Rng *rng)
{
    static const struct {
        int flag;
        const char *what;
    } heads[] = {
        {BERT_HAS_MLM, "masked-LM head (no cls.predictions.* tensors)"},
        {BERT_HAS_NSP, "next-sentence head (no cls.seq_relationship.*)"},
        {BERT_HAS_CLASSIFIER, "classifier (no classifier.* tensors)"},
        {BERT_HAS_QA, "question-answering head (no qa_outputs.*)"},
    };
    Vocab v;
    if (bert_load(m, &v, dir, 0, rng) != 0) return -1;
    if (tokenizer_init(tok, &v, 0) != 0) { // no [UNK]: the file's fault
        vocab_free(&v);
        bert_free(m);
        return error_set("%s/vocab.txt: %s", dir, error_message());
    }
    for (int i = 0; i < 4; i++)
        if ((need & heads[i].flag) && !(m->loaded & heads[i].flag))
            return error_set("%s: the checkpoint has no %s", dir,
                             heads[i].what);
    return 0;
}

int model_setup(Bert *m, Tokenizer *tok, const char *model_dir, int need,
                const Corpus *corpus, const SmallBert *size, Rng *rng)
{
    if (model_dir) return load(m, tok, model_dir, need, rng);
    if (corpus_tokenizer(tok, corpus, size->vocab_size) != 0) return -1;
    BertConfig cfg;
    bert_config_preset(&cfg, "tiny");
    cfg.vocab_size = tok->vocab.n;
    cfg.hidden_size = size->hidden;
    cfg.num_hidden_layers = size->layers;
    cfg.num_attention_heads = size->heads;
    cfg.intermediate_size = 4 * size->hidden;
    cfg.max_position_embeddings = size->seq_len;
    cfg.hidden_dropout_prob = size->dropout;
    if (bert_build(m, &cfg, 0) != 0) return -1;
    bert_init(m, rng);
    return bert_enable_training(m);
}
