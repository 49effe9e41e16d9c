/* cmd_batch.c: peerlint batch [options] PATH...: many notes for a
 * supervisor, a summary that starts from strengths, and a report.
 *
 * The main thread reads the inputs (batch_input.c) and hands notes to a
 * pool of worker threads through a bounded queue; each worker checks with
 * the one shared engine and folds results into its own aggregates
 * (batch_summary.c), merged when the input ends. Memory stays flat: at most
 * the queue's notes are held at once, and of each result only counts (and
 * for the first notes needing attention, their findings) are kept. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"

#define DETAIL_CAP 300 /* notes needing attention kept for the lists */

static void batch_usage(FILE *out) {
  fprintf(out,
    "usage: peerlint batch [--jobs N] [--format text|json|csv] "
    "[--report FILE.html]\n"
    "                      [--no-text] [--fail-on LEVEL] [--text-column NAME]\n"
    "                      [--id-column NAME] [--author-column NAME] "
    "[--date-column NAME]\n"
    "                      [--type-column NAME]\n"
    "                      [--rules DIR] [--config FILE | --no-config] "
    "[--no-spell] PATH...\n\n"
    "Checks many notes and summarizes them for supervision: strengths "
    "first, then\nfindings by family, rule, writer and week, and the notes "
    "needing attention.\n"
    "PATH is a folder (its *.txt and *.md notes, recursively), a JSON "
    "Lines file\n(.jsonl: one object a line with id, author, date, type, "
    "and text or fields),\nor a CSV file (.csv: a header row; columns "
    "id,author,date,text, and type when\npresent).\n"
    "A note's type names a note template ('peerlint template list'); a "
    "note\nlacking one of its required sections needs attention (text: the "
    "heading line\nand text under it; fields: a field named as the "
    "section). Unknown types are\ncounted, not failed.\n"
    "  --jobs N          worker threads (default: the number of CPUs)\n"
    "  --format F        text (default), json (one object) or csv (counts "
    "by family,\n"
    "                    rule, writer, week and required section)\n"
    "  --report F.html   also write a self-contained HTML report\n"
    "  --no-text         no note text or quoted wording in the report: "
    "counts and rule\n"
    "                    ids only\n"
    "  --fail-on L       notes with a finding at L or above need attention "
    "(default:\n"
    "                    error, or the agency config's fail_on)\n"
    "  --X-column NAME   the CSV column holding the text, id, author, "
    "date or type\n"
    "Exit status: 0 clean, 1 a note needs attention (a finding at the fail "
    "level\nor a required section missing), 2 usage or input error (bad "
    "rows are reported\non stderr and skipped; the rest are checked).\n");
}

/* ---- the queue between the reader and the workers ---------------------- */

typedef struct queue {
  pthread_mutex_t lock;
  pthread_cond_t not_empty, not_full;
  batch_note **ring;
  size_t cap, head, n;
  int closed;
} queue;

static void queue_push(queue *q, batch_note *n) {
  pthread_mutex_lock(&q->lock);
  while (q->n == q->cap)
    pthread_cond_wait(&q->not_full, &q->lock);
  q->ring[(q->head + q->n++) % q->cap] = n;
  pthread_cond_signal(&q->not_empty);
  pthread_mutex_unlock(&q->lock);
}

/* The next note, or NULL when the input has ended. */
static batch_note *queue_pop(queue *q) {
  pthread_mutex_lock(&q->lock);
  while (!q->n && !q->closed)
    pthread_cond_wait(&q->not_empty, &q->lock);
  batch_note *n = NULL;
  if (q->n) {
    n = q->ring[q->head];
    q->head = (q->head + 1) % q->cap;
    q->n--;
    pthread_cond_signal(&q->not_full);
  }
  pthread_mutex_unlock(&q->lock);
  return n;
}

static void queue_close(queue *q) {
  pthread_mutex_lock(&q->lock);
  q->closed = 1;
  pthread_cond_broadcast(&q->not_empty);
  pthread_mutex_unlock(&q->lock);
}

/* ---- workers ----------------------------------------------------------- */

