// A record as an expandable JSON tree; every scalar is a button that pivots on it (field:value).
import { el } from './dom.js';

/**
 * Renders `value` (a parsed record) as a tree. `onPick(path, value, event)` is called when a value is clicked; path is
 * the list of keys from the record's root (array items by index), or null for words of a record that is plain text.
 */
export function renderTree(value, onPick) {
  if (value === null || typeof value !== 'object') {
    return el('div', { class: 'tree text' }, ...words(String(value), onPick));
  }
  return el('div', { class: 'tree' }, node(value, [], onPick));
}

function node(value, path, onPick) {
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length === 0) {
    return el('span', { class: 'punct', text: isArray ? '[]' : '{}' });
  }
  const list = el('ul');
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    const label = el('span', { class: isArray ? 'key index' : 'key', text: String(key) });
    if (child !== null && typeof child === 'object') {
      const count = Array.isArray(child) ? `[${child.length}]` : `{${Object.keys(child).length}}`;
      list.append(el('li', {},
        el('details', { open: true },
          el('summary', {}, label, el('span', { class: 'punct', text: ' ' + count })),
          node(child, childPath, onPick))));
    } else {
      list.append(el('li', {}, label, el('span', { class: 'punct', text: ': ' }), scalar(child, childPath, onPick)));
    }
  }
  return list;
}

function scalar(value, path, onPick) {
  const type = value === null ? 'null' : typeof value;
  const shown = type === 'string' ? value : String(value);
  const field = path.join('.');
  return el('button', {
    type: 'button',
    class: 'v ' + type,
    title: value === null ? 'null' : `Add ${field}:… to the query (Alt-click to exclude)`,
    'data-path': field,
    disabled: value === null || shown.trim() === '',
    text: shown,
    onclick: (event) => onPick(path, value, event),
  });
}

/** A plain-text record: each word on its own, so a click adds that word as a term. */
function words(text, onPick) {
  const parts = [];
  for (const piece of text.split(/(\s+)/)) {
    if (piece === '') {
      continue;
    }
    if (/^\s+$/.test(piece)) {
      parts.push(piece);
    } else {
      parts.push(el('button', {
        type: 'button', class: 'v string', title: 'Add this word to the query (Alt-click to exclude)', text: piece,
        onclick: (event) => onPick(null, piece, event),
      }));
    }
  }
  return parts;
}
