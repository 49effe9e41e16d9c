/* load.c: the one place the library reads files: rule packs, the agency
 * config and note templates, while an engine (or a template set) is built.
 * Notes are never read here. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "engine.h"

#ifndef PEERLINT_DATADIR
#define PEERLINT_DATADIR "/usr/local/share/peerlint"
#endif

enum { MAX_PACK_BYTES = 4 * 1024 * 1024 };

char *pl_read_file(const char *path, size_t *len, peerlint_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    pl_fail(err, PEERLINT_E_IO, "%s: cannot be read: %s", path,
            strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    pl_fail(err, PEERLINT_E_IO, "%s: is a folder, not a file", path);
    return NULL;
  }
  char *data = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *p = realloc(data, cap);
      if (!p) {
        free(data);
        fclose(f);
        pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
        return NULL;
      }
      data = p;
    }
    size_t got = fread(data + n, 1, cap - n - 1, f);
    n += got;
    if (n > MAX_PACK_BYTES) {
      free(data);
      fclose(f);
      pl_fail(err, PEERLINT_E_IO, "%s: larger than the %d byte limit", path,
              MAX_PACK_BYTES);
      return NULL;
    }
    if (got == 0)
      break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(data);
    pl_fail(err, PEERLINT_E_IO, "%s: read error", path);
    return NULL;
  }
  data[n] = '\0';
  *len = n;
  return data;
}

int pl_config_read(peerlint_engine *e, const char *path, peerlint_error *err) {
  size_t len;
  char *text = pl_read_file(path, &len, err);
  if (!text)
    return -1;
  int rc = pl_config_parse(e, path, text, len, err);
  free(text);
  return rc;
}

static int is_pack_name(const char *name) {
  size_t n = strlen(name);
  return name[0] != '.' &&
         ((n > 5 && !strcmp(name + n - 5, ".yaml")) ||
          (n > 4 && !strcmp(name + n - 4, ".yml")));
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml names of a folder, sorted, so that results never depend on
 * the file system's order. */
static char **yaml_names(const char *dir, const char *what, size_t *count,
                         peerlint_error *err) {
  DIR *d = opendir(dir);
  if (!d) {
    pl_fail(err, PEERLINT_E_IO, "%s folder %s: cannot be read: %s", what, dir,
            strerror(errno));
    return NULL;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *de;
  while (!rc && (de = readdir(d))) {
    if (!is_pack_name(de->d_name))
      continue;
    char **grown = pl_grow(names, &cap, n, sizeof *names);
    if (!grown || !(grown[n] = strdup(de->d_name))) {
      names = grown ? grown : names;
      rc = pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
      break;
    }
    names = grown;
    n++;
  }
  closedir(d);
  if (!rc && n == 0)
    rc = pl_fail(err, PEERLINT_E_IO, "%s folder %s: has no %s (*.yaml)", what,
                 dir, !strcmp(what, "rules") ? "packs" : what);
  if (rc) {
    for (size_t i = 0; i < n; i++)
      free(names[i]);
    free(names);
    return NULL;
  }
  qsort(names, n, sizeof *names, by_name);
  *count = n;
  return names;
}

int pl_each_yaml(const char *dir, const char *what, pl_yaml_file_fn fn,
                 void *ctx, peerlint_error *err) {
  size_t n = 0;
  char **names = yaml_names(dir, what, &n, err);
  if (!names)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rc) {
      char path[4096];
      size_t len;
      snprintf(path, sizeof path, "%s/%s", dir, names[i]);
      char *text = pl_read_file(path, &len, err);
      rc = text ? fn(ctx, path, text, len, err) : -1;
      free(text);
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

static int parse_pack(void *e, const char *path, const char *text, size_t len,
                      peerlint_error *err) {
  return pl_pack_parse(e, path, text, len, err);
}

static int load_dir(peerlint_engine *e, const char *dir, peerlint_error *err) {
  return pl_each_yaml(dir, "rules", parse_pack, e, err);
}

void pl_config_relative(const char *config_path, const char *folder,
                        char *out, size_t size) {
  const char *slash = strrchr(config_path, '/');
  if (folder[0] == '/' || !slash)
    snprintf(out, size, "%s", folder);
  else
    snprintf(out, size, "%.*s/%s", (int)(slash - config_path), config_path,
             folder);
}

/* The folders named in the config, relative to the config's own folder. */
static int load_config_folders(peerlint_engine *e, const char *config_path,
                               peerlint_error *err) {
  for (size_t i = 0; i < e->config.nrule_folders; i++) {
    char path[4096];
    pl_config_relative(config_path, e->config.rule_folders[i], path,
                       sizeof path);
    if (load_dir(e, path, err))
      return -1;
  }
  return 0;
}

/* The project's word lists and note templates live beside the rules
 * folder (dictionaries/, templates/), in a build and installed
 * (share/peerlint/...). */
void pl_beside_rules(const char *rules, const char *name, char *out,
                     size_t size) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", rules);
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') /* "rules/" */
    dir[--n] = 0;
  char *slash = strrchr(dir, '/');
  if (slash)
    snprintf(out, size, "%.*s/%s", (int)(slash - dir), dir, name);
  else
    snprintf(out, size, "%s", name);
}

static void open_speller(peerlint_engine *e, const peerlint_options *opts,
                         const char *rules) {
  if (opts && opts->no_spell) {
    snprintf(e->spell_off, sizeof e->spell_off, "switched off");
    return;
  }
  char words[4096];
  pl_beside_rules(rules, "dictionaries", words, sizeof words);
  e->speller = pl_speller_open(
      opts && opts->dict_dir ? opts->dict_dir : "/usr/share/hunspell",
      opts && opts->lang ? opts->lang : "en_US", words, e->config.words,
      e->config.nwords, e->spell_off, sizeof e->spell_off);
}

PL_API peerlint_engine *peerlint_engine_new(const peerlint_options *opts,
                                            peerlint_error *err) {
  const char *rules = opts && opts->rules_dir ? opts->rules_dir
                                              : PEERLINT_DATADIR "/rules";
  const char *config = opts ? opts->config_path : NULL;
  peerlint_engine *e = pl_engine_alloc(err);
  if (!e)
    return NULL;
  e->no_jit = opts && opts->no_jit;
  if ((config && pl_config_read(e, config, err)) || load_dir(e, rules, err) ||
      (config && load_config_folders(e, config, err)))
    goto fail;
  open_speller(e, opts, rules);
  return pl_engine_finish(e, err);
fail:
  peerlint_engine_free(e);
  return NULL;
}
