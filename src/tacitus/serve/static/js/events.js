// Events: a filterable, sortable, paged table; each row links to its article.
import { FILTER_NAMES, QUADS, actorLabel, api, filterForm, filtersOf, fmt, go, goldColor, h } from "./core.js";

const PAGE = 50;

export function articleLink(e) {
  const p = new URLSearchParams({ id: e.doc_id, s: e.sentence_index, t: e.trigger.start, c: e.cameo });
  return `#/article?${p}`;
}

export async function events(main, params) {
  const filters = filtersOf(params, FILTER_NAMES);
  const offset = Number(params.get("offset") || 0);
  const sort = params.get("sort") || "date", order = params.get("order") || "desc";
  const page = await api("events", { ...filters, sort, order, offset, limit: PAGE });
  const move = (changes) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) p.set(k, v);
    go("events", p);
  };
  const sortBy = (key) => h("a", { href: "#", onclick: (ev) => {
    ev.preventDefault();
    move({ sort: key, order: sort === key && order === "desc" ? "asc" : "desc", offset: 0 });
  } }, key + (sort === key ? (order === "desc" ? " ▼" : " ▲") : ""));
  const rows = page.events.map((e) => h("tr.row", { dataset: { quad: e.quad_class, doc: e.doc_id } },
    h("td", {}, e.date || "–"),
    h("td", {}, actorLabel(e.source)),
    h("td", {}, h("span.code", {}, e.cameo), " ", e.cameo_name),
    h("td", {}, actorLabel(e.target)),
    h("td", {}, (e.plover && e.plover.event) || "–"),
    h("td", { title: QUADS[e.quad_class]?.name }, h(`i.q${e.quad_class}`, { style: "display:inline-block;width:10px;height:10px;margin-right:4px" }), e.quad_class),
    h("td.num", { style: `color:${goldColor(e.goldstein)}` }, fmt(e.goldstein, 1)),
    h("td", {}, e.negated ? `not ${e.modality}` : e.modality),
    h("td.num", {}, fmt(e.confidence)),
    h("td.sentence", {}, h("a", { href: articleLink(e), class: "article-link" }, e.sentence))));
  const last = Math.min(offset + PAGE, page.total);
  const pager = h("div.pager", {},
    h("button.plain", { disabled: offset === 0, onclick: () => move({ offset: Math.max(0, offset - PAGE) }) }, "‹ previous"),
    h("span", { id: "range" }, page.total ? `${offset + 1}–${last} of ${page.total.toLocaleString()} events` : "no events match"),
    h("button.plain", { disabled: last >= page.total, onclick: () => move({ offset: offset + PAGE }) }, "next ›"),
    h("a", { href: "/api/events?" + new URLSearchParams({ ...filters, sort, order, offset, limit: PAGE, format: "csv" }) }, "this page as CSV"));
  main.replaceChildren(h("h2", {}, "Events"),
    filterForm(params, ["actor", "dyad", "directed", "root", "plover", "quad_class", "modality", "since", "until", "text"],
      (p) => go("events", p)),
    pager,
    h("table", { id: "events", "data-total": page.total },
      h("tr", {}, h("th", {}, sortBy("date")), h("th", {}, "source"), h("th", {}, sortBy("cameo")), h("th", {}, "target"),
        h("th", {}, "PLOVER"), h("th", {}, sortBy("quad_class")), h("th.num", {}, sortBy("goldstein")), h("th", {}, "modality"),
        h("th.num", {}, sortBy("confidence")), h("th", {}, "sentence (opens the article)")),
      ...rows));
}
