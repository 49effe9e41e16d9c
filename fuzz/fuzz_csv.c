/* fuzz_csv: the CSV reader of `peerlint batch` (src/cli/csv.c) on
 * arbitrary bytes through fmemopen. The first byte picks the record size
 * limit (16..4096 bytes) so that the over-long paths are reached too. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 2)
    return 0;
  size_t max_record = 16 + (size_t)data[0] * 16;
  FILE *f = fmemopen((void *)(data + 1), size - 1, "rb");
  if (!f)
    return 0;
  csv_reader *r = csv_open(f, max_record);
  if (!r)
    abort();
  unsigned long last_line = 0, last_row = 0;
  size_t turns = 0;
  for (;;) {
    int rc = csv_next(r);
    if (++turns > size + 2) {
      fprintf(stderr, "fuzz_csv: %zu turns on %zu bytes\n", turns, size);
      abort(); /* every record or broken record reads at least a byte */
    }
    if (rc == CSV_END)
      break;
    if (csv_line(r) < last_line || csv_row(r) != last_row + 1)
      abort();
    last_line = csv_line(r);
    last_row = csv_row(r);
    if (rc == CSV_BROKEN || rc == CSV_FATAL) {
      if (!csv_error(r)[0])
        abort(); /* a refusal says why */
      if (rc == CSV_FATAL)
        break;
      continue;
    }
    if (rc != CSV_RECORD || csv_field_count(r) < 1)
      abort();
    size_t total = 0;
    for (size_t i = 0; i < csv_field_count(r); i++) {
      size_t len;
      const char *s = csv_field(r, i, &len);
      if (!s || s[len] != 0)
        abort();
      total += len + 1;
    }
    if (total > max_record || csv_field(r, csv_field_count(r), NULL))
      abort();
  }
  if (csv_next(r) != CSV_END) /* and it stays at the end */
    abort();
  csv_close(r);
  fclose(f);
  return 0;
}
