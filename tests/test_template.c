/* test_template.c: note templates through the public API: loading (and
 * placed errors), filling, the missing-section check, agency folders, and
 * every shipped template's example giving a note free of problems. */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define SMALL                                                                  \
  "name: visit\n"                                                              \
  "title: Visit note\n"                                                        \
  "sections:\n"                                                                \
  "  - name: focus\n"                                                          \
  "    title: Focus today\n"                                                   \
  "    prompt: What did they want to focus on, in their own words?\n"         \
  "    required: true\n"                                                       \
  "    own_words: true\n"                                                      \
  "  - name: did\n"                                                            \
  "    title: What we did\n"                                                   \
  "    prompt: What did you do together?\n"                                    \
  "  - name: next\n"                                                           \
  "    title: Next steps\n"                                                    \
  "    prompt: What did they decide to do next?\n"                             \
  "    required: true\n"

static peerlint_templates *from(const char *yaml, peerlint_error *err) {
  const char *names[] = {"t/visit.yaml"};
  const char *texts[] = {yaml};
  size_t lens[] = {strlen(yaml)};
  return peerlint_templates_from_memory(names, texts, lens, 1, err);
}

static void test_load_and_sections(void **state) {
  (void)state;
  peerlint_error err = {0};
  peerlint_templates *set = from(SMALL, &err);
  assert_non_null(set);
  assert_int_equal(peerlint_template_count(set), 1);
  const peerlint_template *t = peerlint_template_find(set, "visit");
  assert_non_null(t);
  assert_null(peerlint_template_find(set, "nope"));
  assert_string_equal(peerlint_template_title(t), "Visit note");
  assert_null(peerlint_template_reminder(t));
  assert_int_equal(peerlint_template_section_count(t), 3);
  const peerlint_section *s = peerlint_template_section_at(t, 0);
  assert_string_equal(s->name, "focus");
  assert_true(s->required && s->own_words);
  s = peerlint_template_section_at(t, 1);
  assert_false(s->required || s->own_words);
  assert_null(peerlint_template_section_at(t, 3));
  peerlint_templates_free(set);
}

