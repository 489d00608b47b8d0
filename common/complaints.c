#include "complaints.h"

#include "error.h"
#include "rng.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COMPLAINTS 1000000
#define TEXT_MAX 512
/* DEV and TEST are other streams of the same generator. */
#define DEV_STREAM 0x9E3779B97F4A7C15ull
#define TEST_STREAM 0xC2B2AE3D27D4EB4Full

const char *const COMPLAINT_LABELS[COMPLAINT_N_LABELS] = {
    "hardware", "software", "billing",
};

typedef struct {
    const char *const *text;
    int n;
} List;

#define LIST(arr) {arr, (int)(sizeof arr / sizeof arr[0])}

/* Templates, in the slots of complaints_render. */
static const char *const HARDWARE_TRAIN[] = {
    "My {p}'s {l} is not working, I tried {f} but still nothing.",
    "The {l} on my {p} keeps blinking red.",
    "My {p} stopped working after the storm last night.",
    "The power cable of my {p} is broken.",
    "My {p} gets very hot and switches itself off.",
    "The {p} you sent me makes a strange noise.",
    "One of the ports on my {p} is broken.",
    "My {p} does not turn on anymore, I tried {f}.",
    "The antenna of my {p} broke off.",
    "The {l} of my {p} is off and nothing happens when I press the button.",
};
static const char *const HARDWARE_TEST[] = {
    "Since yesterday the {p} will not power up at all.",
    "There is a burning smell coming from my {p}.",
    "Water got into my {p} and now it is dead.",
    "The plug of my {p} is loose and sparks when I touch it.",
    "The case of my {p} is cracked and the {l} flickers.",
};
static const char *const SOFTWARE_TRAIN[] = {
    "The {p} keeps crashing every time I open the {g} page.",
    "I cannot log in to the {p}, it says my password is wrong.",
    "After the last update the {p} does not start anymore.",
    "The {p} freezes when I try to {a}.",
    "The {p} shows an error message when I try to {a}.",
    "The {p} is very slow and often closes by itself.",
    "I cannot install the {p} on my phone.",
    "The {g} page of the {p} is empty.",
    "Every time I try to {a}, the {p} crashes.",
};
static const char *const SOFTWARE_TEST[] = {
    "When I tap {g} in the {p}, it jumps back to the home screen.",
    "The latest version of the {p} logs me out every few minutes.",
    "Since the upgrade, the {p} displays a blank white screen.",
    "The {p} will not let me {a}, the button does nothing.",
    "Nothing loads in the {p} after I enter my login details.",
};
static const char *const BILLING_TRAIN[] = {
    "I was charged twice for my {p} {t}.",
    "My bill for the {p} is much higher {t} than usual.",
    "I cancelled my {p} but you still take money from my account.",
    "I want a refund for the {p}, I never used it.",
    "Why do I pay more for the {p} than the price on your website?",
    "The direct debit for my {p} was taken two times {t}.",
    "My invoice for the {p} shows a late fee although I paid on time.",
    "You charged me for the {p} although I never ordered it.",
    "The price of my {p} went up {t} without any notice.",
};
static const char *const BILLING_TEST[] = {
    "My statement shows an extra fee for the {p} that nobody explained.",
    "You took money from my card for the {p} after I ended the contract.",
    "The amount I owe for the {p} does not match the offer I signed.",
    "Please return the money you debited by mistake for the {p}.",
    "My account shows a payment for the {p} that I did not make.",
};

static const char *const LIGHTS[] = {
    "led", "power light", "status light", "light",
};
static const char *const FIXES[] = {
    "restarting it", "changing the power socket", "unplugging it for an hour",
    "a different cable", "pressing the reset button",
};
static const char *const PAGES[] = {
    "settings", "account", "profile", "help", "messages",
};
static const char *const ACTIONS[] = {
    "change my settings", "watch a film", "read my messages",
    "update my profile", "search for a channel",
};
static const char *const TIMES[] = {
    "this month", "last month", "in January", "again this month",
};
static const char *const GREETINGS[] = {
    "", "", "", "Hello, ", "Hi, ", "Good morning, ",
};
static const char *const CLOSINGS[] = {
    "", "", "", " Please help.", " Can you fix this?",
    " This is very annoying.", " Thank you.", " I need this solved today.",
};

