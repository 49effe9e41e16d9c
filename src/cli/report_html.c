/* report_html.c: the report of `peerlint batch --report FILE.html`.
 *
 * One self-contained file: inline CSS and inline SVG charts, no script, no
 * font, nothing fetched from the network, so it opens anywhere and can be
 * kept with the notes. It starts from what is going well, then shows
 * findings by family, by writer (alphabetically: counts to coach from,
 * never a ranking) and by week, the rules and wordings found most often
 * with their recovery-oriented alternatives, the required sections notes
 * lack, and the notes needing attention with their findings highlighted.
 *
 * Everything that comes from a note (ids, writers, types, wording,
 * excerpts) is HTML-escaped. With --no-text the file holds counts, rule
 * and section ids only: no excerpt, no wording, no suggestion, no note id. With text it opens with a
 * notice that it holds protected health information, and it is created
 * readable by its owner alone.
 *
 * Written atomically: a temporary file beside it, fsync, rename. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"

static const char *const level_color[4] = {"#2f7d5b", "#6b7f99", "#d08a1f",
                                           "#c2513b"};
static const char *const level_label[4] = {"strengths", "info", "warnings",
                                           "errors"};

/* HTML-escapes s (also good inside SVG text and attribute values). */
static void esc(FILE *o, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", o); break;
    case '<': fputs("&lt;", o); break;
    case '>': fputs("&gt;", o); break;
    case '"': fputs("&quot;", o); break;
    case '\'': fputs("&#39;", o); break;
    default:
      if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
        fputc(' ', o);
      else
        fputc(*s, o);
    }
  }
}

static size_t total(const batch_stat *s) {
  return s->level[0] + s->level[1] + s->level[2] + s->level[3];
}

static const char *writer_name(const char *key) {
  return !key[0] ? "(not given)" : key[0] == 1 ? "(other writers)" : key;
}

