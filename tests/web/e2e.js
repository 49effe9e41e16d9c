// End-to-end tests of peerlint's web page (web/) in Debian's headless
// Chromium, driven by playwright-core. The server is the real
// `peerlint serve`, started by run.sh, which passes its address in
// PEERLINT_URL. Screenshots go to SCREENSHOT_DIR (build/web-screenshots).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { chromium } = require('playwright-core');

const BASE = process.env.PEERLINT_URL;
const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = process.env.SCREENSHOT_DIR || path.join(ROOT, 'build', 'web-screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!BASE) {
  console.error('e2e.js: PEERLINT_URL is not set (run tests/web/run.sh)');
  process.exit(2);
}

const NOTE = [
  'Progress note: individual peer support, 45 minutes.',
  '',
  'Pt is a 34 y/o alcoholic with hx of bipolar disorder. He presented as',
  'anxious with a flat affect. Pt c/o trouble sleeping.',
  '',
  'I told him he needs to take his meds every day.',
  '',
  '"I want to get my kids back," he said. We walked to the library together',
  'and he chose to sign up for the job readiness class on Thursday.',
  ''
].join('\n');

// ---------------------------------------------------------------- helpers

let passed = 0, failed = 0;
const failures = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n  ')}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg); }
function eq(a, b, msg) {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}
async function api(p, body) {
  const r = await fetch(BASE + p, { method: 'POST', body: JSON.stringify(body) });
  return r.json();
}

const requests = [];
const problems = []; // console errors, page errors, CSP violations

// Two pictures: what the window shows, and the whole page.
async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, name + '.png') });
  await page.screenshot({ path: path.join(SHOTS, name + '-full.png'), fullPage: true });
}

// Fills the note as a writer would paste it, then waits for the check of
// exactly that text to be drawn.
async function setNote(page, text) {
  await page.locator('#note').fill(text);
  await waitChecked(page, text);
}
// The page marks <body data-state="idle"> when the findings drawn belong
// to the note as it is now ("pending" while a check is due).
async function waitChecked(page, text) {
  await page.waitForFunction((t) => document.getElementById('note').value === t &&
    document.body.dataset.state === 'idle', text, { timeout: 10000 });
}
async function noteValue(page) { return page.locator('#note').inputValue(); }

// ------------------------------------------------------------------ main

