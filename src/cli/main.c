/* main.c: the peerlint command: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
    {"check", cmd_check, "check notes and report findings"},
    {"batch", cmd_batch, "check many notes; a summary for supervisors"},
    {"fix", cmd_fix, "print the note with the safe rewrites applied"},
    {"write", cmd_write, "write a note with the person, prompt by prompt"},
    {"template", cmd_template, "list note templates, show one, test them"},
    {"demo", cmd_demo, "a sample note and its rewrite side by side"},
    {"list", cmd_list, "list the rule packs and their rules"},
    {"explain", cmd_explain, "explain one rule: why, where from, examples"},
    {"test", cmd_test, "run every rule's examples"},
    {"serve", cmd_serve, "answer checks over HTTP (an EHR pre-save service)"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out) {
  fprintf(out, "usage: peerlint COMMAND [OPTIONS] [FILE...]\n\n"
               "peerlint reads a progress note written by a peer support "
               "worker and points\nout clinical, diagnostic, stigmatizing, "
               "medication-advice and directive\nlanguage, with a kinder "
               "wording for each.\n\ncommands:\n");
  for (const struct command *c = commands; c->name; c++)
    fprintf(out, "  %-9s %s\n", c->name, c->summary);
  fprintf(out, "\n'peerlint COMMAND --help' tells more. Exit status: 0 "
               "clean, 1 findings at the\nfailing level, 2 usage or input "
               "error.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_TROUBLE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      !strcmp(argv[1], "help")) {
    usage(stdout);
    return EXIT_CLEAN;
  }
  if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
    printf("peerlint %s\n", peerlint_version());
    return EXIT_CLEAN;
  }
  for (const struct command *c = commands; c->name; c++)
    if (!strcmp(argv[1], c->name))
      return c->run(argc - 1, argv + 1);
  fprintf(stderr, "peerlint: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return EXIT_TROUBLE;
}
