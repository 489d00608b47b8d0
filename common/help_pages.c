#include "help_pages.h"

#include "complaints.h"

typedef struct {
    const char *const *text;
    int n;
} List;

#define LIST(arr) {arr, (int)(sizeof arr / sizeof arr[0])}

/* Each list's last sentence is held out; slots as complaints_render. */
static const char *const DEVICE_OPEN[] = {
    "This page explains how to look after your {p}.",
    "The {p} is one of the devices we give our customers.",
    "Here is what to do when your {p} has a problem.",
    "Read this before you set up your {p}.",
};
static const char *const DEVICE_BODY[] = {
    "The {l} on the front shows whether the {n} has power.",
    "If the {l} stays off, check the power cable and the socket.",
    "A blinking red light means that the {n} has lost its connection.",
    "Keep the {n} in a dry place, because water can destroy it.",
    "If you notice a burning smell, unplug the {n} at once.",
    "A damaged plug or cable can spark and must be replaced.",
    "Never use the {n} with a cracked case.",
    "A storm can damage the power supply of the {n}.",
    "If the {n} gets too hot, it switches itself off.",
    "A strange noise often comes from a broken fan inside the device.",
    "When the {n} will not power up, try {f}.",
    "If nothing helps, we replace the device for free.",
    "A device that is dead after a fall can be sent back to us.",
};
static const char *const APP_OPEN[] = {
    "This page helps you with the {p}.",
    "The {p} lets you manage your services on your phone.",
    "Here is how to use the {p}.",
    "Everything you need to know about the {p}.",
};
static const char *const APP_BODY[] = {
    "To log in, enter your login details: your email and your password.",
    "If the {n} says that your password is wrong, you can set a new one.",
    "Tap the menu to open the {g} page.",
    "In the {n} you can watch films, read messages and change settings.",
    "Install the latest version of the {n} to get the new features.",
    "After an update or an upgrade, the {n} may ask you to log in again.",
    "If the screen stays blank or white, close the {n} and open it again.",
    "When the {n} crashes or freezes, restart your phone.",
    "An error message tells you what went wrong and what to try next.",
    "If the {n} logs you out again and again, update it.",
    "The home screen shows your messages and your channels.",
    "If a button does nothing, the {n} may need an update.",
    "Some older phones cannot run the newest version of the {n}.",
};
static const char *const PLAN_OPEN[] = {
    "This page explains the costs of the {p}.",
    "The {p} is paid once a month.",
    "Here is how paying for the {p} works.",
    "Questions about the price of the {p} are answered here.",
};
static const char *const PLAN_BODY[] = {
    "The price of the {n} is fixed in the contract you signed.",
    "Your statement lists every payment, every fee and every refund.",
    "We take the amount you owe by direct debit from your bank account.",
    "You can also pay with your card.",
    "If we debit money by mistake, we give it back within a week.",
    "A late fee is added when a payment is missed.",
    "When you end the contract, the payments stop at the end of the month.",
    "Each invoice shows the price of every service you use.",
    "The offer on our website shows the price for new customers.",
    "If a charge looks wrong, call us and we will explain it.",
    "Prices can go up, but we always tell you a month before.",
    "A refund is paid back to the account that the money came from.",
    "Money that you paid twice is returned with your next bill.",
};

/* A product from the whole catalogue, the brands that only the complaints'
 * test split names included: pre-training text knows every product. */
static const ComplaintProduct *any_product(Rng *rng)
{
    const ComplaintProduct *train, *test;
    int n_train = complaints_catalogue(COMPLAINTS_TRAIN, &train);
    int n_test = complaints_catalogue(COMPLAINTS_TEST, &test);
    int i = rng_int(rng, n_train + n_test);
    return i < n_train ? &train[i] : &test[i - n_train];
}

int help_page(char (*out)[WORLD_SENTENCE_MAX], Rng *rng,
              WorldPhrasing mode)
{
    static const List OPEN[COMPLAINT_N_LABELS] = {
        LIST(DEVICE_OPEN), LIST(APP_OPEN), LIST(PLAN_OPEN),
    };
    static const List BODY[COMPLAINT_N_LABELS] = {
        LIST(DEVICE_BODY), LIST(APP_BODY), LIST(PLAN_BODY),
    };
    const ComplaintProduct *p = any_product(rng);
    List open = OPEN[p->label], body = BODY[p->label];
    // a held-out page opens with the held-out phrasing
    int train = mode == WORLD_PHRASING_TRAIN;
    int first = mode == WORLD_PHRASING_HELDOUT ? open.n - 1
                                               : rng_int(rng, open.n - train);
    complaints_render(out[0], WORLD_SENTENCE_MAX, open.text[first], p, rng);
    // 2 to HELP_PAGE_MAX - 1 body sentences, in the list's order
    int usable = body.n - train;
    int need = 2 + rng_int(rng, HELP_PAGE_MAX - 2), n = 1;
    for (int i = 0; i < usable && need > 0; i++)
        if (rng_int(rng, usable - i) < need) {
            complaints_render(out[n++], WORLD_SENTENCE_MAX, body.text[i], p,
                              rng);
            need--;
        }
    return n;
}
