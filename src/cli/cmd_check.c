/* cmd_check.c: peerlint check [options] [FILE...|-] */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void check_usage(FILE *out) {
  fprintf(out,
          "usage: peerlint check [--format text|json] [--fail-on LEVEL] "
          "[--rules DIR]\n"
          "                      [--config FILE | --no-config] [--no-spell] "
          "[FILE...|-]\n\n"
          "Checks each note (stdin when no FILE or '-') and prints its "
          "findings.\n"
          "  --format text   compiler-style lines with the note's line and a "
          "caret (default)\n"
          "  --format json   one JSON object per note (JSON Lines for "
          "several)\n"
          "  --fail-on L     exit 1 when a finding is at level L or above: "
          "error (default),\n"
          "                  warning or info; the agency config's fail_on "
          "sets the default\n"
          "  --rules DIR     rule packs (default: $PEERLINT_RULES, then "
          "rules/ beside\n"
          "                  the binary, then the installed ones)\n"
          "  --config FILE   agency config (default: the nearest "
          ".peerlint.yaml)\n"
          "  --no-spell      no spelling findings\n"
          "  --dict DIR      the Hunspell en_US dictionary's folder (default: "
          "$DICPATH,\n"
          "                  then /usr/share/hunspell)\n"
          "Exit status: 0 clean, 1 findings at the failing level, 2 usage "
          "or input error.\n");
}

typedef struct totals {
  size_t counts[4];
  size_t notes;
} totals;

static void print_totals(const totals *t) {
  fprintf(stdout,
          "%zu note%s checked: %zu strength%s, %zu error%s, %zu warning%s, "
          "%zu info\n",
          t->notes, t->notes == 1 ? "" : "s", t->counts[PEERLINT_STRENGTH],
          t->counts[PEERLINT_STRENGTH] == 1 ? "" : "s",
          t->counts[PEERLINT_ERROR], t->counts[PEERLINT_ERROR] == 1 ? "" : "s",
          t->counts[PEERLINT_WARNING],
          t->counts[PEERLINT_WARNING] == 1 ? "" : "s", t->counts[PEERLINT_INFO]);
}

/* Checks one note; returns its exit status. */
static int check_one(const peerlint_engine *e, const char *path, int json,
                     int fail_level, totals *t) {
  size_t len;
  char *text = cli_read_input(path, &len);
  if (!text)
    return EXIT_TROUBLE;
  const char *name = cli_display_name(path);
  peerlint_error err = {0};
  peerlint_result *r = peerlint_check(e, text, len, &err);
  if (!r) {
    fprintf(stderr, "peerlint: %s: %s\n", name, err.message);
    free(text);
    return EXIT_TROUBLE;
  }
  if (json) {
    char *out = peerlint_result_json(r, name);
    if (out)
      puts(out);
    peerlint_free(out);
  } else {
    int color = cli_use_color(stdout);
    for (size_t i = 0; i < peerlint_result_count(r); i++) {
      const peerlint_finding *f = peerlint_result_at(r, i);
      cli_print_finding(stdout, name, text, len, f, color);
      t->counts[f->level]++;
    }
  }
  for (size_t i = 0; i < peerlint_result_notice_count(r); i++)
    fprintf(stderr, "peerlint: %s: %s\n", name, peerlint_result_notice_at(r, i));
  t->notes++;
  int worst = peerlint_result_worst(r);
  peerlint_result_free(r);
  free(text);
  return worst >= fail_level ? EXIT_FINDINGS : EXIT_CLEAN;
}

int cmd_check(int argc, char **argv) {
  cli_engine_opts eo = {0};
  int json = 0, fail_level = -1;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  size_t nfiles = 0;
  if (!files)
    return EXIT_TROUBLE;
  int status = EXIT_CLEAN;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int took = cli_engine_option(argc, argv, &i, &eo);
    if (took < 0)
      goto usage;
    if (took)
      continue;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      check_usage(stdout);
      free(files);
      return EXIT_CLEAN;
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "json") && strcmp(f, "text")) {
        fprintf(stderr, "peerlint: --format must be text or json\n");
        goto usage;
      }
      json = !strcmp(f, "json");
    } else if (!strcmp(a, "--fail-on") && i + 1 < argc) {
      fail_level = peerlint_level_parse(argv[++i]);
      if (fail_level <= PEERLINT_STRENGTH) {
        fprintf(stderr, "peerlint: --fail-on must be error, warning or info\n");
        goto usage;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "peerlint: unknown option '%s'\n", a);
      goto usage;
    } else {
      files[nfiles++] = a;
    }
  }
  if (!nfiles)
    files[nfiles++] = "-";
  peerlint_engine *e = cli_load_engine(&eo, files[0]);
  if (!e) {
    free(files);
    return EXIT_TROUBLE;
  }
  if (fail_level < 0)
    fail_level = (int)peerlint_engine_fail_level(e);
  totals t = {{0}, 0};
  int trouble = 0;
  for (size_t i = 0; i < nfiles; i++) {
    int rc = check_one(e, files[i], json, fail_level, &t);
    if (rc == EXIT_TROUBLE)
      trouble = 1;
    else if (rc == EXIT_FINDINGS)
      status = EXIT_FINDINGS;
  }
  if (!json)
    print_totals(&t);
  peerlint_engine_free(e);
  free(files);
  return trouble ? EXIT_TROUBLE : status;
usage:
  check_usage(stderr);
  free(files);
  return EXIT_TROUBLE;
}
