/* hash: FNV-1a, the string hash of the project's hash tables (the
 * vocabularies' token lookups, the corpus's check for documents seen in
 * training).
 *
 *     uint32_t h = hash_fnv1a(HASH_FNV_START, "play", 4);
 *     h = hash_fnv1a(h, "##ing", 5);   // the same as hashing "play##ing"
 *     slot = h & (n_slots - 1);        // n_slots a power of two
 *
 * Each byte is mixed in with one xor and one multiply (Fowler, Noll and
 * Vo): short keys spread well, and a hash of several pieces is the hash
 * of their concatenation, so a key need not be copied together first.
 */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_START 2166136261u  /* FNV-1a's 32-bit offset basis */

/* h, continued over the n bytes at p. */
uint32_t hash_fnv1a(uint32_t h, const void *p, size_t n);

#endif
