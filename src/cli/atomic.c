/* atomic.c: replacing a note on disk without ever losing it.
 *
 * The new text goes to a temporary file in the same folder, is flushed to
 * disk, takes the original's permissions, and only then is renamed over
 * the original; the original is first kept beside it as FILE.orig (itself
 * written the same way). A failure at any step removes the temporary file
 * and leaves the original as it was.
 *
 * PEERLINT_TEST_FAULT=write|fsync|rename makes that step fail, so the
 * tests can show the original survives each one (as SQLite injects I/O
 * faults); it is read only here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int fault(const char *step) {
  const char *f = getenv("PEERLINT_TEST_FAULT");
  if (f && !strcmp(f, step)) {
    errno = EIO;
    return 1;
  }
  return 0;
}

static int write_all(int fd, const char *data, size_t len) {
  if (fault("write"))
    return -1;
  while (len) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

static void sync_folder(const char *path) {
  char dir[4096];
  const char *slash = strrchr(path, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
           slash ? path : ".");
  int fd = open(dir[0] ? dir : "/", O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

/* Writes `data` to `path` through a temporary file and a rename. */
static int replace_file(const char *path, const char *data, size_t len,
                        mode_t mode, const char **step) {
  char tmp[4096];
  const char *slash = strrchr(path, '/');
  snprintf(tmp, sizeof tmp, "%.*s.%s.peerlint-XXXXXX",
           slash ? (int)(slash - path + 1) : 0, path, slash ? slash + 1 : path);
  *step = "creating a temporary file beside it";
  int fd = mkstemp(tmp);
  if (fd < 0)
    return -1;
  int rc = -1;
  *step = "writing the temporary file";
  if (write_all(fd, data, len))
    goto fail;
  *step = "flushing the temporary file to disk";
  if (fault("fsync") || fsync(fd))
    goto fail;
  fchmod(fd, mode & 07777);
  if (close(fd)) {
    fd = -1;
    goto fail;
  }
  fd = -1;
  *step = "renaming the temporary file over it";
  if (fault("rename") || rename(tmp, path))
    goto fail;
  sync_folder(path);
  return 0;
fail:
  rc = errno;
  if (fd >= 0)
    close(fd);
  unlink(tmp);
  errno = rc;
  return -1;
}

int cli_write_atomic(const char *path, const char *data, size_t len,
                     const char *original, size_t original_len, int backup) {
  struct stat st;
  if (stat(path, &st) || !S_ISREG(st.st_mode)) {
    fprintf(stderr, "peerlint: %s: --write needs a regular file\n", path);
    return -1;
  }
  const char *step = "";
  if (backup) {
    char orig[4096];
    snprintf(orig, sizeof orig, "%s.orig", path);
    if (replace_file(orig, original, original_len, st.st_mode, &step)) {
      fprintf(stderr,
              "peerlint: %s: not rewritten; keeping the original failed "
              "while %s: %s\n",
              path, step, strerror(errno));
      return -1;
    }
  }
  if (replace_file(path, data, len, st.st_mode, &step)) {
    fprintf(stderr, "peerlint: %s: not rewritten, the original is intact; "
                    "failed while %s: %s\n",
            path, step, strerror(errno));
    return -1;
  }
  return 0;
}
