/* test_batch.c: `peerlint batch` as a supervisor runs it: folders, JSON
 * Lines and CSV; broken rows reported with file and row while the rest are
 * checked; exact counts by writer and week; the same summary for any
 * number of jobs; the HTML report (self-contained, escaped, and with
 * --no-text free of note text); the required sections of typed notes
 * (issue #12). Runs ./peerlint from the repo root, on the fixture packs in
 * tests/fixtures/batch/rules and the fixture templates beside them, so the
 * counts never move with the shipped packs and templates. */
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"

#define B "tests/fixtures/batch/"
#define R "--no-spell --no-config --rules " B "rules "


static void test_folder(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin batch " R B "notes");
  assert_int_equal(r->status, 2); /* latin1.txt is an input error */
  assert_non_null(strstr(r->err, "peerlint: " B "notes/latin1.txt: the note "
                                 "is not valid UTF-8 at byte offset 5; skipped\n"));
  /* a.txt, c.txt, sub/b.md; not skip.rtf, not .hidden.txt */
  assert_non_null(strstr(r->out, "peerlint batch: 3 notes checked, 1 input error"));
  assert_non_null(strstr(r->out, "What is going well: 1 strength in 1 of 3 notes\n"
                                 "      1  kind/together (in 1 note)\n"));
  assert_non_null(strstr(r->out, "  " B "notes/c.txt: advice/stop-meds\n"));
  /* strengths come before everything else */
  assert_true(strstr(r->out, "What is going well") < strstr(r->out, "By family"));
  r = run("$peerlint_bin batch " R B "notes/a.txt " B "notes/sub");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "2 notes checked\n"));
}

static void test_jsonl(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin batch " R B "notes.jsonl");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, B "notes.jsonl:3:36: not valid JSON: "));
  assert_non_null(strstr(r->err, B "notes.jsonl:5: the object has no \"text\" "
                                 "string or \"fields\" object; skipped\n"));
  assert_non_null(strstr(r->err, B "notes.jsonl:6: not valid UTF-8"));
  assert_null(strstr(r->err, ":4:")); /* a blank line is no error */
  /* j1, 2 (fields), j6 */
  assert_non_null(strstr(r->out, "3 notes checked, 3 input errors"));
  assert_non_null(strstr(r->out, "  j6: advice/stop-meds\n"));
  /* the fields note: "together" in summary, "Pt" in plan */
  assert_non_null(strstr(r->out, "  Lee                2         1     0        1"
                                 "      1              1\n"));
  /* j1 is a progress note without its headings; no template is "group" */
  assert_non_null(strstr(r->out, "  j1: sections missing: progress/focus, "
                                 "progress/next\n"));
  assert_non_null(strstr(r->out, "Notes of an unknown type: 1 (group 1); "));
}

static void test_csv(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin batch " R B "notes.csv");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "peerlint: " B "notes.csv:5: row 4 has 6 "
                                 "columns, the header has 4; skipped\n"));
  assert_non_null(strstr(r->err, "peerlint: " B "notes.csv:6: row 5: text "
                                 "after a closing quote"));
  assert_non_null(strstr(r->err, "peerlint: " B "notes.csv:8 (row 7): the note "
                                 "is not valid UTF-8 at byte offset 10; skipped\n"));
  /* c1 (quoted, "" and a line break), c2, c5 ("Lee, R."), c7 */
  assert_non_null(strstr(r->out, "4 notes checked, 3 input errors"));
  assert_non_null(strstr(r->out, "  Lee, R.            1"));
  assert_non_null(strstr(r->out, "  c5: advice/stop-meds\n"));

  r = run("$peerlint_bin batch " R B "unterminated.csv");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, B "unterminated.csv:3: row 3: a quoted field "
                                 "is never closed"));
  assert_non_null(strstr(r->out, "1 note checked, 1 input error"));

  r = run("$peerlint_bin batch " R B "columns.csv");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "the header has no column 'text'"));
  r = run("$peerlint_bin batch " R "--text-column body --id-column note_id "
          "--author-column writer --date-column when " B "columns.csv");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "1 note checked\n"));
  assert_non_null(strstr(r->out, "  Dana "));
  assert_non_null(strstr(r->out, "  2024-W01 "));
}

