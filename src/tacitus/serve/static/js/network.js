// Actor network: actors are nodes, dyads are edges (width: events, colour: mean Goldstein).
// A click on an edge opens that dyad. The layout is a small deterministic force simulation.
import { api, fmt, go, goldColor, h, svg } from "./core.js";

const W = 960, H = 620;

function layout(nodes, edges) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / n;
    node.x = W / 2 + (W / 3) * Math.cos(angle);
    node.y = H / 2 + (H / 3) * Math.sin(angle);
  });
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.55;
  for (let step = 0, temp = W / 8; step < 400; step++, temp *= 0.985) {
    for (const v of nodes) { v.dx = 0; v.dy = 0; }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(Math.hypot(dx, dy), 0.01), f = (k * k) / d;
        dx /= d; dy /= d;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const e of edges) {
      const a = e.from, b = e.to;
      let dx = a.x - b.x, dy = a.y - b.y;
      const d = Math.max(Math.hypot(dx, dy), 0.01), f = (d * d) / k;
      dx /= d; dy /= d;
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const v of nodes) {
      v.dx += (W / 2 - v.x) * 0.02 * k; v.dy += (H / 2 - v.y) * 0.02 * k;
      const d = Math.max(Math.hypot(v.dx, v.dy), 0.01), move = Math.min(d, temp);
      v.x = Math.min(W - 40, Math.max(40, v.x + (v.dx / d) * move));
      v.y = Math.min(H - 30, Math.max(30, v.y + (v.dy / d) * move));
    }
  }
}

export async function network(main, params) {
  const top = Number(params.get("top") || 60);
  const dyads = await api("dyads", { top, domestic: false });
  const byKey = new Map();
  const node = (key) => {
    if (!byKey.has(key)) byKey.set(key, { key, events: 0 });
    return byKey.get(key);
  };
  const edges = dyads.map((d) => ({ ...d, from: node(d.source), to: node(d.target) }));
  for (const e of edges) { e.from.events += e.events; e.to.events += e.events; }
  const nodes = [...byKey.values()];
  layout(nodes, edges);
  const most = Math.max(1, ...edges.map((e) => e.events));
  const busiest = Math.max(1, ...nodes.map((v) => v.events));
  const radius = (v) => 13 + 13 * Math.sqrt(v.events / busiest);
  const paths = edges.map((e) => {
    const { x: x1, y: y1 } = e.from;
    // Bend each edge to the right of its direction, so A→B and B→A stay apart.
    const mx = (x1 + e.to.x) / 2 + (e.to.y - y1) * 0.15, my = (y1 + e.to.y) / 2 - (e.to.x - x1) * 0.15;
    // End at the rim of the target's circle, where the arrow head goes.
    const back = Math.max(Math.hypot(e.to.x - mx, e.to.y - my), 0.01), gap = radius(e.to) + 2;
    const x2 = e.to.x - ((e.to.x - mx) / back) * gap, y2 = e.to.y - ((e.to.y - my) / back) * gap;
    const d = `M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
    const width = 1 + 9 * Math.sqrt(e.events / most);
    const title = `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${fmt(e.mean_goldstein)}`;
    const open = () => go("dyad", new URLSearchParams({ a: e.source, b: e.target }));
    return svg("g", { class: "edge-group" },
      svg("path", { class: "edge", d, "stroke-width": width, stroke: goldColor(e.mean_goldstein),
                    "marker-end": "url(#arrow)", "data-dyad": e.dyad }),
      svg("path", { class: "edge-hit", d, "data-dyad": e.dyad, onclick: open }, svg("title", {}, title)));
  });
  const circles = nodes.map((v) => svg("g", { class: "node", transform: `translate(${v.x.toFixed(1)},${v.y.toFixed(1)})`, "data-actor": v.key },
    svg("circle", { r: radius(v).toFixed(1) }),
    svg("text", { dy: "0.35em" }, v.key), svg("title", {}, `${v.key}: ${v.events} events in these dyads`)));
  const defs = svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5",
    markerUnits: "userSpaceOnUse", markerWidth: "9", markerHeight: "9", orient: "auto" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#777" })));
  const chart = svg("svg", { id: "network", viewBox: `0 0 ${W} ${H}`, "data-edges": edges.length, "data-nodes": nodes.length },
    defs, ...paths, ...circles);
  main.replaceChildren(h("h2", {}, "Actor network"),
    h("p.muted", {}, `The ${edges.length} most frequent dyads between different actors. Edge width: events; colour: mean Goldstein `,
      h("span.scale"), " (−10 conflict … +10 cooperation). Edges bend to the right of their direction; click one to open the dyad."),
    chart);
}