static const ComplaintProduct TRAIN_PRODUCTS[] = {
    {COMPLAINT_HARDWARE, NULL, "router"},
    {COMPLAINT_HARDWARE, NULL, "modem"},
    {COMPLAINT_HARDWARE, NULL, "TV box"},
    {COMPLAINT_HARDWARE, NULL, "Wi-Fi extender"},
    {COMPLAINT_HARDWARE, "HomeHub 3", "router"},
    {COMPLAINT_HARDWARE, "NetBox 200", "router"},
    {COMPLAINT_HARDWARE, "FiberLink", "modem"},
    {COMPLAINT_HARDWARE, "SignalMax", "extender"},
    {COMPLAINT_HARDWARE, "ViewBox 4K", "TV box"},
    {COMPLAINT_SOFTWARE, NULL, "app"},
    {COMPLAINT_SOFTWARE, NULL, "email app"},
    {COMPLAINT_SOFTWARE, NULL, "parental control app"},
    {COMPLAINT_SOFTWARE, "MyNet", "app"},
    {COMPLAINT_SOFTWARE, "TV Go", "app"},
    {COMPLAINT_SOFTWARE, "NetCare", "app"},
    {COMPLAINT_BILLING, NULL, "monthly subscription"},
    {COMPLAINT_BILLING, NULL, "TV package"},
    {COMPLAINT_BILLING, NULL, "phone contract"},
    {COMPLAINT_BILLING, "Fiber 100", "plan"},
    {COMPLAINT_BILLING, "Fiber Max", "plan"},
    {COMPLAINT_BILLING, "Basic", "plan"},
    {COMPLAINT_BILLING, "Family", "bundle"},
};

/* Generic nouns are shared; every brand here is new to TEST. */
static const ComplaintProduct TEST_PRODUCTS[] = {
    {COMPLAINT_HARDWARE, NULL, "router"},
    {COMPLAINT_HARDWARE, NULL, "modem"},
    {COMPLAINT_HARDWARE, "AirGate X9", "router"},
    {COMPLAINT_HARDWARE, "OptiLink 7", "modem"},
    {COMPLAINT_HARDWARE, "MeshPoint", "extender"},
    {COMPLAINT_HARDWARE, "StreamCube", "TV box"},
    {COMPLAINT_SOFTWARE, NULL, "app"},
    {COMPLAINT_SOFTWARE, "CloudVault", "app"},
    {COMPLAINT_SOFTWARE, "KidsSafe", "app"},
    {COMPLAINT_SOFTWARE, "StreamPlus", "app"},
    {COMPLAINT_SOFTWARE, "HomeWatch", "app"},
    {COMPLAINT_BILLING, NULL, "monthly subscription"},
    {COMPLAINT_BILLING, "Ultra 1000", "plan"},
    {COMPLAINT_BILLING, "Starter Duo", "plan"},
    {COMPLAINT_BILLING, "Gold Sport", "package"},
    {COMPLAINT_BILLING, "Night Owl", "plan"},
};

int complaints_catalogue(ComplaintSplit split, const ComplaintProduct **out)
{
    if (split == COMPLAINTS_TEST) {
        *out = TEST_PRODUCTS;
        return (int)(sizeof TEST_PRODUCTS / sizeof TEST_PRODUCTS[0]);
    }
    *out = TRAIN_PRODUCTS;
    return (int)(sizeof TRAIN_PRODUCTS / sizeof TRAIN_PRODUCTS[0]);
}

int complaints_products(ComplaintSplit split, const char **names, int cap)
{
    const ComplaintProduct *products;
    int n_products = complaints_catalogue(split, &products), n = 0;
    for (int i = 0; i < n_products; i++) {
        if (!products[i].name) continue;
        if (n < cap) names[n] = products[i].name;
        n++;
    }
    return n;
}

static const char *pick(Rng *rng, List l) { return l.text[rng_int(rng, l.n)]; }

#define PICK(rng, arr) pick(rng, (List)LIST(arr))

static void append(char *buf, int cap, int *len, const char *s)
{
    int n = (int)strlen(s);
    if (*len + n >= cap) n = cap - 1 - *len;
    memcpy(buf + *len, s, (size_t)n);
    *len += n;
    buf[*len] = '\0';
}

