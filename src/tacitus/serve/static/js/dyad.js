// Dyad: A-B conflict and cooperation over time, both directions, with QuadClass counts.
import { api, fmt, go, goldColor, h, legend, quadBar, quadChart } from "./core.js";

function totals(points) {
  const quad = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let events = 0, gsum = 0;
  for (const p of points) {
    events += p.events;
    if (p.mean_goldstein !== null) gsum += p.mean_goldstein * p.events;
    for (const k of Object.keys(quad)) quad[k] += p.quad[k];
  }
  return { events, quad, mean: events ? gsum / events : null };
}

export async function dyad(main, params) {
  let a = (params.get("a") || "").toUpperCase(), b = (params.get("b") || "").toUpperCase();
  const interval = params.get("interval") || "month";
  const known = await api("dyads", { top: 200, domestic: false });
  if (!a || !b) {
    if (!known.length) throw new Error("no dyads in this store yet");
    [a, b] = [known[0].source, known[0].target];
  }
  const sides = [...new Set(known.flatMap((d) => [d.source, d.target]))].sort();
  const data = await api("timeseries", { dyad: `${a}-${b}`, directed: false, split: true, interval });
  const input = (name, value) => h("label", {}, name === "a" ? "Actor A" : "Actor B",
    h("input", { name, value, list: "sides", size: 8 }));
  const form = h("form.filters", {}, input("a", a), input("b", b),
    h("label", {}, "Interval", h("select", { name: "interval" },
      ...["day", "week", "month"].map((i) => h("option", { value: i, selected: i === interval }, i)))),
    h("button", { type: "submit" }, "Show"),
    h("datalist", { id: "sides" }, ...sides.map((s) => h("option", { value: s }))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go("dyad", new URLSearchParams({ a: form.a.value.trim().toUpperCase(), b: form.b.value.trim().toUpperCase(), interval: form.interval.value }));
  });
  const rows = [], charts = [];
  for (const s of data.series) {
    const t = totals(s.points), [src, tgt] = s.key.split("-");
    rows.push(h("tr.row", { dataset: { direction: s.key } }, h("td", {}, `${src} → ${tgt}`), h("td.num", {}, t.events),
      ...[1, 2, 3, 4].map((k) => h("td.num", {}, t.quad[k])),
      h("td.num", { style: `color:${goldColor(t.mean)}` }, fmt(t.mean)), h("td", {}, quadBar(t.quad)),
      h("td", {}, h("a", { href: `#/events?dyad=${encodeURIComponent(s.key)}` }, "events"))));
    const canvas = h("canvas");
    charts.push([canvas, s.points]);
    s.canvas = h("div.card", {}, h("h3", {}, `${src} → ${tgt}`), h("div.chart", {}, canvas));
  }
  main.replaceChildren(h("h2", {}, `Dyad ${a} – ${b}`), form,
    h("div.card", { style: "margin-bottom:1rem" },
      h("table", { id: "dyad-summary" }, h("tr", {}, h("th", {}, "direction"), h("th.num", {}, "events"),
        h("th.num", {}, "verbal coop."), h("th.num", {}, "material coop."), h("th.num", {}, "verbal conflict"),
        h("th.num", {}, "material conflict"), h("th.num", {}, "mean Goldstein"), h("th", {}, ""), h("th", {}, "")), ...rows),
      legend()),
    h("div.grid", {}, ...data.series.map((s) => s.canvas)));
  for (const [canvas, points] of charts) quadChart(canvas, points);
}
