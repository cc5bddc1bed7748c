// The review page of `vnreport tables`. Everything it needs is in this file: the data in
// #review-data, the crops of the scan in #img-<input>-<table>-<part>. It makes no request.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('review-data').textContent);
  const cells = []; // every highlighted cell, in page order, for the arrow keys
  let current = -1;

  document.getElementById('title').textContent = 'Tables: ' + data.inputs.map((input) => input.name).join(', ');
  const tools = document.getElementById('tools');
  const count = data.inputs.reduce((n, input) => n + input.tables.reduce((m, table) => m + table.findings.length, 0), 0);
  tools.append(
    el('span', { id: 'left', 'data-findings': String(count), text: count + (count === 1 ? ' finding' : ' findings') }),
    el('span', { class: 'help', text: '→/↓ next finding, ←/↑ previous; hover a highlighted cell for the check and the suggested value' }),
  );

  const lazy = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) { load(entry.target); lazy.unobserve(entry.target); }
  }, { rootMargin: '1200px 0px' }) : null;

  function load(img) {
    if (img.src) return;
    const source = document.getElementById('img-' + img.dataset.crop);
    if (source) img.src = 'data:image/jpeg;base64,' + source.textContent.trim();
  }

  const main = document.getElementById('pages');
  data.inputs.forEach((input) => {
    if (input.error) {
      main.append(el('section', { class: 'page' }, el('h2', { text: input.name + ': ' + input.error })));
      return;
    }
    for (const table of input.tables) {
      const section = el('section', { class: 'page table', id: 'table-' + input.name + '-' + table.index });
      const pages = table.pages.length ? ' (page ' + table.pages.join(', ') + ')' : '';
      section.append(el('h2', { text: input.name + ' · ' + table.csv + pages + (table.title ? ' · ' + table.title : '') }));
      const crop = el('div', { class: 'crop' });
      for (const key of table.crops) {
        if (!document.getElementById('img-' + key)) continue;
        const img = el('img', { alt: 'scan of ' + table.csv, 'data-crop': key });
        crop.append(img);
        if (lazy) lazy.observe(img); else load(img);
      }
      if (!crop.childElementCount) crop.append(el('p', { class: 'help', text: 'no scan (the table was read from text)' }));
      const byCell = new Map();
      for (const finding of table.findings) {
        const key = finding.row + ',' + finding.column;
        if (!byCell.has(key)) byCell.set(key, []);
        byCell.get(key).push(finding);
      }
      const grid = el('table', { class: 'grid' });
      [table.header, ...table.rows].forEach((row, r) => {
        const tr = el('tr');
        row.forEach((text, c) => {
          const cell = el(r === 0 ? 'th' : 'td', { text: text });
          const found = byCell.get(r + ',' + c);
          if (found) {
            const severity = found.some((f) => f.severity === 'error') ? 'error' : 'warning';
            cell.className = 'finding-' + severity;
            cell.tabIndex = 0;
            cell.dataset.kind = found.map((f) => f.kind).join(' ');
            cell.title = found.map((f) => f.kind + ': ' + f.message + (f.suggestion ? ' (suggested: ' + f.suggestion + ')' : '')).join('\n');
            const suggestion = found.map((f) => f.suggestion).find((s) => s);
            cell.append(el('span', { class: 'suggest', text: found.map((f) => f.kind).join(', ') + (suggestion ? ' → ' + suggestion : '') }));
            cells.push(cell);
          }
          tr.append(cell);
        });
        grid.append(tr);
      });
      const list = el('ol', { class: 'findings' });
      for (const finding of table.findings) {
        const where = 'row ' + finding.row + ', column ' + (finding.column + 1);
        list.append(el('li', { class: finding.severity, text: finding.severity + ' ' + finding.kind + ' at ' + where + ': ' + finding.message + (finding.suggestion ? ' Suggested: ' + finding.suggestion : '') }));
      }
      section.append(crop, el('div', { class: 'text' }, grid, list));
      main.append(section);
    }
    if (input.prose.length) {
      const list = el('ol', { class: 'findings' });
      for (const finding of input.prose) list.append(el('li', { text: 'line ' + (finding.row + 1) + ': ' + finding.kind + ': ' + finding.message }));
      main.append(el('section', { class: 'page' }, el('h2', { text: input.name + ': findings in the text' }), list));
    }
  });

  function go(step) {
    if (!cells.length) return;
    if (current >= 0) cells[current].classList.remove('current');
    current = (current + step + cells.length) % cells.length;
    const cell = cells[current];
    cell.classList.add('current');
    cell.focus();
    cell.scrollIntoView({ block: 'center' });
    const img = cell.closest('section').querySelector('.crop img');
    if (img) load(img);
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') { event.preventDefault(); go(1); }
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') { event.preventDefault(); go(-1); }
  });

  document.body.dataset.ready = 'true';
})();
