/* fuzz_request: the server's request parsing (POST /v1/check and
 * /v1/fix bodies) through srv_api_check, the smallest function that takes
 * a body without a socket. The first byte picks check or fix. */
#include <jansson.h>

#include "common.h"
#include "server.h"

static srv_engine SE;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  SE.engine = fuzz_shipped_engine();
  return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 1)
    return 0;
  int fix = data[0] & 1;
  srv_reply r = srv_api_check(&SE, (const char *)data + 1, size - 1, fix);
  if (r.status != 200 && r.status != 400)
    abort(); /* 500 only when out of memory */
  if (!r.body)
    abort();
  /* Every answer is one JSON object. */
  json_error_t je;
  json_t *j = json_loadb(r.body, r.len, JSON_ALLOW_NUL, &je);
  if (!json_is_object(j)) {
    fprintf(stderr, "not a JSON object: %.*s\n", (int)r.len, r.body);
    abort();
  }
  json_decref(j);
  free(r.body);
  return 0;
}
