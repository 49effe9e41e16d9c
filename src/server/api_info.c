/* api_info.c: GET /v1/rules and GET /healthz.
 *
 * The rules listing is the same for every request on one engine, so it is
 * built once when the engine is (srv_rules_json) and served as is. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *rule_object(const peerlint_rule_info *r) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(r->id));
  json_object_set_new(o, "pack", json_string(r->pack));
  json_object_set_new(o, "kind", json_string(r->kind));
  json_object_set_new(o, "level", json_string(peerlint_level_name(r->level)));
  json_object_set_new(o, "enabled", json_boolean(r->enabled));
  json_object_set_new(o, "message", str_or_null(r->message));
  json_object_set_new(o, "principle", str_or_null(r->principle));
  json_object_set_new(o, "source", str_or_null(r->source));
  return o;
}

/* Packs in the order their first rule appears, with their titles. */
static void add_pack(json_t *packs, const peerlint_rule_info *r) {
  size_t i;
  json_t *p;
  json_array_foreach(packs, i, p) {
    if (!strcmp(json_string_value(json_object_get(p, "name")), r->pack))
      return;
  }
  p = json_object();
  json_object_set_new(p, "name", json_string(r->pack));
  json_object_set_new(p, "title", str_or_null(r->pack_title));
  json_array_append_new(packs, p);
}

char *srv_rules_json(const peerlint_engine *e) {
  json_t *root = json_object(), *rules = json_array(), *packs = json_array();
  for (size_t i = 0; i < peerlint_rule_count(e); i++) {
    const peerlint_rule_info *r = peerlint_rule_at(e, i);
    json_array_append_new(rules, rule_object(r));
    add_pack(packs, r);
  }
  json_t *overrides = json_array();
  for (size_t i = 0; i < peerlint_override_count(e); i++)
    json_array_append_new(overrides, json_string(peerlint_override_at(e, i)));
  json_object_set_new(root, "version", json_string(peerlint_version()));
  json_object_set_new(
      root, "fail_on",
      json_string(peerlint_level_name(peerlint_engine_fail_level(e))));
  json_object_set_new(root, "packs", packs);
  json_object_set_new(root, "rules", rules);
  json_object_set_new(root, "overrides", overrides);
  char *out = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  return out;
}

srv_reply srv_api_rules(const srv_engine *se) {
  char *body = strdup(se->rules_json);
  if (!body)
    return srv_reply_error(500, "out of memory");
  return srv_reply_json(body, strlen(body));
}

srv_reply srv_api_health(const srv_engine *se) {
  json_t *o = json_pack("{s:s, s:s, s:I}", "status", "ok", "version",
                        peerlint_version(), "rules",
                        (json_int_t)peerlint_rule_count(se->engine));
  char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  if (!body)
    return srv_reply_error(500, "out of memory");
  return srv_reply_json(body, strlen(body));
}
