/* Tests of toy_tokenizer.h: characters decoded from UTF-8 (the poem of
 * chapter 01), words split at spaces and punctuation and lower-cased
 * (chapter 02), ids in order of first appearance, counts, lookups, a
 * vocabulary that grows past its first hash table, and clear errors. */
#include "error.h"
#include "testutil.h"
#include "toy_tokenizer.h"

#include <stdio.h>
#include <string.h>

/* The texts of ids.ids[0 .. n), joined by '|', into buf. */
static const char *joined(const ToyVocab *v, const ToyIds *ids, char *buf,
                          int cap)
{
    int len = 0;
    buf[0] = '\0';
    for (int i = 0; i < ids->n && len < cap; i++)
        len += snprintf(buf + len, (size_t)(cap - len), "%s%s", i ? "|" : "",
                        toy_vocab_token(v, ids->ids[i]));
    return buf;
}

START_TEST(test_poem_characters)
{
    ToyVocab v = {0};
    ToyIds ids = {0};
    const char *poem = "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡";
    ck_assert_int_eq(toy_split_chars(&v, poem, TOY_ADD, &ids), 0);
    // 20 characters and 3 line breaks; 17 distinct characters and "\n"
    ck_assert_int_eq(ids.n, 23);
    ck_assert_int_eq(v.n, 18);
    ck_assert_str_eq(toy_vocab_token(&v, ids.ids[0]), "床");
    ck_assert_str_eq(toy_vocab_token(&v, ids.ids[5]), "\n");
    ck_assert_str_eq(toy_vocab_token(&v, ids.ids[22]), "乡");
    // 明 and 月 come back in line 3 with the ids they got in line 1
    ck_assert_int_eq(ids.ids[15], ids.ids[2]);
    ck_assert_int_eq(ids.ids[16], ids.ids[3]);
    ck_assert_int_eq(ids.ids[0], 0);
    ck_assert_int_eq(ids.ids[6], 6);   // 疑, the first new one after "\n"
    ck_assert_int_eq(v.counts[toy_vocab_id(&v, "明")], 2);
    ck_assert_int_eq(v.counts[toy_vocab_id(&v, "\n")], 3);
    ck_assert_int_eq(toy_vocab_id(&v, "霜"), ids.ids[10]);
    ck_assert_int_eq(toy_vocab_id(&v, "moon"), -1);
    ck_assert_ptr_null(toy_vocab_token(&v, 18));
    ck_assert_ptr_null(toy_vocab_token(&v, -1));
    toy_ids_free(&ids);
    toy_vocab_free(&v);
    ck_assert_int_eq(v.n, 0);
    toy_vocab_free(&v);   // twice is fine
}
END_TEST

START_TEST(test_words)
{
    ToyVocab v = {0};
    ToyIds ids = {0};
    char buf[256];
    ck_assert_int_eq(toy_split_words(&v, "Rome is the capital of Italy.",
                                     TOY_ADD | TOY_LOWER, &ids), 0);
    ck_assert_str_eq(joined(&v, &ids, buf, sizeof buf),
                     "rome|is|the|capital|of|italy");
    ids.n = 0;
    ck_assert_int_eq(toy_split_words(&v, "  Bangladesh's  capital,Dhaka!\t",
                                     TOY_ADD | TOY_LOWER, &ids), 0);
    ck_assert_str_eq(joined(&v, &ids, buf, sizeof buf),
                     "bangladesh|s|capital|dhaka");
    ck_assert_int_eq(v.counts[toy_vocab_id(&v, "capital")], 2);
    ids.n = 0;
    // without TOY_LOWER the case stays; letters beyond ASCII are letters
    ck_assert_int_eq(toy_split_words(&v, "ÉCOLE in Zürich, 2024", TOY_ADD,
                                     &ids), 0);
    ck_assert_str_eq(joined(&v, &ids, buf, sizeof buf),
                     "ÉCOLE|in|Zürich|2024");
    ids.n = 0;
    ck_assert_int_eq(toy_split_words(&v, "ÉCOLE Zürich",
                                     TOY_ADD | TOY_LOWER, &ids), 0);
    ck_assert_str_eq(joined(&v, &ids, buf, sizeof buf), "école|zürich");
    ids.n = 0;
    ck_assert_int_eq(toy_split_words(&v, "", TOY_ADD, &ids), 0);
    ck_assert_int_eq(toy_split_words(&v, " .,;! ", TOY_ADD, &ids), 0);
    ck_assert_int_eq(ids.n, 0);
    toy_ids_free(&ids);
    toy_vocab_free(&v);
}
END_TEST

START_TEST(test_read_only_vocabulary)
{
    ToyVocab v = {0};
    ToyIds ids = {0};
    ck_assert_int_eq(toy_split_words(&v, "the", 0, &ids), -1);  // empty
    ck_assert_int_eq(toy_split_words(&v, "the moon", TOY_ADD, &ids), 0);
    ids.n = 0;
    ck_assert_int_eq(toy_split_words(&v, "The moon the", TOY_LOWER, &ids), 0);
    ck_assert_int_eq(ids.n, 3);
    ck_assert_int_eq(v.counts[0], 1);   // looking up counts nothing
    ck_assert_int_eq(toy_split_words(&v, "the sun", 0, &ids), -1);
    ck_assert_str_eq(error_message(), "'sun': not in the vocabulary");
    ck_assert_int_eq(toy_split_chars(&v, "月", 0, &ids), -1);
    ck_assert_str_eq(error_message(), "'月': not in the vocabulary");
    ck_assert_int_eq(v.n, 2);
    toy_ids_free(&ids);
    toy_vocab_free(&v);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    ToyVocab v = {0};
    ToyIds ids = {0};
    ck_assert_int_eq(toy_split_chars(&v, "ab\xff", TOY_ADD, &ids), -1);
    ck_assert_str_eq(error_message(), "byte 2: invalid UTF-8");
    ck_assert_int_eq(toy_split_words(&v, "a \xe6\x9c", TOY_ADD, &ids), -1);
    ck_assert_str_eq(error_message(), "byte 2: invalid UTF-8");
    ck_assert_int_eq(toy_split_chars(&v, "\xed\xa0\x80", TOY_ADD, &ids), -1);
    toy_ids_free(&ids);
    toy_vocab_free(&v);
}
END_TEST

START_TEST(test_many_tokens)
{
    ToyVocab v = {0};
    ToyIds ids = {0};
    char word[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            snprintf(word, sizeof word, "w%d", i);
            ck_assert_int_eq(toy_split_words(&v, word, TOY_ADD, &ids), 0);
        }
    ck_assert_int_eq(v.n, 5000);
    ck_assert_int_eq(ids.n, 10000);
    for (int i = 0; i < 5000; i++) {
        snprintf(word, sizeof word, "w%d", i);
        ck_assert_int_eq(toy_vocab_id(&v, word), i);
        ck_assert_int_eq(ids.ids[5000 + i], i);
        ck_assert_int_eq(v.counts[i], 2);
    }
    ck_assert_int_lt(2 * v.n, v.n_slots + 1);
    toy_ids_free(&ids);
    toy_vocab_free(&v);
}
END_TEST

Suite *suite_toy_tokenizer(void)
{
    Suite *s = suite_create("toy_tokenizer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_poem_characters);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_read_only_vocabulary);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_many_tokens);
    suite_add_tcase(s, tc);
    return s;
}
