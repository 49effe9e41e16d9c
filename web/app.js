/* peerlint web page: checks a note as the writer types (POST v1/check),
 * highlights findings in place, applies rewrites (v1/fix), a write mode
 * that walks through a note template's prompts (v1/templates), and a
 * trainer mode with a side-by-side rewrite. Vanilla JS, no dependencies; talks only
 * to the server that served it; keeps the note in memory only. */
'use strict';

(function () {
  var LEVELS = {
    error: { label: 'Needs a change', icon: '\u2715', rank: 3 },
    warning: { label: 'Worth a look', icon: '!', rank: 2 },
    info: { label: 'A small idea', icon: 'i', rank: 1 },
    strength: { label: 'Strength', icon: '\u2713', rank: 0 }
  };
  var DEBOUNCE_MS = 300;
  var SAMPLES = {
    'progress-note': 'Progress note',
    'group-note': 'Group note',
    'crisis-follow-up': 'Crisis follow-up'
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  /* ---------- UTF-8 byte offsets to string (UTF-16) indices ---------- */

  /* Returns a function mapping a byte offset into the UTF-8 encoding of
   * `str` to the index of the character that starts there. */
  function byteMapper(str) {
    var map = new Uint32Array(str.length * 3 + 1);
    var b = 0;
    for (var i = 0; i < str.length; i++) {
      var c = str.charCodeAt(i), n, start = i;
      if (c < 0x80) n = 1;
      else if (c < 0x800) n = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) { n = 4; i++; }
      else n = 3;
      for (var k = 0; k < n; k++) map[b + k] = start;
      b += n;
    }
    map[b] = str.length;
    return function (off) { return off >= b ? str.length : map[off]; };
  }

  /* Adds start/end (string indices) and fixStart/fixEnd to each finding. */
  function locate(text, findings) {
    var at = byteMapper(text);
    return findings.map(function (f, i) {
      var g = Object.assign({}, f);
      g.index = i;
      g.start = at(f.offset);
      g.end = at(f.offset + f.length);
      if (f.fix) {
        g.fixStart = at(f.fix.offset);
        g.fixEnd = at(f.fix.offset + f.fix.length);
      }
      return g;
    });
  }

  /* ---------- the service ---------- */

  var token = null; /* only in memory */

  function post(path, body, signal) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(path, {
      method: 'POST', headers: headers, body: JSON.stringify(body),
      signal: signal, cache: 'no-store', credentials: 'same-origin'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var e = new Error(j.error || ('the service answered ' + r.status));
          e.status = r.status;
          throw e;
        }
        return j;
      });
    });
  }

  var packTitles = {};
  function loadRules() {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    fetch('v1/rules', { headers: headers, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j || !j.packs) return;
        j.packs.forEach(function (p) { packTitles[p.name] = p.title; });
        if (state.result) renderSummary();
      }).catch(function () {});
  }
  function packTitle(name) { return packTitles[name] || name; }

  /* ---------- highlighting: overlapping ranges to flat segments ---------- */

  /* ranges: [{start, end, cls, id}]; appends text and <mark>s to `box`. */
  function renderMarked(box, text, ranges, markTag) {
    box.textContent = '';
    var cuts = [0, text.length];
    ranges.forEach(function (r) { cuts.push(r.start, r.end); });
    cuts = cuts.filter(function (c) { return c >= 0 && c <= text.length; })
      .sort(function (a, b) { return a - b; })
      .filter(function (c, i, a) { return i === 0 || c !== a[i - 1]; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var s = cuts[i], e = cuts[i + 1];
      var piece = text.slice(s, e);
      var over = ranges.filter(function (r) { return r.start <= s && r.end >= e && r.end > r.start; });
      if (!over.length) { box.appendChild(document.createTextNode(piece)); continue; }
      over.sort(function (a, b) { return b.rank - a.rank; });
      var m = el(markTag || 'mark', over[0].cls, piece);
      m.setAttribute('data-ids', over.map(function (r) { return r.id; }).join(' '));
      box.appendChild(m);
    }
  }

  /* ---------- checker state ---------- */

  var ta, mirror;
  var state = {
    result: null,      /* last result JSON for state.text */
    text: '',          /* the text the findings belong to */
    findings: [],      /* located findings, shifted while typing */
    caretId: null
  };
  var undoStack = [], redoStack = [];
  var timer = null, inflight = null, seq = 0;
  var focusAfterRender = null;

  function ranges(findings, extraCls) {
    return findings.map(function (f) {
      var cls = 'hl lv-' + f.level + (f.index === state.caretId ? ' at-caret' : '') + (extraCls ? ' ' + extraCls : '');
      return { start: f.start, end: f.end, cls: cls, id: f.index, rank: LEVELS[f.level] ? LEVELS[f.level].rank : 1 };
    });
  }

  function renderMirror() {
    renderMarked(mirror, ta.value, ranges(state.findings));
    /* a trailing newline needs something after it to take up a line */
    mirror.appendChild(document.createTextNode('\u200b'));
  }

  /* Keeps highlights on their words while the writer types: findings before
   * the change stay, after it they shift, across it they are dropped until
   * the next check. */
  var lastValue = '';
  function shiftFindings(oldText, newText) {
    var p = 0, max = Math.min(oldText.length, newText.length);
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
    var s = 0;
    while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
    var oldEnd = oldText.length - s, delta = newText.length - oldText.length;
    state.findings = state.findings.filter(function (f) {
      return f.end <= p || f.start >= oldEnd;
    }).map(function (f) {
      if (f.start >= oldEnd && (f.end > p || f.start > p)) {
        var g = Object.assign({}, f);
        g.start += delta; g.end += delta;
        if (g.fixStart != null) { g.fixStart += delta; g.fixEnd += delta; }
        return g;
      }
      return f;
    });
  }

  function onInput() {
    shiftFindings(lastValue, ta.value);
    lastValue = ta.value;
    document.body.setAttribute('data-state', 'pending');
    renderMirror();
    updateCaret();
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
    updateButtons();
  }

  function setStatus(msg) { $('status').textContent = msg; }

  function check() {
    clearTimeout(timer);
    var text = ta.value;
    if (inflight) inflight.abort();
    if (!text.trim()) {
      inflight = null;
      applyResult(text, { findings: [], notices: [], summary: null });
      setStatus('Paste or type a note to check it.');
      return Promise.resolve();
    }
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    inflight = ctl;
    var my = ++seq;
    return post('v1/check', { id: 'page', text: text }, ctl && ctl.signal).then(function (res) {
      if (my !== seq || ta.value !== text) return; /* a newer check will follow */
      inflight = null;
      applyResult(text, res);
    }).catch(function (e) {
      if (e && e.name === 'AbortError') return;
      if (my !== seq) return;
      inflight = null;
      document.body.setAttribute('data-state', 'error');
      if (e.status === 401) {
        $('token-box').hidden = false;
        setStatus('The service needs a token before it can check the note.');
      } else if (e.status === 400) {
        setStatus('The note could not be checked: ' + e.message + '.');
      } else {
        setStatus('The peerlint service did not answer; your note is still here. It will check again when you type.');
      }
    });
  }

  function applyResult(text, res) {
    state.text = text;
    state.result = res;
    state.findings = locate(text, res.findings || []);
    lastValue = ta.value;
    renderMirror();
    renderFindings();
    renderSummary();
    updateCaret();
    updateButtons();
    announce();
    document.body.setAttribute('data-state', 'idle');
    if (focusAfterRender != null) {
      var i = focusAfterRender;
      focusAfterRender = null;
      var cards = $('finding-list').children;
      var target = cards[Math.min(i, cards.length - 1)];
      if (target) target.focus();
      else $('findings-h').focus();
    }
  }

  function counts() {
    var c = { strength: 0, issues: 0, safe: 0, judgment: 0 };
    state.findings.forEach(function (f) {
      if (f.level === 'strength') c.strength++;
      else {
        c.issues++;
        if (f.fix) c.safe++; else c.judgment++;
      }
    });
    return c;
  }

  function announce() {
    if (!state.text.trim()) return;
    var c = counts();
    var msg = (c.strength ? plural(c.strength, 'strength', 'strengths') + ', ' : '') +
      plural(c.issues, 'finding', 'findings') +
      (c.issues ? ' (' + c.safe + ' with a safe rewrite, ' + c.judgment + ' for your judgment)' : '') + '.';
    if (!c.issues) msg += ' Nothing to change.';
    setStatus(msg);
  }

  /* ---------- finding cards ---------- */

  /* The accepted wording for a suggestion: the fix itself, or another
   * suggestion in the fix's place (keeping an article the fix took in). */
  function acceptEdit(f, k) {
    if (!f.fix || f.fixStart == null) return null;
    var sugg = f.suggestions || [];
    if (k === 0) return { start: f.fixStart, end: f.fixEnd, text: f.fix.text };
    var first = sugg[0] || '';
    var ft = f.fix.text;
    if (!first || ft.toLowerCase().slice(ft.length - first.length) !== first.toLowerCase()) return null;
    var prefix = ft.slice(0, ft.length - first.length);
    var alt = sugg[k];
    var art = /^(an?)(\s+)$/i.exec(prefix);
    if (art) {
      var an = /^[aeiou]/i.test(alt);
      var word = an ? 'an' : 'a';
      if (art[1][0] === 'A') word = word[0].toUpperCase() + word.slice(1);
      prefix = word + art[2];
    }
    return { start: f.fixStart, end: f.fixEnd, text: prefix + alt };
  }

  function levelBadge(level) {
    var L = LEVELS[level] || LEVELS.info;
    var b = el('span', 'badge lv-' + level);
    var ic = el('span', 'badge-icon lv-' + level, L.icon);
    ic.setAttribute('aria-hidden', 'true');
    b.appendChild(ic);
    b.appendChild(el('span', 'badge-label', L.label));
    return b;
  }

  function quoteOf(text) {
    var t = text.replace(/\s+/g, ' ');
    if (t.length > 80) t = t.slice(0, 77) + '\u2026';
    return /^["\u201c]/.test(t) ? t : '\u201c' + t + '\u201d';
  }

  function card(f, opts) {
    opts = opts || {};
    var li = el(opts.tag || 'li', 'card lv-' + f.level);
    li.setAttribute('data-rule', f.rule);
    li.setAttribute('data-level', f.level);
    li.setAttribute('data-index', String(f.index));
    li.tabIndex = -1;
    var head = el('div', 'card-head');
    head.appendChild(levelBadge(f.level));
    head.appendChild(el('span', 'pack', packTitle(f.pack)));
    li.appendChild(head);
    var q = el('p', 'quote');
    q.appendChild(el('span', 'quoted', quoteOf(f.text)));
    if (!opts.noShow) {
      var show = el('button', 'linklike', 'Show in note');
      show.type = 'button';
      show.setAttribute('data-show', String(f.index));
      show.setAttribute('aria-label', 'Show ' + quoteOf(f.text) + ' in the note');
      q.appendChild(document.createTextNode(' '));
      q.appendChild(show);
    }
    li.appendChild(q);
    li.appendChild(el('p', 'message', f.message));
    var pr = el('p', 'principle');
    pr.appendChild(el('span', 'label', 'The value behind it: '));
    pr.appendChild(document.createTextNode(f.principle || ''));
    li.appendChild(pr);
    if (f.level !== 'strength') li.appendChild(suggestionBlock(f, opts));
    return li;
  }

  function suggestionBlock(f, opts) {
    var box = el('div', 'suggestions');
    var sugg = f.suggestions || [];
    if (f.fix && !opts.readOnly) {
      box.appendChild(el('span', 'label', 'Suggested wording: '));
      var n = Math.max(1, sugg.length);
      for (var k = 0; k < n; k++) {
        var edit = acceptEdit(f, k);
        if (!edit) {
          if (sugg[k]) box.appendChild(el('span', 'consider', quoteOf(sugg[k])));
          continue;
        }
        var b = el('button', k === 0 ? 'accept primary' : 'accept', 'Use ' + quoteOf(edit.text));
        b.type = 'button';
        b.setAttribute(opts.acceptAttr || 'data-accept', f.index + ':' + k);
        box.appendChild(b);
      }
    } else if (f.fix) {
      return document.createDocumentFragment(); /* the trainer says what the rewrite did */
    } else {
      box.classList.add('judgment');
      box.appendChild(el('span', 'label', 'Needs your judgment. '));
      if (sugg.length) {
        box.appendChild(document.createTextNode('Wordings to consider: '));
        sugg.forEach(function (s, i) {
          if (i) box.appendChild(document.createTextNode(', '));
          box.appendChild(el('span', 'consider', quoteOf(s)));
        });
      } else {
        box.appendChild(document.createTextNode('Describe what the person said or did, in plain words.'));
      }
    }
    return box;
  }

  function renderFindings() {
    var strengths = state.findings.filter(function (f) { return f.level === 'strength'; });
    var issues = state.findings.filter(function (f) { return f.level !== 'strength'; });
    var sl = $('strength-list'), fl = $('finding-list');
    sl.textContent = ''; fl.textContent = '';
    strengths.forEach(function (f) { sl.appendChild(card(f)); });
    issues.forEach(function (f) { fl.appendChild(card(f)); });
    $('strengths-block').hidden = !strengths.length;
    $('issues-block').hidden = !issues.length;
    var empty = $('empty');
    empty.hidden = !!(strengths.length || issues.length);
    empty.textContent = state.text.trim()
      ? 'Nothing to change: this note reads as non-clinical and person-first. Well done.'
      : 'Findings will appear here.';
    var notices = (state.result && state.result.notices) || [];
    $('notices').hidden = !notices.length;
    $('notices').textContent = notices.length
      ? 'Some checks could not finish on this note (' + notices.length + '); every other check ran.' : '';
  }

  function renderSummary() {
    var res = state.result;
    var line = $('summary-line'), body = $('summary-body');
    if (!res || !res.summary || !state.text.trim()) {
      line.textContent = 'Nothing checked yet.';
      body.hidden = true;
      return;
    }
    var s = res.summary, parts = [];
    parts.push(plural(s.strength || 0, 'strength', 'strengths'));
    if (s.error) parts.push(s.error + ' ' + LEVELS.error.label.toLowerCase());
    if (s.warning) parts.push(s.warning + ' ' + LEVELS.warning.label.toLowerCase());
    if (s.info) parts.push(plural(s.info, 'small idea', 'small ideas'));
    line.textContent = parts.join(' \u00b7 ') + (res.fails ? '. This note may be held before saving.' : '.');
    body.hidden = false;

    var ul = $('by-pack');
    ul.textContent = '';
    var packs = Object.keys(s.by_pack || {});
    packs.sort(function (a, b) {
      if (a === 'strengths') return -1;
      if (b === 'strengths') return 1;
      return s.by_pack[b] - s.by_pack[a] || a.localeCompare(b);
    });
    packs.forEach(function (p) {
      var li = el('li', p === 'strengths' ? 'is-strength' : '');
      li.setAttribute('data-pack', p);
      li.appendChild(el('span', 'pack-name', packTitle(p)));
      li.appendChild(el('span', 'pack-count', String(s.by_pack[p])));
      ul.appendChild(li);
    });
    if (!packs.length) ul.appendChild(el('li', '', 'No findings.'));

    var jl = $('judgment-list');
    jl.textContent = '';
    var judg = state.findings.filter(function (f) { return f.level !== 'strength' && !f.fix; });
    judg.forEach(function (f) {
      var li = el('li');
      li.setAttribute('data-rule', f.rule);
      var b = el('button', 'linklike', quoteOf(f.text));
      b.type = 'button';
      b.setAttribute('data-goto', String(f.index));
      b.setAttribute('aria-label', 'Go to the finding ' + quoteOf(f.text));
      li.appendChild(b);
      li.appendChild(el('span', 'judg-pack', ' \u2014 ' + packTitle(f.pack)));
      jl.appendChild(li);
    });
    if (!judg.length) jl.appendChild(el('li', '', 'Nothing: every finding has a safe rewrite.'));
  }

  /* ---------- the finding at the cursor ---------- */

  function findingAt(pos) {
    var best = null;
    state.findings.forEach(function (f) {
      if (pos >= f.start && pos <= f.end && f.end > f.start) {
        if (!best || (LEVELS[f.level].rank > LEVELS[best.level].rank) ||
            (f.level === best.level && f.end - f.start < best.end - best.start)) best = f;
      }
    });
    return best;
  }

  function updateCaret() {
    var box0 = $('at-caret');
    if (box0.contains(document.activeElement)) return; /* the writer is using it */
    var f = document.activeElement === ta ? findingAt(ta.selectionStart) : null;
    var box = $('at-caret');
    var id = f ? f.index : null;
    if (id === state.caretId && (f ? !box.hidden : box.hidden)) return;
    state.caretId = id;
    var prev = mirror.querySelectorAll('.at-caret');
    for (var i = 0; i < prev.length; i++) prev[i].classList.remove('at-caret');
    if (!f) { box.hidden = true; box.textContent = ''; return; }
    var marks = mirror.querySelectorAll('mark');
    for (var j = 0; j < marks.length; j++) {
      if ((' ' + marks[j].getAttribute('data-ids') + ' ').indexOf(' ' + id + ' ') >= 0) marks[j].classList.add('at-caret');
    }
    box.textContent = '';
    box.appendChild(el('p', 'at-caret-title', 'At the cursor'));
    box.appendChild(card(f, { tag: 'div', noShow: true }));
    box.hidden = false;
  }

  /* ---------- editing the note (accept, accept all, undo) ---------- */

  /* Replaces [start, end) with `text` through the editing commands when the
   * browser has them, so the textarea's own undo (Ctrl+Z) follows along. */
  function replaceRange(start, end, text) {
    ta.focus();
    ta.setSelectionRange(start, end);
    var expected = ta.value.slice(0, start) + text + ta.value.slice(end);
    var ok = false;
    try { ok = document.execCommand('insertText', false, text); } catch (e) { ok = false; }
    if (!ok || ta.value !== expected) {
      ta.value = expected;
      ta.setSelectionRange(start + text.length, start + text.length);
      onInput();
    }
  }

  function setWholeText(text) {
    if (ta.value === text) return;
    replaceRange(0, ta.value.length, text);
  }

  function remember() {
    undoStack.push(ta.value);
    if (undoStack.length > 200) undoStack.shift();
    redoStack = [];
    updateButtons();
  }

  function updateButtons() {
    $('undo').disabled = !undoStack.length;
    $('redo').disabled = !redoStack.length;
    var c = counts();
    $('accept-all').disabled = !c.safe;
  }

  function accept(spec, fromCard) {
    var parts = spec.split(':');
    var f = state.findings.filter(function (g) { return g.index === Number(parts[0]); })[0];
    if (!f) return;
    var edit = acceptEdit(f, Number(parts[1]));
    if (!edit) return;
    var pos = fromCard ? cardPosition(f.index) : null;
    remember();
    replaceRange(edit.start, edit.end, edit.text);
    setStatus('Changed ' + quoteOf(f.text) + ' to ' + quoteOf(edit.text) + '. Undo brings it back.');
    if (pos != null) focusAfterRender = pos;
    check();
  }

  function cardPosition(index) {
    var cards = $('finding-list').children;
    for (var i = 0; i < cards.length; i++) if (cards[i].getAttribute('data-index') === String(index)) return i;
    return null;
  }

  /* Every safe rewrite: the server's fix (which repeats until nothing
   * changes), else every fix edit applied from the end backwards. */
  function acceptAll() {
    var text = ta.value;
    if (!text.trim()) return;
    post('v1/fix', { id: 'page', text: text }).then(function (res) {
      if (ta.value !== text) return;
      var n = (res.edits || []).length;
      if (!n) { setStatus('No safe rewrites to apply.'); return; }
      remember();
      setWholeText(res.text);
      setStatus('Applied ' + plural(n, 'safe rewrite', 'safe rewrites') + '. Undo brings the note back.');
      focusAfterRender = 0;
      check();
    }).catch(function () {
      if (ta.value !== text || state.text !== text) { setStatus('Could not apply the rewrites; try again.'); return; }
      var edits = state.findings.filter(function (f) { return f.fix; })
        .map(function (f) { return { start: f.fixStart, end: f.fixEnd, text: f.fix.text }; })
        .sort(function (a, b) { return b.start - a.start; });
      var out = text, limit = Infinity, n = 0;
      edits.forEach(function (e) {
        if (e.end > limit) return; /* overlaps one already applied */
        out = out.slice(0, e.start) + e.text + out.slice(e.end);
        limit = e.start; n++;
      });
      remember();
      setWholeText(out);
      setStatus('Applied ' + plural(n, 'safe rewrite', 'safe rewrites') + '.');
      check();
    });
  }

  function undo() {
    if (!undoStack.length) return;
    redoStack.push(ta.value);
    setWholeText(undoStack.pop());
    setStatus('Undone.');
    updateButtons();
    check();
  }
  function redo() {
    if (!redoStack.length) return;
    undoStack.push(ta.value);
    setWholeText(redoStack.pop());
    setStatus('Redone.');
    updateButtons();
    check();
  }

  function copyNote() {
    var text = ta.value;
    function fallback() {
      var s = ta.selectionStart, e = ta.selectionEnd;
      ta.focus();
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
      ta.setSelectionRange(s, e);
      setStatus(ok ? 'Copied the note.' : 'Could not copy: select the note and press Ctrl+C.');
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { setStatus('Copied the note.'); }, fallback);
    } else fallback();
  }

  function showInNote(index) {
    var f = state.findings.filter(function (g) { return g.index === index; })[0];
    if (!f) return;
    ta.focus();
    ta.setSelectionRange(f.start, f.end);
    var marks = mirror.querySelectorAll('mark');
    for (var j = 0; j < marks.length; j++) {
      if ((' ' + marks[j].getAttribute('data-ids') + ' ').indexOf(' ' + index + ' ') >= 0) {
        marks[j].scrollIntoView({ block: 'center' });
        break;
      }
    }
    updateCaret();
  }

  /* ---------- tabs ---------- */

  var TABS = ['tab-check', 'tab-write', 'tab-trainer'];
  function selectTab(which) {
    var tabs = TABS.map($);
    tabs.forEach(function (t) {
      var on = t.id === which;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    });
  }

  /* ---------- trainer mode ---------- */

  var trainer = { text: '', findings: [], step: 0, edits: [], rewrite: '' };

  function loadSample(name) {
    var status = $('trainer-status');
    status.textContent = 'Loading the ' + SAMPLES[name].toLowerCase() + '\u2026';
    fetch('samples/' + name + '.txt', { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('missing sample');
      return r.text();
    }).then(function (text) {
      return runTrainer(text, SAMPLES[name]);
    }).catch(function () {
      status.textContent = 'Could not load that sample.';
    });
  }

  function runTrainer(text, title) {
    var status = $('trainer-status');
    if (!text.trim()) { status.textContent = 'The checker has no note yet.'; return Promise.resolve(); }
    return Promise.all([post('v1/check', { id: 'trainer', text: text }),
                        post('v1/fix', { id: 'trainer', text: text })]).then(function (both) {
      var res = both[0], fix = both[1];
      trainer.text = text;
      var located = locate(text, res.findings || []);
      var strengths = located.filter(function (f) { return f.level === 'strength'; });
      var others = located.filter(function (f) { return f.level !== 'strength'; });
      trainer.findings = strengths.concat(others);
      trainer.rewrite = fix.text;
      var at = byteMapper(text);
      trainer.edits = (fix.edits || []).map(function (e) {
        var g = Object.assign({}, e);
        g.start = at(e.offset); g.end = at(e.offset + e.length);
        g.finding = located.filter(function (f) {
          return f.rule === e.rule && f.fix && f.fix.offset === e.offset;
        })[0] || located.filter(function (f) {
          return f.rule === e.rule && f.offset < e.offset + e.length && f.offset + f.length > e.offset;
        })[0] || null;
        return g;
      });
      trainer.step = 0;
      $('trainer-body').hidden = false;
      renderTrainer();
      var c = trainer.findings.length - strengths.length;
      status.textContent = title + ' loaded: ' + plural(strengths.length, 'strength', 'strengths') + ', ' +
        plural(c, 'finding', 'findings') + ', ' + plural(trainer.edits.length, 'change', 'changes') + ' in the rewrite.';
    }).catch(function (e) {
      status.textContent = e.status === 401 ? 'The service needs a token (see the checker).'
        : 'The peerlint service did not answer.';
    });
  }

  /* The rewrite with the changed spans marked, rebuilt from the edits; when
   * the edits do not add up to the server's text, the text alone. */
  function renderRewrite() {
    var box = $('trainer-rewrite');
    var edits = trainer.edits.slice().sort(function (a, b) { return a.start - b.start; });
    var out = '', ranges = [], pos = 0, ok = true;
    edits.forEach(function (e, i) {
      if (e.start < pos || trainer.text.slice(e.start, e.end) !== e.old) { ok = false; return; }
      out += trainer.text.slice(pos, e.start);
      ranges.push({ start: out.length, end: out.length + e.new.length, cls: 'hl changed', id: 'e' + trainer.edits.indexOf(e), rank: 1 });
      out += e.new;
      pos = e.end;
      void i;
    });
    out += trainer.text.slice(pos);
    if (!ok || out !== trainer.rewrite) { box.textContent = trainer.rewrite; return; }
    var cur = trainer.findings[trainer.step];
    ranges.forEach(function (r) {
      var e = trainer.edits[Number(r.id.slice(1))];
      if (cur && e.finding === cur) r.cls += ' current';
    });
    renderMarked(box, out, ranges, 'ins');
  }

  function renderTrainer() {
    var cur = trainer.findings[trainer.step];
    var rs = trainer.findings.map(function (f) {
      return {
        start: f.start, end: f.end, id: f.index,
        cls: 'hl lv-' + f.level + (f === cur ? ' current' : ''),
        rank: (f === cur ? 10 : 0) + LEVELS[f.level].rank
      };
    });
    renderMarked($('trainer-original'), trainer.text, rs);
    renderRewrite();

    var n = trainer.findings.length;
    $('step-pos').textContent = n ? 'Finding ' + (trainer.step + 1) + ' of ' + n : 'No findings in this note.';
    $('step-prev').disabled = trainer.step <= 0;
    $('step-next').disabled = trainer.step >= n - 1;
    var sc = $('step-card');
    sc.textContent = '';
    if (cur) {
      var c = card(cur, { tag: 'div', noShow: true, readOnly: true });
      var edit = trainer.edits.filter(function (e) { return e.finding === cur; })[0];
      var outcome = el('p', 'outcome');
      if (cur.level === 'strength') outcome.textContent = 'Kept as it is: start the conversation here.';
      else if (edit) outcome.textContent = 'In the rewrite: ' + quoteOf(edit.old) + ' became ' + quoteOf(edit.new) + '.';
      else outcome.textContent = 'The rewrite leaves this for the writer: only they know what happened and how the person put it.';
      c.appendChild(outcome);
      sc.appendChild(c);
      var marks = $('trainer-original').querySelectorAll('mark.current');
      if (marks.length && marks[0].scrollIntoView) marks[0].scrollIntoView({ block: 'nearest' });
    }

    var ch = $('trainer-changes');
    ch.textContent = '';
    trainer.edits.forEach(function (e) {
      var li = el('li', 'change');
      li.setAttribute('data-rule', e.rule);
      var diff = el('p', 'diff');
      diff.appendChild(el('del', '', e.old));
      diff.appendChild(document.createTextNode(' \u2192 '));
      diff.appendChild(el('ins', '', e.new));
      li.appendChild(diff);
      if (e.finding) {
        li.appendChild(el('p', 'message', e.finding.message));
        var pr = el('p', 'principle');
        pr.appendChild(el('span', 'label', 'The value behind it: '));
        pr.appendChild(document.createTextNode(e.finding.principle));
        li.appendChild(pr);
      }
      ch.appendChild(li);
    });
    if (!trainer.edits.length) ch.appendChild(el('li', '', 'No safe rewrites in this note.'));

    var left = $('trainer-left');
    left.textContent = '';
    trainer.findings.forEach(function (f) {
      if (f.level === 'strength' || trainer.edits.some(function (e) { return e.finding === f; })) return;
      var li = el('li', 'change');
      li.setAttribute('data-rule', f.rule);
      li.appendChild(el('p', 'diff', quoteOf(f.text)));
      li.appendChild(el('p', 'message', f.message));
      var pr = el('p', 'principle');
      pr.appendChild(el('span', 'label', 'The value behind it: '));
      pr.appendChild(document.createTextNode(f.principle));
      li.appendChild(pr);
      left.appendChild(li);
    });
    if (!left.children.length) left.appendChild(el('li', '', 'Nothing: every finding has a safe rewrite.'));
  }

  function step(d) {
    var n = trainer.findings.length;
    trainer.step = Math.max(0, Math.min(n - 1, trainer.step + d));
    renderTrainer();
  }

  /* ---------- write mode: a note template, one prompt at a time ---------- */

  /* The note is assembled here exactly as peerlint_template_fill() does in
   * the library (the browser test compares the two byte for byte): the
   * title, then "Heading:" and the trimmed answer for each answered
   * section, the person's own words on one quoted line. */
  var REVIEWED = 'Reviewed with the person: ';
  var write = { templates: [], t: null, answers: [], step: 0, findings: [], seq: 0, timer: null };

  function trimBlank(s) { return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''); }

  function ownWords(a) {
    if (a.length >= 2 && a[0] === '"' && a[a.length - 1] === '"') a = a.slice(1, -1);
    return '"' + trimBlank(a).replace(/[ \t\r\n]+/g, ' ') + '"';
  }

  function assemble(t, answers, reviewed) {
    var out = t.title + '\n';
    t.sections.forEach(function (s, i) {
      var a = trimBlank(answers[i] || '');
      if (!a) return;
      out += '\n' + s.title + ':\n' + (s.own_words ? ownWords(a) : a) + '\n';
    });
    if (reviewed) out += '\n' + REVIEWED + 'yes\n';
    return out;
  }

  /* What is checked for an answer: own words as they will stand in the
   * note (quoted, on one line), so the person's words are read as theirs.
   * `shift` maps offsets in the checked text back to the answer. */
  function checkedForm(s, answer) {
    if (!s.own_words || /^".*"$/.test(answer)) return { text: answer, shift: 0 };
    return { text: '"' + answer.replace(/[\r\n]/g, ' ') + '"', shift: 1 };
  }

  function setWriteStatus(msg) { $('write-status').textContent = msg; }

  function loadTemplates() {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    return fetch('v1/templates', { headers: headers, cache: 'no-store' }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || String(r.status)); return j; });
    }).then(function (j) {
      write.templates = j.templates || [];
      var sel = $('write-template');
      sel.textContent = '';
      write.templates.forEach(function (t) {
        var o = el('option', '', t.title);
        o.value = t.name;
        sel.appendChild(o);
      });
      if (write.templates.some(function (t) { return t.name === 'progress'; })) sel.value = 'progress';
      $('write-start').disabled = !write.templates.length;
      document.body.setAttribute('data-templates', String(write.templates.length));
    }).catch(function () {
      $('write-start').disabled = true;
      setWriteStatus('The note templates could not be loaded from the peerlint service.');
    });
  }

  function startWrite() {
    var name = $('write-template').value;
    write.t = write.templates.filter(function (t) { return t.name === name; })[0];
    if (!write.t) return;
    write.answers = write.t.sections.map(function () { return ''; });
    $('write-reviewed').checked = false;
    $('write-reminder').hidden = !write.t.reminder;
    $('write-reminder').textContent = write.t.reminder || '';
    showStep(0);
  }

  function sectionMarks(s) {
    var m = [s.required ? 'Required' : 'Optional: leave it empty to skip'];
    if (s.own_words) m.push('the person\u2019s own words, as they say them (the note quotes them)');
    return m.join('; ') + '.';
  }

  function showStep(i) {
    var t = write.t, s = t.sections[i];
    write.step = i;
    $('write-done').hidden = true;
    $('write-step').hidden = false;
    $('write-pos').textContent = t.title + ': question ' + (i + 1) + ' of ' + t.sections.length;
    $('write-title').textContent = s.title;
    $('write-prompt').textContent = s.prompt;
    $('write-marks').textContent = sectionMarks(s);
    var ta2 = $('write-answer');
    ta2.value = write.answers[i];
    ta2.classList.toggle('own-words', !!s.own_words);
    $('write-back').disabled = i === 0;
    $('write-next').textContent = i === t.sections.length - 1 ? 'Assemble the note \u2192' : 'Next \u2192';
    setWriteStatus('');
    write.findings = [];
    renderWriteFindings();
    checkAnswer();
    ta2.focus();
  }

  function onAnswerInput() {
    write.answers[write.step] = $('write-answer').value;
    document.body.setAttribute('data-write-state', 'pending');
    clearTimeout(write.timer);
    write.timer = setTimeout(checkAnswer, DEBOUNCE_MS);
  }

  function checkAnswer() {
    clearTimeout(write.timer);
    var s = write.t.sections[write.step], answer = $('write-answer').value;
    var my = ++write.seq;
    if (!answer.trim()) {
      write.findings = [];
      renderWriteFindings();
      document.body.setAttribute('data-write-state', 'idle');
      return Promise.resolve();
    }
    var form = checkedForm(s, answer);
    return post('v1/check', { id: 'answer', text: form.text }).then(function (res) {
      if (my !== write.seq || $('write-answer').value !== answer) return;
      write.findings = locate(form.text, res.findings || []).map(function (f) {
        f.start -= form.shift; f.end -= form.shift;
        if (f.fixStart != null) { f.fixStart -= form.shift; f.fixEnd -= form.shift; }
        return f;
      }).filter(function (f) { return f.start >= 0 && f.end <= answer.length; });
      renderWriteFindings();
      document.body.setAttribute('data-write-state', 'idle');
    }).catch(function (e) {
      if (my !== write.seq) return;
      document.body.setAttribute('data-write-state', 'error');
      setWriteStatus(e.status === 401 ? 'The service needs a token (see the checker).'
        : 'The peerlint service did not answer; your answer is still here.');
    });
  }

  function renderWriteFindings() {
    var list = $('write-findings');
    list.textContent = '';
    var fs = write.findings.slice().sort(function (a, b) {
      return (a.level === 'strength' ? 0 : 1) - (b.level === 'strength' ? 0 : 1) || a.start - b.start;
    });
    fs.forEach(function (f) { list.appendChild(card(f, { noShow: true, acceptAttr: 'data-waccept' })); });
    var empty = $('write-empty');
    empty.hidden = !!fs.length;
    empty.textContent = $('write-answer').value.trim()
      ? 'Nothing to change in this answer.' : 'Findings will appear here as you type.';
  }

  function acceptInAnswer(spec) {
    var parts = spec.split(':');
    var f = write.findings.filter(function (g) { return g.index === Number(parts[0]); })[0];
    var edit = f && acceptEdit(f, Number(parts[1]));
    if (!edit) return;
    var a = $('write-answer');
    a.value = a.value.slice(0, edit.start) + edit.text + a.value.slice(edit.end);
    onAnswerInput();
    checkAnswer();
    setWriteStatus('Changed ' + quoteOf(f.text) + ' to ' + quoteOf(edit.text) + '.');
    a.focus();
  }

  function nextStep() {
    write.answers[write.step] = $('write-answer').value;
    if (write.step < write.t.sections.length - 1) showStep(write.step + 1);
    else showDone();
  }

  function noteText() { return assemble(write.t, write.answers, $('write-reviewed').checked); }

  /* The read-back: the note in plain words, large enough to read together
   * or to print for the person. */
  function renderReadback() {
    var t = write.t, body = $('readback-body');
    $('readback-h').textContent = t.title;
    body.textContent = '';
    t.sections.forEach(function (s, i) {
      var a = trimBlank(write.answers[i] || '');
      if (!a) return;
      var sec = el('section', 'rb-section');
      sec.appendChild(el('h3', '', s.title));
      if (s.own_words) {
        sec.appendChild(el('p', 'rb-said', 'In your words:'));
        sec.appendChild(el('blockquote', 'rb-quote', ownWords(a).slice(1, -1)));
      } else {
        a.split('\n').forEach(function (line) { sec.appendChild(el('p', 'rb-text', line)); });
      }
      body.appendChild(sec);
    });
  }

  function renderMissing() {
    var list = $('write-missing-list');
    list.textContent = '';
    write.t.sections.forEach(function (s, i) {
      if (!s.required || trimBlank(write.answers[i] || '').replace(/"/g, '')) return;
      var li = el('li');
      var b = el('button', 'linklike', s.title);
      b.type = 'button';
      b.setAttribute('data-step', String(i));
      b.setAttribute('aria-label', 'Answer ' + s.title);
      li.appendChild(b);
      li.appendChild(document.createTextNode(' \u2014 ' + s.prompt));
      list.appendChild(li);
    });
    $('write-missing').hidden = !list.children.length;
    return list.children.length;
  }

  function renderNote() {
    var text = noteText();
    $('write-note').textContent = text;
    var my = ++write.seq;
    document.body.setAttribute('data-write-state', 'pending');
    return post('v1/check', { id: 'note', text: text }).then(function (res) {
      if (my !== write.seq) return;
      var s = res.summary || {}, problems = (s.error || 0) + (s.warning || 0);
      $('write-summary').textContent = plural(s.strength || 0, 'strength', 'strengths') + ', ' +
        (problems ? plural(problems, 'wording', 'wordings') + ' to look at (open it in the checker)'
          : 'no wording to change') + '.';
      document.body.setAttribute('data-write-state', 'idle');
    }).catch(function () {
      if (my === write.seq) document.body.setAttribute('data-write-state', 'error');
    });
  }

  function showDone() {
    $('write-step').hidden = true;
    $('write-done').hidden = false;
    var missing = renderMissing();
    renderReadback();
    setWriteStatus(missing ? plural(missing, 'required section is', 'required sections are') + ' still empty.'
      : 'The note is ready. Read it back with the person.');
    renderNote();
    $('readback-h').setAttribute('tabindex', '-1');
    $('readback-h').focus();
  }

  function copyWritten() {
    var text = noteText();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { setWriteStatus('Copied the note.'); },
        function () { setWriteStatus('Could not copy: select the note below and press Ctrl+C.'); });
    } else setWriteStatus('Could not copy: select the note below and press Ctrl+C.');
  }

  function initWrite() {
    $('write-start').disabled = true;
    $('write-start').addEventListener('click', startWrite);
    $('write-answer').addEventListener('input', onAnswerInput);
    $('write-back').addEventListener('click', function () {
      write.answers[write.step] = $('write-answer').value;
      if (write.step > 0) showStep(write.step - 1);
    });
    $('write-next').addEventListener('click', nextStep);
    $('write-edit').addEventListener('click', function () { showStep(write.t.sections.length - 1); });
    $('write-reviewed').addEventListener('change', renderNote);
    $('write-print').addEventListener('click', function () { window.print(); });
    $('write-copy').addEventListener('click', copyWritten);
    $('write-to-checker').addEventListener('click', function () {
      var text = noteText();
      selectTab('tab-check');
      if (ta.value !== text) { remember(); setWholeText(text); }
      check();
      ta.focus();
    });
    document.addEventListener('click', function (ev) {
      var t = ev.target.closest ? ev.target.closest('button') : null;
      if (!t) return;
      if (t.hasAttribute('data-waccept')) acceptInAnswer(t.getAttribute('data-waccept'));
      else if (t.hasAttribute('data-step')) showStep(Number(t.getAttribute('data-step')));
    });
    loadTemplates();
  }

  /* ---------- wiring ---------- */

  function init() {
    ta = $('note');
    mirror = $('mirror');
    lastValue = ta.value;
    ta.addEventListener('input', onInput);
    ['keyup', 'click', 'select', 'focus', 'blur'].forEach(function (ev) {
      ta.addEventListener(ev, function () { setTimeout(updateCaret, 0); });
    });
    document.addEventListener('selectionchange', function () {
      if (document.activeElement === ta) updateCaret();
    });

    document.addEventListener('click', function (ev) {
      var t = ev.target.closest ? ev.target.closest('button') : null;
      if (!t) return;
      if (t.hasAttribute('data-accept')) accept(t.getAttribute('data-accept'), !!t.closest('#finding-list'));
      else if (t.hasAttribute('data-show')) showInNote(Number(t.getAttribute('data-show')));
      else if (t.hasAttribute('data-goto')) {
        var i = cardPosition(Number(t.getAttribute('data-goto')));
        var c = i != null ? $('finding-list').children[i] : null;
        if (c) { c.scrollIntoView({ block: 'center' }); c.focus(); }
      } else if (t.hasAttribute('data-sample')) loadSample(t.getAttribute('data-sample'));
    });
    $('accept-all').addEventListener('click', acceptAll);
    $('undo').addEventListener('click', undo);
    $('redo').addEventListener('click', redo);
    $('copy').addEventListener('click', copyNote);
    $('token-use').addEventListener('click', function () {
      token = $('token').value.trim() || null;
      $('token-box').hidden = true;
      loadRules();
      loadTemplates();
      check();
    });

    var tabs = TABS.map($);
    tabs.forEach(function (t, i) {
      t.addEventListener('click', function () { selectTab(t.id); });
      t.addEventListener('keydown', function (ev) {
        var k = ev.key, j = null, n = tabs.length;
        if (k === 'ArrowRight') j = (i + 1) % n;
        else if (k === 'ArrowLeft') j = (i + n - 1) % n;
        else if (k === 'Home') j = 0;
        else if (k === 'End') j = n - 1;
        if (j == null) return;
        ev.preventDefault();
        selectTab(tabs[j].id);
        tabs[j].focus();
      });
    });
    $('step-prev').addEventListener('click', function () { step(-1); });
    $('step-next').addEventListener('click', function () { step(1); });
    $('trainer-from-checker').addEventListener('click', function () { runTrainer(ta.value, 'The note from the checker'); });
    $('trainer-to-checker').addEventListener('click', function () {
      selectTab('tab-check');
      if (ta.value !== trainer.text) { remember(); setWholeText(trainer.text); }
      check();
      ta.focus();
    });

    initWrite();
    loadRules();
    updateButtons();
    renderMirror();
    if (ta.value.trim()) check();
    document.body.setAttribute('data-ready', 'true');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
