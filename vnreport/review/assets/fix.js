// The review page of `vnreport fix`. Everything it needs is in this file: the data in
// #review-data, the page images in #img-N. It makes no request of any kind.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('review-data').textContent);
  const items = data.items;
  const decisions = new Map(); // item id -> {action: 'confirmed'|'corrected', text}
  const boxes = new Map(); // item id -> box element
  const words = new Map(); // item id -> text span
  let current = null;
  let pending = null; // the candidate picked with a number key, not yet accepted

  const FLAG_TEXT = {
    'uncertain': 'written, but the restorer was unsure',
    'low-confidence': 'left as OCR read it: the restorer was too unsure to change it',
    'unknown-word': 'left as OCR read it: no Vietnamese word, acronym or known term',
  };

  // Items a person is asked to look at, in reading order; the counter counts those not settled.
  const doubtful = items.filter((item) => item.flag).map((item) => item.id);
  for (const item of items) {
    if (item.reviewed) decisions.set(item.id, { action: item.reviewed, text: item.chosen });
  }

  function textOf(item) {
    const decision = decisions.get(item.id);
    return decision ? decision.text : item.chosen;
  }

  function stateClass(item) {
    if (decisions.has(item.id)) return 'done';
    return item.flag ? 'doubt' : 'changed';
  }

  // Candidates numbered for the keys 1-9: the chosen reading, the other candidates, what OCR read.
  function candidates(item) {
    const list = [[item.chosen, item.conf]];
    for (const [text, probability] of item.alts) list.push([text, probability]);
    list.push([item.ocr, null]);
    const seen = new Set();
    return list.filter(([text]) => (seen.has(text) ? false : (seen.add(text), true))).slice(0, 9);
  }

  function percent(p) {
    return p === null || p === undefined ? 'as OCR read it' : (100 * p).toFixed(p >= 0.995 || p < 0.01 ? 1 : 0) + '%';
  }

  // --- building the page ---------------------------------------------------------------------
  document.getElementById('title').textContent = 'Review: ' + data.input.name;
  const tools = document.getElementById('tools');
  const left = el('span', { id: 'left', 'aria-live': 'polite' });
  const edit = el('input', { id: 'edit', type: 'text', 'aria-label': 'Reading of the current word', autocomplete: 'off', spellcheck: 'false' });
  const cands = el('span', { id: 'cands' });
  const save = el('button', { id: 'save', type: 'button', text: 'Save corrections' });
  const legend = el('span', { class: 'legend' },
    el('span', { class: 'l-doubt' }), 'to check', el('span', { class: 'l-changed' }), 'changed', el('span', { class: 'l-done' }), 'settled');
  const help = el('span', { class: 'help', text: '→/↓ next word to check, ←/↑ previous, 1-9 pick a candidate, type to replace, Enter accepts, Esc cancels' });
  tools.append(left, el('span', { id: 'editor' }, edit, cands), save, legend, help);

  const main = document.getElementById('pages');
  const blocksByPage = new Map();
  for (const block of data.blocks) {
    if (!blocksByPage.has(block.page)) blocksByPage.set(block.page, []);
    blocksByPage.get(block.page).push(block);
  }
  const itemsByPage = new Map();
  for (const item of items) {
    if (!itemsByPage.has(item.page)) itemsByPage.set(item.page, []);
    itemsByPage.get(item.page).push(item);
  }

  const lazy = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) { loadImage(entry.target); lazy.unobserve(entry.target); }
    }
  }, { rootMargin: '1200px 0px' }) : null;

  function loadImage(scan) {
    const img = scan.querySelector('img');
    if (!img || img.src) return;
    const source = document.getElementById('img-' + scan.dataset.page);
    if (source) img.src = 'data:image/jpeg;base64,' + source.textContent.trim();
  }

  for (const page of data.pages) {
    // Text input has no scan: the text takes the whole width.
    const hasScan = Boolean(page.w && page.h);
    const section = el('section', { class: 'page' + (hasScan ? '' : ' noscan'), id: 'page-' + page.n, 'data-page': page.n });
    section.append(el('h2', { text: 'Page ' + page.n + (hasScan ? '' : ' (text input: no scan)') }));
    const scan = el('div', { class: 'scan', 'data-page': page.n });
    if (hasScan) scan.style.aspectRatio = page.w + ' / ' + page.h;
    if (document.getElementById('img-' + page.n)) scan.append(el('img', { alt: 'scan of page ' + page.n }));
    else scan.append(el('div', { class: 'noimg', text: 'no image of this page' }));
    for (const item of itemsByPage.get(page.n) || []) {
      if (!item.box || !page.w || !page.h) continue;
      const [x, y, w, h] = item.box;
      const box = el('button', { type: 'button', class: 'box ' + stateClass(item), 'data-id': item.id, 'aria-label': item.ocr + ' → ' + item.chosen, tabindex: '-1' });
      // Two pixels of slack around the word, so the border does not cover its marks.
      box.style.left = (100 * (x - 2) / page.w) + '%';
      box.style.top = (100 * (y - 2) / page.h) + '%';
      box.style.width = (100 * (w + 4) / page.w) + '%';
      box.style.height = (100 * (h + 4) / page.h) + '%';
      boxes.set(item.id, box);
      scan.append(box);
    }
    const text = el('div', { class: 'text' });
    for (const block of blocksByPage.get(page.n) || []) {
      const p = el('p', { class: block.kind });
      for (const part of block.parts) {
        if (typeof part === 'string') { p.append(part); continue; }
        const item = items[part];
        const span = el('span', { class: 'w ' + stateClass(item), 'data-id': item.id, tabindex: '-1', text: textOf(item) });
        words.set(item.id, span);
        p.append(span);
      }
      text.append(p);
    }
    if (hasScan) {
      section.append(scan, text);
      if (lazy) lazy.observe(scan); else loadImage(scan);
    } else section.append(text);
    main.append(section);
  }

  // --- state and display ---------------------------------------------------------------------
  function refresh(item) {
    const cls = stateClass(item);
    const box = boxes.get(item.id);
    const word = words.get(item.id);
    if (box) box.className = 'box ' + cls + (current === item.id ? ' current' : '');
    if (word) { word.className = 'w ' + cls + (current === item.id ? ' current' : ''); word.textContent = textOf(item); }
  }

  function updateCounter() {
    const open = doubtful.filter((id) => !decisions.has(id)).length;
    left.textContent = open + (open === 1 ? ' word left to check' : ' words left to check');
    left.dataset.left = String(open);
  }

  function showCandidates(item) {
    cands.replaceChildren();
    candidates(item).forEach(([text, probability], index) => {
      const button = el('button', { type: 'button', 'data-n': index + 1, text: (index + 1) + ' ' + text + ' (' + percent(probability) + ')' });
      button.addEventListener('click', () => { pick(index + 1); accept(); });
      cands.append(button);
    });
  }

  const tip = document.getElementById('tip');
  function showTip(item, anchor) {
    tip.replaceChildren();
    const dl = el('dl');
    dl.append(el('dt', { text: 'OCR read' }), el('dd', { text: item.ocr }));
    dl.append(el('dt', { text: 'chosen' }), el('dd', { text: item.chosen + ' (' + percent(item.conf) + ')' }));
    if (item.flag) dl.append(el('dt', { text: 'flag' }), el('dd', { text: item.flag + ': ' + (FLAG_TEXT[item.flag] || '') }));
    const decision = decisions.get(item.id);
    if (decision) dl.append(el('dt', { text: decision.action }), el('dd', { text: decision.text }));
    const list = el('ol');
    for (const [text, probability] of candidates(item)) list.append(el('li', { text: text + ' ' + percent(probability) }));
    dl.append(el('dt', { text: 'candidates' }), el('dd', {}, list));
    tip.append(dl);
    tip.hidden = false;
    const rect = anchor.getBoundingClientRect();
    const top = rect.bottom + 6 + tip.offsetHeight > window.innerHeight ? rect.top - tip.offsetHeight - 6 : rect.bottom + 6;
    tip.style.top = Math.max(0, top) + 'px';
    tip.style.left = Math.max(0, Math.min(rect.left, window.innerWidth - tip.offsetWidth - 8)) + 'px';
  }
  function hideTip() { tip.hidden = true; }

  function select(id, from) {
    const previous = current;
    current = id;
    pending = null;
    if (previous !== null) refresh(items[previous]);
    const item = items[id];
    refresh(item);
    edit.value = textOf(item);
    edit.dataset.id = String(id);
    showCandidates(item);
    const box = boxes.get(id);
    const word = words.get(id);
    // Linked both ways: whichever side was used, the other scrolls to the same word.
    if (box && from !== 'box') { loadImage(box.parentElement); box.scrollIntoView({ block: 'center', inline: 'nearest' }); }
    if (word && from !== 'word') word.scrollIntoView({ block: box ? 'nearest' : 'center', inline: 'nearest' });
    const anchor = box || word;
    if (anchor) showTip(item, anchor);
  }

  function step(direction) {
    if (!doubtful.length) return;
    let index;
    if (current === null) index = direction > 0 ? 0 : doubtful.length - 1;
    else {
      // The next doubtful word after the current one in reading order (ids follow reading order).
      const after = direction > 0 ? doubtful.findIndex((id) => id > current) : findLastIndex(doubtful, (id) => id < current);
      index = after === -1 ? (direction > 0 ? 0 : doubtful.length - 1) : after;
    }
    select(doubtful[index], 'keys');
  }

  function findLastIndex(list, test) {
    for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
    return -1;
  }

  function pick(number) {
    if (current === null) return;
    const list = candidates(items[current]);
    if (number < 1 || number > list.length) return;
    pending = list[number - 1][0];
    edit.value = pending;
  }

  function accept() {
    if (current === null) return;
    const item = items[current];
    const text = edit.value.trim();
    if (!text || /\s/.test(text)) { edit.setCustomValidity('one word, without spaces'); edit.reportValidity(); return; }
    edit.setCustomValidity('');
    decisions.set(item.id, { action: text === item.chosen ? 'confirmed' : 'corrected', text: text });
    refresh(item);
    updateCounter();
    edit.blur();
    // On to the next word still to check, if there is one.
    const next = doubtful.find((id) => id > item.id && !decisions.has(id)) ?? doubtful.find((id) => !decisions.has(id));
    if (next !== undefined) select(next, 'keys');
    else showTip(item, boxes.get(item.id) || words.get(item.id));
  }

  function cancel() {
    if (current !== null) edit.value = textOf(items[current]);
    pending = null;
    edit.blur();
  }

  // --- events --------------------------------------------------------------------------------
  main.addEventListener('click', (event) => {
    const target = event.target.closest('[data-id]');
    if (!target) return;
    select(Number(target.dataset.id), target.classList.contains('box') ? 'box' : 'word');
  });
  for (const type of ['mouseover', 'focusin']) {
    main.addEventListener(type, (event) => {
      const target = event.target.closest('[data-id]');
      if (target) showTip(items[Number(target.dataset.id)], target);
    });
  }
  main.addEventListener('mouseout', (event) => {
    if (event.target.closest('[data-id]') && current === null) hideTip();
  });

  edit.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); accept(); }
    else if (event.key === 'Escape') { event.preventDefault(); cancel(); }
  });

  document.addEventListener('keydown', (event) => {
    if (event.target === edit || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLButtonElement && (event.key === 'Enter' || event.key === ' ')) {
      if (!event.target.dataset.id) return; // a toolbar button: let it do what it does
    }
    const key = event.key;
    if (key === 'ArrowRight' || key === 'ArrowDown') { event.preventDefault(); step(1); }
    else if (key === 'ArrowLeft' || key === 'ArrowUp') { event.preventDefault(); step(-1); }
    else if (/^[1-9]$/.test(key)) { event.preventDefault(); pick(Number(key)); }
    else if (key === 'Enter') { event.preventDefault(); accept(); }
    else if (key === 'Escape') { cancel(); hideTip(); }
    else if (key.length === 1 && key !== ' ' && current !== null) {
      // Typing replaces: the first letter starts a new reading in the editor.
      event.preventDefault();
      edit.value = key;
      edit.focus();
    }
  });

  save.addEventListener('click', () => {
    const corrections = [];
    for (const [id, decision] of decisions) {
      const item = items[id];
      const page = data.pages.find((p) => p.n === item.page) || {};
      corrections.push({
        page: item.page,
        box: item.box,
        page_size: page.w ? [page.w, page.h] : null,
        block: item.block,
        start: item.start,
        previous: item.chosen,
        new: decision.text,
        action: decision.action,
      });
    }
    corrections.sort((a, b) => a.block - b.block || a.start - b.start);
    // One correction a line: small, and a person can read (and diff) what was settled.
    const head = { format: data.format, version: data.version, input: data.input };
    const text = JSON.stringify(head, null, 1).replace(/\n}$/, ',\n "corrections": [' +
      corrections.map((entry) => '\n  ' + JSON.stringify(entry)).join(',') + (corrections.length ? '\n ' : '') + ']\n}\n');
    const blob = new Blob([text], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: data.input.name.replace(/\.[^.]*$/, '') + '.corrections.json' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });

  updateCounter();
  document.body.dataset.ready = 'true';
})();