(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerlint-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    timeout: 30000
  });
  context.setDefaultTimeout(10000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));

  try {
    await test('the page loads from the server with its CSP and no inline code', async () => {
      const resp = await page.goto(BASE + '/');
      eq(resp.status(), 200, 'status of /');
      eq(resp.headers()['content-security-policy'], "default-src 'self'", 'CSP header');
      await page.waitForSelector('body[data-ready="true"]');
      eq(await page.title(), 'peerlint: check a peer support note', 'title');
      // the page served is the one in this tree (not a stale installed copy)
      const served = await (await fetch(BASE + '/index.html')).text();
      eq(served, fs.readFileSync(path.join(ROOT, 'web', 'index.html'), 'utf8'), 'served index.html is web/index.html');
      const html = fs.readFileSync(path.join(ROOT, 'web', 'index.html'), 'utf8');
      assert(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'no inline <script>');
      assert(!/\sstyle=|<style/i.test(html), 'no inline style');
      assert(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
      assert(!/https?:\/\//.test(html + fs.readFileSync(path.join(ROOT, 'web', 'style.css'), 'utf8')),
        'no absolute URL in the page or its CSS');
      const ta = page.locator('textarea#note');
      eq(await ta.count(), 1, 'one textarea#note');
      eq(await page.locator('label[for="note"]').count(), 1, 'the textarea has a label');
      eq(await page.locator('#status[role="status"][aria-live="polite"]').count(), 1, 'a live region');
    });

    await test('typing a clinical note shows findings, strengths first, highlighted in place', async () => {
      const ta = page.locator('#note');
      await ta.click();
      const before = requests.filter((u) => u.endsWith('/v1/check')).length;
      await page.keyboard.type('He is an addict.', { delay: 15 });
      await page.waitForSelector('#finding-list [data-rule="person-first/addict"]');
      const checks = requests.filter((u) => u.endsWith('/v1/check')).length - before;
      assert(checks >= 1 && checks <= 4, `typing 16 characters sent ${checks} checks (debounced)`);
      await page.waitForSelector('#mirror mark.lv-warning');
      await setNote(page, NOTE);
      const rules = await page.$$eval('#finding-list > li', (els) => els.map((e) => e.dataset.rule));
      for (const r of ['shorthand/pt', 'person-first/alcoholic', 'diagnostic/affect', 'medication/direction-near-meds'])
        assert(rules.includes(r), `finding ${r} is shown (got ${rules.join(', ')})`);
      const strengths = await page.$$eval('#strength-list > li', (els) => els.map((e) => e.dataset.rule));
      assert(strengths.includes('strengths/own-words'), 'the person\'s own words are shown as a strength');
      const order = await page.evaluate(() => {
        const s = document.getElementById('strength-list'), f = document.getElementById('finding-list');
        return !!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert(order, 'strengths come before the other findings');
      const card = page.locator('#finding-list [data-rule="person-first/alcoholic"]');
      const txt = await card.innerText();
      assert(/person-first language/i.test(txt), 'the card shows the value (principle)');
      assert(/Worth a look/.test(txt), 'the level is said in words, not colour alone');
      assert(/struggles with alcohol/.test(txt), 'the card shows a suggestion');
      const judg = await page.locator('#finding-list [data-rule="diagnostic/affect"]').innerText();
      assert(/Needs your judgment/.test(judg), 'a finding with no fix asks for the writer\'s judgment');
      const marks = await page.$$eval('#mirror mark', (m) => m.map((x) => x.textContent));
      assert(marks.includes('alcoholic') && marks.includes('flat affect'), 'highlights cover the words: ' + marks.join('|'));
      const status = await page.locator('#status').innerText();
      const n = rules.length;
      assert(status.includes(`${n} findings`), `live region announces the count (${status})`);
      // the highlight layer lines up with the textarea (same box, same wrapping)
      const boxes = await page.evaluate(() => {
        const a = document.getElementById('note').getBoundingClientRect();
        const b = document.getElementById('mirror').getBoundingClientRect();
        return [a.x, a.y, a.width, a.height, b.x, b.y, b.width, b.height].map(Math.round);
      });
      eq(boxes.slice(0, 4).join(','), boxes.slice(4).join(','), 'mirror and textarea boxes');
      await shot(page, 'desktop-check');
    });

    await test('the summary counts by family and lists what needs judgment', async () => {
      const packs = await page.$$eval('#by-pack li', (els) => els.map((e) => [e.dataset.pack, e.innerText]));
      const res = await api('/v1/check', { id: 't', text: NOTE });
      for (const [p, n] of Object.entries(res.summary.by_pack)) {
        const row = packs.find((x) => x[0] === p);
        assert(row && row[1].trim().endsWith(String(n)), `pack ${p} counted ${n}: ${JSON.stringify(row)}`);
      }
      eq(packs[0][0], 'strengths', 'strengths first in the summary');
      const judg = await page.$$eval('#judgment-list li', (els) => els.map((e) => e.dataset.rule));
      const expect = res.findings.filter((f) => !f.fix && f.level !== 'strength').map((f) => f.rule);
      eq(judg.join(','), expect.join(','), 'judgment list');
    });

    await test('the judgment list and "Show in note" lead to the finding and to its words', async () => {
      await page.locator('#judgment-list [data-goto]').first().click();
      const rule = await page.evaluate(() => document.activeElement.dataset.rule);
      eq(rule, 'diagnostic/appeared-as', 'focus moves to the finding\'s card');
      await page.locator('#finding-list [data-rule="diagnostic/affect"] [data-show]').click();
      const sel = await page.evaluate(() => {
        const t = document.getElementById('note');
        return document.activeElement === t ? t.value.slice(t.selectionStart, t.selectionEnd) : null;
      });
      eq(sel, 'flat affect', 'the words are selected in the note');
      await page.waitForSelector('#at-caret:not([hidden]) [data-rule="diagnostic/affect"]');
    });

    await test('accepting one suggestion rewrites that span', async () => {
      const before = await noteValue(page);
      await page.locator('#finding-list [data-rule="person-first/alcoholic"] [data-accept]').first().click();
      await page.waitForFunction(() => document.getElementById('note').value.includes('person who struggles with alcohol'));
      const after = await noteValue(page);
      eq(after, before.replace('alcoholic', 'person who struggles with alcohol'), 'the note after accepting');
      await waitChecked(page, after);
      eq(await page.locator('#finding-list [data-rule="person-first/alcoholic"]').count(), 0, 'the finding is gone');
      assert(!(await page.locator('#undo').isDisabled()), 'undo is enabled');
    });

    await test('accept all applies every safe rewrite (as /v1/fix does)', async () => {
      const before = await noteValue(page);
      const fix = await api('/v1/fix', { id: 't', text: before });
      await page.locator('#accept-all').click();
      await page.waitForFunction((t) => document.getElementById('note').value === t, fix.text);
      await waitChecked(page, fix.text);
      eq(await page.locator('#finding-list [data-rule="shorthand/pt"]').count(), 0, 'no shorthand left');
      assert(await page.locator('#finding-list [data-rule="diagnostic/affect"]').count() === 1, 'judgment calls stay');
      assert(await page.locator('#accept-all').isDisabled(), 'nothing left to accept');
      await shot(page, 'desktop-after-accept-all');
    });

    await test('undo and redo step back through the accepted rewrites', async () => {
      const afterAll = await noteValue(page);
      await page.locator('#undo').click();
      await page.waitForFunction((t) => document.getElementById('note').value !== t, afterAll);
      const one = NOTE.replace('alcoholic', 'person who struggles with alcohol');
      eq(await noteValue(page), one, 'first undo: before accept all');
      await page.locator('#undo').click();
      await page.waitForFunction((t) => document.getElementById('note').value === t, NOTE);
      assert(await page.locator('#undo').isDisabled(), 'nothing more to undo');
      await page.locator('#redo').click();
      await page.waitForFunction((t) => document.getElementById('note').value === t, one);
      await page.locator('#redo').click();
      await page.waitForFunction((t) => document.getElementById('note').value === t, afterAll);
      await waitChecked(page, afterAll);
    });

    await test('byte offsets are mapped correctly for non-ASCII text', async () => {
      const text = 'Café visit — “Renée” said: “I’m ready.” Pt is an addict 😊 and c/o pain.';
      await setNote(page, text);
      const marks = await page.$$eval('#mirror mark', (m) => m.map((x) => x.textContent));
      assert(marks.includes('Pt'), 'the Pt highlight is on "Pt": ' + marks.join('|'));
      assert(marks.includes('c/o'), 'the c/o highlight is on "c/o": ' + marks.join('|'));
      await page.locator('#finding-list [data-rule="person-first/addict"] [data-accept]').first().click();
      const want = text.replace('an addict', 'a person who uses drugs');
      await page.waitForFunction((t) => document.getElementById('note').value === t, want);
      await waitChecked(page, want);
      await page.locator('#finding-list [data-rule="shorthand/slash-abbreviations"] [data-accept]').first().click();
      const want2 = want.replace('c/o', 'talked about');
      await page.waitForFunction((t) => document.getElementById('note').value === t, want2);
      await waitChecked(page, want2);
    });

    await test('keyboard alone: caret on a finding, Tab to its suggestion, Enter accepts', async () => {
      const text = 'We met at the library. Pt is a 34 y/o artist.';
      await setNote(page, text);
      await page.locator('#note').focus();
      await page.evaluate(() => { const t = document.getElementById('note'); t.setSelectionRange(24, 24); });
      await page.keyboard.press('ArrowRight'); // caret inside "Pt"
      await page.waitForSelector('#at-caret:not([hidden]) [data-rule="shorthand/pt"]');
      await shot(page, 'desktop-at-cursor');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement.getAttribute('data-accept') !== null &&
        document.activeElement.closest('#at-caret') !== null);
      assert(focused, 'Tab from the note reaches the suggestion for the finding at the cursor');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert(outline !== 'none', 'the focused button has a visible outline');
      await page.keyboard.press('Enter');
      const want = text.replace('Pt', 'The person');
      await page.waitForFunction((t) => document.getElementById('note').value === t, want);
      await waitChecked(page, want);
      // Space on a card's accept button
      const btn = page.locator('#finding-list [data-rule="shorthand/age-abbreviation"] [data-accept]').first();
      await btn.focus();
      await page.keyboard.press('Space');
      const want2 = want.replace('34 y/o', '34-year-old');
      await page.waitForFunction((t) => document.getElementById('note').value === t, want2);
      await waitChecked(page, want2);
      const buttons = await page.$$eval('button', (bs) => bs.filter((b) => !b.textContent.trim() && !b.getAttribute('aria-label')).length);
      eq(buttons, 0, 'buttons without an accessible name');
    });

    await test('copy note puts the note on the clipboard', async () => {
      await setNote(page, NOTE);
      await page.locator('#copy').click();
      await page.waitForFunction(() => /Copied/.test(document.getElementById('status').textContent));
      const clip = await page.evaluate(() => navigator.clipboard.readText());
      eq(clip, NOTE, 'clipboard');
    });

    await test('the note is never stored beyond the tab', async () => {
      const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
      eq(JSON.stringify(stored), '[0,0,""]', 'localStorage, sessionStorage, cookies');
    });

    await test('narrow screen (375 px) and 200% zoom stay in one column with no sideways scroll', async () => {
      await page.setViewportSize({ width: 375, height: 800 });
      await setNote(page, NOTE);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 375, 'page width at 375 px is ' + w);
      await shot(page, 'narrow-check');
      await page.setViewportSize({ width: 640, height: 900 }); // a 1280 px window at 200%
      const w2 = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w2 <= 640, 'page width at 640 px is ' + w2);
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await test('trainer mode: a sample, the rewrite side by side, stepping through findings', async () => {
      await page.locator('#tab-check').focus();
      await page.keyboard.press('ArrowLeft');
      assert(await page.locator('#panel-trainer').isVisible(), 'arrow keys switch tabs (Left wraps round to the trainer)');
      const sample = fs.readFileSync(path.join(ROOT, 'web', 'samples', 'crisis-follow-up.txt'), 'utf8');
      const fix = await api('/v1/fix', { id: 't', text: sample });
      const chk = await api('/v1/check', { id: 't', text: sample });
      await page.locator('[data-sample="crisis-follow-up"]').click();
      await page.waitForSelector('#trainer-body:not([hidden]) #trainer-rewrite ins.changed');
      eq(await page.locator('#trainer-original').textContent(), sample, 'original pane');
      eq(await page.locator('#trainer-rewrite').textContent(), fix.text, 'rewrite pane');
      eq(await page.locator('#trainer-rewrite ins.changed').count(), fix.edits.length, 'each change marked');
      eq(await page.locator('#trainer-changes li[data-rule]').count(), fix.edits.length, 'each change explained');
      const firstChange = await page.locator('#trainer-changes li[data-rule]').first().innerText();
      assert(/value behind it/i.test(firstChange), 'a change shows its principle');
      const n = chk.findings.length;
      eq(await page.locator('#step-pos').innerText(), `Finding 1 of ${n}`, 'stepper position');
      const first = await page.locator('#step-card [data-rule]').getAttribute('data-rule');
      eq(first.split('/')[0], 'strengths', 'trainer starts from a strength');
      assert(await page.locator('#step-prev').isDisabled(), 'no previous at the first finding');
      await page.locator('#step-next').click();
      eq(await page.locator('#step-pos').innerText(), `Finding 2 of ${n}`, 'next');
      const strengthsN = chk.findings.filter((f) => f.level === 'strength').length;
      for (let i = 2; i <= strengthsN; i++) await page.locator('#step-next').click();
      const rule = await page.locator('#step-card [data-rule]').getAttribute('data-rule');
      eq(rule, chk.findings.filter((f) => f.level !== 'strength')[0].rule, 'after the strengths, the first finding');
      assert(/In the rewrite|leaves this for the writer/.test(await page.locator('#step-card').innerText()), 'the step says what the rewrite did');
      eq(await page.locator('#trainer-original mark.current').count() > 0, true, 'the current finding is marked');
      await page.locator('#step-prev').click();
      eq(await page.locator('#step-pos').innerText(), `Finding ${strengthsN} of ${n}`, 'previous');
      await page.locator('#step-next').click();
      await shot(page, 'desktop-trainer');
      await page.setViewportSize({ width: 375, height: 800 });
      await shot(page, 'narrow-trainer');
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 375, 'trainer page width at 375 px is ' + w);
      await page.setViewportSize({ width: 1280, height: 900 });
      for (const s of ['progress-note', 'group-note']) {
        await page.locator(`[data-sample="${s}"]`).click();
        const text = fs.readFileSync(path.join(ROOT, 'web', 'samples', s + '.txt'), 'utf8');
        await page.waitForFunction((t) => document.getElementById('trainer-original').textContent === t, text);
      }
    });

    await test('write mode: a template, one prompt at a time, checked as typed, read back and reviewed', async () => {
      await page.locator('#tab-write').click();
      await page.waitForSelector('body[data-templates="5"]');
      const names = await page.$$eval('#write-template option', (os) => os.map((o) => o.value));
      eq(names.join(','), 'contact,crisis-follow-up,group,progress,supervision', 'templates offered');
      await page.selectOption('#write-template', 'progress');
      await page.locator('#write-start').click();
      assert(/with the person/.test(await page.locator('#write-reminder').innerText()), 'the reminder is shown');
      eq(await page.locator('#write-title').innerText(), 'Focus today', 'first section');
      assert(/own words/.test(await page.locator('#write-prompt').innerText()), 'the prompt in plain words');
      const answers = ['I want to get back to work,\nand I am an addict in recovery.',
        'We walked to the library together.', '', 'She plans to apply on Monday. She asked me to text her a reminder.'];
      const answerIs = (t) => page.waitForFunction((v) => document.getElementById('write-answer').value === v &&
        document.body.dataset.writeState === 'idle', t);
      // the person's own words are quoted: identity rules do not fire inside them
      await page.locator('#write-answer').fill(answers[0]);
      await answerIs(answers[0]);
      eq(await page.locator('#write-findings [data-rule="person-first/addict"]').count(), 0, 'own words are theirs');
      await page.locator('#write-next').click();
      // a clinical answer gets a finding with a rewrite, applied to the answer
      await page.locator('#write-answer').fill('Pt and I walked to the library together.');
      await page.waitForSelector('#write-findings [data-rule="shorthand/pt"]');
      await shot(page, 'desktop-write-step');
      await page.locator('#write-findings [data-rule="shorthand/pt"] [data-waccept]').first().click();
      await answerIs('The person and I walked to the library together.');
      eq(await page.locator('#write-findings [data-rule="shorthand/pt"]').count(), 0, 'the finding is gone');
      await page.locator('#write-answer').fill(answers[1]);
      await answerIs(answers[1]);
      await page.locator('#write-next').click();
      eq(await page.locator('#write-title').innerText(), 'Strengths used', 'optional section');
      await page.locator('#write-next').click(); // skipped
      await page.locator('#write-answer').fill(answers[3]);
      await answerIs(answers[3]);
      assert(/Assemble/.test(await page.locator('#write-next').innerText()), 'the last step assembles');
      await page.locator('#write-next').click();
      await page.waitForSelector('#write-done:not([hidden])');
      assert(await page.locator('#write-missing').isHidden(), 'nothing missing');
      // the page assembles the note exactly as the library does
      const cli = (extra) => spawnSync(path.join(ROOT, 'peerlint'),
        ['write', '--no-config', '--no-spell', ...extra, 'progress'],
        { input: answers.map((a) => (a ? a + '\n' : '') + '\n').join(''), encoding: 'utf8', cwd: ROOT }).stdout;
      eq(await page.locator('#write-note').textContent(), cli([]), 'the note matches `peerlint write`');
      await page.waitForFunction(() => document.body.dataset.writeState === 'idle');
      assert(/no wording to change/.test(await page.locator('#write-summary').innerText()), 'the whole note is clean');
      const rb = await page.locator('#readback').innerText();
      assert(rb.includes('Individual progress note') && rb.includes('We walked to the library together.'), 'read-back');
      eq(await page.locator('#readback .rb-quote').innerText(),
        'I want to get back to work, and I am an addict in recovery.', 'the person\'s words quoted in the read-back');
      await page.locator('#write-reviewed').check();
      await page.waitForFunction(() => /Reviewed with the person: yes\n$/.test(document.getElementById('write-note').textContent));
      eq(await page.locator('#write-note').textContent(), cli(['--reviewed', 'yes']), 'reviewed line as the CLI writes it');
      await shot(page, 'desktop-write-readback');
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(SHOTS, 'print-readback.png'), fullPage: true });
      assert(!(await page.locator('#tab-write').isVisible()) || await page.evaluate(() =>
        getComputedStyle(document.getElementById('tab-write')).visibility === 'hidden'), 'print shows the read-back only');
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 375, height: 800 });
      await shot(page, 'narrow-write-readback');
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 375, 'write page width at 375 px is ' + w);
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await test('write mode: required sections left empty are named, and lead back to their prompt', async () => {
      await page.selectOption('#write-template', 'group');
      await page.locator('#write-start').click();
      assert(/Do not name or describe other members/.test(await page.locator('#write-reminder').innerText()),
        'the group reminder');
      for (let i = 0; i < 4; i++) await page.locator('#write-next').click();
      await page.waitForSelector('#write-missing:not([hidden])');
      const missing = await page.$$eval('#write-missing-list [data-step]', (bs) => bs.map((b) => b.textContent));
      eq(missing.join(','), 'Group topic,How they took part', 'missing required sections');
      await page.locator('#write-missing-list [data-step="1"]').click();
      eq(await page.locator('#write-title').innerText(), 'How they took part', 'back at that prompt');
      assert(await page.evaluate(() => document.activeElement.id === 'write-answer'), 'focus in the answer');
    });

    await test('no request left 127.0.0.1 and nothing was blocked or broken', async () => {
      const origin = new URL(BASE).origin;
      const foreign = requests.filter((u) => !u.startsWith(origin + '/'));
      eq(foreign.join(' '), '', 'requests to another host');
      assert(requests.some((u) => u.endsWith('/v1/check')), 'the page used /v1/check');
      assert(requests.some((u) => u.endsWith('/v1/fix')), 'the page used /v1/fix');
      eq(problems.join('\n'), '', 'console errors, page errors, CSP violations');
    });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  console.log(`screenshots: ${SHOTS}`);
  if (failures.length) console.log('failed: ' + failures.join('; '));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log('error: ' + (e && e.stack || e));
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
