/* template.h: what template.c (loading) and template_note.c (filling and
 * the missing-section check) share: the shape of one template. */
#ifndef PL_TEMPLATE_H
#define PL_TEMPLATE_H

#include "peerlint.h"

struct peerlint_template {
  const char *name, *title, *reminder, *file;
  peerlint_section *sections;
  size_t nsections;
};

#endif
