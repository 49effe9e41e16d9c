/* api_check.c: POST /v1/check and POST /v1/fix.
 *
 * A request is {"id": ..., "text": "..."} or {"id": ..., "fields": {"name":
 * "text", ...}} (a structured EHR note, checked field by field). The answer
 * to a check is the library's own result JSON, with "id" and "fails" (does
 * the note fail at the engine's fail level, i.e. should the EHR hold it
 * back) put in front; "file" carries the id too, as the CLI carries a file
 * name. Invalid UTF-8 and NUL bytes in a text are the library's to report:
 * jansson is told to let "\u0000" through so the library sees it. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

typedef struct note_req {
  json_t *root;
  json_t *id;         /* the id as sent (string or integer), or NULL */
  char name[64];      /* the id as a name for "file"; "" when none */
  const char *text;   /* a plain note, or NULL */
  size_t len;
  peerlint_field *fields; /* a structured note */
  size_t n_fields;
} note_req;

/* Why jansson refused the body, in words a client's developer can act on.
 * je->text is never used: it can quote the body, which may hold note text. */
static srv_reply bad_json(const json_error_t *je) {
  char msg[160];
  switch (json_error_code(je)) {
  case json_error_invalid_utf8:
    snprintf(msg, sizeof msg,
             "the request is not valid UTF-8 near byte offset %d",
             je->position);
    break;
  case json_error_stack_overflow:
    snprintf(msg, sizeof msg, "the JSON nests arrays and objects deeper than "
             "%d levels", JSON_PARSER_MAX_DEPTH);
    break;
  case json_error_premature_end_of_input:
    snprintf(msg, sizeof msg, "the JSON ends too early (at byte offset %d): "
             "the body was cut short", je->position);
    break;
  case json_error_duplicate_key:
    snprintf(msg, sizeof msg, "a key appears twice in one JSON object at "
             "line %d, column %d", je->line, je->column);
    break;
  case json_error_null_byte_in_key:
    snprintf(msg, sizeof msg, "a JSON key holds a NUL (\\u0000) at line %d, "
             "column %d", je->line, je->column);
    break;
  default:
    snprintf(msg, sizeof msg, "malformed JSON at line %d, column %d",
             je->line, je->column);
  }
  return srv_reply_error(400, msg);
}

/* Drops a character cut short at the end of `s` (a long id cut to fit
 * `name`), so that "file" stays valid UTF-8. */
static void drop_cut_char(char *s) {
  size_t n = strlen(s), i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i == 0)
    return;
  unsigned char c = (unsigned char)s[i - 1];
  size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n - (i - 1) < need)
    s[i - 1] = 0;
}

static int read_id(note_req *q, srv_reply *err) {
  q->id = json_object_get(q->root, "id");
  if (!q->id || json_is_null(q->id)) {
    q->id = NULL;
    return 0;
  }
  if (json_is_string(q->id)) {
    snprintf(q->name, sizeof q->name, "%s", json_string_value(q->id));
    drop_cut_char(q->name);
  } else if (json_is_integer(q->id))
    snprintf(q->name, sizeof q->name, "%" JSON_INTEGER_FORMAT,
             json_integer_value(q->id));
  else
    return *err = srv_reply_error(400, "\"id\" must be a string or an integer"),
           -1;
  return 0;
}

static int read_fields(note_req *q, json_t *fields, srv_reply *err) {
  size_t n = json_object_size(fields);
  q->fields = calloc(n ? n : 1, sizeof *q->fields);
  if (!q->fields)
    return *err = srv_reply_error(500, "out of memory"), -1;
  const char *key;
  json_t *v;
  json_object_foreach(fields, key, v) {
    if (!json_is_string(v))
      return *err = srv_reply_error(400, "every field must be a string"), -1;
    peerlint_field *f = &q->fields[q->n_fields++];
    f->name = key;
    f->text = json_string_value(v);
    f->len = json_string_length(v);
  }
  return 0;
}

