/* gen.c: a reproducible corpus of synthetic peer support progress notes.
 *
 *   gen OUTDIR [NOTES [SEED]]      (defaults: 10000 notes, seed 20240601)
 *
 * Writes, under OUTDIR:
 *   notes/NNNNN.txt   one note per file, 1-3 KB each
 *   all.txt           every note concatenated (a blank line between notes)
 *   multi/part-NN.txt the same notes in 10 files of NOTES/10 notes each
 *                     (each well under the 8 MiB note limit)
 *   oneline.txt       a one-line clean note (cold start)
 *
 * A note is a short header, then paragraphs of sentences: most are
 * recovery-oriented peer language; about one in eight is a clinical,
 * diagnostic, stigmatizing, medication-advice or directive phrasing of the
 * kind peerlint exists to find. The output depends only on NOTES and SEED
 * (a splitmix64 generator), never on the machine or the time. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

static uint64_t next_u64(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static size_t pick_n(size_t n) { return (size_t)(next_u64() % n); }
#define PICK(a) ((a)[pick_n(sizeof(a) / sizeof *(a))])

static const char *const names[] = {
    "Marcus", "Dana", "J.", "Luis", "Keisha", "Tom", "Aiyana", "Priya",
    "R.", "Sam", "Beth", "Andre", "Mei", "Carlos", "Nora", "Kalani",
    "Devon", "Fatima", "Walt", "Rosa"};
/* Who a note is about: how they are named first in a sentence, then as a
 * pronoun, as an object and as a possessive. */
static const char *const person[][4] = {
    {"He", "he", "him", "his"},           {"She", "she", "her", "her"},
    {"They", "they", "them", "their"},    {"The member", "she", "her", "her"},
    {"The participant", "he", "him", "his"}, {"Member", "they", "them", "their"}};
static const char *const places[] = {
    "the drop-in center", "the library", "the coffee shop on Main Street",
    "the park", "the recovery community center", "the food bank",
    "the bus station", "their apartment", "the clubhouse", "the county office",
    "the farmers market", "the community garden"};
static const char *const activities[] = {
    "a walk", "coffee", "a WRAP session", "a mutual-aid meeting",
    "a job fair", "the art group", "a cooking class", "a housing workshop",
    "a budgeting session", "a bus trip to the pharmacy", "a Wellbriety circle",
    "volunteer work at the food bank"};
static const char *const goals[] = {
    "finding stable housing", "getting back to work", "reconnecting with "
    "family", "going back to school", "building a daily routine",
    "saving money for a car", "getting a driver's license back",
    "finding a new primary care doctor", "sleeping better",
    "staying connected to the recovery community", "learning to cook",
    "volunteering at the animal shelter"};
static const char *const strengths[] = {
    "humor", "persistence", "honesty", "creativity", "kindness toward others",
    "determination", "openness", "patience with themselves", "courage",
    "willingness to try new things"};
static const char *const feelings[] = {
    "hopeful", "tired", "proud", "nervous", "excited", "frustrated",
    "calm", "overwhelmed", "grateful", "worried", "relieved", "motivated"};
static const char *const days[] = {"Monday", "Tuesday", "Wednesday",
                                   "Thursday", "Friday", "Saturday"};

/* Recovery-oriented sentences: %1 subject, %2 object, %3 possessive, %N a
 * name, %P a place, %A an activity, %G a goal, %S a strength, %F a
 * feeling, %D a day. */
