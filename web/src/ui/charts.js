// Small charts of the last minutes per instance (uPlot): CPU, memory, disk traffic. The server keeps
// the counters as /metrics exports them; rates are computed here between neighbouring points.
import uPlot from './vendor/uplot/uPlot.esm.js';
import { el, formatBytes } from './common.js';

const HEIGHT = 150;
/** At most what the server keeps (MetricsHistory.KEPT); at least two minutes, so a new line is not a dot. */
const WINDOW_SECONDS = 15 * 60;
const MIN_WINDOW_SECONDS = 2 * 60;
const COLORS = { a: '#1f6feb', b: '#c2410c' };

function rates(points, key) {
  const out = [null];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1], b = points[i];
    const dt = (b.t - a.t) / 1000;
    out.push(a[key] === null || b[key] === null || dt <= 0 || b[key] < a[key] ? null : (b[key] - a[key]) / dt);
  }
  return out;
}

const clock = (u, ticks) => {
  // Seconds only where the ticks are closer than a minute: at first the charts span seconds.
  const fine = ticks.length > 1 && ticks[1] - ticks[0] < 60;
  const format = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(fine ? { second: '2-digit' } : {}) };
  return ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], format));
};
const timeAxis = { values: clock, space: 90 };
const bytesAxis = { values: (u, ticks) => ticks.map((v) => formatBytes(v)), size: 70 };

const KINDS = [
  {
    id: 'cpu', title: 'CPU (% of one host core)',
    series: [{ label: 'CPU %', stroke: COLORS.a, value: (u, v) => (v === null ? '–' : `${v.toFixed(1)} %`) }],
    data: (p) => [rates(p, 'cpuSeconds').map((r) => (r === null ? null : r * 100))],
    axis: { values: (u, ticks) => ticks.map((v) => `${v} %`), size: 60 },
    floor: 1,
  },
  {
    id: 'memory', title: 'Memory',
    series: [
      { label: 'QEMU resident', stroke: COLORS.a, value: (u, v) => formatBytes(v) },
      { label: 'guest RAM', stroke: COLORS.b, dash: [6, 4], value: (u, v) => formatBytes(v) },
    ],
    data: (p) => [p.map((x) => x.residentBytes), p.map((x) => x.guestBytes)],
    axis: bytesAxis,
    floor: 1024 * 1024,
  },
  {
    id: 'disk', title: 'Disk traffic',
    series: [
      { label: 'read /s', stroke: COLORS.a, value: (u, v) => formatBytes(v) },
      { label: 'written /s', stroke: COLORS.b, dash: [6, 4], value: (u, v) => formatBytes(v) },
    ],
    data: (p) => [rates(p, 'readBytes'), rates(p, 'writeBytes')],
    axis: bytesAxis,
    floor: 1024,
  },
];

export class Charts {
  constructor(container) {
    this.container = container;
    this.byInstance = new Map();
    // The list's width changes with the window and when a scroll bar appears.
    new ResizeObserver(() => this.resize()).observe(container);
  }

  update(instances) {
    const names = new Set(instances.map((s) => s.name));
    for (const [name, group] of this.byInstance) {
      if (!names.has(name)) {
        group.plots.forEach((p) => p.destroy());
        group.node.remove();
        this.byInstance.delete(name);
      }
    }
    for (const s of instances) {
      const group = this.byInstance.get(s.name) || this.create(s.name);
      const x = s.points.map((p) => p.t / 1000);
      KINDS.forEach((kind, i) => group.plots[i].setData([x, ...kind.data(s.points)]));
      const running = s.points.filter((p) => p.cpuSeconds !== null).length;
      group.empty.hidden = running > 0;
      group.node.dataset.points = String(running); // how many rounds are drawn: for people reading the DOM, and tests
    }
  }

  create(name) {
    const node = el('figure', { class: 'chart-group', dataset: { instance: name } },
        el('figcaption', {}, name));
    const empty = el('p', { class: 'muted' }, 'Not running in the last minutes: nothing to draw.');
    node.append(empty);
    const plots = KINDS.map((kind) => {
      const box = el('div', { class: 'chart', role: 'img', 'aria-label': `${kind.title} of ${name} over the last minutes` });
      node.append(box);
      return new uPlot({
        title: kind.title,
        width: this.width(),
        height: HEIGHT,
        series: [{}, ...kind.series.map((s) => ({ ...s, width: 2, spanGaps: false }))],
        axes: [timeAxis, kind.axis],
        scales: {
          x: { time: true, range: (u, min, max) => [max - Math.min(WINDOW_SECONDS, Math.max(MIN_WINDOW_SECONDS, max - min)), max] },
          // From zero, and never a range so small that the axis shows fractions of a byte.
          y: { range: (u, min, max) => [0, Math.max(max || 0, kind.floor)] },
        },
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
      }, [[], ...kind.series.map(() => [])], box);
    });
    this.container.append(node);
    const group = { node, plots, empty };
    this.byInstance.set(name, group);
    return group;
  }

  width() {
    // The figure's padding and border (2 x 13 px) and the gaps between charts (12 px).
    const inner = (this.container.clientWidth || 900) - 26;
    // Three side by side on a wide screen, one per line on a phone.
    return inner >= 870 ? Math.floor((inner - 24) / 3) : Math.max(240, inner);
  }

  resize() {
    const w = this.width();
    if (w === this.lastWidth) return;
    this.lastWidth = w;
    for (const group of this.byInstance.values()) group.plots.forEach((p) => p.setSize({ width: w, height: HEIGHT }));
  }
}
