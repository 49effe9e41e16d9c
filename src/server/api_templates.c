/* api_templates.c: GET /v1/templates, the note templates for the web
 * page's "Write a note" mode.
 *
 * Templates are loaded with the engine (the same rules folder and config,
 * so an agency's templates come with its rules) and the answer is built
 * once per engine, like /v1/rules. Without templates the server still
 * checks notes: this one route answers 503 and says why. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static json_t *section_object(const peerlint_section *s) {
  return json_pack("{s:s, s:s, s:s, s:b, s:b}", "name", s->name, "title",
                   s->title, "prompt", s->prompt, "required", s->required,
                   "own_words", s->own_words);
}

static json_t *template_object(const peerlint_template *t) {
  json_t *sections = json_array();
  for (size_t i = 0; i < peerlint_template_section_count(t); i++)
    json_array_append_new(sections,
                          section_object(peerlint_template_section_at(t, i)));
  const char *reminder = peerlint_template_reminder(t);
  return json_pack("{s:s, s:s, s:o, s:o}", "name", peerlint_template_name(t),
                   "title", peerlint_template_title(t), "reminder",
                   reminder ? json_string(reminder) : json_null(), "sections",
                   sections);
}

char *srv_templates_json(const peerlint_templates *set) {
  json_t *list = json_array();
  for (size_t i = 0; i < peerlint_template_count(set); i++)
    json_array_append_new(list, template_object(peerlint_template_at(set, i)));
  json_t *root = json_pack("{s:o}", "templates", list);
  char *out = root ? json_dumps(root, JSON_COMPACT) : NULL;
  json_decref(root);
  return out;
}

srv_reply srv_api_templates(const srv_engine *se) {
  if (!se->templates_json)
    return srv_reply_error(503, se->templates_error);
  char *body = strdup(se->templates_json);
  if (!body)
    return srv_reply_error(500, "out of memory");
  return srv_reply_json(body, strlen(body));
}
