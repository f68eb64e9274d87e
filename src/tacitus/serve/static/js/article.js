// Article: the text with each event's trigger, source and target highlighted in place, and the
// events beside it (code, modality, confidence, rule). Choosing an event highlights its parts.
import { QUADS, actorLabel, api, fmt, h } from "./core.js";

const ROLES = ["trigger", "source", "target"];

// Cut the text at every span boundary; each piece knows which (event, role) pairs cover it.
function pieces(text, highlights) {
  const cuts = new Set([0, text.length]);
  highlights.forEach((hl) => ROLES.forEach((r) => { if (hl[r]) { cuts.add(hl[r][0]); cuts.add(hl[r][1]); } }));
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const roles = [];
    highlights.forEach((hl, ev) => ROLES.forEach((r) => {
      if (hl[r] && hl[r][0] <= start && end <= hl[r][1]) roles.push([ev, r]);
    }));
    out.push({ start, end, roles });
  }
  return out;
}

function select(main, doc, index) {
  for (const el of main.querySelectorAll(".ev")) el.classList.toggle("selected", Number(el.dataset.index) === index);
  for (const mark of main.querySelectorAll(".doctext mark")) {
    const mine = JSON.parse(mark.dataset.roles).filter(([ev]) => ev === index).map(([, r]) => r);
    for (const r of ROLES) mark.classList.toggle(`sel-${r}`, mine.includes(r));
    mark.removeAttribute("data-label");
  }
  const e = doc.events[index], hl = doc.highlights[index];
  for (const r of ROLES) {
    if (!hl[r]) continue;
    const marks = [...main.querySelectorAll(`.doctext mark.sel-${r}`)];
    const last = marks[marks.length - 1];
    if (last) last.dataset.label = r === "trigger" ? `${e.cameo} ${(e.plover && e.plover.event) || ""}` : r;
  }
  main.dataset.selected = index;
  const first = main.querySelector(".doctext mark.sel-trigger");
  if (first) first.scrollIntoView({ block: "center" });
  const card = main.querySelector(".ev.selected");
  if (card) card.scrollIntoView({ block: "nearest" });
  window.scrollTo(0, 0);
}

export async function article(main, params) {
  const id = params.get("id");
  if (!id) throw new Error("no document chosen: open an article from the events table");
  const doc = await api(`documents/${encodeURIComponent(id)}`);
  let chosen = doc.events.findIndex((e) => String(e.sentence_index) === params.get("s")
    && String(e.trigger.start) === params.get("t") && e.cameo === params.get("c"));
  if (chosen < 0) chosen = 0;
  const text = doc.text
    ? h("div.doctext", { id: "doctext" }, ...pieces(doc.text, doc.highlights).map((p) => {
        const part = doc.text.slice(p.start, p.end);
        if (!p.roles.length) return part;
        const trig = p.roles.some(([, r]) => r === "trigger");
        return h(trig ? "mark.trig" : "mark", { "data-roles": JSON.stringify(p.roles) }, part);
      }))
    : h("div.error", {}, "This document was stored before Tacitus kept texts; ingest it again to see it here.");
  const cards = doc.events.map((e, i) => h(`div.ev.quad${e.quad_class}`, { dataset: { index: i }, onclick: () => select(main, doc, i) },
    h("div", {}, h("b.code", {}, e.cameo), " ", e.cameo_name),
    h("div", {}, actorLabel(e.source), " → ", actorLabel(e.target)),
    h("div.meta", {}, `${(e.plover && e.plover.event) || "–"} · ${QUADS[e.quad_class]?.name || ""} · Goldstein ${fmt(e.goldstein, 1)}`),
    h("div.meta", {}, `${e.negated ? "negated, " : ""}${e.modality} · confidence ${fmt(e.confidence)} · trigger “${e.trigger.text}”`),
    h("div.meta.code", {}, e.rule)));
  main.replaceChildren(
    h("h2", {}, doc.title || doc.id),
    h("p.muted", {}, `${doc.date || "undated"} · ${doc.events.length} events · `,
      /^https?:\/\//i.test(doc.url || "") ? h("a", { href: doc.url, rel: "noreferrer" }, "original") : "no web address",
      " · highlights: ", h("mark", { style: "background:#ffe08a" }, "trigger"), " ",
      h("mark", { style: "background:#cfe6ff" }, "source"), " ", h("mark", { style: "background:#ffd6d2" }, "target")),
    h("div.article", {}, text, h("div.evlist", { id: "event-list" }, ...cards)));
  if (doc.events.length) select(main, doc, chosen);
}
