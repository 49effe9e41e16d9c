/* static.c: the web/ folder served at / (the page for peer workers, built
 * by another issue; until it exists every other path is 404).
 *
 * Only plain files under web/ are served: a path with a ".." or a hidden
 * segment is refused before it reaches the file system, and responses
 * carry a Content-Security-Policy of default-src 'self' so the page can
 * talk only to this server. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

#ifndef PEERLINT_DATADIR
#define PEERLINT_DATADIR "/usr/local/share/peerlint"
#endif

static char web_dir[PATH_MAX];

/* web/ beside the binary in a build, else the installed one (see
 * cli_find_data). */
int srv_static_init(void) {
  if (cli_find_data("web", web_dir, sizeof web_dir))
    return 1;
  web_dir[0] = 0;
  return 0;
}

/* Refuses "..", hidden files and anything but a plain absolute path. */
static int safe_path(const char *url) {
  if (url[0] != '/' || strchr(url, '\\'))
    return 0;
  for (const char *p = url; (p = strchr(p, '/')); p++)
    if (p[1] == '.')
      return 0;
  return 1;
}

static const char *content_type(const char *path) {
  static const struct { const char *ext, *type; } types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
    if (!strcmp(dot, types[i].ext))
      return types[i].type;
  return "application/octet-stream";
}

/* Opens the file for `url`; -1 when there is none. */
static int open_file(const char *url, char *path, size_t size, off_t *len) {
  if (!web_dir[0] || !safe_path(url))
    return -1;
  size_t n = strlen(url);
  int w = snprintf(path, size, "%s%s%s", web_dir, url,
                   url[n - 1] == '/' ? "index.html" : "");
  if (w < 0 || (size_t)w >= size)
    return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
    close(fd);
    return -1;
  }
  if (fd >= 0)
    *len = st.st_size;
  return fd;
}

int srv_static_exists(const char *url) {
  char path[PATH_MAX];
  off_t len;
  int fd = open_file(url, path, sizeof path, &len);
  if (fd < 0)
    return 0;
  close(fd);
  return 1;
}

srv_reply srv_static_get(const char *url) {
  char path[PATH_MAX];
  off_t len = 0;
  int fd = open_file(url, path, sizeof path, &len);
  if (fd < 0)
    return srv_reply_error(404, "not found");
  srv_reply r = {.status = 200, .fd = fd, .len = (size_t)len,
                 .type = content_type(path), .is_static = 1};
  return r;
}