typedef struct worker {
  pthread_t thread;
  queue *q;
  const peerlint_engine *engine;
  const peerlint_templates *templates; /* NULL: sections are not checked */
  batch_agg *agg, *shared;
  size_t errors;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  batch_note *n;
  while ((n = queue_pop(w->q))) {
    peerlint_error err = {0};
    peerlint_result *r =
        n->fields ? peerlint_check_fields(w->engine, n->fields, n->n_fields, &err)
                  : peerlint_check(w->engine, n->text, n->len, &err);
    if (!r) {
      /* The message names a byte offset, never the text. */
      fprintf(stderr, "peerlint: %s: %s; skipped\n", n->where, err.message);
      w->errors++;
    } else {
      for (size_t i = 0; i < peerlint_result_notice_count(r); i++)
        fprintf(stderr, "peerlint: %s: %s\n", n->where,
                peerlint_result_notice_at(r, i));
      batch_missing m;
      batch_sections_check(w->templates, n, &m);
      batch_agg_add(w->agg, w->shared, n, r, &m);
      peerlint_result_free(r);
    }
    batch_note_free(n);
  }
  return NULL;
}

static void emit_to_queue(void *ctx, batch_note *n) { queue_push(ctx, n); }

/* The note templates, found as the engine's rules and config are, so a
 * note's type names what `peerlint template list` shows. Without them the
 * batch goes on: only the required sections go unchecked. */
static peerlint_templates *load_templates(const cli_engine_opts *eo,
                                          const char *near) {
  peerlint_error err = {0};
  peerlint_templates *t = cli_load_templates(eo, near, &err);
  if (!t)
    fprintf(stderr, "peerlint: required sections are not checked: the note "
                    "templates could not be loaded (%s); the rest of the "
                    "batch is\n", err.message);
  return t;
}

/* ---- options ----------------------------------------------------------- */