static const char CSS[] =
    ":root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f7f9fb;"
    "--strength:#2f7d5b;--info:#6b7f99;--warning:#d08a1f;--error:#c2513b}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 "
    "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif}\n"
    "main{max-width:1060px;margin:0 auto;padding:28px 28px 48px}\n"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 10px}\n"
    "h3{font-size:15px;margin:0}\n"
    ".meta{color:var(--muted);margin:0 0 18px}\n"
    ".phi{border:2px solid #9b2c2c;background:#fff5f5;color:#742a2a;"
    "border-radius:8px;padding:12px 16px;margin:0 0 18px}\n"
    ".phi strong{display:block;font-size:16px}\n"
    ".safe{border:1px solid var(--line);background:#fff;border-radius:8px;"
    "padding:10px 16px;margin:0 0 18px;color:var(--muted)}\n"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,"
    "1fr));gap:12px;margin:0 0 18px}\n"
    ".tile{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:12px 16px}\n"
    ".tile b{display:block;font-size:26px;line-height:1.2}\n"
    ".tile span{color:var(--muted);font-size:13px}\n"
    ".tile.good{border-left:6px solid var(--strength)}\n"
    ".tile.look{border-left:6px solid var(--warning)}\n"
    "section{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:18px 20px;margin:0 0 18px}\n"
    "section.well{border-top:6px solid var(--strength)}\n"
    ".hint{color:var(--muted);margin:-4px 0 12px;font-size:14px}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "svg text{font:12px system-ui,-apple-system,'Segoe UI',Roboto,Arial,"
    "sans-serif;fill:#1f2933}\n"
    ".legend{display:flex;gap:16px;flex-wrap:wrap;font-size:13px;"
    "color:var(--muted);margin:4px 0 10px}\n"
    ".legend i{display:inline-block;width:11px;height:11px;border-radius:2px;"
    "margin-right:5px;vertical-align:-1px}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{text-align:left;vertical-align:top;padding:7px 8px;border-bottom:"
    "1px solid var(--line)}\n"
    "th.n{text-align:right}th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;"
    "color:var(--muted)}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:"
    "nowrap}\n"
    "td code{white-space:nowrap}\n"
    "code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "background:#eef2f6;border-radius:4px;padding:1px 5px}\n"
    ".was{color:#7b341e}.alt{color:#22543d;font-weight:600}\n"
    ".arrow{color:var(--muted);padding:0 6px}\n"
    ".pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:"
    "12px;font-weight:600;color:#fff;white-space:nowrap}\n"
    ".l0{background:var(--strength)}.l1{background:var(--info)}"
    ".l2{background:var(--warning)}.l3{background:var(--error)}\n"
    ".note{border:1px solid var(--line);border-radius:8px;padding:12px 14px;"
    "margin:0 0 12px;break-inside:avoid}\n"
    ".note h3 .who{color:var(--muted);font-weight:400;margin-left:8px}\n"
    ".note ol{list-style:none;margin:8px 0 0;padding:0}\n"
    ".note li{padding:6px 0;border-top:1px dashed var(--line)}\n"
    ".note li:first-child{border-top:0}\n"
    ".ex{display:block;margin:4px 0;padding:6px 10px;background:#f8fafc;"
    "border-left:3px solid var(--line);white-space:pre-wrap;"
    "overflow-wrap:anywhere}\n"
    "mark{border-radius:3px;padding:0 2px}\n"
    "mark.m0{background:#d3f0e0}mark.m1{background:#e3e8f0}"
    "mark.m2{background:#fde9c4}mark.m3{background:#f9d2ca}\n"
    ".msg{color:var(--muted);font-size:14px}\n"
    ".sugg{font-size:14px}.sugg b{color:#22543d}\n"
    ".where{color:var(--muted);font-size:12px;margin-left:6px}\n"
    "footer{color:var(--muted);font-size:13px;text-align:center}\n"
    "@media print{body{background:#fff;font-size:11pt}main{max-width:none;"
    "padding:0}section,.tile,.note{border-color:#bbb;box-shadow:none}"
    "section{break-inside:avoid-page;padding:10px 0;border:0;"
    "border-top:1px solid #bbb;border-radius:0}section.well{border-top:"
    "4px solid var(--strength)}section.detail{break-inside:auto}"
    ".tiles{grid-template-columns:repeat(4,1fr)}*{-webkit-print-color-adjust:"
    "exact;print-color-adjust:exact}h2{break-after:avoid}"
    ".phi{border-width:3px}@page{margin:16mm}}\n";

static void legend(FILE *o, int from) {
  fputs("<div class=\"legend\">", o);
  for (int l = from; l < 4; l++)
    fprintf(o, "<span><i style=\"background:%s\"></i>%s</span>",
            level_color[l], level_label[l]);
  fputs("</div>\n", o);
}

/* A horizontal bar chart: one row per item, the bar stacked by level
 * (levels from..3), the total at its end. */
static void hbars(FILE *o, const char *title, batch_stat **items, size_t n,
                  int from, const char *(*label)(const char *)) {
  size_t max = 1;
  for (size_t i = 0; i < n; i++) {
    size_t t = 0;
    for (int l = from; l < 4; l++)
      t += items[i]->level[l];
    if (t > max)
      max = t;
  }
  const int lw = 210, bw = 560, rh = 26, W = lw + bw + 70;
  int H = (int)n * rh + 6;
  fprintf(o, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, H);
  esc(o, title);
  fputs("\">\n", o);
  for (size_t i = 0; i < n; i++) {
    int y = (int)i * rh + 3;
    const char *name = label ? label(items[i]->key) : items[i]->key;
    fprintf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 10,
            y + 15);
    size_t nl = strlen(name);
    if (nl > 30) { /* cut long labels on a character boundary */
      size_t k = 28;
      while (k && ((unsigned char)name[k] & 0xC0) == 0x80)
        k--;
      char *cut = malloc(k + 4);
      if (cut) {
        memcpy(cut, name, k);
        memcpy(cut + k, "\xe2\x80\xa6", 4);
        esc(o, cut);
        free(cut);
      }
    } else {
      esc(o, name);
    }
    fputs("</text>\n", o);
    fprintf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" "
               "fill=\"#eef2f6\"/>",
            lw, y + 2, bw);
    double x = lw;
    size_t t = 0;
    for (int l = from; l < 4; l++) {
      size_t v = items[i]->level[l];
      t += v;
      if (!v)
        continue;
      double wpx = (double)v * bw / (double)max;
      fprintf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" "
                 "fill=\"%s\"><title>%zu %s</title></rect>",
              x, y + 2, wpx, level_color[l], v, level_label[l]);
      x += wpx;
    }
    fprintf(o, "<text x=\"%.1f\" y=\"%d\">%zu</text>\n", x + 6, y + 15, t);
  }
  fputs("</svg>\n", o);
}

