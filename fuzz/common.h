/* common.h: what the libFuzzer targets share: finding the shipped rules
 * and a UTF-8 validator for the fix target's properties. */
#ifndef PEERLINT_FUZZ_COMMON_H
#define PEERLINT_FUZZ_COMMON_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "peerlint.h"

/* The shipped rules: $PEERLINT_RULES, else ../../rules from the binary
 * (build/fuzz/fuzz_x), else rules/ in the working directory. */
static inline const char *fuzz_rules_dir(void) {
  static char buf[PATH_MAX];
  const char *env = getenv("PEERLINT_RULES");
  if (env && *env)
    return env;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      snprintf(buf, sizeof buf, "%s/../../rules", exe);
      if (access(buf, R_OK) == 0)
        return buf;
    }
  }
  return "rules";
}

/* The engine over the shipped rules, or abort. Spelling is off for speed
 * unless $PEERLINT_FUZZ_SPELL is set (then Hunspell's en_US from
 * /usr/share/hunspell is loaded, with the project's dictionaries/). */
static inline peerlint_engine *fuzz_shipped_engine(void) {
  peerlint_options o = {0};
  o.rules_dir = fuzz_rules_dir();
  const char *spell = getenv("PEERLINT_FUZZ_SPELL");
  o.no_spell = !(spell && *spell && strcmp(spell, "0"));
  peerlint_error err = {0};
  peerlint_engine *e = peerlint_engine_new(&o, &err);
  if (!e) {
    fprintf(stderr, "fuzz: loading %s: %s\n", o.rules_dir, err.message);
    abort();
  }
  return e;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static inline int fuzz_valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k;
    unsigned cp, min;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      k = 1, cp = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      k = 2, cp = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      k = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (n - i <= k)
      return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + j] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    i += k + 1;
  }
  return 1;
}

#endif
