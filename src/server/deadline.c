/* deadline.c: every request must arrive whole within --timeout seconds.
 *
 * libmicrohttpd closes a connection that sends nothing for --timeout
 * seconds, but that clock starts again with every byte: a client sending
 * one byte every few seconds (slowloris: headers or a body that never end)
 * would keep its connection for ever, and a few hundred such clients would
 * hold every connection the server allows. So each connection carries the
 * time it became ready for a request (opened, or its last answer sent),
 * the clock stops once the request is in, and srv_deadline_sweep() (the
 * main thread, ten times a second) shuts down the sockets of connections
 * still receiving a request --timeout seconds after that.
 *
 * The same sweep closes connections whose client hung up in the middle of
 * a request. libmicrohttpd's epoll loop (its default on Linux, 0.9.75)
 * misses a hang-up that arrives with the client's last bytes: it reads the
 * bytes and then waits for an event that never comes, until the timeout.
 * A few hundred such clients a second filled all 512 connections within a
 * second and kept them for the 10 s. The poll loop sees them at once, but
 * answers kept-alive connections with a far longer tail (bench/server.sh,
 * 64 connections: p99 often 0.9 to 1.4 s, against 0.2 to 0.33 s), so the
 * loop stays epoll and the sweep looks for clients that hung up.
 *
 * shutdown(2) only wakes libmicrohttpd, which closes the connection as if
 * the client had left: the descriptor is never closed behind its back. And
 * libmicrohttpd reports a connection closed (MHD_CONNECTION_NOTIFY_CLOSED)
 * before it closes the descriptor; the entry goes under the same lock the
 * sweep holds, so a swept descriptor is never one another connection has
 * been given since. */
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "server.h"

typedef struct conn {
  int fd;
  int receiving;         /* a request is (or may be) arriving */
  struct timespec since; /* ready for that request since */
  int shut;              /* 0, or shutdown()'s `how` + 1 once swept */
  struct conn *prev, *next;
} conn;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static conn *head;
static unsigned timeout_s = 10;

void srv_deadline_init(unsigned timeout) {
  timeout_s = timeout;
}

static void track(conn *k) {
  pthread_mutex_lock(&lock);
  k->next = head;
  if (head)
    head->prev = k;
  head = k;
  pthread_mutex_unlock(&lock);
}

static void untrack(conn *k) {
  pthread_mutex_lock(&lock);
  if (k->prev)
    k->prev->next = k->next;
  else
    head = k->next;
  if (k->next)
    k->next->prev = k->prev;
  pthread_mutex_unlock(&lock);
  free(k);
}

void srv_conn_closed(void **ctx) {
  if (*ctx)
    untrack(*ctx);
  *ctx = NULL;
}

void srv_conn_opened(struct MHD_Connection *c, void **ctx) {
  const union MHD_ConnectionInfo *fd =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
  conn *k = fd ? calloc(1, sizeof *k) : NULL;
  if (!k) /* out of memory: this one connection has only the idle timeout */
    return;
  k->fd = fd->connect_fd;
  k->receiving = 1;
  clock_gettime(CLOCK_MONOTONIC, &k->since);
  *ctx = k;
  track(k);
}

/* Starts (ready = 1) or stops (0) the clock of `c`'s connection. */
static void set_clock(struct MHD_Connection *c, int ready) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  conn *k = info ? info->socket_context : NULL;
  if (!k)
    return;
  pthread_mutex_lock(&lock);
  k->receiving = ready;
  clock_gettime(CLOCK_MONOTONIC, &k->since);
  pthread_mutex_unlock(&lock);
}

void srv_conn_received(struct MHD_Connection *c) {
  set_clock(c, 0);
}

void srv_conn_answered(struct MHD_Connection *c) {
  set_clock(c, 1);
}

/* Has the client hung up, with nothing left unread? A peek of 0 bytes is
 * the end of the stream; bytes still waiting mean libmicrohttpd has yet to
 * read them (maybe a whole request) and will see the end itself. */
static int hung_up(int fd) {
  char c;
  ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
                    errno != EINTR);
}

void srv_deadline_sweep(void) {
  struct timespec now;
  unsigned n = 0;
  clock_gettime(CLOCK_MONOTONIC, &now);
  pthread_mutex_lock(&lock);
  for (conn *k = head; k; k = k->next) {
    double age = (double)(now.tv_sec - k->since.tv_sec) +
                 (double)(now.tv_nsec - k->since.tv_nsec) / 1e9;
    if (k->shut) {
      /* Again until it is reported closed: each shutdown wakes the worker
       * thread, and at its connection limit libmicrohttpd's epoll loop
       * otherwise sleeps on the connections it has closed, until the
       * timeout, before it lets them go. */
      shutdown(k->fd, k->shut - 1);
    } else if (k->receiving && age >= timeout_s) {
      k->shut = SHUT_RDWR + 1;
      shutdown(k->fd, SHUT_RDWR);
      n++;
    } else if (k->receiving && hung_up(k->fd)) {
      /* only the reading side: should libmicrohttpd hold a whole request
       * (read just now, not yet handed over) it can still answer it */
      k->shut = SHUT_RD + 1;
      shutdown(k->fd, SHUT_RD);
    }
  }
  pthread_mutex_unlock(&lock);
  if (n) /* one line a sweep at most, however many clients are slow */
    srv_log("closed %u connection%s still sending a request after %u s", n,
            n == 1 ? "" : "s", timeout_s);
}