/* Columns by week, stacked by level, with the notes of each week. */
static void week_chart(FILE *o, const batch_summary *s) {
  size_t n = s->n_weeks, max = 1;
  for (size_t i = 0; i < n; i++)
    if (total(s->weeks[i]) > max)
      max = total(s->weeks[i]);
  int left = 44, top = 18, ch = 220, W = 840;
  double cw = (double)(W - left - 20) / (double)(n ? n : 1);
  if (cw > 160)
    cw = 160;
  int H = top + ch + 46;
  fprintf(o, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Findings "
             "by week\">\n", W, H);
  for (int g = 0; g <= 4; g++) { /* grid lines */
    double y = top + ch - ch * g / 4.0;
    fprintf(o, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#d9e2ec\"/><text x=\"%d\" y=\"%.1f\" "
               "text-anchor=\"end\">%zu</text>\n",
            left, W - 10, y, y, left - 6, y + 4, (size_t)(max * g / 4.0 + 0.5));
  }
  /* a label every `every` weeks, at least 70 units apart */
  size_t every = cw >= 70 ? 1 : (size_t)(70 / cw) + 1;
  for (size_t i = 0; i < n; i++) {
    const batch_stat *w = s->weeks[i];
    double bw = cw * 0.62 > 56 ? 56 : cw * 0.62;
    double x = left + (double)i * cw + (cw - bw) / 2;
    double y = top + ch;
    for (int l = 0; l < 4; l++) {
      if (!w->level[l])
        continue;
      double h = (double)w->level[l] * ch / (double)max;
      y -= h;
      fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                 "fill=\"%s\"><title>", x, y, bw, h, level_color[l]);
      esc(o, w->key);
      fprintf(o, ": %zu %s</title></rect>", w->level[l], level_label[l]);
    }
    if (every == 1)
      fprintf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu"
                 "</text>", x + bw / 2, y - 4, total(w));
    if (i % every == 0) {
      fprintf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
              x + bw / 2, top + ch + 16);
      esc(o, w->key);
      fprintf(o, "</text><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                 "style=\"fill:#52606d\">%zu note%s</text>",
              x + bw / 2, top + ch + 32, w->notes, w->notes == 1 ? "" : "s");
    }
    fputc('\n', o);
  }
  fputs("</svg>\n", o);
}

static void tile(FILE *o, const char *cls, size_t n, const char *what) {
  fprintf(o, "<div class=\"tile %s\"><b>%zu</b><span>%s</span></div>\n", cls,
          n, what);
}

/* A note's lacking sections, each with the question to ask its writer,
 * in the pill colour of the fail level: they need attention as much. */
static void detail_sections(FILE *o, const batch_detail *d, int fail_level) {
  for (size_t i = 0; d->missing && i < d->missing->n; i++) {
    const peerlint_template *t = d->missing->tmpl;
    char id[128], *msg;
    batch_section_id(t, d->missing->idx[i], id, sizeof id);
    fprintf(o, "<li><span class=\"pill l%d\">section</span> <code>",
            fail_level);
    esc(o, id);
    fputs("</code>", o);
    msg = batch_section_message(
        peerlint_template_section_at(t, d->missing->idx[i]));
    if (msg) {
      fputs("<div class=\"msg\">", o);
      esc(o, msg);
      fputs("</div>", o);
    }
    free(msg);
    fputs("</li>\n", o);
  }
}

