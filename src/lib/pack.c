/* pack.c: reading one rule pack (YAML) into packs and rules.
 *
 * The format is documented in rules/README.md. Everything a pack says is
 * checked here, with the place of each mistake, so that compile.c can
 * assume well-formed rules: exactly one way of matching, known keys only,
 * a message, examples. */
#include <stdlib.h>
#include <string.h>

#include "yamlwalk.h"

static const char *const pack_keys[] = {"name",  "title", "principle",
                                        "source", "level", "skip",
                                        "lists", "rules", NULL};
static const char *const rule_keys[] = {
    "id",      "level",   "message", "principle", "source", "terms",
    "regex",   "triggers", "near",   "require",   "unless", "except",
    "inflect", "case",    "skip",    "replace",   "suggestions",
    "examples", "spelling", NULL};
static const char *const near_keys[] = {"a", "b", "within", NULL};
static const char *const example_keys[] = {"bad", "good", "fix", NULL};

typedef struct pack_ctx {
  pl_yaml y;
  peerlint_engine *e;
  pl_pack *pack;
  int level;
  int skip_quotes;
  const char **list_names;
  pl_strlist *lists;
  size_t nlists;
} pack_ctx;

static int valid_name(const char *s) {
  if (!*s)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

static int parse_skip(pack_ctx *c, yaml_node_t *n, int *out) {
  const char *s;
  if (pl_yaml_string(&c->y, n, "skip", &s))
    return -1;
  if (!strcmp(s, "quotes"))
    *out = 1;
  else if (!strcmp(s, "none"))
    *out = 0;
  else
    return pl_yaml_fail(&c->y, n, "skip must be 'quotes' or 'none', not '%.60s'",
                        s);
  return 0;
}

static int parse_lists(pack_ctx *c, yaml_node_t *n) {
  if (n->type != YAML_MAPPING_NODE)
    return pl_yaml_fail(&c->y, n, "lists must map names to lists of terms");
  size_t count =
      (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
  c->list_names = pl_arena_alloc(c->y.arena, (count + 1) * sizeof(char *));
  c->lists = pl_arena_alloc(c->y.arena, (count + 1) * sizeof(pl_strlist));
  if (!c->list_names || !c->lists)
    return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = pl_yaml_node(&c->y, p->key);
    const char *name;
    if (pl_yaml_string(&c->y, k, "a list name", &name))
      return -1;
    if (!valid_name(name))
      return pl_yaml_fail(&c->y, k,
                          "list name '%.60s' must be lowercase letters, "
                          "digits and hyphens",
                          name);
    for (size_t i = 0; i < c->nlists; i++)
      if (!strcmp(c->list_names[i], name))
        return pl_yaml_fail(&c->y, k, "list '%s' is defined twice", name);
    c->list_names[c->nlists] = name;
    if (pl_yaml_strlist(&c->y, pl_yaml_node(&c->y, p->value), "a list",
                        &c->lists[c->nlists]))
      return -1;
    c->nlists++;
  }
  return 0;
}

/* A term list with "@name" entries replaced by the pack's lists. */
static int parse_terms(pack_ctx *c, yaml_node_t *n, const char *what,
                       pl_strlist *out) {
  pl_strlist raw;
  if (pl_yaml_strlist(&c->y, n, what, &raw))
    return -1;
  size_t total = 0;
  for (size_t i = 0; i < raw.n; i++) {
    if (raw.items[i][0] != '@') {
      total++;
      continue;
    }
    size_t k = 0;
    while (k < c->nlists && strcmp(c->list_names[k], raw.items[i] + 1))
      k++;
    if (k == c->nlists)
      return pl_fail_at(c->y.err, PEERLINT_E_PACK, c->y.file, raw.lines[i], 1,
                        "%s refers to list '%.60s', which the pack's lists: "
                        "do not define",
                        what, raw.items[i] + 1);
    total += c->lists[k].n;
  }
  out->items = pl_arena_alloc(c->y.arena, (total + 1) * sizeof(char *));
  out->lines = pl_arena_alloc(c->y.arena, (total + 1) * sizeof(size_t));
  if (!out->items || !out->lines)
    return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
  out->n = 0;
  for (size_t i = 0; i < raw.n; i++) {
    if (raw.items[i][0] != '@') {
      if (!raw.items[i][0])
        return pl_fail_at(c->y.err, PEERLINT_E_PACK, c->y.file, raw.lines[i],
                          1, "%s has an empty term", what);
      out->lines[out->n] = raw.lines[i];
      out->items[out->n++] = raw.items[i];
      continue;
    }
    size_t k = 0;
    while (strcmp(c->list_names[k], raw.items[i] + 1))
      k++;
    for (size_t j = 0; j < c->lists[k].n; j++) {
      out->lines[out->n] = c->lists[k].lines[j];
      out->items[out->n++] = c->lists[k].items[j];
    }
  }
  if (out->n == 0)
    return pl_yaml_fail(&c->y, n, "%s is empty", what);
  return 0;
}

static int parse_replace(pack_ctx *c, yaml_node_t *n, pl_replace *out) {
  if (n->type != YAML_MAPPING_NODE) {
    out->n = 1;
    out->keys = NULL;
    out->lists = pl_arena_alloc(c->y.arena, sizeof(pl_strlist));
    if (!out->lists)
      return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
    return pl_yaml_strlist(&c->y, n, "replace", &out->lists[0]);
  }
  size_t count =
      (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
  out->keys = pl_arena_alloc(c->y.arena, (count + 1) * sizeof(char *));
  out->lists = pl_arena_alloc(c->y.arena, (count + 1) * sizeof(pl_strlist));
  if (!out->keys || !out->lists)
    return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
  out->n = 0;
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    const char *key;
    if (pl_yaml_string(&c->y, pl_yaml_node(&c->y, p->key), "a replace key",
                       &key))
      return -1;
    char *lower = (char *)key;
    for (char *s = lower; *s; s++)
      if (*s >= 'A' && *s <= 'Z')
        *s = (char)(*s + 32);
    out->keys[out->n] = key;
    if (pl_yaml_strlist(&c->y, pl_yaml_node(&c->y, p->value), "replace",
                        &out->lists[out->n]))
      return -1;
    out->n++;
  }
  return 0;
}

static int parse_fix_examples(pack_ctx *c, pl_rule *r, yaml_node_t *n) {
  if (n->type != YAML_SEQUENCE_NODE)
    return pl_yaml_fail(&c->y, n, "fix examples must be a list of [input, "
                                  "rewrite] pairs");
  size_t count = (size_t)(n->data.sequence.items.top -
                          n->data.sequence.items.start);
  const char **in = pl_arena_alloc(c->y.arena, (count + 1) * sizeof(char *));
  const char **outp = pl_arena_alloc(c->y.arena, (count + 1) * sizeof(char *));
  if (!in || !outp)
    return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
  size_t k = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top; it++, k++) {
    yaml_node_t *pair = pl_yaml_node(&c->y, *it);
    if (pair->type != YAML_SEQUENCE_NODE ||
        pair->data.sequence.items.top - pair->data.sequence.items.start != 2)
      return pl_yaml_fail(&c->y, pair,
                          "a fix example is a pair: [input, rewrite]");
    if (pl_yaml_string(&c->y,
                       pl_yaml_node(&c->y, pair->data.sequence.items.start[0]),
                       "a fix input", &in[k]) ||
        pl_yaml_string(&c->y,
                       pl_yaml_node(&c->y, pair->data.sequence.items.start[1]),
                       "a fix rewrite", &outp[k]))
      return -1;
  }
  r->info.fix_in = in;
  r->info.fix_out = outp;
  r->info.n_fix = count;
  return 0;
}

