/* batch_input.c: the notes of `peerlint batch`, from folders (*.txt and
 * *.md, recursively, in name order), JSON Lines files (one object a line:
 * id, author, date, type, and text or fields) and CSV files (a header row;
 * columns id, author, date, text and an optional type by default).
 *
 * A note's type names the template whose required sections it should have
 * (batch_sections.c). Folder notes have none: a type guessed from a file's
 * name or content would make a note "lack" sections it was never meant to
 * have.
 *
 * Every problem is one line on stderr naming the file and the line (and
 * row, for CSV), counted as an input error, and skipped: the other notes
 * are still read. Nothing here prints note text. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "batch.h"

/* A line or CSV row may be a little over the note limit (the other
 * columns, JSON escapes); past this it is refused without being held. */
#define MAX_RECORD (2u * PEERLINT_MAX_NOTE + 65536u)

void batch_note_free(batch_note *n) {
  if (!n)
    return;
  free(n->where);
  free(n->id);
  free(n->author);
  free(n->date);
  free(n->type);
  free(n->text);
  for (size_t i = 0; i < n->n_fields; i++) {
    free((char *)n->fields[i].name);
    free((char *)n->fields[i].text);
  }
  free(n->fields);
  free(n);
}

int batch_utf8_valid(const char *s, size_t n, size_t *bad) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    size_t k;
    unsigned min;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      k = 1, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      k = 2, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      k = 3, min = 0x10000, c &= 0x07;
    } else {
      goto fail;
    }
    if (n - i <= k)
      goto fail;
    for (size_t j = 1; j <= k; j++) {
      if ((p[i + j] & 0xC0) != 0x80)
        goto fail;
      c = (c << 6) | (p[i + j] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      goto fail;
    i += k + 1;
  }
  return 1;
fail:
  if (bad)
    *bad = i;
  return 0;
}

static void input_error(batch_input *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void input_error(batch_input *in, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("peerlint: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  in->errors++;
}

static char *dup_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (s) {
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return s;
}

static void emit(batch_input *in, batch_note *n) {
  n->seq = in->next_seq++;
  in->emit(in->ctx, n);
}

static int has_ext(const char *name, const char *ext) {
  size_t n = strlen(name), e = strlen(ext);
  return n > e && !strcasecmp(name + n - e, ext);
}

/* ---- one file, one note ------------------------------------------------ */

static void read_note_file(batch_input *in, const char *path) {
  size_t len;
  char *text = cli_read_input(path, &len); /* says why on failure */
  if (!text) {
    in->errors++;
    return;
  }
  batch_note *n = calloc(1, sizeof *n);
  if (!n || !(n->where = strdup(path)) || !(n->id = strdup(path))) {
    input_error(in, "%s: out of memory", path);
    free(text);
    batch_note_free(n);
    return;
  }
  n->text = text;
  n->len = len;
  emit(in, n);
}

/* ---- folders ----------------------------------------------------------- */

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d) { return d->d_name[0] != '.'; }

/* Every *.txt and *.md below `dir`, in name order. Hidden files and
 * folders (.git, .peerlint.yaml) are left out; links to folders are not
 * followed, so a loop cannot make the walk endless. */
static void read_folder(batch_input *in, const char *dir, int depth) {
  struct dirent **list;
  int n = scandir(dir, &list, not_hidden, by_name);
  if (n < 0) {
    input_error(in, "%s: the folder cannot be read: %s", dir, strerror(errno));
    return;
  }
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    size_t dl = strlen(dir);
    char *path = dup_printf("%s%s%s", dir,
                            dl && dir[dl - 1] == '/' ? "" : "/", name);
    struct stat st;
    if (!path) {
      input_error(in, "%s: out of memory", dir);
    } else if (lstat(path, &st)) {
      input_error(in, "%s: cannot be read: %s", path, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      if (depth < 64)
        read_folder(in, path, depth + 1);
      else
        input_error(in, "%s: folders nested too deep; skipped", path);
    } else if (has_ext(name, ".txt") || has_ext(name, ".md")) {
      read_note_file(in, path);
    }
    free(path);
    free(list[i]);
  }
  free(list);
}

/* ---- JSON Lines -------------------------------------------------------- */

/* One line of at most `max` bytes into *buf (without the newline). Returns
 * the length, -1 at the end, -2 for a longer line (skipped). */
static long read_line(FILE *f, char **buf, size_t *cap, size_t max) {
  size_t n = 0;
  int c, over = 0;
  while ((c = getc(f)) != EOF && c != '\n') {
    if (over)
      continue;
    if (n >= max) {
      over = 1;
      continue;
    }
    if (n + 2 > *cap) {
      size_t nc = *cap ? *cap * 2 : 4096;
      char *b = realloc(*buf, nc);
      if (!b)
        return -2;
      *buf = b;
      *cap = nc;
    }
    (*buf)[n++] = (char)c;
  }
  if (c == EOF && n == 0 && !over)
    return -1;
  if (over)
    return -2;
  if (n && (*buf)[n - 1] == '\r')
    n--;
  if (*buf)
    (*buf)[n] = 0;
  return (long)n;
}

/* A string or null member; 0 when it is neither (an error). */
static int opt_string(json_t *o, const char *key, char **out) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if (!v || json_is_null(v))
    return 1;
  if (!json_is_string(v))
    return 0;
  *out = strndup(json_string_value(v), json_string_length(v));
  return *out != NULL;
}

