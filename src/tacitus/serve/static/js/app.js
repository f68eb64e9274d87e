// The dashboard's router: #/view?params picks a view; each view fills <main id="view">.
import { api, clearCharts, h } from "./core.js";
import { overview } from "./overview.js";
import { dyad } from "./dyad.js";
import { network } from "./network.js";
import { worldMap } from "./map.js";
import { events } from "./events.js";
import { article } from "./article.js";

const VIEWS = { overview, dyad, network, map: worldMap, events, article };

async function render() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const name = VIEWS[path] ? path : "overview";
  const main = document.getElementById("view");
  main.dataset.state = "loading";
  main.dataset.renders = Number(main.dataset.renders || 0) + 1;
  main.dataset.view = name;
  clearCharts();
  main.replaceChildren(h("p.muted", {}, "Loading…"));
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.nav === name);
  try {
    await VIEWS[name](main, new URLSearchParams(query || ""));
    main.dataset.state = "ready";
  } catch (err) {
    main.replaceChildren(h("div.error", {}, `Could not load this view: ${err.message}`));
    main.dataset.state = "error";
  }
}

async function header() {
  try {
    const s = (await api("stats")).summary;
    document.getElementById("dbinfo").textContent =
      `${s.documents.toLocaleString()} documents · ${s.events.toLocaleString()} events · ${s.first_date || "?"} to ${s.last_date || "?"}`;
  } catch { /* the view shows the error */ }
}

window.addEventListener("hashchange", render);
header();
render();
