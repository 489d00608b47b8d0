/* fuzz_config: libFuzzer target for the config.json reader.
 *
 *     clang -g -O1 -fsanitize=fuzzer,address,undefined -Icommon \
 *         $(pkg-config --cflags libcjson) tests/fuzz/fuzz_config.c \
 *         common/[a-z]*.c $(pkg-config --libs libcjson libpng libutf8proc) \
 *         -lm -o fuzz_config
 *     cp -r tests/fuzz/corpus_config /tmp/corpus
 *     ./fuzz_config -max_total_time=120 /tmp/corpus
 *
 * Each input is the text of a config.json. Whatever parses must pass the
 * validator again, and its parameter counts must not overflow (UBSan
 * reports signed overflow), which is what the reader's caps promise.
 */
#include "bert_config.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    BertConfig cfg;
    if (size > (1u << 20)) return 0;
    if (bert_config_parse(&cfg, (const char *)data, (long)size, "fuzz") != 0)
        return 0;
    if (bert_config_validate(&cfg, "fuzz") != 0) abort();
    if (bert_config_param_count(&cfg) <= 0 ||
        bert_config_param_count_pretraining(&cfg) <=
            bert_config_param_count(&cfg))
        abort();
    return 0;
}