static void write_detail(FILE *o, const batch_summary *s) {
  fprintf(o, "<section class=\"detail\" id=\"attention\"><h2>Notes needing "
             "attention</h2>\n<p class=\"hint\">%zu note%s ha%s a finding at "
             "<b>%s</b> or above%s. They are listed worst first, each with "
             "what it does well and what to look at together with its "
             "writer.",
          s->fails, s->fails == 1 ? "" : "s", s->fails == 1 ? "s" : "ve",
          peerlint_level_name((peerlint_level)s->fail_level),
          !s->lacking ? "" : s->fails == 1 ? ", or lacks a required section"
                                            : ", or lack a required section");
  if (s->fails > s->n_details)
    fprintf(o, " The %zu that need it most are shown.", s->n_details);
  fputs("</p>\n", o);
  if (!s->text) {
    fputs("<p class=\"hint\">Per-note detail is left out of this report "
          "(<code>--no-text</code>): it would quote the notes.</p>"
          "</section>\n", o);
    return;
  }
  for (size_t i = 0; i < s->n_details; i++) {
    const batch_detail *d = s->details[i];
    fputs("<div class=\"note\"><h3>", o);
    esc(o, d->id ? d->id : d->where);
    fputs("<span class=\"who\">", o);
    if (d->author)
      esc(o, d->author);
    if (d->author && d->date)
      fputs(" \xc2\xb7 ", o);
    if (d->date)
      esc(o, d->date);
    fputs("</span></h3>\n<ol>\n", o);
    /* strengths first, then the rest in note order */
    for (int pass = 0; pass < 2; pass++)
      for (size_t j = 0; j < d->n_shown; j++) {
        const batch_detail_finding *f = &d->f[j];
        if ((f->level == PEERLINT_STRENGTH) != (pass == 0))
          continue;
        fprintf(o, "<li><span class=\"pill l%d\">%s</span> <code>", f->level,
                peerlint_level_name((peerlint_level)f->level));
        esc(o, f->rule);
        fputs("</code><span class=\"where\">", o);
        if (f->field) {
          esc(o, f->field);
          fputs(" ", o);
        }
        fprintf(o, "line %zu, column %zu</span>\n", f->line, f->column);
        fputs("<span class=\"ex\">", o);
        esc(o, f->pre);
        fprintf(o, "<mark class=\"m%d\">", f->level);
        esc(o, f->match);
        fputs("</mark>", o);
        esc(o, f->post);
        fputs("</span>", o);
        if (f->message) {
          fputs("<div class=\"msg\">", o);
          esc(o, f->message);
          fputs("</div>", o);
        }
        if (f->suggestion && f->level != PEERLINT_STRENGTH) {
          fputs("<div class=\"sugg\">Consider: <b>", o);
          esc(o, f->suggestion);
          fputs("</b></div>", o);
        }
        fputs("</li>\n", o);
      }
    detail_sections(o, d, s->fail_level);
    fputs("</ol>", o);
    if (d->n_findings > d->n_shown)
      fprintf(o, "<p class=\"hint\">and %zu more findings</p>",
              d->n_findings - d->n_shown);
    fputs("</div>\n", o);
  }
  fputs("</section>\n", o);
}

static void unknown_types(FILE *o, const batch_summary *s) {
  fprintf(o, "<p class=\"hint\">%zu note%s of an unknown type (", s->unknown,
          s->unknown == 1 ? "" : "s");
  for (size_t i = 0; i < s->n_types && i < BATCH_TYPES_LISTED; i++) {
    fputs(i ? ", " : "", o);
    esc(o, s->types[i]->key);
    fprintf(o, " %zu", s->types[i]->notes);
  }
  if (batch_unlisted_type_notes(s))
    fprintf(o, ", and %zu more", batch_unlisted_type_notes(s));
  fputs("): no template has that name, so their sections were not "
        "checked.</p>\n", o);
}

