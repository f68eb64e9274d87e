// Shared helpers of the dashboard: API calls, DOM building, colours, charts, filter forms.

export const QUADS = {
  1: { name: "Verbal cooperation", color: "#74add1" },
  2: { name: "Material cooperation", color: "#2c7bb6" },
  3: { name: "Verbal conflict", color: "#f4a259" },
  4: { name: "Material conflict", color: "#d7191c" },
};

export function go(view, params) {
  const query = params && params.toString();
  location.hash = `#/${view}` + (query ? `?${query}` : "");
}

export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") query.set(k, v);
  }
  const url = "/api/" + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

// h("tag.class", {attr: value, onclick: fn}, ...children): an element; strings become text.
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const el = document.createElement(tag);
  if (classes.length) el.className = classes.join(" ");
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const fmt = (x, digits = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));

// Goldstein -10..10 as a colour from red through grey to blue.
export function goldColor(g) {
  if (g === null || g === undefined) return "#999";
  const t = Math.max(-1, Math.min(1, g / 10));
  const grey = [187, 187, 187], red = [192, 57, 43], blue = [44, 111, 187];
  const end = t < 0 ? red : blue, a = Math.abs(t);
  const c = grey.map((v, i) => Math.round(v + (end[i] - v) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function quadBar(quad) {
  const total = Object.values(quad).reduce((a, b) => a + b, 0) || 1;
  return h("span.quadbar", { title: Object.entries(quad).map(([k, v]) => `${QUADS[k].name}: ${v}`).join("\n") },
    ...Object.entries(quad).map(([k, v]) => h(`i.q${k}`, { style: `width:${(100 * v) / total}%` })));
}

export function legend() {
  return h("div.legend", {}, ...Object.entries(QUADS).map(([k, q]) => h("span", {}, h(`i.q${k}`), q.name)));
}

export function actorLabel(a) {
  if (!a) return "–";
  return a.name ? `${a.name} (${a.code})` : a.code;
}

const charts = new Set();
export function clearCharts() {
  for (const c of charts) c.destroy();
  charts.clear();
}

// A bar chart of events per period stacked by QuadClass, with mean Goldstein as a line.
export function quadChart(canvas, points) {
  const datasets = Object.entries(QUADS).map(([k, q]) => ({
    type: "bar", label: q.name, data: points.map((p) => p.quad[k]), backgroundColor: q.color,
    stack: "events", yAxisID: "y",
  }));
  datasets.push({
    type: "line", label: "Mean Goldstein", data: points.map((p) => p.mean_goldstein),
    borderColor: "#333", backgroundColor: "#333", yAxisID: "g", spanGaps: false, pointRadius: 2,
    borderWidth: 1.5,
  });
  const chart = new Chart(canvas, {
    data: { labels: points.map((p) => p.period), datasets },
    options: {
      animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "events" } },
        g: { position: "right", min: -10, max: 10, grid: { drawOnChartArea: false },
             title: { display: true, text: "Goldstein" } },
      },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    },
  });
  charts.add(chart);
  return chart;
}

export function barChart(canvas, labels, values, color = "#2c5d8f") {
  const chart = new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: [{ data: values, backgroundColor: color }] },
    options: { animation: false, maintainAspectRatio: false, indexAxis: "y",
               plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
  });
  charts.add(chart);
  return chart;
}

// The filter form shared by the events and map views. `fields` names the inputs to show.
const FIELDS = {
  actor: ["Actor", "text", "e.g. TUR"], dyad: ["Dyad", "text", "e.g. USA-TUR"],
  root: ["CAMEO root", "text", "01-20"], cameo: ["CAMEO code", "text", "e.g. 141"],
  plover: ["PLOVER type", "text", "e.g. PROTEST"], since: ["Since", "date"], until: ["Until", "date"],
  text: ["Words in sentence", "text", "e.g. sanctions"],
};
export function filterForm(params, fields, onsubmit) {
  const inputs = fields.map((name) => {
    if (name === "quad_class") {
      return h("label", {}, "QuadClass", h("select", { name },
        h("option", { value: "" }, "any"),
        ...Object.entries(QUADS).map(([k, q]) => h("option", { value: k, selected: params.get(name) === k }, `${k} ${q.name}`))));
    }
    if (name === "modality") {
      return h("label", {}, "Modality", h("select", { name }, h("option", { value: "" }, "any"),
        ...["asserted", "reported", "intended", "hypothetical"].map((m) => h("option", { value: m, selected: params.get(name) === m }, m))));
    }
    if (name === "directed") {
      return h("label.check", {}, h("input", { type: "checkbox", name, checked: params.get(name) !== "false" }), "one direction");
    }
    const [label, type, placeholder] = FIELDS[name];
    return h("label", {}, label, h("input", { name, type, placeholder, value: params.get(name) || "" }));
  });
  const form = h("form.filters", {}, ...inputs, h("button", { type: "submit" }, "Apply"),
    h("button.plain", { type: "reset", onclick: (e) => { e.preventDefault(); onsubmit(new URLSearchParams()); } }, "Clear"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const out = new URLSearchParams();
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox") { if (!el.checked) out.set(el.name, "false"); }
      else if (el.value.trim()) out.set(el.name, el.value.trim());
    }
    onsubmit(out);
  });
  return form;
}

export function filtersOf(params, names) {
  const out = {};
  for (const n of names) if (params.get(n)) out[n] = params.get(n);
  return out;
}

export const FILTER_NAMES = ["actor", "dyad", "directed", "root", "cameo", "plover", "quad_class",
  "modality", "since", "until", "text"];