int complaints_render(char *buf, int cap, const char *tmpl,
                      const ComplaintProduct *p, Rng *rng)
{
    char product[96];
    snprintf(product, sizeof product, "%s%s%s", p->name ? p->name : "",
             p->name ? " " : "", p->noun);
    int len = 0;
    buf[0] = '\0';
    for (const char *s = tmpl; *s; s++) {
        if (s[0] != '{' || !s[1] || s[2] != '}') {
            char ch[2] = {*s, '\0'};
            append(buf, cap, &len, ch);
            continue;
        }
        switch (s[1]) {
        case 'p': append(buf, cap, &len, product); break;
        case 'n': append(buf, cap, &len, p->noun); break;
        case 'l': append(buf, cap, &len, PICK(rng, LIGHTS)); break;
        case 'f': append(buf, cap, &len, PICK(rng, FIXES)); break;
        case 'g': append(buf, cap, &len, PICK(rng, PAGES)); break;
        case 'a': append(buf, cap, &len, PICK(rng, ACTIONS)); break;
        case 't': append(buf, cap, &len, PICK(rng, TIMES)); break;
        default: assert(!"unknown slot in a complaint template");
        }
        s += 2;
    }
    return len;
}

/* One complaint of the label into buf (TEXT_MAX bytes). */
static void complaint(char *buf, Rng *rng, int label, int test)
{
    static const List TEMPLATES[2][COMPLAINT_N_LABELS] = {
        {LIST(HARDWARE_TRAIN), LIST(SOFTWARE_TRAIN), LIST(BILLING_TRAIN)},
        {LIST(HARDWARE_TEST), LIST(SOFTWARE_TEST), LIST(BILLING_TEST)},
    };
    const ComplaintProduct *products;
    int n_products = complaints_catalogue(
        test ? COMPLAINTS_TEST : COMPLAINTS_TRAIN, &products);
    const ComplaintProduct *p;
    do p = &products[rng_int(rng, n_products)];
    while (p->label != label);

    const char *greeting = PICK(rng, GREETINGS);
    const char *tmpl = pick(rng, TEMPLATES[test][label]);
    int len = 0;
    buf[0] = '\0';
    append(buf, TEXT_MAX, &len, greeting);
    int body = len;
    len += complaints_render(buf + len, TEXT_MAX - len, tmpl, p, rng);
    /* "Hello, my router ...", but "Hello, I was charged ..." */
    int pronoun_i = buf[body] == 'I' &&
                    (buf[body + 1] == ' ' || buf[body + 1] == '\'');
    if (body > 0 && !pronoun_i && buf[body] >= 'A' && buf[body] <= 'Z')
        buf[body] = (char)(buf[body] - 'A' + 'a');
    append(buf, TEXT_MAX, &len, PICK(rng, CLOSINGS));
}

void labeled_texts_free(LabeledTexts *t)
{
    if (!t) return;
    if (t->text)
        for (int i = 0; i < t->n; i++) free(t->text[i]);
    free(t->text);
    free(t->label);
    memset(t, 0, sizeof *t);
}

int complaints_generate(LabeledTexts *out, uint64_t seed, int n,
                        ComplaintSplit split)
{
    memset(out, 0, sizeof *out);
    if (n < 1 || n > MAX_COMPLAINTS)
        return error_set("complaints: n must be from 1 to %d, got %d",
                         MAX_COMPLAINTS, n);
    if (split != COMPLAINTS_TRAIN && split != COMPLAINTS_DEV &&
        split != COMPLAINTS_TEST)
        return error_set("complaints: unknown split %d", (int)split);
    Rng rng;
    rng_seed(&rng, split == COMPLAINTS_DEV    ? seed ^ DEV_STREAM
                   : split == COMPLAINTS_TEST ? seed ^ TEST_STREAM
                                              : seed);
    out->text = calloc((size_t)n, sizeof *out->text);
    out->label = malloc((size_t)n * sizeof *out->label);
    if (!out->text || !out->label) {
        labeled_texts_free(out);
        return error_set("complaints: out of memory");
    }
    out->n = n;
    /* balanced classes: i % 3, in shuffled order */
    for (int i = 0; i < n; i++) out->label[i] = i % COMPLAINT_N_LABELS;
    rng_shuffle_int(&rng, out->label, n);
    char buf[TEXT_MAX];
    for (int i = 0; i < n; i++) {
        complaint(buf, &rng, out->label[i], split == COMPLAINTS_TEST);
        out->text[i] = malloc(strlen(buf) + 1);
        if (!out->text[i]) {
            labeled_texts_free(out);
            return error_set("complaints: out of memory");
        }
        strcpy(out->text[i], buf);
    }
    return 0;
}