/* Every count of the small fixture, by writer and by ISO week. */
static void test_exact_aggregation(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin batch " R "--format csv " B "agg.csv");
  assert_int_equal(r->status, 1); /* n2 is medication advice, an error */
  assert_string_equal(r->out,
      "kind,name,notes,needs_attention,strength,info,warning,error\n"
      "total,,6,1,3,0,2,1\n"
      "family,kind,2,,3,0,0,0\n"
      "family,advice,1,,0,0,0,1\n"
      "family,label,2,,0,0,2,0\n"
      "rule,kind/together,2,,3,0,0,0\n"
      "rule,advice/stop-meds,1,,0,0,0,1\n"
      "rule,label/addict,1,,0,0,1,0\n"
      "rule,label/pt,1,,0,0,1,0\n"
      "author,Dana,2,1,1,0,1,1\n"
      "author,Lee,3,0,2,0,1,0\n"
      "author,(not given),1,0,0,0,0,0\n"
      "week,2020-W53,1,0,0,0,0,0\n"  /* 2021-01-03 */
      "week,2023-W52,1,0,2,0,0,0\n"  /* 2023-12-31 */
      "week,2024-W01,2,1,1,0,1,1\n"
      "week,2024-W02,1,0,0,0,1,0\n");
  r = run("$peerlint_bin batch " R "--format json " B "agg.csv");
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->out, "{\"notes\":6,\"input_errors\":0,\"fail_on\":"
                                 "\"error\",\"needs_attention\":1,"));
  assert_non_null(strstr(r->out, "\"by_author\":[{\"author\":\"Dana\",\"notes\":2,"
                                 "\"needs_attention\":1,\"findings\":{\"strength\":1,"
                                 "\"info\":0,\"warning\":1,\"error\":1}}"));
  assert_non_null(strstr(r->out, "\"undated\":1,"));
  assert_non_null(strstr(r->out, "\"attention\":[{\"id\":\"n2\","));
  /* --fail-on warning: n1, n2 and n4 need attention, the worst first:
   * n2's error, then the warnings in input order */
  r = run("$peerlint_bin batch " R "--fail-on warning " B "agg.csv");
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->out, "(a finding at warning or above): 3\n"
                                 "  n2: advice/stop-meds\n  n1: label/addict\n"
                                 "  n4: label/pt\n"));
}

static void test_jobs_give_identical_summaries(void **state) {
  (void)state;
  const char *fmts[] = {"text", "json", "csv"};
  for (size_t i = 0; i < 3; i++) {
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "for j in 1 4; do $peerlint_bin batch " R "--jobs $j --format %s "
             B "notes " B "notes.jsonl " B "notes.csv " B "agg.csv " B
             "agg.csv " B "sections.jsonl " B "sections.csv "
             "> build/batch-j$j.out 2>/dev/null; done; "
             "cmp build/batch-j1.out build/batch-j4.out && wc -c < build/batch-j1.out",
             fmts[i]);
    run_result *r = run(cmd);
    assert_int_equal(r->status, 0);
    assert_true(atoi(r->out) > 200);
  }
}

/* More notes need attention than are listed (300): the list keeps the
 * worst, not the first; here the last of 305 notes is the one error. */
static void test_attention_list_keeps_the_worst(void **state) {
  (void)state;
  const char *path = "build/batch-worst.jsonl";
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  for (int i = 0; i < 304; i++)
    fprintf(f, "{\"id\":\"w%03d\",\"text\":\"He is an addict.\"}\n", i);
  fprintf(f, "{\"id\":\"last\",\"text\":\"I told her to stop her "
             "meds.\"}\n");
  fclose(f);
  run_result *r = run("$peerlint_bin batch " R "--jobs 3 --fail-on warning "
                      "build/batch-worst.jsonl");
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->out, "(a finding at warning or above): 305\n"
                                 "  last: advice/stop-meds\n"
                                 "  w000: label/addict\n"
                                 "  w001: label/addict\n"));
  assert_non_null(strstr(r->out, "  w298: label/addict\n"
                                 "  ... and 5 more (the 300 that need it "
                                 "most are listed)\n"));
  assert_null(strstr(r->out, "w299"));
  remove(path);
}

static void test_usage(void **state) {
  (void)state;
  assert_int_equal(run("$peerlint_bin batch")->status, 2);
  assert_int_equal(run("$peerlint_bin batch --jobs 0 x")->status, 2);
  assert_int_equal(run("$peerlint_bin batch --format xml x")->status, 2);
  assert_int_equal(run("$peerlint_bin batch --frobnicate x")->status, 2);
  assert_int_equal(run("$peerlint_bin batch --help")->status, 0);
  run_result *r = run("$peerlint_bin batch " R "nope.csv " B "notes/a.txt");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "nope.csv: cannot be read: No such file"));
  assert_non_null(strstr(r->out, "1 note checked"));
}

static char html[262144];

static int contains(const char *hay, const char *needle) {
  return strstr(hay, needle) != NULL;
}