static int has_nul(const char *s, size_t n) { return memchr(s, 0, n) != NULL; }

/* The note's type without surrounding blanks; a blank type is no type, as
 * an empty CSV cell is. Returns -1 when out of memory. */
static int set_type(batch_note *n, const char *s, size_t len) {
  while (len && (*s == ' ' || *s == '\t'))
    s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (!len)
    return 0;
  n->type = strndup(s, len);
  return n->type ? 0 : -1;
}

/* The "type" member (a string or null): why it is wrong, or NULL. */
static const char *jsonl_type(json_t *o, batch_note *n) {
  json_t *type = json_object_get(o, "type");
  if (!type || json_is_null(type))
    return NULL;
  if (!json_is_string(type))
    return "\"type\" must be a string";
  const char *t = json_string_value(type);
  size_t len = json_string_length(type);
  if (has_nul(t, len))
    return "\"type\" holds a NUL character";
  return set_type(n, t, len) ? "out of memory" : NULL;
}

/* Why a JSON Lines object is not a note, or NULL with `n` filled. */
static const char *jsonl_note(json_t *o, batch_note *n) {
  if (!json_is_object(o))
    return "not a JSON object";
  json_t *id = json_object_get(o, "id");
  if (json_is_string(id)) {
    if (has_nul(json_string_value(id), json_string_length(id)))
      return "\"id\" holds a NUL character";
    n->id = strndup(json_string_value(id), json_string_length(id));
  } else if (json_is_integer(id)) {
    n->id = dup_printf("%" JSON_INTEGER_FORMAT, json_integer_value(id));
  } else if (id && !json_is_null(id)) {
    return "\"id\" must be a string or an integer";
  }
  if (!opt_string(o, "author", &n->author))
    return "\"author\" must be a string";
  if (!opt_string(o, "date", &n->date))
    return "\"date\" must be a string";
  const char *why_type = jsonl_type(o, n);
  if (why_type)
    return why_type;
  if ((n->author && strlen(n->author) != json_string_length(
                                             json_object_get(o, "author"))) ||
      (n->date &&
       strlen(n->date) != json_string_length(json_object_get(o, "date"))))
    return "\"author\" or \"date\" holds a NUL character";
  json_t *text = json_object_get(o, "text");
  json_t *fields = json_object_get(o, "fields");
  if (text && fields)
    return "has both \"text\" and \"fields\"; give one";
  if (json_is_string(text)) {
    n->len = json_string_length(text);
    n->text = strndup(json_string_value(text), n->len);
    return n->text ? NULL : "out of memory";
  }
  if (text)
    return "\"text\" must be a string";
  if (!json_is_object(fields))
    return fields ? "\"fields\" must be an object of strings"
                  : "has no \"text\" string or \"fields\" object";
  size_t k = json_object_size(fields);
  n->fields = calloc(k ? k : 1, sizeof *n->fields);
  if (!n->fields)
    return "out of memory";
  const char *key;
  json_t *v;
  json_object_foreach(fields, key, v) {
    if (!json_is_string(v))
      return "\"fields\" must be an object of strings";
    peerlint_field *f = &n->fields[n->n_fields++];
    f->name = strdup(key);
    f->len = json_string_length(v);
    f->text = strndup(json_string_value(v), f->len);
    if (!f->name || !f->text)
      return "out of memory";
  }
  return NULL;
}

