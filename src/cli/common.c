/* common.c: engine loading, input reading and display names for the CLI. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef PEERLINT_DATADIR
#define PEERLINT_DATADIR "/usr/local/share/peerlint"
#endif

int cli_option_value(int argc, char **argv, int *i, const char *name,
                     const char **out) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n))
    return 0;
  if (argv[*i][n] == '=') {
    *out = argv[*i] + n + 1;
    return 1;
  }
  if (argv[*i][n])
    return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "peerlint: %s needs a value\n", name);
    return -1;
  }
  *out = argv[++*i];
  return 1;
}

int cli_engine_option(int argc, char **argv, int *i, cli_engine_opts *o) {
  int rc;
  if ((rc = cli_option_value(argc, argv, i, "--rules", &o->rules_dir)))
    return rc;
  if ((rc = cli_option_value(argc, argv, i, "--config", &o->config_path)))
    return rc;
  if (!strcmp(argv[*i], "--no-config"))
    return o->no_config = 1;
  if ((rc = cli_option_value(argc, argv, i, "--dict", &o->dict_dir)))
    return rc;
  if (!strcmp(argv[*i], "--no-spell"))
    return o->no_spell = 1;
  return 0;
}

/* Where a build keeps `name` (rules, web, examples/...) beside its binary,
 * or where an install put it. A build in place uses its own files even
 * when another copy is installed; an installed binary has nothing beside
 * it and finds the installed ones. */
const char *cli_find_data(const char *name, char *out, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      snprintf(out, size, "%s/%s", exe, name);
      if (access(out, R_OK) == 0)
        return out;
    }
  }
  snprintf(out, size, "%s/%s", PEERLINT_DATADIR, name);
  return access(out, R_OK) == 0 ? out : NULL;
}

static const char *find_rules(const cli_engine_opts *o, char *buf,
                              size_t size) {
  if (o->rules_dir)
    return o->rules_dir;
  const char *env = getenv("PEERLINT_RULES");
  if (env && *env)
    return env;
  if (cli_find_data("rules", buf, size))
    return buf;
  return PEERLINT_DATADIR "/rules"; /* its error names where we looked */
}

/* The nearest .peerlint.yaml in the note's folder or a parent. */
static const char *find_config(const char *near_path, char *buf,
                               size_t size) {
  char dir[PATH_MAX];
  const char *slash = strcmp(near_path, "-") ? strrchr(near_path, '/') : NULL;
  if (slash)
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - near_path), near_path);
  else
    snprintf(dir, sizeof dir, ".");
  char real[PATH_MAX];
  if (!realpath(dir[0] ? dir : "/", real))
    return NULL;
  for (;;) {
    snprintf(buf, size, "%s/.peerlint.yaml", strcmp(real, "/") ? real : "");
    if (access(buf, F_OK) == 0)
      return buf;
    char *up = strrchr(real, '/');
    if (!up || up == real) {
      if (strcmp(real, "/") == 0)
        return NULL;
      strcpy(real, "/");
      continue;
    }
    *up = 0;
  }
}

/* The first folder of $DICPATH (a colon-separated list, as Hunspell reads
 * it) that holds the dictionary. */
static const char *dict_from_env(char *buf, size_t size) {
  const char *env = getenv("DICPATH");
  while (env && *env) {
    size_t n = strcspn(env, ":");
    snprintf(buf, size, "%.*s/en_US.dic", (int)n, env);
    if (access(buf, R_OK) == 0) {
      buf[n] = 0;
      return buf;
    }
    env += n + (env[n] == ':');
  }
  return NULL;
}

/* Where the rules, config and dictionary are: the same for an engine and
 * for the templates that go with it. Paths point into `b`. */
typedef struct found_paths {
  char rules[PATH_MAX], config[PATH_MAX + 32], dict[PATH_MAX];
} found_paths;

static peerlint_options find_options(const cli_engine_opts *o,
                                     const char *near_path, found_paths *b) {
  peerlint_options opts = {0};
  opts.rules_dir = find_rules(o, b->rules, sizeof b->rules);
  if (o->config_path)
    opts.config_path = o->config_path;
  else if (!o->no_config)
    opts.config_path = find_config(near_path ? near_path : "-", b->config,
                                   sizeof b->config);
  opts.no_spell = o->no_spell;
  const char *no_jit = getenv("PEERLINT_NO_JIT"); /* for valgrind runs */
  opts.no_jit = no_jit && *no_jit && strcmp(no_jit, "0");
  opts.dict_dir = o->dict_dir ? o->dict_dir
                              : dict_from_env(b->dict, sizeof b->dict);
  return opts;
}

peerlint_engine *cli_load_engine(const cli_engine_opts *o,
                                 const char *near_path) {
  found_paths b;
  peerlint_options opts = find_options(o, near_path, &b);
  peerlint_error err = {0};
  peerlint_engine *e = peerlint_engine_new(&opts, &err);
  if (!e)
    fprintf(stderr, "peerlint: %s\n", err.message);
  else if (!o->no_spell && peerlint_engine_spelling_off(e))
    fprintf(stderr,
            "peerlint: spelling is off: %s (install hunspell-en-us, or give "
            "--dict DIR); the other rules still run\n",
            peerlint_engine_spelling_off(e));
  return e;
}

peerlint_templates *cli_load_templates(const cli_engine_opts *o,
                                       const char *near_path,
                                       peerlint_error *err) {
  found_paths b;
  peerlint_options opts = find_options(o, near_path, &b);
  return peerlint_templates_new(&opts, err);
}

const char *cli_display_name(const char *path) {
  return strcmp(path, "-") ? path : "<stdin>";
}

char *cli_read_input(const char *path, size_t *len) {
  int is_stdin = !strcmp(path, "-");
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "peerlint: %s: cannot be read: %s\n", path,
            strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fprintf(stderr, "peerlint: %s: is a folder, not a note\n", path);
    if (!is_stdin)
      fclose(f);
    return NULL;
  }
  size_t cap = 8192, n = 0;
  char *data = malloc(cap);
  int too_big = 0;
  while (data) {
    if (n + 1 >= cap) {
      /* Room for one byte past the limit, never more: a larger input is
       * refused after reading PEERLINT_MAX_NOTE + 1 bytes. */
      size_t want = cap * 2 < PEERLINT_MAX_NOTE + 2 ? cap * 2
                                                    : PEERLINT_MAX_NOTE + 2;
      char *p = realloc(data, want);
      if (!p) {
        free(data);
        data = NULL;
        break;
      }
      data = p;
      cap = want;
    }
    size_t got = fread(data + n, 1, cap - n - 1, f);
    n += got;
    if (n > PEERLINT_MAX_NOTE) {
      too_big = 1;
      break;
    }
    if (got == 0)
      break;
  }
  int failed = ferror(f);
  if (!is_stdin)
    fclose(f);
  if (!data || too_big || failed) {
    if (too_big)
      fprintf(stderr,
              "peerlint: %s: larger than the note limit of %u bytes; split "
              "it into notes\n",
              cli_display_name(path), PEERLINT_MAX_NOTE);
    else
      fprintf(stderr, "peerlint: %s: %s\n", cli_display_name(path),
              failed ? "read error" : "out of memory");
    free(data);
    return NULL;
  }
  data[n] = 0;
  *len = n;
  return data;
}