static void test_report(void **state) {
  (void)state;
  run_result *r = run("rm -f build/batch.html; $peerlint_bin batch " R
                      "--fail-on warning --report build/batch.html " B
                      "agg.csv " B "escape.csv");
  assert_int_equal(r->status, 1);
  slurp_file("build/batch.html", html, sizeof html);
  assert_true(contains(html, "<!DOCTYPE html>"));
  assert_true(contains(html, "contains protected health information"));
  assert_true(contains(html, "@media print"));
  assert_false(contains(html, "http://"));
  assert_false(contains(html, "https://"));
  assert_false(contains(html, "<script"));
  assert_false(contains(html, "<link"));
  assert_false(contains(html, "@import"));
  /* note text is escaped */
  assert_true(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                             "&quot;more&quot;"));
  /* strengths first; writers alphabetically */
  char *well = strstr(html, "What is going well"), *fam = strstr(html, "by family");
  assert_true(well && fam && well < fam);
  char *dana = strstr(html, ">Dana</text>"), *lee = strstr(html, ">Lee</text>");
  assert_true(dana && lee && dana < lee);
  assert_true(contains(html, "2024-W01"));
  assert_true(contains(html, "person who uses drugs"));
  assert_true(contains(html, "<mark class=\"m2\">addict</mark>"));
  /* written atomically, owner-only while it holds text; no temporary left */
  struct stat st;
  assert_int_equal(stat("build/batch.html", &st), 0);
  assert_int_equal(st.st_mode & 077, 0);
  r = run("ls -a build | grep -c peerlint- || true");
  assert_string_equal(r->out, "0\n");
}

static void test_report_no_text(void **state) {
  (void)state;
  run_result *r = run("rm -f build/batch.html; $peerlint_bin batch " R
                      "--fail-on warning --no-text --report build/batch.html "
                      B "agg.csv " B "escape.csv " B "notes.jsonl " B "notes");
  assert_int_equal(r->status, 2);
  slurp_file("build/batch.html", html, sizeof html);
  assert_true(contains(html, "Counts and rule ids only"));
  assert_false(contains(html, "protected health information"));
  assert_false(contains(html, "http://") || contains(html, "https://"));
  assert_false(contains(html, "<script") || contains(html, "script"));
  assert_true(contains(html, "label/addict"));
  /* none of the fixture notes' text, nor their ids */
  const char *texts[] = {"walked", "library", "addict <", "He is", "stop her",
                         "cooked", "cleaned", "proud", "went home",
                         "Plain note", "Fine.", "alert(1)", "will call",
                         "Pt said", "Pt will", "n2", "j6", "c.txt",
                         "person who uses drugs", "The person", "<mark"};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
    if (contains(html, texts[i])) {
      fprintf(stderr, "the --no-text report holds \"%s\"\n", texts[i]);
      fail();
    }
  /* a report that cannot be written is an error, and leaves nothing */
  r = run("$peerlint_bin batch " R "--report build/no/such/dir/r.html " B
          "notes/a.txt");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "the report was not written"));
}

/* ---- required sections (batch_sections.c) ------------------------------ */

/* sections.jsonl: progress notes with and without their sections, as text
 * and as fields, contact notes, unknown and blank types, no type. */
static void test_sections_text(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin batch " R B "sections.jsonl");
  assert_int_equal(r->status, 1);
  assert_string_equal(r->err, "");
  assert_non_null(strstr(r->out,
      "\nRequired sections missing: 5 notes \xe2\x80\x94 progress/next 4, "
      "contact/how 1, progress/focus 1\n"
      "  progress/next: The note has no 'Next steps' section: what did they "
      "decide to do next?\n"
      "  contact/how: The note has no 'How we connected' section: was it a "
      "call or a text, and who reached out?\n"
      "  progress/focus: The note has no 'Focus today' section: what did the "
      "person want to focus on today, in their own words?\n"
      "Notes of an unknown type: 3 (intake 2, visit 1); no template has that "
      "name, so their sections were not checked\n"));
  /* a note lacking a section needs attention, as a finding at error does;
   * sec04 is fields ("Focus" holds text, "next" only blanks and quotes),
   * sec05 fields with both; sec13's type is " contact " */
  assert_non_null(strstr(r->out,
      "Notes needing attention (a finding at error or above, or a required "
      "section missing): 6\n"
      "  sec14: advice/stop-meds; sections missing: progress/next\n"
      "  sec12: advice/stop-meds\n"
      "  sec03: sections missing: progress/focus, progress/next\n"
      "  sec02: sections missing: progress/next\n"
      "  sec04: sections missing: progress/next\n"
      "  sec11: sections missing: contact/how\n"));
  /* and counts where writers need attention */
  assert_non_null(strstr(r->out, "  Dana               5         1     0        "
                                 "0      0              3\n"));
  /* strengths still come first */
  assert_true(strstr(r->out, "What is going well") <
              strstr(r->out, "Required sections missing"));
  /* a batch without types reads as before */
  r = run("$peerlint_bin batch " R B "agg.csv");
  assert_int_equal(r->status, 1);
  assert_null(strstr(r->out, "section"));
  assert_null(strstr(r->out, "type"));
}

