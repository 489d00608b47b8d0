/* bert_checkpoint: read and write a model directory in Hugging Face's
 * layout, config.json + model.safetensors + vocab.txt, which is exactly
 * what a user has after downloading bert-base-uncased.
 *
 *     Bert m;
 *     Vocab vocab;
 *     if (bert_load(&m, &vocab, "bert-base-uncased", 0, &rng) != 0)
 *         fprintf(stderr, "error: %s\n", error_message());
 *     ...
 *     if (bert_save(&m, &vocab, "build/models/tiny-bert") != 0) ...
 *
 * Loading reads config.json, checks that vocab.txt has vocab_size lines,
 * builds the model, initialises it (bert_init with rng: whatever the file
 * does not hold keeps these values) and reads every tensor straight into
 * its place, converting F16 and BF16. Names are those of
 * BertForPreTraining ("bert.encoder.layer.0.attention.self.query.weight",
 * "cls.predictions.bias", ...); also accepted: names without "bert.",
 * LayerNorm "gamma"/"beta" for "weight"/"bias" (the original
 * bert-base-uncased files use them), and a missing or present
 * "cls.predictions.decoder.weight" (the decoder is the word embedding
 * matrix, tied). Every encoder and pooler tensor must be present, with
 * the shape the configuration implies; the pre-training heads
 * (cls.predictions.*, cls.seq_relationship.*) and the fine-tuning heads
 * (classifier.*, qa_outputs.*) are optional, and which were found is
 * recorded in m->loaded. The classifier's size comes from the file when
 * it holds one, else from num_labels. Tensors of other names are ignored.
 *
 * Saving writes the three files into a fresh directory beside dir and
 * then puts it in dir's place, so a reader (or a Ctrl-C) never sees half
 * a checkpoint. It writes F32, every tensor of the model except
 * qa_outputs.* unless m->loaded has BERT_HAS_QA (set it after training the
 * QA head), and classifier.* only when the model has one.
 *
 * Error contract: 0 on success, or -1 with error_message() naming the
 * file and the tensor or key; on failure nothing needs freeing.
 */
#ifndef BERT_CHECKPOINT_H
#define BERT_CHECKPOINT_H

#include "bert.h"
#include "vocab.h"

int bert_load(Bert *m, Vocab *vocab, const char *dir, int num_labels,
              Rng *rng);
int bert_save(const Bert *m, const Vocab *vocab, const char *dir);
/* Checks, writing nothing, what bert_save would otherwise find only at the
 * end of a training run: that dir's parent can be created and written,
 * and that dir is not a file or a directory holding other files. The
 * same errors as bert_save's. */
int bert_save_check(const char *dir);

#endif