static int parse_examples(pack_ctx *c, pl_rule *r, yaml_node_t *n) {
  if (pl_yaml_check_keys(&c->y, n, "examples", example_keys))
    return -1;
  yaml_node_t *v;
  pl_strlist l;
  if ((v = pl_yaml_get(&c->y, n, "bad"))) {
    if (pl_yaml_strlist(&c->y, v, "bad examples", &l))
      return -1;
    r->info.bad = l.items;
    r->info.n_bad = l.n;
  }
  if ((v = pl_yaml_get(&c->y, n, "good"))) {
    if (pl_yaml_strlist(&c->y, v, "good examples", &l))
      return -1;
    r->info.good = l.items;
    r->info.n_good = l.n;
  }
  if ((v = pl_yaml_get(&c->y, n, "fix")) && parse_fix_examples(c, r, v))
    return -1;
  if (r->info.n_bad == 0)
    return pl_yaml_fail(&c->y, n,
                        "rule '%s' needs at least one bad example (a text "
                        "it must fire on)",
                        r->info.id);
  return 0;
}

static int parse_near(pack_ctx *c, pl_rule *r, yaml_node_t *n) {
  if (pl_yaml_check_keys(&c->y, n, "near", near_keys))
    return -1;
  yaml_node_t *a = pl_yaml_get(&c->y, n, "a"), *b = pl_yaml_get(&c->y, n, "b");
  if (!a || !b)
    return pl_yaml_fail(&c->y, n, "near needs both 'a' and 'b' term lists");
  if (parse_terms(c, a, "near.a", &r->near_a) ||
      parse_terms(c, b, "near.b", &r->near_b))
    return -1;
  r->within = 6;
  yaml_node_t *w = pl_yaml_get(&c->y, n, "within");
  return w ? pl_yaml_int(&c->y, w, "near.within", 1, 50, &r->within) : 0;
}

