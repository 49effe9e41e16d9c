/* auth.c: the bearer token for --token-file.
 *
 * The token is read once at start-up. Comparing it takes time that depends
 * only on the token's own length, never on how much of a guess is right,
 * so response times leak nothing an attacker could climb. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "server.h"

#define TOKEN_MIN 16
#define TOKEN_MAX 512

static char token[TOKEN_MAX + 1];
static size_t token_len;

static int read_token(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    return -1;
  }
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
    fprintf(stderr, "peerlint serve: warning: %s can be read by other users; "
                    "chmod 600 it\n", path);
  char buf[TOKEN_MAX + 2];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
               buf[n - 1] == ' ' || buf[n - 1] == '\t'))
    n--;
  if (n > TOKEN_MAX)
    return fprintf(stderr, "peerlint serve: %s: the token is longer than %d "
                           "bytes\n", path, TOKEN_MAX), -1;
  memcpy(token, buf, n);
  token[n] = 0;
  token_len = n;
  return 0;
}

int srv_auth_load(const char *path) {
  if (read_token(path))
    return -1;
  for (size_t i = 0; i < token_len; i++)
    if ((unsigned char)token[i] <= 0x20 || (unsigned char)token[i] >= 0x7f)
      return fprintf(stderr, "peerlint serve: %s: the token must be printable "
                             "ASCII without spaces\n", path), -1;
  if (token_len < TOKEN_MIN)
    return fprintf(stderr, "peerlint serve: %s: the token needs at least %d "
                           "characters\n", path, TOKEN_MIN), -1;
  return 0;
}

int srv_auth_required(void) { return token_len > 0; }

/* Constant time in the length of the stored token. */
static int same_token(const char *given, size_t n) {
  volatile unsigned char diff = (unsigned char)(n != token_len);
  for (size_t i = 0; i < token_len; i++)
    diff |= (unsigned char)token[i] ^ (unsigned char)(i < n ? given[i] : 0);
  return diff == 0;
}

int srv_auth_check(const char *header) {
  if (!token_len)
    return 1;
  if (!header || strncasecmp(header, "Bearer ", 7))
    return 0;
  header += 7;
  while (*header == ' ')
    header++;
  return same_token(header, strlen(header));
}