static int parse(const char *body, size_t len, note_req *q, srv_reply *err) {
  json_error_t je;
  if (len == 0)
    return *err = srv_reply_error(400, "the request has no body: send a JSON "
                                       "object with \"text\" or \"fields\""),
           -1;
  q->root = json_loadb(body, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
  if (!q->root)
    return *err = bad_json(&je), -1;
  if (!json_is_object(q->root))
    return *err = srv_reply_error(400, "the request must be a JSON object"), -1;
  if (read_id(q, err))
    return -1;
  json_t *text = json_object_get(q->root, "text");
  json_t *fields = json_object_get(q->root, "fields");
  if (json_is_string(text)) {
    q->text = json_string_value(text);
    q->len = json_string_length(text);
    return 0;
  }
  if (json_is_object(fields))
    return read_fields(q, fields, err);
  return *err = srv_reply_error(400, "missing \"text\" (a string) or "
                                     "\"fields\" (an object of strings)"),
         -1;
}

static void note_req_free(note_req *q) {
  free(q->fields);
  json_decref(q->root);
}

/* A library error as a reply: bad input is the client's (400). */
static srv_reply lib_error(const peerlint_error *e) {
  return srv_reply_error(e->code == PEERLINT_E_INPUT ? 400 : 500, e->message);
}

static int fails(const peerlint_engine *e, const peerlint_result *r) {
  int worst = peerlint_result_worst(r);
  return worst >= 0 && worst >= (int)peerlint_engine_fail_level(e);
}

/* The result JSON with "id" and "fails" spliced in front of its keys. */
static srv_reply result_reply(const peerlint_engine *e, const note_req *q,
                              const peerlint_result *r) {
  char *json = peerlint_result_json(r, q->id ? q->name : NULL);
  char *id = q->id ? json_dumps(q->id, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
  if (!json || (q->id && !id)) {
    peerlint_free(json);
    free(id);
    return srv_reply_error(500, "out of memory");
  }
  size_t cap = strlen(json) + (id ? strlen(id) : 0) + 32;
  char *body = malloc(cap);
  int n = body ? snprintf(body, cap, "{%s%s%s\"fails\":%s,%s", id ? "\"id\":" : "",
                          id ? id : "", id ? "," : "",
                          fails(e, r) ? "true" : "false", json + 1)
               : -1;
  peerlint_free(json);
  free(id);
  if (n < 0)
    return free(body), srv_reply_error(500, "out of memory");
  return srv_reply_json(body, (size_t)n);
}

static srv_reply do_check(const peerlint_engine *e, const note_req *q) {
  peerlint_error err = {0};
  peerlint_result *r =
      q->text ? peerlint_check(e, q->text, q->len, &err)
              : peerlint_check_fields(e, q->fields, q->n_fields, &err);
  if (!r)
    return lib_error(&err);
  srv_reply reply = result_reply(e, q, r);
  peerlint_result_free(r);
  return reply;
}

/* ---- fix --------------------------------------------------------------- */

static void add_edits(json_t *edits, const peerlint_rewrite *rw,
                      const char *field) {
  for (size_t i = 0; i < peerlint_rewrite_edit_count(rw); i++) {
    const peerlint_edit *ed = peerlint_rewrite_edit_at(rw, i);
    json_t *o = json_object();
    if (field)
      json_object_set_new(o, "field", json_string(field));
    json_object_set_new(o, "offset", json_integer((json_int_t)ed->offset));
    json_object_set_new(o, "length", json_integer((json_int_t)ed->length));
    json_object_set_new(o, "old", json_string(ed->old_text));
    json_object_set_new(o, "new", json_string(ed->new_text));
    json_object_set_new(o, "rule", json_string(ed->rule));
    json_array_append_new(edits, o);
  }
}

/* The fix answer's object, "id" first as in a check's answer. */
static json_t *fix_object(const note_req *q) {
  json_t *out = json_object();
  if (q->id)
    json_object_set(out, "id", q->id);
  return out;
}

/* Adds "fails" and "remaining" to `out` ({"id", "text" or "fields",
 * "edits"}) and makes it the reply. */
static srv_reply fix_reply(const peerlint_engine *e, const note_req *q,
                           json_t *out, const peerlint_result *remaining) {
  char *rj = peerlint_result_json(remaining, q->id ? q->name : NULL);
  json_t *rem = rj ? json_loads(rj, JSON_ALLOW_NUL, NULL) : NULL;
  peerlint_free(rj);
  json_object_set_new(out, "fails", json_boolean(fails(e, remaining)));
  json_object_set_new(out, "remaining", rem ? rem : json_null());
  char *body = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(out);
  if (!body || !rem)
    return free(body), srv_reply_error(500, "out of memory");
  return srv_reply_json(body, strlen(body));
}

static srv_reply fix_text(const peerlint_engine *e, const note_req *q) {
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(e, q->text, q->len, NULL, &err);
  if (!rw)
    return lib_error(&err);
  size_t n;
  const char *text = peerlint_rewrite_text(rw, &n);
  json_t *out = fix_object(q), *edits = json_array();
  json_object_set_new(out, "text", json_stringn(text, n));
  add_edits(edits, rw, NULL);
  json_object_set_new(out, "edits", edits);
  srv_reply reply = fix_reply(e, q, out, peerlint_rewrite_remaining(rw));
  peerlint_rewrite_free(rw);
  return reply;
}

/* Each field is rewritten on its own; "remaining" is a field-by-field check
 * of the rewritten fields, so its findings name their fields too. */
static srv_reply fix_fields(const peerlint_engine *e, const note_req *q) {
  peerlint_rewrite **rws = calloc(q->n_fields + 1, sizeof *rws);
  peerlint_field *now = calloc(q->n_fields + 1, sizeof *now);
  json_t *out = fix_object(q), *fields = json_object(), *edits = json_array();
  srv_reply reply = {0};
  peerlint_error err = {0};
  size_t i = 0;
  for (; rws && now && i < q->n_fields; i++) {
    rws[i] = peerlint_fix(e, q->fields[i].text, q->fields[i].len, NULL, &err);
    if (!rws[i])
      break;
    now[i].name = q->fields[i].name;
    now[i].text = peerlint_rewrite_text(rws[i], &now[i].len);
    json_object_set_new(fields, now[i].name, json_stringn(now[i].text, now[i].len));
    add_edits(edits, rws[i], now[i].name);
  }
  json_object_set_new(out, "fields", fields);
  json_object_set_new(out, "edits", edits);
  peerlint_result *r = NULL;
  if (!rws || !now)
    reply = srv_reply_error(500, "out of memory");
  else if (i < q->n_fields || !(r = peerlint_check_fields(e, now, i, &err)))
    reply = lib_error(&err);
  if (r)
    reply = fix_reply(e, q, out, r);
  else
    json_decref(out);
  peerlint_result_free(r);
  for (size_t k = 0; rws && k < i; k++)
    peerlint_rewrite_free(rws[k]);
  free(rws);
  free(now);
  return reply;
}

srv_reply srv_api_check(const srv_engine *se, const char *body, size_t len,
                        int fix) {
  note_req q = {0};
  srv_reply reply;
  if (parse(body, len, &q, &reply) == 0) {
    if (!fix)
      reply = do_check(se->engine, &q);
    else
      reply = q.text ? fix_text(se->engine, &q) : fix_fields(se->engine, &q);
  }
  note_req_free(&q);
  return reply;
}
