// Overview: counts, a timeline, the top dyads and the top event types.
import { api, barChart, fmt, goldColor, h, legend, quadBar, quadChart } from "./core.js";

export async function overview(main) {
  const [stats, series, dyads] = await Promise.all([
    api("stats"), api("timeseries", { interval: "month" }), api("dyads", { top: 12, domestic: false }),
  ]);
  const s = stats.summary, f = stats.filtered;
  const stat = (value, label) => h("div.stat", {}, h("b", {}, value), h("span", {}, label));
  const timeline = h("canvas", { id: "timeline" });
  const plover = h("canvas", { id: "plover-chart" });
  const rows = dyads.map((d) => h("tr.row", { dataset: { dyad: d.dyad } },
    h("td", {}, h("a", { href: `#/dyad?a=${encodeURIComponent(d.source)}&b=${encodeURIComponent(d.target)}` }, `${d.source} → ${d.target}`)),
    h("td.num", {}, d.events),
    h("td.num", { style: `color:${goldColor(d.mean_goldstein)}` }, fmt(d.mean_goldstein)),
    h("td", {}, quadBar(d.quad))));
  const roots = s.top_roots.map((r) => h("tr.row", {},
    h("td.code", {}, r.root), h("td", {}, h("a", { href: `#/events?root=${r.root}` }, r.name || "")), h("td.num", {}, r.events)));
  main.replaceChildren(
    h("h2", {}, "Overview"),
    h("div.cards", {},
      stat(s.documents.toLocaleString(), "documents"), stat(s.events.toLocaleString(), "events"),
      stat(s.actors.toLocaleString(), "actors"), stat(s.quotes.toLocaleString(), "quotes"),
      stat(fmt(f.mean_goldstein), "mean Goldstein"), stat(`${s.first_date || "–"} – ${s.last_date || "–"}`, "event dates")),
    h("div.card", { style: "margin-bottom:1rem" }, h("h3", {}, "Events per month by QuadClass"),
      h("div.chart", {}, timeline)),
    h("div.grid", {},
      h("div.card", {}, h("h3", {}, "Top dyads (source → target)"),
        h("table", { id: "top-dyads" }, h("tr", {}, h("th", {}, "dyad"), h("th.num", {}, "events"),
          h("th.num", {}, "mean Goldstein"), h("th", {}, "QuadClass")), ...rows), legend()),
      h("div.card", {}, h("h3", {}, "Top event types (PLOVER)"), h("div.chart", {}, plover),
        h("h3", { style: "margin-top:.8rem" }, "Top CAMEO roots"),
        h("table", { id: "top-roots" }, ...roots))));
  quadChart(timeline, series.series[0].points);
  barChart(plover, f.plover.map((p) => p.value), f.plover.map((p) => p.events));
}