/* Each malformed template names the file, line and column. */
static void test_errors_are_placed(void **state) {
  (void)state;
  static const struct {
    const char *yaml, *message;
  } cases[] = {
      {"name: visit\ntitle: V\nsections:\n  - name: a\n    title: A\n"
       "    prompt: P\n    requird: true\n",
       "t/visit.yaml:7:5: unknown key 'requird' in a section"},
      {"name: Visit Note\ntitle: V\nsections: []\n",
       "t/visit.yaml:1:7: a template name must be 1 to 40 lowercase"},
      {"name: visit\ntitle: V\nsections:\n  - name: a\n    title: A\n",
       "t/visit.yaml:4:5: a section needs a prompt"},
      {"name: visit\ntitle: V\nsections:\n  - {name: a, title: A, prompt: P}\n"
       "  - {name: a, title: B, prompt: Q}\n",
       "t/visit.yaml:5:12: two sections are named 'a'"},
      {"name: visit\ntitle: V\nsections:\n  - {name: a, title: A, prompt: P,"
       " required: maybe}\n",
       "t/visit.yaml:4:46: required must be true or false"},
      {"name: visit\ntitle: V\nsections:\n  - {name: a, title: A, prompt: P}\n"
       "example:\n  b: hello\n",
       "t/visit.yaml:6:3: the example answers 'b', which is not a section"},
      {"name: visit\ntitle: V\n", "t/visit.yaml:1:1: a template needs its "
                                  "sections"},
      {"name: visit\ntitle: [V\n", "t/visit.yaml:3:1: YAML syntax error"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    peerlint_error err = {0};
    assert_null(from(cases[i].yaml, &err));
    if (strncmp(err.message, cases[i].message, strlen(cases[i].message)))
      fail_msg("case %zu: got '%s'", i, err.message);
    assert_true(err.code == PEERLINT_E_TEMPLATE);
  }
}

static void test_fill_assembles_the_note(void **state) {
  (void)state;
  peerlint_error err = {0};
  peerlint_templates *set = from(SMALL, &err);
  const peerlint_template *t = peerlint_template_at(set, 0);
  const char *answers[] = {"  I want my own place,\nsomewhere quiet.\n", "",
                           "She will call the housing office.\n"};
  char *note = peerlint_template_fill(t, answers, 3, 1, &err);
  assert_non_null(note);
  assert_string_equal(note, "Visit note\n\n"
                            "Focus today:\n"
                            "\"I want my own place, somewhere quiet.\"\n\n"
                            "Next steps:\n"
                            "She will call the housing office.\n\n"
                            "Reviewed with the person: yes\n");
  peerlint_free(note);
  /* quotes the writer typed are not doubled; no review line with -1 */
  const char *quoted[] = {"\"Work.\""};
  note = peerlint_template_fill(t, quoted, 1, -1, &err);
  assert_string_equal(note, "Visit note\n\nFocus today:\n\"Work.\"\n");
  peerlint_free(note);
  const char *four[] = {"a", "b", "c", "d"};
  assert_null(peerlint_template_fill(t, four, 4, 0, &err));
  assert_true(err.code == PEERLINT_E_ARG);
  peerlint_templates_free(set);
}

static void test_missing_required_sections(void **state) {
  (void)state;
  peerlint_error err = {0};
  peerlint_templates *set = from(SMALL, &err);
  const peerlint_template *t = peerlint_template_at(set, 0);
  size_t out[4];
  const char *whole = "Visit note\n\nFOCUS TODAY:\n\"Work.\"\n\n"
                      "Next steps:\r\nShe will call.\n";
  assert_int_equal(peerlint_template_missing(t, whole, strlen(whole), out, 4),
                   0);
  /* a heading with nothing (or only quote marks) under it is missing */
  const char *empty = "Focus today:\n\"\"\nNext steps:\n\n"
                      "Reviewed with the person: yes\n";
  assert_int_equal(peerlint_template_missing(t, empty, strlen(empty), out, 4),
                   2);
  assert_int_equal(out[0], 0);
  assert_int_equal(out[1], 2);
  /* text after the review line does not count for the last section */
  const char *after = "Focus today:\nWork\nNext steps:\n"
                      "Reviewed with the person: yes\nmore\n";
  assert_int_equal(peerlint_template_missing(t, after, strlen(after), out, 4),
                   1);
  assert_int_equal(out[0], 2);
  /* a note with no headings lacks every required section; max bounds out */
  assert_int_equal(peerlint_template_missing(t, "Fine.", 5, out, 1), 2);
  assert_int_equal(out[0], 0);
  peerlint_templates_free(set);
}

/* templates/ beside the rules folder, then the config's template_folders:
 * a template of the same name replaces the shipped one. */
static void test_agency_folder_changes_a_template(void **state) {
  (void)state;
  char dir[] = "/tmp/peerlint-tpl-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/agency", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(path, sizeof path, "%s/agency/progress.yaml", dir);
  FILE *f = fopen(path, "w");
  fputs("name: progress\ntitle: Agency progress note\nsections:\n"
        "  - {name: a, title: A, prompt: P}\n",
        f);
  fclose(f);
  char config[256];
  snprintf(config, sizeof config, "%s/.peerlint.yaml", dir);
  f = fopen(config, "w");
  fputs("template_folders: [agency]\n", f);
  fclose(f);
  peerlint_options o = {"rules", config, NULL, NULL, 1, 0};
  peerlint_error err = {0};
  peerlint_templates *set = peerlint_templates_new(&o, &err);
  if (!set)
    fail_msg("%s", err.message);
  assert_string_equal(
      peerlint_template_title(peerlint_template_find(set, "progress")),
      "Agency progress note");
  assert_non_null(peerlint_template_find(set, "group")); /* still there */
  peerlint_templates_free(set);
  /* a folder that is not there is named in the error */
  f = fopen(config, "w");
  fputs("template_folders: [nowhere]\n", f);
  fclose(f);
  assert_null(peerlint_templates_new(&o, &err));
  assert_non_null(strstr(err.message, "templates folder "));
  assert_non_null(strstr(err.message, "/nowhere: cannot be read"));
  unlink(config);
  unlink(path);
  snprintf(path, sizeof path, "%s/agency", dir);
  rmdir(path);
  rmdir(dir);
}

/* The shipped templates: the five note types, each with an example that
 * gives a note with no finding at warning or error level, every required
 * section answered, and headings that raise no finding of their own. */
static void test_shipped_templates_are_clean(void **state) {
  (void)state;
  peerlint_options o = {"rules", NULL, NULL, NULL, 1, 0};
  peerlint_error err = {0};
  peerlint_templates *set = peerlint_templates_new(&o, &err);
  if (!set)
    fail_msg("%s", err.message);
  static const char *const types[] = {"progress", "group", "crisis-follow-up",
                                      "contact", "supervision"};
  for (size_t k = 0; k < 5; k++)
    assert_non_null(peerlint_template_find(set, types[k]));
  assert_non_null(strstr(peerlint_template_reminder(
                             peerlint_template_find(set, "group")),
                         "Do not name or describe other members"));
  peerlint_engine *e = peerlint_engine_new(&o, &err);
  assert_non_null(e);
  for (size_t k = 0; k < peerlint_template_count(set); k++) {
    const peerlint_template *t = peerlint_template_at(set, k);
    size_t n = peerlint_template_section_count(t);
    const char *answers[32], *none[32] = {0};
    for (size_t i = 0; i < n; i++) {
      answers[i] = peerlint_template_section_at(t, i)->example;
      if (!answers[i])
        fail_msg("%s: no example answer for '%s'", peerlint_template_name(t),
                 peerlint_template_section_at(t, i)->name);
    }
    char *note = peerlint_template_fill(t, answers, n, 1, &err);
    peerlint_result *r = check_str(e, note);
    for (size_t i = 0; i < peerlint_result_count(r); i++) {
      const peerlint_finding *f = peerlint_result_at(r, i);
      if (f->level >= PEERLINT_WARNING)
        fail_msg("%s: %s on '%s'", peerlint_template_name(t), f->rule, f->text);
    }
    size_t out[32];
    assert_int_equal(peerlint_template_missing(t, note, strlen(note), out, 32),
                     0);
    peerlint_result_free(r);
    peerlint_free(note);
    /* the headings alone (every section a placeholder) say nothing */
    for (size_t i = 0; i < n; i++)
      none[i] = "x";
    note = peerlint_template_fill(t, none, n, 1, &err);
    r = check_str(e, note);
    for (size_t i = 0; i < peerlint_result_count(r); i++)
      if (strcmp(peerlint_result_at(r, i)->pack, "spelling"))
        fail_msg("%s: a heading raises %s", peerlint_template_name(t),
                 peerlint_result_at(r, i)->rule);
    peerlint_result_free(r);
    peerlint_free(note);
  }
  peerlint_engine_free(e);
  peerlint_templates_free(set);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_load_and_sections),
      cmocka_unit_test(test_errors_are_placed),
      cmocka_unit_test(test_fill_assembles_the_note),
      cmocka_unit_test(test_missing_required_sections),
      cmocka_unit_test(test_agency_folder_changes_a_template),
      cmocka_unit_test(test_shipped_templates_are_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
