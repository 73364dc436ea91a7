// Building DOM without markup strings: every text goes in through textContent, so a log value such as
// "<img src=x onerror=…>" is shown as those characters and never parsed as markup, anywhere in the UI.

/** An element with attributes (`class`, `title`, `aria-*`, …; `text` sets textContent) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = String(value);
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, like {@link el}. */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') {
      node.textContent = String(value);
    } else if (value !== undefined && value !== null) {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Shorthand for document.getElementById that fails loudly when the page and the script disagree. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error('The page has no #' + id);
  }
  return node;
}