static void read_jsonl(batch_input *in, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    input_error(in, "%s: cannot be read: %s", path, strerror(errno));
    return;
  }
  char *buf = NULL;
  size_t cap = 0;
  long len;
  for (unsigned long line = 1; (len = read_line(f, &buf, &cap, MAX_RECORD)) != -1;
       line++) {
    if (len == -2) {
      input_error(in, "%s:%lu: the line is longer than %u bytes; skipped",
                  path, line, MAX_RECORD);
      continue;
    }
    size_t n = (size_t)len, sp = strspn(buf, " \t");
    if (sp == n)
      continue; /* a blank line */
    size_t bad;
    if (!batch_utf8_valid(buf, n, &bad)) {
      input_error(in, "%s:%lu: not valid UTF-8 at byte %zu of the line; "
                      "skipped", path, line, bad + 1);
      continue;
    }
    json_error_t je;
    json_t *o = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
      /* jansson's message may quote the line ("near '...'"): cut it. */
      char *near = strstr(je.text, " near '");
      if (near)
        *near = 0;
      input_error(in, "%s:%lu:%d: not valid JSON: %s; skipped", path, line,
                  je.column, je.text);
      continue;
    }
    batch_note *note = calloc(1, sizeof *note);
    const char *why = note ? jsonl_note(o, note) : "out of memory";
    json_decref(o);
    if (!why && !(note->where = dup_printf("%s:%lu", path, line)))
      why = "out of memory";
    if (!why && !note->id && !(note->id = strdup(note->where)))
      why = "out of memory";
    if (why) {
      input_error(in, "%s:%lu: the object %s; skipped", path, line, why);
      batch_note_free(note);
      continue;
    }
    emit(in, note);
  }
  if (ferror(f))
    input_error(in, "%s: read error", path);
  free(buf);
  fclose(f);
}

/* ---- CSV --------------------------------------------------------------- */

/* The column named `name` (case and surrounding spaces ignored), or -1. */
static long find_column(csv_reader *r, const char *name) {
  size_t nl = strlen(name);
  for (size_t i = 0; i < csv_field_count(r); i++) {
    size_t len;
    const char *h = csv_field(r, i, &len);
    while (len && (*h == ' ' || *h == '\t'))
      h++, len--;
    while (len && (h[len - 1] == ' ' || h[len - 1] == '\t'))
      len--;
    if (len == nl && !strncasecmp(h, name, nl))
      return (long)i;
  }
  return -1;
}

/* Where the columns are in a CSV file (-1: not there). */
typedef struct csv_cols {
  long id, author, date, text, type;
} csv_cols;

/* A copy of the record's column `col`, or NULL when it is missing or
 * empty. */
static char *csv_copy(csv_reader *r, long col) {
  size_t len;
  const char *v = col >= 0 ? csv_field(r, (size_t)col, &len) : NULL;
  return v && len ? strndup(v, len) : NULL;
}

/* The note of the record just read, or NULL when out of memory. */
static batch_note *csv_note(csv_reader *r, const csv_cols *k, const char *path,
                            unsigned long line, unsigned long row) {
  batch_note *n = calloc(1, sizeof *n);
  size_t tl, len;
  const char *t = csv_field(r, (size_t)k->text, &tl);
  if (!n || !(n->where = dup_printf("%s:%lu (row %lu)", path, line, row)) ||
      !(n->text = strndup(t, tl)))
    goto oom;
  n->len = tl;
  if (!(n->id = csv_copy(r, k->id)))
    n->id = dup_printf("%s row %lu", path, row);
  n->author = csv_copy(r, k->author);
  n->date = csv_copy(r, k->date);
  const char *type = k->type >= 0 ? csv_field(r, (size_t)k->type, &len) : NULL;
  if (type && set_type(n, type, len))
    goto oom;
  return n;
oom:
  batch_note_free(n);
  return NULL;
}

/* Finds the columns in the header row just read; reports and returns -1
 * when one the user named is not there, or the header is not UTF-8. */