/* Which required sections the notes lack, each with the question to ask.
 * Section ids and prompts come from the templates, not from the notes, so
 * they are shown with --no-text too. */
static void write_sections(FILE *o, const batch_summary *s) {
  if (!s->typed)
    return;
  fputs("<section id=\"sections\"><h2>Required sections</h2>\n", o);
  size_t known = s->typed - s->unknown;
  if (!s->sections_checked)
    fprintf(o, "<p>Not checked in %zu note%s with a type: the note "
               "templates could not be loaded.</p>\n",
            s->typed, s->typed == 1 ? "" : "s");
  else if (!s->lacking && known)
    fprintf(o, "<p>All %zu note%s of a known type have their required "
               "sections.</p>\n", known, known == 1 ? "" : "s");
  if (s->sections_checked && s->lacking) {
    fprintf(o, "<p class=\"hint\">%zu of %zu note%s of a known type lack%s "
               "a required section: a question to ask the writer, not a "
               "fault.</p>\n<table><tr><th>section</th><th class=\"n\">notes"
               "</th><th>what to ask</th></tr>\n",
            s->lacking, known, known == 1 ? "" : "s",
            s->lacking == 1 ? "s" : "");
    for (size_t i = 0; i < s->n_sections; i++) {
      char *msg = batch_section_message(s->sections[i]->section);
      fputs("<tr><td><code>", o);
      esc(o, s->sections[i]->key);
      fprintf(o, "</code></td><td class=\"n\">%zu</td><td>",
              s->sections[i]->notes);
      esc(o, msg);
      fputs("</td></tr>\n", o);
      free(msg);
    }
    fputs("</table>\n", o);
  }
  if (s->sections_checked && s->unknown)
    unknown_types(o, s);
  fputs("</section>\n", o);
}

