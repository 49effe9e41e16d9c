/* deadline.c: every request must arrive whole within --timeout seconds.
 *
 * libmicrohttpd closes a connection that sends nothing for --timeout
 * seconds, but that clock starts again with every byte: a client sending
 * one byte every few seconds (slowloris: headers or a body that never end)
 * would keep its connection for ever, and a few hundred such clients would
 * hold every connection the server allows. So each connection carries the
 * time it became ready for a request (opened, or its last answer sent),
 * the clock stops once the request is in, and srv_deadline_sweep() (the
 * main thread, a few times a second) shuts down the sockets of connections
 * still receiving a request --timeout seconds after that.
 *
 * shutdown(2) only wakes libmicrohttpd, which closes the connection as if
 * the client had left: the descriptor is never closed behind its back. And
 * libmicrohttpd reports a connection closed (MHD_CONNECTION_NOTIFY_CLOSED)
 * before it closes the descriptor; the entry goes under the same lock the
 * sweep holds, so a swept descriptor is never one another connection has
 * been given since. */
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

void srv_deadline_sweep(void) {
  struct timespec now;
  unsigned n = 0;
  clock_gettime(CLOCK_MONOTONIC, &now);
  pthread_mutex_lock(&lock);
  for (conn *k = head; k; k = k->next) {
    double age = (double)(now.tv_sec - k->since.tv_sec) +
                 (double)(now.tv_nsec - k->since.tv_nsec) / 1e9;
    if (k->receiving && age >= timeout_s) {
      shutdown(k->fd, SHUT_RDWR);
      k->receiving = 0; /* counted once; libmicrohttpd closes it next */
      n++;
    }
  }
  pthread_mutex_unlock(&lock);
  if (n) /* one line a sweep at most, however many clients are slow */
    srv_log("closed %u connection%s still sending a request after %u s", n,
            n == 1 ? "" : "s", timeout_s);
}
