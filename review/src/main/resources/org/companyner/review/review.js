// The review page: one queued sentence at a time; every decision is POSTed and saved by the server before it answers.
// Offsets sent to the server are Unicode code points; JS strings count UTF-16 units, so every offset taken from the
// page goes through cp() (Array.from iterates code points).
'use strict';
const client = 'tab-' + Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
let clientSeq = 0;
let queue = null;        // {order, done, queued, reviewed, next}
let position = 0;        // index into queue.order
let item = null;         // the sentence shown, as the server last sent it
let selected = null;     // {start, end} of the clicked span
let offer = null;        // {start, end, mode, count, surface}
let busy = false;

const $ = id => document.getElementById(id);
const cp = s => Array.from(s).length;
const fmt = n => n.toLocaleString('en-US');

async function api(method, path, body) {
  const r = await fetch(path, {method, headers: {'Content-Type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body)});
  let data = null;
  try { data = await r.json(); } catch (e) { data = {error: 'bad answer from the server (' + r.status + ')'}; }
  if (!r.ok) { const err = new Error(data.error || ('HTTP ' + r.status)); err.status = r.status; throw err; }
  return data;
}

function say(text, ok) { const m = $('message'); m.textContent = text || ''; m.className = ok ? 'ok' : ''; }

function progress() {
  $('progress').textContent = fmt(queue.reviewed) + ' / ' + fmt(queue.queued) + ' reviewed';
  $('where').textContent = item ? 'sentence ' + fmt(position + 1) + ' of ' + fmt(queue.queued)
      + ' · id ' + item.id + ' · score ' + item.score + (item.reviewed ? ' · reviewed' : '') : '';
}

// the sentence with spans as <mark> elements carrying their code point offsets
function render(row, text, spans, cls) {
  row.textContent = '';
  const chars = Array.from(text);
  let at = 0;
  for (const s of spans) {
    if (s.start > at) row.appendChild(document.createTextNode(chars.slice(at, s.start).join('')));
    const m = document.createElement('mark');
    m.className = 'span ' + cls;
    m.dataset.start = s.start; m.dataset.end = s.end;
    m.title = '[' + s.start + ', ' + s.end + ')' + (s.score !== undefined && cls === 'mod' ? ' confidence ' + s.score : '');
    if (selected && selected.start === s.start && selected.end === s.end && cls === 'dec') m.classList.add('selected');
    m.textContent = chars.slice(s.start, s.end).join('');
    m.addEventListener('click', () => { selected = {start: s.start, end: s.end}; show(); });
    row.appendChild(m);
    at = s.end;
  }
  if (at < chars.length) row.appendChild(document.createTextNode(chars.slice(at).join('')));
}

function show() {
  render($('row-labels'), item.text, item.labels, 'lab');
  render($('row-model'), item.text, item.model, 'mod');
  render($('row-decision'), item.text, item.decision, 'dec');
  $('state').textContent = item.reviewed ? 'Reviewed (revision ' + item.revision + ').' : 'Not reviewed yet.';
  $('disputes').textContent = 'Disputed: ' + item.disputes.map(d => d.text + ' (' + d.side + ' only, '
      + d.weight + ')').join(', ');
  $('offer').hidden = !offer;
  if (offer) {
    $('offer-text').textContent = (offer.mode === 'add' ? 'Mark 「' : 'Reject 「') + offer.surface + '」 in the '
        + fmt(offer.count) + ' other queued sentence' + (offer.count === 1 ? '' : 's') + ' where it occurs?';
  }
  progress();
}

async function refreshQueue() { queue = await api('GET', '/api/queue'); }

async function load(pos) {
  if (!queue.order.length) { $('state').textContent = 'The queue is empty.'; progress(); return; }
  position = Math.max(0, Math.min(queue.order.length - 1, pos));
  item = await api('GET', '/api/items/' + encodeURIComponent(queue.order[position]));
  selected = null;
  history.replaceState(null, '', '#' + (position + 1));
  show();
}

// the code point offsets of the mouse selection inside one row, or null
function selection() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const row = ['row-labels', 'row-model', 'row-decision'].map($).find(r => r.contains(range.startContainer));
  if (!row || !row.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(row);
  before.setEnd(range.startContainer, range.startOffset);
  const start = cp(before.toString());
  const end = start + cp(range.toString());
  return end > start ? {start, end} : null;
}

async function decide(action, span) {
  if (busy) return;
  busy = true;
  const body = {action, revision: item.revision, client, clientSeq: ++clientSeq};
  if (span) { body.start = span.start; body.end = span.end; }
  try {
    item = await api('POST', '/api/items/' + encodeURIComponent(item.id) + '/decisions', body);
    await refreshQueue();
    offer = null;
    say('Saved: ' + action + (span ? ' [' + span.start + ', ' + span.end + ')' : '') + '.', true);
    if (action === 'accept-label' || action === 'accept-model' || action === 'confirm') {
      if (position + 1 < queue.order.length) await load(position + 1);
      else { show(); say('Saved. That was the last sentence of the queue (' + fmt(queue.reviewed) + ' reviewed).', true); }
    } else {
      if (span && (action === 'add-span' || action === 'reject-span')) await ask(span, action === 'add-span' ? 'add' : 'reject');
      selected = null;
      show();
    }
  } catch (e) {
    if (e.status === 409) {
      say(e.message + ' (reloaded)');
      await refreshQueue();
      await load(position);
    } else {
      say(e.message);
    }
  } finally {
    busy = false;
  }
}

// offers the same decision for the other queued occurrences of the span's surface form
async function ask(span, mode) {
  const o = await api('GET', '/api/items/' + encodeURIComponent(item.id) + '/occurrences?start=' + span.start
      + '&end=' + span.end + '&mode=' + mode);
  offer = o.count > 0 ? {start: span.start, end: span.end, mode, count: o.count, surface: o.surface} : null;
}

async function applyOffer() {
  if (!offer || busy) return;
  busy = true;
  try {
    const r = await api('POST', '/api/items/' + encodeURIComponent(item.id) + '/propagate',
        {start: offer.start, end: offer.end, mode: offer.mode, client, clientSeq: ++clientSeq});
    say('Applied to ' + fmt(r.applied) + ' other sentence' + (r.applied === 1 ? '' : 's') + '.', true);
    offer = null;
    await refreshQueue();
    show();
  } catch (e) {
    say(e.message);
  } finally {
    busy = false;
  }
}

function reject() {
  if (!selected) { say('Click a span of your decision first, then press x.'); return; }
  if (!item.decision.some(s => s.start === selected.start && s.end === selected.end)) {
    say('That span is not part of your decision.'); return;
  }
  decide('reject-span', selected);
}

function mark() {
  const span = selection();
  if (!span) { say('Select the characters of the name with the mouse first, then press n.'); return; }
  window.getSelection().removeAllRanges();
  decide('add-span', span);
}

function wire() {
  $('accept-label').onclick = () => decide('accept-label');
  $('accept-model').onclick = () => decide('accept-model');
  $('confirm').onclick = () => decide('confirm');
  $('reject').onclick = reject;
  $('mark').onclick = mark;
  $('undo').onclick = () => decide('undo');
  $('prev').onclick = () => load(position - 1);
  $('next').onclick = () => load(position + 1);
  $('offer-apply').onclick = applyOffer;
  $('offer-dismiss').onclick = () => { offer = null; show(); };
  // buttons keep the mouse selection: mousedown on a button would otherwise clear it before "Mark selection"
  document.querySelectorAll('button').forEach(b => b.addEventListener('mousedown', e => e.preventDefault()));
  document.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey || !item) return;
    if (e.target.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return; // the button's own click

    const keys = {a: () => decide('accept-label'), m: () => decide('accept-model'), Enter: () => decide('confirm'),
      x: reject, n: mark, u: () => decide('undo'), p: applyOffer, Escape: () => { offer = null; show(); },
      ArrowRight: () => load(position + 1), ArrowLeft: () => load(position - 1)};
    const f = keys[e.key];
    if (f) { e.preventDefault(); f(); }
  });
}

(async () => {
  wire();
  try {
    await refreshQueue();
    const fromHash = parseInt(location.hash.slice(1), 10);
    await load(Number.isFinite(fromHash) && fromHash > 0 ? fromHash - 1 : queue.next);
  } catch (e) {
    say(e.message);
  }
})();