static const char *const good[] = {
    "%N and I met at %P and talked about %G.",
    "%1 shared that %3 week had ups and downs, and %3 %S really showed.",
    "We went to %A together and %1 said it felt good to get out.",
    "%1 said %1 is feeling %F about %G.",
    "I shared some of my own experience with %G when %1 asked.",
    "%N set a goal of %G and chose the first step: calling about it on %D.",
    "We practiced what %1 wants to say at the appointment on %D.",
    "%1 talked about what has helped in the past, like %A and time with "
    "friends.",
    "%1 wanted to focus on %G today, so that is what we did.",
    "I asked %2 what support would be most useful this week.",
    "%1 described feeling %F after the meeting, and we talked about that.",
    "We looked at bus routes to %P together.",
    "%N mentioned that %3 sister called and they made plans for %D.",
    "%1 named %S as something %1 is proud of.",
    "We celebrated that %1 has kept up %3 routine for three weeks.",
    "%1 chose to spend part of our time writing a list of people %1 can "
    "call.",
    "I listened while %1 talked through a hard conversation with %3 "
    "landlord.",
    "We agreed to meet again on %D at %P.",
    "%1 said the peer group on %D has been a place to be heard.",
    "%N asked for help filling out the housing application, and we did it "
    "together.",
    "%1 shared a poem %1 wrote and we talked about what it meant to %2.",
    "We talked about ways to handle stress that %1 has found useful.",
    "I offered information about the warm line and %1 saved the number.",
    "%1 decided to bring up %G with %3 case manager next week.",
    "%1 said %1 felt %F and wanted to take things one day at a time.",
    "We spent time at %P and %1 introduced me to a friend.",
    "%N talked about %3 recovery and what it means to %2 right now.",
    "I shared resources for %G and %1 picked two to look into.",
    "%1 reflected on how far %1 has come since last spring.",
    "We made a plan, in %3 words, for the next two weeks.",
    "- Follow-up: %N will call me on %D if plans change.",
    "- Next steps chosen by %N: %A and a call about %G.",
    "%1 said \"I want to keep going to the Tuesday group.\"",
    "%N laughed when we got lost on the way to %P, and we found it "
    "together.",
    "We talked about %3 dog, %3 garden and the weather for a while.",
    "%1 asked about my own path, and I shared what felt right to share.",
};

/* Clinical phrasings peerlint is meant to find, written as notes do. */
static const char *const clinical[] = {
    "Pt c/o anxiety and poor sleep.",
    "%1 is an addict and has been for years.",
    "%N appeared depressed today.",
    "I told %2 to take %3 meds.",
    "%1 was noncompliant with %3 medication.",
    "%1 is bipolar and lives with %3 sister.",
    "%N was alert and oriented x3.",
    "%1 presented with a flat affect.",
    "Member denies SI/HI.",
    "%1 has poor insight into %3 illness.",
    "%1 is a recovering addict who volunteers at the drop-in.",
    "%N suffers from depression.",
    "%1 was decompensating and refused to talk.",
    "I reminded %2 to take %3 meds.",
    "%1 said %1 was a victim of domestic violence.",
    "Staff called %2 a psycho after the incident.",
    "I asked if %1 was taking %3 meds.",
    "%N seemed anxious and guarded.",
    "Speech was pressured and tangential.",
    "I suggested %1 should stop taking the Seroquel.",
    "%1 reported suicidal ideation last week.",
    "The patient was seen at the clinic on %D.",
    "%1 is an alcoholic and drinks every day.",
    "%N is a schizophrenic who lives downtown.",
    "The shelter does not take the mentally ill.",
    "%1 grew up with an alcoholic father.",
    "%1 has been an IV drug user since %3 twenties.",
    "I think %3 meds are too strong for %2.",
};

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    while (b->n + n + 1 > b->cap)
      b->cap = b->cap ? b->cap * 2 : 4096;
    b->p = realloc(b->p, b->cap);
    if (!b->p) {
      perror("gen");
      exit(2);
    }
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* Expands a template; a sentence-initial pronoun keeps its capital, one
 * after the start is lowercased. */
