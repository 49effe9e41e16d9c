/* cmd_demo.c: peerlint demo [FILE]: for trainers, a clinical-sounding note
 * and its non-clinical rewrite side by side, then each change with its
 * reason and the value it comes from. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

#ifndef PEERLINT_DATADIR
#define PEERLINT_DATADIR "/usr/local/share/peerlint"
#endif

static int terminal_width(void) {
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
      ws.ws_col >= 60)
    return ws.ws_col;
  const char *cols = getenv("COLUMNS");
  int c = cols ? atoi(cols) : 0;
  return c >= 60 ? c : 100;
}

/* Takes up to `width` characters of the line at *s (breaking at a space
 * when it can) into out; advances *s. */
static void take_chunk(const char **s, const char *end, int width,
                       char *out) {
  const char *p = *s, *brk = NULL;
  int chars = 0;
  while (p < end && *p != '\n' && chars < width) {
    if (*p == ' ')
      brk = p;
    p++;
    while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
      p++;
    chars++;
  }
  if (p < end && *p != '\n' && chars == width && brk && brk > *s)
    p = brk + 1;
  size_t n = (size_t)(p - *s);
  memcpy(out, *s, n);
  out[n] = 0;
  *s = p;
}

static int display_width(const char *s) {
  int w = 0;
  for (; *s; s++)
    w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

static void side_by_side(const char *a, size_t alen, const char *b,
                         size_t blen) {
  int col = (terminal_width() - 3) / 2;
  char left[4096], right[4096];
  const char *pa = a, *ea = a + alen, *pb = b, *eb = b + blen;
  printf("%-*s | %s\n", col, "Original", "Rewrite");
  for (int i = 0; i < col; i++)
    putchar('-');
  printf("-+-");
  for (int i = 0; i < col; i++)
    putchar('-');
  putchar('\n');
  while (pa < ea || pb < eb) {
    /* a line of each side, wrapped, row by row */
    do {
      take_chunk(&pa, ea, col, left);
      take_chunk(&pb, eb, col, right);
      printf("%s%*s | %s\n", left, col - display_width(left), "", right);
    } while ((pa < ea && *pa != '\n') || (pb < eb && *pb != '\n'));
    if (pa < ea)
      pa++;
    if (pb < eb)
      pb++;
  }
}

static void explain_changes(const peerlint_engine *e,
                            const peerlint_rewrite *rw) {
  printf("\nWhat changed, and why:\n");
  for (size_t i = 0; i < peerlint_rewrite_edit_count(rw); i++) {
    const peerlint_edit *ed = peerlint_rewrite_edit_at(rw, i);
    const peerlint_rule_info *r = peerlint_rule_find(e, ed->rule);
    printf("%2zu. \"", i + 1);
    cli_print_oneline(stdout, ed->old_text);
    printf("\" -> \"");
    cli_print_oneline(stdout, ed->new_text);
    printf("\"\n    why:   %s\n    value: %s\n", r ? r->message : "",
           r ? r->principle : "");
  }
}

int cmd_demo(int argc, char **argv) {
  cli_engine_opts eo = {0};
  const char *file = NULL;
  char buf[PATH_MAX + 64];
  for (int i = 1; i < argc; i++) {
    int took = cli_engine_option(argc, argv, &i, &eo);
    if (took < 0)
      return EXIT_TROUBLE;
    if (!took && !file && argv[i][0] != '-')
      file = argv[i];
    else if (!took) {
      fprintf(stderr, "usage: peerlint demo [--rules DIR] [FILE]\n");
      return EXIT_TROUBLE;
    }
  }
  if (!file && !(file = cli_find_data("examples/sample-note.txt", buf,
                                      sizeof buf)))
    file = PEERLINT_DATADIR "/examples/sample-note.txt"; /* named in the error */
  size_t len;
  char *text = cli_read_input(file, &len);
  if (!text)
    return EXIT_TROUBLE;
  peerlint_engine *e = cli_load_engine(&eo, file);
  peerlint_error err = {0};
  peerlint_rewrite *rw = e ? peerlint_fix(e, text, len, NULL, &err) : NULL;
  if (!rw) {
    if (e)
      fprintf(stderr, "peerlint: %s: %s\n", file, err.message);
    peerlint_engine_free(e);
    free(text);
    return EXIT_TROUBLE;
  }
  size_t new_len;
  const char *fixed = peerlint_rewrite_text(rw, &new_len);
  side_by_side(text, len, fixed, new_len);
  explain_changes(e, rw);
  cli_print_fix_summary(stdout, rw, 0);
  peerlint_rewrite_free(rw);
  peerlint_engine_free(e);
  free(text);
  return EXIT_CLEAN;
}