static void write_html(FILE *o, const batch_summary *s) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<title>Documentation review \xe2\x80\x94 peerlint</title>\n<style>\n",
        o);
  fputs(CSS, o);
  fputs("</style></head><body><main>\n", o);
  fprintf(o, "<h1>Documentation review</h1>\n<p class=\"meta\">%zu note%s "
             "checked with peerlint %s",
          s->notes, s->notes == 1 ? "" : "s", peerlint_version());
  if (s->n_weeks)
    fprintf(o, ", weeks %s to %s", s->weeks[0]->key,
            s->weeks[s->n_weeks - 1]->key);
  fputs(". For coaching from patterns, strengths first.</p>\n", o);
  if (s->text)
    fputs("<div class=\"phi\" role=\"note\"><strong>This report contains "
          "protected health information.</strong>It quotes wording from "
          "progress notes. Keep it where the notes themselves may be kept, "
          "share it only with people allowed to read them, and delete it "
          "when the review is done. <code>peerlint batch --no-text</code> "
          "writes a version with counts and rule ids only.</div>\n", o);
  else
    fputs("<div class=\"safe\">Counts and rule ids only: this report "
          "quotes no note text (<code>--no-text</code>).</div>\n", o);

  fputs("<div class=\"tiles\">\n", o);
  tile(o, "", s->notes, "notes reviewed");
  tile(o, "good", s->level[0], "strengths found");
  tile(o, "good", s->notes_with_strength, "notes with a strength");
  tile(o, "look", s->fails, "notes needing attention");
  if (s->lacking)
    tile(o, "look", s->lacking, "notes missing a required section");
  if (s->input_errors)
    tile(o, "look", s->input_errors, "inputs skipped (see stderr)");
  fputs("</div>\n", o);

  /* What is going well */
  batch_stat **good = calloc(s->n_rules ? s->n_rules : 1, sizeof *good);
  size_t ng = 0;
  for (size_t i = 0; good && i < s->n_rules; i++)
    if (s->rules[i]->rule_level == PEERLINT_STRENGTH && total(s->rules[i]))
      good[ng++] = s->rules[i];
  fputs("<section class=\"well\" id=\"going-well\"><h2>What is going "
        "well</h2>\n", o);
  if (ng) {
    fprintf(o, "<p class=\"hint\">%zu strength%s in %zu of %zu notes: "
               "start the conversation here.</p>\n",
            s->level[0], s->level[0] == 1 ? "" : "s", s->notes_with_strength,
            s->notes);
    hbars(o, "Strengths by kind", good, ng, 0, NULL);
    fputs("<table><tr><th>strength</th><th class=\"n\">found</th><th class=\"n\">notes</th>"
          "<th>why it matters</th></tr>\n", o);
    for (size_t i = 0; i < ng; i++) {
      fputs("<tr><td><code>", o);
      esc(o, good[i]->key);
      fprintf(o, "</code></td><td class=\"n\">%zu</td><td class=\"n\">%zu"
                 "</td><td>", total(good[i]), good[i]->notes);
      esc(o, good[i]->message);
      fputs("</td></tr>\n", o);
    }
    fputs("</table>\n", o);
  } else {
    fputs("<p>No strengths were found yet. Notes that quote the person, "
          "record the choices they made, things done together and the next "
          "steps they chose show up here.</p>\n", o);
  }
  fputs("</section>\n", o);
  free(good);

  /* By family */
  fputs("<section id=\"families\"><h2>Findings by family</h2>\n", o);
  legend(o, 0);
  if (s->n_packs)
    hbars(o, "Findings by family", s->packs, s->n_packs, 0, NULL);
  else
    fputs("<p>No findings.</p>\n", o);
  fputs("</section>\n", o);

  /* By writer */
  if (s->n_authors > 1 || (s->n_authors == 1 && s->authors[0]->key[0])) {
    fputs("<section id=\"writers\"><h2>By writer</h2>\n<p class=\"hint\">"
          "Alphabetical. Counts to coach from, not a ranking: a writer with "
          "more notes has more findings of every kind.</p>\n", o);
    legend(o, 0);
    hbars(o, "Findings by writer", s->authors, s->n_authors, 0, writer_name);
    fputs("<table><tr><th>writer</th><th class=\"n\">notes</th>"
          "<th class=\"n\">strengths</th><th class=\"n\">info</th>"
          "<th class=\"n\">warnings</th><th class=\"n\">errors</th>"
          "<th class=\"n\">needing attention</th></tr>\n", o);
    for (size_t i = 0; i < s->n_authors; i++) {
      const batch_stat *a = s->authors[i];
      fputs("<tr><td>", o);
      esc(o, writer_name(a->key));
      fprintf(o, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                 "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                 "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
              a->notes, a->level[0], a->level[1], a->level[2], a->level[3],
              a->fails);
    }
    fputs("</table></section>\n", o);
  }

  /* Over time */
  if (s->n_weeks) {
    fputs("<section id=\"weeks\"><h2>Over time</h2>\n<p class=\"hint\">"
          "Findings by ISO week of the note's date.", o);
    if (s->undated || s->bad_dates)
      fprintf(o, " %zu note%s without a YYYY-MM-DD date are not shown.",
              s->undated + s->bad_dates,
              s->undated + s->bad_dates == 1 ? "" : "s");
    fputs("</p>\n", o);
    legend(o, 0);
    week_chart(o, s);
    fputs("</section>\n", o);
  }

  /* Rules most often found */
  fputs("<section id=\"rules\"><h2>What to look at together</h2>\n"
        "<p class=\"hint\">The rules found most often, each with why it "
        "matters", o);
  fputs(s->text ? " and a typical rewrite.</p>\n" : ".</p>\n", o);
  fputs("<table><tr><th>rule</th><th>level</th><th class=\"n\">found</th><th class=\"n\">notes</th>"
        "<th>why, and what to write instead</th></tr>\n", o);
  size_t shown = 0;
  for (size_t i = 0; i < s->n_rules && shown < 15; i++) {
    const batch_stat *r = s->rules[i];
    if (r->rule_level == PEERLINT_STRENGTH)
      continue;
    shown++;
    int lv = r->rule_level >= 0 ? r->rule_level : 2;
    fputs("<tr><td><code>", o);
    esc(o, r->key);
    fprintf(o, "</code></td><td><span class=\"pill l%d\">%s</span></td>"
               "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>",
            lv, peerlint_level_name((peerlint_level)lv), total(r), r->notes);
    esc(o, r->message);
    if (s->text && r->rewrite) {
      fputs("<div class=\"sugg\">Typical rewrite: <b>", o);
      esc(o, r->rewrite);
      fputs("</b></div>", o);
    }
    fputs("</td></tr>\n", o);
  }
  if (!shown)
    fputs("<tr><td colspan=\"5\">Nothing to look at: no findings beyond "
          "strengths.</td></tr>\n", o);
  fputs("</table></section>\n", o);
  write_sections(o, s);

  /* Most common wordings */
  if (s->text && s->n_wordings) {
    fputs("<section id=\"wordings\"><h2>Most common wordings</h2>\n"
          "<p class=\"hint\">As written in the notes, with a "
          "recovery-oriented alternative.</p>\n<table><tr><th>written</th>"
          "<th>consider</th><th class=\"n\">times</th><th>rule</th></tr>\n", o);
    for (size_t i = 0; i < s->n_wordings && i < 20; i++) {
      const batch_stat *w = s->wordings[i];
      const char *sep = strchr(w->key, '\x1f');
      fputs("<tr><td class=\"was\">", o);
      esc(o, sep ? sep + 1 : w->key);
      fputs("</td><td class=\"alt\">", o);
      if (w->rewrite)
        esc(o, w->rewrite);
      else
        fputs("<span class=\"msg\">needs the writer's judgment</span>", o);
      fprintf(o, "</td><td class=\"n\">%zu</td><td><code>", total(w));
      esc(o, w->rule ? w->rule : "");
      fputs("</code></td></tr>\n", o);
    }
    fputs("</table></section>\n", o);
  }

  write_detail(o, s);
  fprintf(o, "<footer>peerlint %s \xc2\xb7 findings at <b>%s</b> or above "
             "need attention \xc2\xb7 %zu input%s skipped</footer>\n",
          peerlint_version(),
          peerlint_level_name((peerlint_level)s->fail_level), s->input_errors,
          s->input_errors == 1 ? "" : "s");
  fputs("</main></body></html>\n", o);
}