/* Which matching keys the rule has; exactly one is allowed. */
static int parse_matcher(pack_ctx *c, pl_rule *r, yaml_node_t *n) {
  yaml_node_t *terms = pl_yaml_get(&c->y, n, "terms");
  yaml_node_t *regex = pl_yaml_get(&c->y, n, "regex");
  yaml_node_t *near = pl_yaml_get(&c->y, n, "near");
  yaml_node_t *require = pl_yaml_get(&c->y, n, "require");
  yaml_node_t *spelling = pl_yaml_get(&c->y, n, "spelling");
  int count = !!terms + !!regex + !!near + !!require + !!spelling;
  if (count != 1)
    return pl_yaml_fail(&c->y, n,
                        "rule '%s' needs exactly one of terms, regex, near, "
                        "require or spelling (it has %d)",
                        r->info.id, count);
  yaml_node_t *triggers = pl_yaml_get(&c->y, n, "triggers");
  if (triggers && !regex)
    return pl_yaml_fail(&c->y, triggers, "triggers only go with regex");
  if (terms) {
    r->kind = PL_TERMS;
    r->info.kind = "terms";
    return parse_terms(c, terms, "terms", &r->terms);
  }
  if (regex) {
    r->kind = PL_REGEX;
    r->info.kind = "regex";
    if (pl_yaml_strlist(&c->y, regex, "regex", &r->regex))
      return -1;
    return triggers ? parse_terms(c, triggers, "triggers", &r->triggers) : 0;
  }
  if (near) {
    r->kind = PL_NEAR;
    r->info.kind = "near";
    return parse_near(c, r, near);
  }
  if (spelling) {
    int on = 0;
    if (pl_yaml_bool(&c->y, spelling, "spelling", &on))
      return -1;
    if (!on)
      return pl_yaml_fail(&c->y, spelling, "spelling: false matches nothing; "
                                           "leave the rule out instead");
    r->kind = PL_SPELL;
    r->info.kind = "spelling";
    return 0;
  }
  r->kind = PL_REQUIRE;
  r->info.kind = "require";
  return pl_yaml_string(&c->y, require, "require", &r->require);
}