static void test_sections_json_csv(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin batch " R "--format json " B
                      "sections.jsonl");
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->out,
      "\"required_sections\":{\"checked\":true,\"notes_with_type\":12,"
      "\"notes_missing\":5,\"missing\":[{\"section\":\"progress/next\","
      "\"title\":\"Next steps\",\"notes\":4,\"message\":\"The note has no "
      "'Next steps' section: what did they decide to do next?\"},"
      "{\"section\":\"contact/how\",\"title\":\"How we connected\","
      "\"notes\":1,"));
  assert_non_null(strstr(r->out,
      "\"unknown_type\":{\"notes\":3,\"types\":[{\"type\":\"intake\","
      "\"notes\":2},{\"type\":\"visit\",\"notes\":1}],"
      "\"notes_not_listed\":0}}"));
  assert_non_null(strstr(r->out,
      "{\"id\":\"sec14\",\"where\":\"" B "sections.jsonl:14\",\"rules\":"
      "[\"advice/stop-meds\"],\"sections_missing\":[\"progress/next\"]}"));
  assert_non_null(strstr(r->out, "\"rules\":[\"advice/stop-meds\"],"
                                 "\"sections_missing\":[]}"));

  r = run("$peerlint_bin batch " R "--format csv " B "sections.csv");
  assert_int_equal(r->status, 1); /* v2 has neither section */
  assert_string_equal(r->out,
      "kind,name,notes,needs_attention,strength,info,warning,error\n"
      "total,,5,1,1,0,0,0\n"
      "family,kind,1,,1,0,0,0\n"
      "rule,kind/together,1,,1,0,0,0\n"
      "author,Dana,2,1,1,0,0,0\n"
      "author,Lee,3,0,0,0,0,0\n"
      "section,,1,1,,,,\n"
      "section,progress/focus,1,1,,,,\n"
      "section,progress/next,1,1,,,,\n"
      "unknown-type,visit,1,,,,,\n");
  /* the JSON key is there when no note has a type, with nothing in it */
  r = run("$peerlint_bin batch " R "--format json " B "agg.csv");
  assert_non_null(strstr(r->out, "\"required_sections\":{\"checked\":true,"
                                 "\"notes_with_type\":0,\"notes_missing\":0,"
                                 "\"missing\":[],"));
}

/* Unknown type names are listed up to 20, the rest counted. */
static void test_sections_unknown_types_capped(void **state) {
  (void)state;
  run_result *r = run(
      "for i in $(seq 1 22); do printf '{\"type\":\"t%d\",\"text\":\"x\"}\n' "
      "$i; done > build/types.jsonl; $peerlint_bin batch " R
      "build/types.jsonl; $peerlint_bin batch " R "--format csv "
      "build/types.jsonl | tail -2");
  assert_int_equal(r->status, 0); /* an unknown type never fails a note */
  assert_non_null(strstr(r->out, "Notes of an unknown type: 22 (t1 1, t10 1, "));
  assert_non_null(strstr(r->out, ", t7 1, and 2 more); no template"));
  assert_null(strstr(r->out, "t8 1"));
  assert_non_null(strstr(r->out, "unknown-type,t7,1,,,,,\n"
                                 "unknown-type,(other types),2,,,,,\n"));
}

static void test_type_column(void **state) {
  (void)state;
  const char *k = "$peerlint_bin batch " R "--text-column body --id-column "
                  "note ";
  char cmd[512];
  /* no "type" column: nothing is checked, nothing is said */
  snprintf(cmd, sizeof cmd, "%s" B "kind.csv", k);
  run_result *r = run(cmd);
  assert_int_equal(r->status, 0);
  assert_null(strstr(r->out, "section"));
  snprintf(cmd, sizeof cmd, "%s--type-column kind " B "kind.csv", k);
  r = run(cmd);
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->out, "Required sections missing: 1 note "
                                 "\xe2\x80\x94 progress/focus 1, "
                                 "progress/next 1\n"));
  assert_non_null(strstr(r->out, "  k1: sections missing: progress/focus, "
                                 "progress/next\n"));
  snprintf(cmd, sizeof cmd, "%s--type-column nope " B "kind.csv", k);
  r = run(cmd);
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, B "kind.csv:1: the header has no column "
                                 "'nope'; the file is skipped\n"));
}