static void expand(buf *b, const char *t, size_t who) {
  size_t start = b->n;
  int named = 0;
  for (const char *p = t; *p; p++) {
    if (*p != '%' || !p[1]) {
      put(b, p, 1);
      continue;
    }
    const char *v = "";
    char lower[64];
    switch (*++p) {
    case '1':
      if (!named) { /* first mention in the sentence */
        v = person[who][0];
        named = 1;
        if (b->n != start) {
          snprintf(lower, sizeof lower, "%s", v);
          lower[0] = (char)(lower[0] + 32);
          v = lower;
        }
      } else {
        v = person[who][1];
      }
      break;
    case '2': v = person[who][2]; break;
    case '3': v = person[who][3]; break;
    case 'N': v = PICK(names); break;
    case 'P': v = PICK(places); break;
    case 'A': v = PICK(activities); break;
    case 'G': v = PICK(goals); break;
    case 'S': v = PICK(strengths); break;
    case 'F': v = PICK(feelings); break;
    case 'D': v = PICK(days); break;
    default: put(b, p - 1, 2); continue;
    }
    puts_(b, v);
  }
}

static void make_note(buf *b, size_t index) {
  b->n = 0;
  char line[160];
  size_t target = 1024 + pick_n(2048); /* 1-3 KB */
  size_t who = pick_n(sizeof person / sizeof *person);
  snprintf(line, sizeof line,
           "Date: 2024-%02zu-%02zu\nContact: %s, %zu minutes\nNote %zu\n\n",
           1 + pick_n(12), 1 + pick_n(28),
           pick_n(3) ? "in person" : "phone", 15 + 15 * pick_n(6), index);
  puts_(b, line);
  size_t in_para = 0;
  while (b->n < target) {
    if (pick_n(8) == 0)
      expand(b, PICK(clinical), who);
    else
      expand(b, PICK(good), who);
    if (++in_para >= 3 + pick_n(4)) {
      puts_(b, "\n\n");
      in_para = 0;
    } else {
      puts_(b, pick_n(5) ? " " : "\n"); /* some notes hard-wrap */
    }
  }
  puts_(b, "\n");
}

static FILE *open_out(const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
    exit(2);
  }
  return f;
}

static void mkdir_p(const char *path) {
  if (mkdir(path, 0755) && errno != EEXIST) {
    fprintf(stderr, "gen: cannot create %s: %s\n", path, strerror(errno));
    exit(2);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: gen OUTDIR [NOTES [SEED]]\n");
    return 2;
  }
  const char *out = argv[1];
  size_t count = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
  rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 20240601ull;
  if (count < 10)
    count = 10;
  char path[4096];
  mkdir_p(out);
  snprintf(path, sizeof path, "%s/notes", out);
  mkdir_p(path);
  snprintf(path, sizeof path, "%s/multi", out);
  mkdir_p(path);
  snprintf(path, sizeof path, "%s/all.txt", out);
  FILE *all = open_out(path);
  FILE *part = NULL;
  size_t per_part = count / 10, bytes = 0;
  buf b = {0};
  for (size_t i = 0; i < count; i++) {
    make_note(&b, i);
    snprintf(path, sizeof path, "%s/notes/%05zu.txt", out, i);
    FILE *f = open_out(path);
    fwrite(b.p, 1, b.n, f);
    fclose(f);
    fwrite(b.p, 1, b.n, all);
    fputc('\n', all);
    if (i % per_part == 0 && i / per_part < 10) {
      if (part)
        fclose(part);
      snprintf(path, sizeof path, "%s/multi/part-%02zu.txt", out,
               i / per_part);
      part = open_out(path);
    } else {
      fputc('\n', part);
    }
    fwrite(b.p, 1, b.n, part);
    bytes += b.n;
  }
  fclose(part);
  if (fclose(all)) {
    perror("gen: all.txt");
    return 2;
  }
  snprintf(path, sizeof path, "%s/oneline.txt", out);
  FILE *f = open_out(path);
  fputs("Met Dana at the library and we talked about her garden.\n", f);
  fclose(f);
  printf("corpus: %zu notes, %.2f MB (%zu bytes), seed %llu, in %s\n", count,
         bytes / 1e6, bytes,
         (unsigned long long)(argc > 3 ? strtoull(argv[3], NULL, 10)
                                       : 20240601ull),
         out);
  free(b.p);
  return 0;
}
