/* presave.c: a pre-save hook for an EHR, built on libpeerlint alone.
 *
 *   cc presave.c $(pkg-config --cflags --libs peerlint) -o presave
 *   ./presave NOTE...            (rules: the installed ones)
 *   PEERLINT_RULES=DIR ./presave NOTE...
 *
 * Loads the engine once, checks each note, prints its findings, and exits
 * 1 when a note should not be saved as it is (a finding at or above the
 * engine's fail level: `error`, or the agency config's fail_on), 2 when a
 * note or the rules cannot be read, 0 otherwise. Copy it and replace the
 * printing with your own dialog. Nothing here writes note text anywhere
 * but stdout. */
#include <stdio.h>
#include <stdlib.h>

#include <peerlint.h>

/* Reads a whole file; NULL when it cannot (or it is over the note limit). */
static char *read_note(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = malloc(PEERLINT_MAX_NOTE + 1);
  *len = text ? fread(text, 1, PEERLINT_MAX_NOTE + 1, f) : 0;
  int bad = !text || ferror(f) || *len > PEERLINT_MAX_NOTE;
  fclose(f);
  if (bad) {
    free(text);
    return NULL;
  }
  return text;
}

static void print_findings(const char *path, const peerlint_result *r) {
  for (size_t i = 0; i < peerlint_result_count(r); i++) {
    const peerlint_finding *f = peerlint_result_at(r, i);
    printf("%s:%zu:%zu: %s: %s [%s]\n", path, f->line, f->column,
           peerlint_level_name(f->level), f->message, f->rule);
    if (f->n_suggestions)
      printf("  try: %s\n", f->suggestions[0]);
  }
}

/* 0: save it; 1: hold it for the writer; 2: could not check it. */
static int check_note(const peerlint_engine *e, const char *path) {
  size_t len;
  char *text = read_note(path, &len);
  if (!text) {
    fprintf(stderr, "presave: %s: cannot be read\n", path);
    return 2;
  }
  peerlint_error err;
  peerlint_result *r = peerlint_check(e, text, len, &err);
  free(text);
  if (!r) {
    fprintf(stderr, "presave: %s: %s\n", path, err.message);
    return 2;
  }
  print_findings(path, r);
  int worst = peerlint_result_worst(r); /* -1: no problems at all */
  int hold = worst >= 0 && worst >= (int)peerlint_engine_fail_level(e);
  peerlint_result_free(r);
  return hold;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: presave NOTE...\n");
    return 2;
  }
  peerlint_options opts = {.rules_dir = getenv("PEERLINT_RULES")};
  peerlint_error err;
  peerlint_engine *e = peerlint_engine_new(&opts, &err); /* once */
  if (!e) {
    fprintf(stderr, "presave: %s\n", err.message);
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int s = check_note(e, argv[i]);
    status = s > status ? s : status;
  }
  peerlint_engine_free(e);
  return status;
}
