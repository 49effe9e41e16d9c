/* cmd_fix.c: peerlint fix [--diff] [--write [--no-backup]] FILE|- */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *USAGE =
    "usage: peerlint fix [--diff] [--write [--no-backup]] [--fail-on LEVEL]\n"
    "                    [--rules DIR] [--config FILE] FILE|-\n\n"
    "Prints the note with every safe rewrite applied (or a unified diff "
    "with --diff),\nand on stderr what was rewritten and what still needs "
    "your judgment.\n"
    "  --write       replace FILE (atomically), keeping the original as "
    "FILE.orig\n"
    "  --no-backup   with --write: keep no FILE.orig\n"
    "  --spelling    also apply the first spelling suggestion (off by "
    "default:\n"
    "                names are often words a dictionary does not know)\n"
    "Exit status as for check, on what remains after the rewrite.\n";

/* What the rewrite could not settle, grouped by pack. */
static void print_judgment(FILE *out, const peerlint_result *rest) {
  size_t n = peerlint_result_count(rest), shown = 0;
  for (size_t i = 0; i < n; i++) {
    const peerlint_finding *f = peerlint_result_at(rest, i);
    if (f->level == PEERLINT_STRENGTH)
      continue;
    int first_of_pack = 1;
    for (size_t k = 0; k < i && first_of_pack; k++)
      first_of_pack = peerlint_result_at(rest, k)->level == PEERLINT_STRENGTH ||
                      strcmp(peerlint_result_at(rest, k)->pack, f->pack);
    if (!first_of_pack)
      continue;
    if (!shown++)
      fprintf(out, "\nStill needs your judgment:\n");
    fprintf(out, "  %s\n", f->pack);
    for (size_t k = i; k < n; k++) {
      const peerlint_finding *g = peerlint_result_at(rest, k);
      if (g->level != PEERLINT_STRENGTH && !strcmp(g->pack, f->pack)) {
        fprintf(out, "    %zu:%zu \"", g->line, g->column);
        cli_print_oneline(out, g->text);
        fprintf(out, "\" (%s): %s\n", g->rule, g->message);
      }
    }
  }
}

void cli_print_fix_summary(FILE *out, const peerlint_rewrite *rw,
                           int list_edits) {
  size_t n = peerlint_rewrite_edit_count(rw);
  if (n && list_edits)
    fprintf(out, "Rewritten (%zu):\n", n);
  for (size_t i = 0; list_edits && i < n; i++) {
    const peerlint_edit *e = peerlint_rewrite_edit_at(rw, i);
    fputs("  \"", out);
    cli_print_oneline(out, e->old_text);
    fputs("\" -> \"", out);
    cli_print_oneline(out, e->new_text);
    fprintf(out, "\" [%s]\n", e->rule);
  }
  const peerlint_result *rest = peerlint_rewrite_remaining(rw);
  size_t strengths = peerlint_result_level_count(rest, PEERLINT_STRENGTH);
  if (strengths)
    fprintf(out, "%sWhat the note does well: %zu strength%s "
                 "(peerlint check shows them)\n",
            n ? "\n" : "", strengths, strengths == 1 ? "" : "s");
  print_judgment(out, rest);
  if (!n && peerlint_result_worst(rest) < 0)
    fprintf(out, "Nothing to rewrite.\n");
}

typedef struct fix_opts {
  int diff, write, backup, fail_level, spelling;
  const char *file;
} fix_opts;

static int parse(int argc, char **argv, cli_engine_opts *eo, fix_opts *fo) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int took = cli_engine_option(argc, argv, &i, eo);
    if (took < 0)
      return -1;
    if (took)
      continue;
    if (!strcmp(a, "--diff"))
      fo->diff = 1;
    else if (!strcmp(a, "--write"))
      fo->write = 1;
    else if (!strcmp(a, "--no-backup"))
      fo->backup = 0;
    else if (!strcmp(a, "--spelling"))
      fo->spelling = 1;
    else if (!strcmp(a, "--fail-on") && i + 1 < argc &&
             (fo->fail_level = peerlint_level_parse(argv[++i])) > 0)
      continue;
    else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      printf("%s", USAGE);
      exit(EXIT_CLEAN);
    } else if ((a[0] != '-' || !a[1]) && !fo->file)
      fo->file = a;
    else
      return -1;
  }
  return 0;
}

int cmd_fix(int argc, char **argv) {
  cli_engine_opts eo = {0};
  fix_opts fo = {0, 0, 1, -1, 0, NULL};
  if (parse(argc, argv, &eo, &fo) || !fo.file || (fo.write && fo.diff) ||
      (fo.write && !strcmp(fo.file, "-"))) {
    fprintf(stderr, "%s", USAGE);
    return EXIT_TROUBLE;
  }
  size_t len;
  char *text = cli_read_input(fo.file, &len);
  if (!text)
    return EXIT_TROUBLE;
  peerlint_engine *e = cli_load_engine(&eo, fo.file);
  if (!e) {
    free(text);
    return EXIT_TROUBLE;
  }
  int status = EXIT_TROUBLE;
  peerlint_error err = {0};
  peerlint_fix_options fix = {NULL, fo.spelling};
  peerlint_rewrite *rw = peerlint_fix(e, text, len, &fix, &err);
  if (!rw) {
    fprintf(stderr, "peerlint: %s: %s\n", cli_display_name(fo.file),
            err.message);
    goto done;
  }
  size_t new_len;
  const char *fixed = peerlint_rewrite_text(rw, &new_len);
  if (fo.diff)
    cli_print_diff(stdout, cli_display_name(fo.file), text, len, fixed,
                   new_len, rw);
  else if (!fo.write)
    fwrite(fixed, 1, new_len, stdout);
  if (fo.write && peerlint_rewrite_edit_count(rw) &&
      cli_write_atomic(fo.file, fixed, new_len, text, len, fo.backup))
    goto done;
  fflush(stdout); /* the note first, then what was done to it */
  cli_print_fix_summary(stderr, rw, 1);
  int fail = fo.fail_level > 0 ? fo.fail_level
                               : (int)peerlint_engine_fail_level(e);
  status = peerlint_result_worst(peerlint_rewrite_remaining(rw)) >= fail
               ? EXIT_FINDINGS
               : EXIT_CLEAN;
done:
  peerlint_rewrite_free(rw);
  peerlint_engine_free(e);
  free(text);
  return status;
}