static int parse_case(pack_ctx *c, yaml_node_t *n, int *out) {
  const char *s;
  if (pl_yaml_string(&c->y, n, "case", &s))
    return -1;
  if (strcmp(s, "sensitive") && strcmp(s, "insensitive"))
    return pl_yaml_fail(&c->y, n,
                        "case must be 'sensitive' or 'insensitive', not "
                        "'%.60s'",
                        s);
  *out = !strcmp(s, "sensitive");
  return 0;
}

/* The optional keys of a rule that modify how it matches. */
static int parse_options(pack_ctx *c, pl_rule *r, yaml_node_t *n) {
  yaml_node_t *v;
  r->inflect = 1;
  r->skip_quotes = c->skip_quotes;
  if ((v = pl_yaml_get(&c->y, n, "inflect")) &&
      pl_yaml_bool(&c->y, v, "inflect", &r->inflect))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "case")) &&
      parse_case(c, v, &r->case_sensitive))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "skip")) && parse_skip(c, v, &r->skip_quotes))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "unless")) &&
      pl_yaml_strlist(&c->y, v, "unless", &r->unless))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "except")) &&
      parse_terms(c, v, "except", &r->except))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "replace")) &&
      parse_replace(c, v, &r->replace))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "suggestions")) &&
      pl_yaml_strlist(&c->y, v, "suggestions", &r->suggestions))
    return -1;
  return 0;
}

static int parse_rule(pack_ctx *c, yaml_node_t *n, pl_rule *r) {
  if (pl_yaml_check_keys(&c->y, n, "a rule", rule_keys))
    return -1;
  yaml_node_t *v = pl_yaml_get(&c->y, n, "id");
  const char *id;
  if (!v)
    return pl_yaml_fail(&c->y, n, "a rule needs an id");
  if (pl_yaml_string(&c->y, v, "id", &id))
    return -1;
  if (!valid_name(id))
    return pl_yaml_fail(&c->y, v,
                        "rule id '%.60s' must be lowercase letters, digits and "
                        "hyphens",
                        id);
  size_t idlen = strlen(c->pack->name) + 1 + strlen(id) + 1;
  char *full = pl_arena_alloc(c->y.arena, idlen);
  if (!full)
    return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
  strcpy(full, c->pack->name);
  strcat(full, "/");
  strcat(full, id);
  r->pack = c->pack;
  r->info.id = full;
  r->info.pack = c->pack->name;
  r->info.pack_title = c->pack->title;
  r->info.file = c->y.file;
  r->info.line = pl_yaml_line(n);
  r->info.principle = c->pack->principle;
  r->info.source = c->pack->source;
  r->info.level = (peerlint_level)c->level;
  if ((v = pl_yaml_get(&c->y, n, "level"))) {
    int level;
    if (pl_yaml_level(&c->y, v, &level))
      return -1;
    r->info.level = (peerlint_level)level;
  }
  if (!(v = pl_yaml_get(&c->y, n, "message")))
    return pl_yaml_fail(&c->y, n, "rule '%s' needs a message", id);
  if (pl_yaml_string(&c->y, v, "message", &r->info.message))
    return -1;
  if (!r->info.message[0])
    return pl_yaml_fail(&c->y, v, "rule '%s' has an empty message", id);
  if ((v = pl_yaml_get(&c->y, n, "principle")) &&
      pl_yaml_string(&c->y, v, "principle", &r->info.principle))
    return -1;
  if ((v = pl_yaml_get(&c->y, n, "source")) &&
      pl_yaml_string(&c->y, v, "source", &r->info.source))
    return -1;
  if (parse_matcher(c, r, n) || parse_options(c, r, n))
    return -1;
  if (!(v = pl_yaml_get(&c->y, n, "examples")))
    return pl_yaml_fail(&c->y, n, "rule '%s' needs examples (bad, good, fix)",
                        id);
  return parse_examples(c, r, v);
}

