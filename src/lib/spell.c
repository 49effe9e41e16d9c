/* spell.c: Hunspell behind a lock, with a fast set of known words.
 *
 * Measured here: Hunspell_spell costs about 0.6 µs a word and a note has
 * hundreds of words, which would make spelling several times the cost of
 * all the rules together. The dictionary's own word list, hashed into an
 * immutable set when the engine is built, answers most words with one
 * probe and no lock; only inflected or unknown words reach Hunspell.
 *
 * Hunspell's own suggestion search takes tens of milliseconds a word (24 ms
 * for "libary" here), too slow for a pre-save hook. Most typos are one edit
 * from the word meant, so suggestions come from the words one edit away
 * that the dictionary accepts (about 0.2 ms); Hunspell's search is the
 * fallback for the rest, and the caller decides how often it may run. */
#include "spell.h"

#include <dirent.h>
#include <hunspell/hunspell.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pl_speller {
  Hunhandle *h;
  pthread_mutex_t lock;
  uint64_t *known; /* open addressing; 0 is empty */
  size_t mask;
};

static uint64_t hash64(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h ? h : 1;
}

static void known_add(pl_speller *sp, const char *w, size_t n) {
  uint64_t h = hash64(w, n);
  size_t i = h & sp->mask;
  while (sp->known[i] && sp->known[i] != h)
    i = (i + 1) & sp->mask;
  sp->known[i] = h;
}

static int known_has(const pl_speller *sp, const char *w, size_t n) {
  if (!sp->known)
    return 0;
  uint64_t h = hash64(w, n);
  size_t i = h & sp->mask;
  while (sp->known[i]) {
    if (sp->known[i] == h)
      return 1;
    i = (i + 1) & sp->mask;
  }
  return 0;
}

/* Fills the known set from a .dic file: a count line, then word/FLAGS. */
static void load_known(pl_speller *sp, const char *dic) {
  FILE *f = fopen(dic, "r");
  if (!f)
    return;
  char line[256];
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return;
  }
  size_t count = strtoul(line, NULL, 10), cap = 1024;
  while (cap < count * 2 + 1024)
    cap *= 2;
  sp->known = calloc(cap, sizeof *sp->known);
  sp->mask = cap - 1;
  size_t added = 0;
  while (sp->known && fgets(line, sizeof line, f) && added < cap / 2) {
    size_t n = strcspn(line, "/\t\r\n");
    if (n) {
      known_add(sp, line, n);
      added++;
    }
  }
  fclose(f);
}

static void add_word_files(pl_speller *sp, const char *dir) {
  DIR *d = dir ? opendir(dir) : NULL;
  if (!d)
    return;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t n = strlen(de->d_name);
    if (n > 4 && !strcmp(de->d_name + n - 4, ".dic")) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
      Hunspell_add_dic(sp->h, path);
    }
  }
  closedir(d);
}

pl_speller *pl_speller_open(const char *dict_dir, const char *lang,
                            const char *words_dir, const char *const *words,
                            size_t nwords, char *why, size_t why_size) {
  char aff[4096], dic[4096];
  snprintf(aff, sizeof aff, "%s/%s.aff", dict_dir, lang);
  snprintf(dic, sizeof dic, "%s/%s.dic", dict_dir, lang);
  FILE *probe = fopen(dic, "r");
  if (!probe) {
    snprintf(why, why_size, "no %s dictionary in %s", lang, dict_dir);
    return NULL;
  }
  fclose(probe);
  pl_speller *sp = calloc(1, sizeof *sp);
  if (!sp || !(sp->h = Hunspell_create(aff, dic))) {
    snprintf(why, why_size, "the %s dictionary in %s could not be loaded",
             lang, dict_dir);
    free(sp);
    return NULL;
  }
  pthread_mutex_init(&sp->lock, NULL);
  load_known(sp, dic);
  add_word_files(sp, words_dir);
  for (size_t i = 0; i < nwords; i++)
    Hunspell_add(sp->h, words[i]);
  return sp;
}

void pl_speller_free(pl_speller *sp) {
  if (!sp)
    return;
  Hunspell_destroy(sp->h);
  pthread_mutex_destroy(&sp->lock);
  free(sp->known);
  free(sp);
}

int pl_speller_correct(pl_speller *sp, const char *w, size_t n) {
  char word[64];
  if (n == 0 || n >= sizeof word)
    return 1; /* nothing to say about a 64-byte "word" */
  if (known_has(sp, w, n))
    return 1;
  memcpy(word, w, n);
  word[n] = 0;
  if (word[0] >= 'A' && word[0] <= 'Z') { /* a capital at a sentence start */
    word[0] = (char)(word[0] + 32);
    int hit = known_has(sp, word, n);
    word[0] = (char)(word[0] - 32);
    if (hit)
      return 1;
  }
  pthread_mutex_lock(&sp->lock);
  int ok = Hunspell_spell(sp->h, word) != 0;
  pthread_mutex_unlock(&sp->lock);
  return ok;
}

/* Keeps `cand` when it is a word and not already in the list. */
static void offer(pl_speller *sp, const char *cand, size_t n, char out[][64],
                  size_t *kept, size_t max) {
  if (*kept >= max || !pl_speller_correct(sp, cand, n))
    return;
  for (size_t i = 0; i < *kept; i++)
    if (!strncmp(out[i], cand, n) && out[i][n] == 0)
      return;
  memcpy(out[*kept], cand, n);
  out[(*kept)++][n] = 0;
}

/* Words one edit away, in the order typos usually happen: two letters
 * swapped, a letter missing, a letter too many, a letter wrong. */
static size_t one_edit_away(pl_speller *sp, const char *w, size_t n,
                            char out[][64], size_t max) {
  char c[64];
  size_t kept = 0;
  for (size_t i = 0; i + 1 < n; i++) { /* swapped */
    memcpy(c, w, n);
    c[i] = w[i + 1];
    c[i + 1] = w[i];
    offer(sp, c, n, out, &kept, max);
  }
  for (size_t i = 0; i <= n && n + 1 < sizeof c; i++) /* missing */
    for (char l = 'a'; l <= 'z'; l++) {
      memcpy(c, w, i);
      c[i] = l;
      memcpy(c + i + 1, w + i, n - i);
      offer(sp, c, n + 1, out, &kept, max);
    }
  for (size_t i = 0; i < n; i++) { /* too many */
    memcpy(c, w, i);
    memcpy(c + i, w + i + 1, n - i - 1);
    offer(sp, c, n - 1, out, &kept, max);
  }
  for (size_t i = 0; i < n; i++) /* wrong */
    for (char l = 'a'; l <= 'z'; l++) {
      if (l == w[i])
        continue;
      memcpy(c, w, n);
      c[i] = l;
      offer(sp, c, n, out, &kept, max);
    }
  return kept;
}

size_t pl_speller_suggest(pl_speller *sp, const char *w, size_t n,
                          char out[][64], size_t max, int allow_slow) {
  char word[64];
  if (n == 0 || n >= sizeof word)
    return 0;
  size_t fast = one_edit_away(sp, w, n, out, max);
  if (fast || !allow_slow)
    return fast;
  memcpy(word, w, n);
  word[n] = 0;
  char **list = NULL;
  pthread_mutex_lock(&sp->lock);
  int count = Hunspell_suggest(sp->h, &list, word);
  size_t kept = 0;
  for (int i = 0; i < count && kept < max; i++)
    if (strlen(list[i]) < 64)
      strcpy(out[kept++], list[i]);
  Hunspell_free_list(sp->h, &list, count);
  pthread_mutex_unlock(&sp->lock);
  return kept;
}