static int csv_header(batch_input *in, csv_reader *r, const char *path,
                      csv_cols *k) {
  const batch_columns *c = in->cols;
  *k = (csv_cols){find_column(r, c->id), find_column(r, c->author),
                  find_column(r, c->date), find_column(r, c->text),
                  find_column(r, c->type)};
  struct {
    long col;
    int given;
    const char *name;
  } need[] = {{k->text, 1, c->text},
              {k->id, c->id_given, c->id},
              {k->author, c->author_given, c->author},
              {k->date, c->date_given, c->date},
              {k->type, c->type_given, c->type}};
  for (size_t i = 0; i < sizeof need / sizeof *need; i++)
    if (need[i].col < 0 && need[i].given) {
      input_error(in, "%s:%lu: the header has no column '%s'%s; the file is "
                      "skipped", path, csv_line(r), need[i].name,
                  i == 0 && !c->text_given ? " (--text-column names another)"
                                           : "");
      return -1;
    }
  size_t header_bad;
  for (size_t i = 0; i < csv_field_count(r); i++) {
    size_t hl;
    const char *h = csv_field(r, i, &hl);
    if (!batch_utf8_valid(h, hl, &header_bad)) {
      input_error(in, "%s:%lu: the header is not valid UTF-8; the file is "
                      "skipped", path, csv_line(r));
      return -1;
    }
  }
  return 0;
}

/* The first of the record's id, author, date and type columns that is not
 * UTF-8 text, or NULL. */
static const char *csv_bad_column(csv_reader *r, const csv_cols *k) {
  long cols[] = {k->id, k->author, k->date, k->type};
  const char *names[] = {"id", "author", "date", "type"};
  for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
    size_t len, bad;
    const char *v = cols[i] >= 0 ? csv_field(r, (size_t)cols[i], &len) : "";
    if (cols[i] >= 0 && (!batch_utf8_valid(v, len, &bad) || has_nul(v, len)))
      return names[i];
  }
  return NULL;
}

static void read_csv(batch_input *in, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    input_error(in, "%s: cannot be read: %s", path, strerror(errno));
    return;
  }
  csv_reader *r = csv_open(f, MAX_RECORD);
  if (!r) {
    input_error(in, "%s: out of memory", path);
    fclose(f);
    return;
  }
  const batch_columns *c = in->cols;
  csv_cols k;
  int rc = csv_next(r);
  if (rc != CSV_RECORD) {
    if (rc == CSV_END)
      input_error(in, "%s: empty; a CSV file starts with a header row (%s,"
                      "%s,%s,%s)", path, c->id, c->author, c->date, c->text);
    else
      input_error(in, "%s:%lu: the header row: %s", path, csv_line(r),
                  csv_error(r));
    goto done;
  }
  size_t ncols = csv_field_count(r);
  if (csv_header(in, r, path, &k))
    goto done;
  while ((rc = csv_next(r)) != CSV_END) {
    unsigned long line = csv_line(r), row = csv_row(r);
    if (rc != CSV_RECORD) {
      input_error(in, "%s:%lu: row %lu: %s%s", path, line, row, csv_error(r),
                  rc == CSV_BROKEN ? "; skipped" : "");
      if (rc == CSV_FATAL)
        break;
      continue;
    }
    size_t nf = csv_field_count(r), l0;
    if (nf == 1 && (csv_field(r, 0, &l0), l0 == 0))
      continue; /* a blank line */
    if (nf != ncols) {
      input_error(in, "%s:%lu: row %lu has %zu column%s, the header has %zu; "
                      "skipped", path, line, row, nf, nf == 1 ? "" : "s",
                  ncols);
      continue;
    }
    const char *what = csv_bad_column(r, &k);
    if (what) {
      input_error(in, "%s:%lu: row %lu: the %s column is not valid UTF-8 "
                      "text; skipped", path, line, row, what);
      continue;
    }
    batch_note *n = csv_note(r, &k, path, line, row);
    if (n)
      emit(in, n);
    else
      input_error(in, "%s:%lu: out of memory", path, line);
  }
  if (ferror(f))
    input_error(in, "%s: read error", path);
done:
  csv_close(r);
  fclose(f);
}

void batch_read_path(batch_input *in, const char *path) {
  struct stat st;
  if (stat(path, &st)) {
    input_error(in, "%s: cannot be read: %s", path, strerror(errno));
    return;
  }
  if (S_ISDIR(st.st_mode))
    read_folder(in, path, 0);
  else if (has_ext(path, ".jsonl"))
    read_jsonl(in, path);
  else if (has_ext(path, ".csv"))
    read_csv(in, path);
  else
    read_note_file(in, path);
}