static int parse_rules(pack_ctx *c, yaml_node_t *n) {
  if (n->type != YAML_SEQUENCE_NODE)
    return pl_yaml_fail(&c->y, n, "rules must be a list");
  size_t count = (size_t)(n->data.sequence.items.top -
                          n->data.sequence.items.start);
  peerlint_engine *e = c->e;
  size_t first = e->nrules;
  pl_rule *grown = realloc(e->rules, (e->nrules + count + 1) * sizeof *grown);
  if (!grown)
    return pl_fail(c->y.err, PEERLINT_E_NOMEM, "out of memory");
  e->rules = grown;
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top; it++) {
    pl_rule *r = &e->rules[e->nrules];
    memset(r, 0, sizeof *r);
    yaml_node_t *rn = pl_yaml_node(&c->y, *it);
    if (parse_rule(c, rn, r))
      return -1;
    for (size_t i = first; i < e->nrules; i++)
      if (!strcmp(e->rules[i].info.id, r->info.id))
        return pl_yaml_fail(&c->y, rn, "rule id '%s' is used twice in the pack",
                            r->info.id + strlen(c->pack->name) + 1);
    e->nrules++;
  }
  return 0;
}

static int parse_header(pack_ctx *c, yaml_node_t *root) {
  pl_pack *p = c->pack;
  yaml_node_t *v = pl_yaml_get(&c->y, root, "name");
  if (!v)
    return pl_yaml_fail(&c->y, root, "a pack needs a name");
  if (pl_yaml_string(&c->y, v, "name", &p->name))
    return -1;
  if (!valid_name(p->name))
    return pl_yaml_fail(&c->y, v,
                        "pack name '%.60s' must be lowercase letters, digits "
                        "and hyphens",
                        p->name);
  for (size_t i = 0; i + 1 < c->e->npacks; i++)
    if (!strcmp(c->e->packs[i]->name, p->name))
      return pl_yaml_fail(&c->y, v, "pack '%s' is already loaded from %s",
                          p->name, c->e->packs[i]->file);
  p->title = p->name;
  p->principle = "";
  p->source = "";
  if ((v = pl_yaml_get(&c->y, root, "title")) &&
      pl_yaml_string(&c->y, v, "title", &p->title))
    return -1;
  if ((v = pl_yaml_get(&c->y, root, "principle")) &&
      pl_yaml_string(&c->y, v, "principle", &p->principle))
    return -1;
  if ((v = pl_yaml_get(&c->y, root, "source")) &&
      pl_yaml_string(&c->y, v, "source", &p->source))
    return -1;
  c->level = PEERLINT_WARNING;
  if ((v = pl_yaml_get(&c->y, root, "level")) &&
      pl_yaml_level(&c->y, v, &c->level))
    return -1;
  if ((v = pl_yaml_get(&c->y, root, "skip")) &&
      parse_skip(c, v, &c->skip_quotes))
    return -1;
  if ((v = pl_yaml_get(&c->y, root, "lists")) && parse_lists(c, v))
    return -1;
  return 0;
}

int pl_pack_parse(peerlint_engine *e, const char *file, const char *text,
                  size_t len, peerlint_error *err) {
  pack_ctx c = {.e = e};
  c.y.file = pl_arena_strdup(&e->arena, file);
  c.y.err = err;
  c.y.code = PEERLINT_E_PACK;
  c.y.arena = &e->arena;
  /* Packs live in the arena so that rules can point at them. */
  pl_pack **packs = realloc(e->packs, (e->npacks + 1) * sizeof *packs);
  if (packs)
    e->packs = packs;
  c.pack = pl_arena_alloc(&e->arena, sizeof *c.pack);
  if (!c.y.file || !packs || !c.pack)
    return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  e->packs[e->npacks++] = c.pack;
  c.pack->file = c.y.file;
  int rc = -1;
  yaml_node_t *root = pl_yaml_load(&c.y, text, len);
  if (root && !pl_yaml_check_keys(&c.y, root, "a pack", pack_keys) &&
      !parse_header(&c, root)) {
    yaml_node_t *rules = pl_yaml_get(&c.y, root, "rules");
    if (!rules)
      pl_yaml_fail(&c.y, root, "a pack needs rules");
    else
      rc = parse_rules(&c, rules);
  }
  pl_yaml_free(&c.y);
  return rc;
}