int batch_write_report(const char *path, const batch_summary *s) {
  char tmp[4096];
  const char *slash = strrchr(path, '/');
  int n = snprintf(tmp, sizeof tmp, "%.*s.%s.peerlint-XXXXXX",
                   slash ? (int)(slash - path + 1) : 0, path,
                   slash ? slash + 1 : path);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    fprintf(stderr, "peerlint: %s: the path is too long\n", path);
    return -1;
  }
  const char *step = "creating a temporary file beside it";
  int fd = mkstemp(tmp); /* 0600: with text, the report is PHI */
  FILE *o = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!o)
    goto fail;
  step = "writing it";
  write_html(o, s);
  if (fflush(o) || ferror(o))
    goto fail;
  step = "flushing it to disk";
  if (fsync(fd))
    goto fail;
  if (!s->text) { /* counts only: readable as any new file */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
  }
  step = "closing it";
  int rc = fclose(o);
  o = NULL;
  fd = -1;
  if (rc)
    goto fail;
  step = "renaming it into place";
  if (rename(tmp, path))
    goto fail;
  return 0;
fail:;
  int e = errno;
  if (o)
    fclose(o);
  else if (fd >= 0)
    close(fd);
  unlink(tmp);
  fprintf(stderr, "peerlint: %s: the report was not written; failed while "
                  "%s: %s\n", path, step, strerror(e));
  return -1;
}