/* Rules whose folder has no templates beside it: one warning, the rest of
 * the batch as before. */
static void test_sections_without_templates(void **state) {
  (void)state;
  const char *nt = "rm -rf build/notemplates && mkdir -p build/notemplates && "
                   "cp -r " B "rules build/notemplates/ && $peerlint_bin batch "
                   "--no-spell --no-config --rules build/notemplates/rules ";
  char cmd[512];
  snprintf(cmd, sizeof cmd, "%s--jobs 4 " B "sections.jsonl", nt);
  run_result *r = run(cmd);
  assert_int_equal(r->status, 1); /* sec12 and sec14 still fail */
  assert_string_equal(r->err,
      "peerlint: required sections are not checked: the note templates could "
      "not be loaded (templates folder build/notemplates/templates: cannot be "
      "read: No such file or directory); the rest of the batch is\n");
  assert_non_null(strstr(r->out, "\nRequired sections were not checked in 12 "
                                 "notes with a type: the note templates could "
                                 "not be loaded (see stderr)\n"));
  assert_non_null(strstr(r->out, "(a finding at error or above): 2\n"
                                 "  sec12: advice/stop-meds\n"
                                 "  sec14: advice/stop-meds\n"));
  snprintf(cmd, sizeof cmd, "%s--format json " B "sections.jsonl", nt);
  r = run(cmd);
  assert_non_null(strstr(r->out, "\"required_sections\":{\"checked\":false,"
                                 "\"notes_with_type\":12,\"notes_missing\":0,"
                                 "\"missing\":[],"));
  snprintf(cmd, sizeof cmd, "%s--format csv " B "sections.jsonl", nt);
  r = run(cmd);
  assert_null(strstr(r->out, "section,"));
  assert_non_null(strstr(r->out, "total,,14,2,1,0,0,2\n"));
}

static void test_sections_report(void **state) {
  (void)state;
  run_result *r = run("rm -f build/batch.html; $peerlint_bin batch " R
                      "--report build/batch.html " B "sections.jsonl");
  assert_int_equal(r->status, 1);
  slurp_file("build/batch.html", html, sizeof html);
  assert_true(contains(html, "<b>5</b><span>notes missing a required "
                             "section</span>"));
  assert_true(contains(html, "<section id=\"sections\"><h2>Required sections"
                             "</h2>\n<p class=\"hint\">5 of 9 notes of a known "
                             "type lack a required section"));
  assert_true(contains(html, "<tr><td><code>progress/next</code></td><td "
                             "class=\"n\">4</td><td>The note has no &#39;Next "
                             "steps&#39; section: what did they decide to do "
                             "next?</td></tr>"));
  assert_true(contains(html, "3 notes of an unknown type (intake 2, visit 1)"));
  /* the note's own list names what it lacks, with the question */
  assert_true(contains(html, "<li><span class=\"pill l3\">section</span> "
                             "<code>progress/focus</code><div class=\"msg\">"
                             "The note has no &#39;Focus today&#39; section"));
  /* --no-text: section ids and counts, no note id */
  r = run("rm -f build/batch.html; $peerlint_bin batch " R "--no-text "
          "--report build/batch.html " B "sections.jsonl");
  slurp_file("build/batch.html", html, sizeof html);
  assert_true(contains(html, "<code>progress/next</code></td><td class=\"n\">"
                             "4</td>"));
  assert_false(contains(html, "sec0") || contains(html, "sec1"));
  assert_false(contains(html, "bike") || contains(html, "sleep") ||
               contains(html, "stop her") || contains(html, "<mark"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_folder),
      cmocka_unit_test(test_jsonl),
      cmocka_unit_test(test_csv),
      cmocka_unit_test(test_exact_aggregation),
      cmocka_unit_test(test_attention_list_keeps_the_worst),
      cmocka_unit_test(test_jobs_give_identical_summaries),
      cmocka_unit_test(test_usage),
      cmocka_unit_test(test_report),
      cmocka_unit_test(test_report_no_text),
      cmocka_unit_test(test_sections_text),
      cmocka_unit_test(test_sections_json_csv),
      cmocka_unit_test(test_sections_unknown_types_capped),
      cmocka_unit_test(test_type_column),
      cmocka_unit_test(test_sections_without_templates),
      cmocka_unit_test(test_sections_report),
  };
  return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
