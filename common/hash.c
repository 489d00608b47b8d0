#include "hash.h"

uint32_t hash_fnv1a(uint32_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u; // FNV prime
    return h;
}
