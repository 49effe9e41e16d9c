/* addr.c: the --listen address. Numeric only, so starting the server never
 * waits on a name lookup and the loopback test is exact. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "server.h"

static int is_loopback(const struct sockaddr *sa) {
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
  return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
}

/* Splits "host:port" or "[host]:port" into its two parts. */
static int split(const char *text, char *host, size_t size, const char **port) {
  const char *colon;
  if (text[0] == '[') {
    const char *end = strchr(text, ']');
    if (!end || end[1] != ':')
      return -1;
    snprintf(host, size, "%.*s", (int)(end - text - 1), text + 1);
    *port = end + 2;
    return 0;
  }
  colon = strrchr(text, ':');
  if (!colon || colon == text || strchr(text, ':') != colon)
    return -1;
  snprintf(host, size, "%.*s", (int)(colon - text), text);
  *port = colon + 1;
  return 0;
}

int srv_addr_parse(const char *text, srv_addr *out) {
  char host[INET6_ADDRSTRLEN + 1];
  const char *port;
  if (split(text, host, sizeof host, &port) || !*port) {
    fprintf(stderr,
            "peerlint serve: --listen '%s': expected ADDR:PORT, e.g. "
            "127.0.0.1:8750 or [::1]:8750\n",
            text);
    return -1;
  }
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  int rc = getaddrinfo(host, port, &hints, &res);
  if (rc) {
    fprintf(stderr,
            "peerlint serve: --listen '%s': %s (a numeric address and port "
            "are needed)\n",
            text, gai_strerror(rc));
    return -1;
  }
  memcpy(&out->sa, res->ai_addr, res->ai_addrlen);
  out->len = res->ai_addrlen;
  out->loopback = is_loopback(res->ai_addr);
  freeaddrinfo(res);
  return 0;
}

void srv_addr_format(const struct sockaddr *sa, char *buf, size_t size) {
  char host[INET6_ADDRSTRLEN] = "?";
  unsigned port = 0;
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    port = ntohs(in->sin_port);
    snprintf(buf, size, "%s:%u", host, port);
  } else {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    port = ntohs(in6->sin6_port);
    snprintf(buf, size, "[%s]:%u", host, port);
  }
}