int cmd_batch(int argc, char **argv) {
  cli_engine_opts eo = {0};
  batch_columns cols = {"id", "author", "date", "text", "type", 0, 0, 0, 0, 0};
  const char *format = "text", *report = NULL, *jobs_s = NULL,
             *fail_s = NULL;
  int no_text = 0;
  const char **paths = calloc((size_t)argc + 1, sizeof *paths);
  size_t npaths = 0;
  if (!paths)
    return EXIT_TROUBLE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int took = cli_engine_option(argc, argv, &i, &eo);
    if (!took) {
      struct {
        const char *name;
        const char **out;
        int *given;
      } v[] = {{"--jobs", &jobs_s, NULL},
               {"--format", &format, NULL},
               {"--report", &report, NULL},
               {"--fail-on", &fail_s, NULL},
               {"--text-column", &cols.text, &cols.text_given},
               {"--id-column", &cols.id, &cols.id_given},
               {"--author-column", &cols.author, &cols.author_given},
               {"--date-column", &cols.date, &cols.date_given},
               {"--type-column", &cols.type, &cols.type_given}};
      for (size_t k = 0; k < sizeof v / sizeof *v && !took; k++)
        if ((took = cli_option_value(argc, argv, &i, v[k].name, v[k].out)) > 0 &&
            v[k].given)
          *v[k].given = 1;
    }
    if (took < 0)
      goto usage;
    if (took)
      continue;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      batch_usage(stdout);
      free(paths);
      return EXIT_CLEAN;
    } else if (!strcmp(a, "--no-text")) {
      no_text = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "peerlint: unknown option '%s'\n", a);
      goto usage;
    } else {
      paths[npaths++] = a;
    }
  }
  if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv")) {
    fprintf(stderr, "peerlint: --format must be text, json or csv\n");
    goto usage;
  }
  long jobs = sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs_s) {
    char *end;
    jobs = strtol(jobs_s, &end, 10);
    if (*end || end == jobs_s || jobs < 1 || jobs > 256) {
      fprintf(stderr, "peerlint: --jobs must be a number from 1 to 256\n");
      goto usage;
    }
  }
  if (jobs < 1)
    jobs = 1;
  int fail_level = -1;
  if (fail_s && (fail_level = peerlint_level_parse(fail_s)) <= PEERLINT_STRENGTH) {
    fprintf(stderr, "peerlint: --fail-on must be error, warning or info\n");
    goto usage;
  }
  const char *names[] = {cols.id, cols.author, cols.date, cols.text, cols.type};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    if (!names[k][0]) {
      fprintf(stderr, "peerlint: a column name cannot be empty\n");
      goto usage;
    }
  if (!npaths) {
    fprintf(stderr, "peerlint: batch needs a folder, .jsonl or .csv file\n");
    goto usage;
  }

  /* The agency config nearest the first path (inside it, for a folder). */
  char near[4096];
  snprintf(near, sizeof near, "%s/.", paths[0]);
  peerlint_engine *e = cli_load_engine(&eo, near);
  if (!e) {
    free(paths);
    return EXIT_TROUBLE;
  }
  if (fail_level < 0)
    fail_level = (int)peerlint_engine_fail_level(e);
  peerlint_templates *templates = load_templates(&eo, near);

  batch_agg_opts ao = {e, fail_level, !no_text, DETAIL_CAP};
  batch_agg *main_agg = batch_agg_new(&ao);
  worker *w = calloc((size_t)jobs, sizeof *w);
  queue q = {.cap = (size_t)jobs * 4 + 4};
  q.ring = calloc(q.cap, sizeof *q.ring);
  if (!main_agg || !w || !q.ring) {
    fprintf(stderr, "peerlint: out of memory\n");
    batch_agg_free(main_agg);
    free(w), free(q.ring), free(paths);
    peerlint_templates_free(templates);
    peerlint_engine_free(e);
    return EXIT_TROUBLE;
  }
  pthread_mutex_init(&q.lock, NULL);
  pthread_cond_init(&q.not_empty, NULL);
  pthread_cond_init(&q.not_full, NULL);
  long started = 0;
  for (; started < jobs; started++) {
    w[started] = (worker){.q = &q, .engine = e, .templates = templates,
                          .shared = main_agg,
                          .agg = batch_agg_new(&(batch_agg_opts){
                              e, fail_level, !no_text, 0})};
    if (!w[started].agg ||
        pthread_create(&w[started].thread, NULL, work, &w[started])) {
      batch_agg_free(w[started].agg);
      break;
    }
  }
  if (!started) {
    fprintf(stderr, "peerlint: cannot start a worker thread\n");
    batch_agg_free(main_agg);
    free(w), free(q.ring), free(paths);
    peerlint_templates_free(templates);
    peerlint_engine_free(e);
    return EXIT_TROUBLE;
  }

  batch_input in = {.cols = &cols, .emit = emit_to_queue, .ctx = &q};
  for (size_t i = 0; i < npaths; i++)
    batch_read_path(&in, paths[i]);
  queue_close(&q);
  size_t errors = in.errors;
  for (long i = 0; i < started; i++) {
    pthread_join(w[i].thread, NULL);
    errors += w[i].errors;
    if (w[i].agg)
      batch_agg_merge(main_agg, w[i].agg);
    batch_agg_free(w[i].agg);
  }

  batch_summary s;
  batch_summarize(main_agg, errors, &s);
  if (eo.no_spell)
    s.spelling_off = NULL; /* the user's choice: nothing to say */
  s.sections_checked = templates != NULL;
  if (!strcmp(format, "json"))
    batch_write_json(stdout, &s);
  else if (!strcmp(format, "csv"))
    batch_write_csv(stdout, &s);
  else
    batch_write_text(stdout, &s);
  fflush(stdout);
  int trouble = errors > 0;
  if (report && batch_write_report(report, &s))
    trouble = 1;
  int status = trouble ? EXIT_TROUBLE : s.fails ? EXIT_FINDINGS : EXIT_CLEAN;
  batch_summary_free(&s);
  batch_agg_free(main_agg);
  pthread_mutex_destroy(&q.lock);
  pthread_cond_destroy(&q.not_empty);
  pthread_cond_destroy(&q.not_full);
  free(q.ring);
  free(w);
  free(paths);
  peerlint_templates_free(templates);
  peerlint_engine_free(e);
  return status;
usage:
  batch_usage(stderr);
  free(paths);
  return EXIT_TROUBLE;
}
