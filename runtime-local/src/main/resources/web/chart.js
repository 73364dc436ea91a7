// The histogram: hits per tag in the API's 20 bins, stacked, as hand-drawn SVG. Click a bar, or drag across bars,
// to zoom the time range to them.
import { el, svg } from './dom.js';

const WIDTH = 1000;
const HEIGHT = 170;
const LEFT = 48;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 24;

/**
 * Draws `series` (tag → counts per bin) into `container`. `tags` fixes the stacking order, `color(tag)` the fill,
 * `selected` the tags drawn (others are greyed out), `onZoom(firstBin, lastBin)` is called after a click or drag.
 */
export function renderHistogram(container, { labels, series, tags, color, selected, onZoom }) {
  const bins = labels.length;
  const totals = new Array(bins).fill(0);
  for (const tag of tags) {
    (series[tag] || []).forEach((n, i) => { totals[i] += n; });
  }
  const max = Math.max(0, ...totals);
  container.replaceChildren();
  if (bins === 0 || max === 0) {
    container.append(el('p', { class: 'chart-empty', text: 'No hits in this range.' }));
    return;
  }
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = plotWidth / bins;
  const scale = (n) => (n / max) * plotHeight;
  const root = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'histogram', role: 'img',
    'aria-label': `Hits per tag over the range, ${bins} bins, at most ${max} in one bin`,
  });
  // Whole numbers only: 0, the top, and a middle line when it falls on a whole number worth showing.
  const ticks = max >= 4 ? [0, Math.round(max / 2), max] : [0, max];
  for (const tick of ticks) {
    const y = TOP + plotHeight - scale(tick);
    root.append(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y, y2: y, class: 'grid' }));
    root.append(svg('text', { x: LEFT - 6, y: y + 4, class: 'axis', 'text-anchor': 'end', text: String(tick) }));
  }
  for (let i = 0; i < bins; i++) {
    const group = svg('g', { class: 'bin', 'data-bin': i });
    let base = TOP + plotHeight;
    const lines = [labels[i] + ' — ' + totals[i] + ' hits'];
    for (const tag of tags) {
      const n = (series[tag] || [])[i] || 0;
      if (n === 0) {
        continue;
      }
      lines.push(`${tag}: ${n}`);
      const h = Math.max(1, scale(n));
      base -= h;
      group.append(svg('rect', {
        x: LEFT + i * step + 1, y: base, width: Math.max(1, step - 2), height: h,
        fill: color(tag), class: selected.has(tag) ? 'bar' : 'bar off', 'data-tag': tag,
      }));
    }
    group.append(svg('title', { text: lines.join('\n') }));
    root.append(group);
  }
  const every = Math.ceil(bins / 5);
  for (let i = 0; i < bins; i += every) {
    root.append(svg('text', { x: LEFT + i * step + 2, y: HEIGHT - 6, class: 'axis', text: labels[i] }));
  }
  const band = svg('rect', { x: 0, y: TOP, width: 0, height: plotHeight, class: 'zoom-band', visibility: 'hidden' });
  root.append(band);
  container.append(root);

  let anchor = null;
  const binAt = (event) => {
    const box = root.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    return Math.min(bins - 1, Math.max(0, Math.floor((x - LEFT) / step)));
  };
  const showBand = (a, b) => {
    const first = Math.min(a, b);
    const last = Math.max(a, b);
    band.setAttribute('x', LEFT + first * step);
    band.setAttribute('width', (last - first + 1) * step);
    band.setAttribute('visibility', 'visible');
  };
  root.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) {
      return;
    }
    anchor = binAt(event);
    root.setPointerCapture(event.pointerId);
    showBand(anchor, anchor);
    event.preventDefault();
  });
  root.addEventListener('pointermove', (event) => {
    if (anchor !== null) {
      showBand(anchor, binAt(event));
    }
  });
  root.addEventListener('pointerup', (event) => {
    if (anchor === null) {
      return;
    }
    const end = binAt(event);
    const first = Math.min(anchor, end);
    const last = Math.max(anchor, end);
    anchor = null;
    onZoom(first, last);
  });
  root.addEventListener('pointercancel', () => {
    anchor = null;
    band.setAttribute('visibility', 'hidden');
  });
}
