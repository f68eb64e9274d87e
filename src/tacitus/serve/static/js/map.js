// Map: where events happen, on the Natural Earth country shapes shipped with the package.
// Countries are shaded by the events located in them; circles are the places named.
import { FILTER_NAMES, api, filterForm, filtersOf, fmt, go, goldColor, h, svg } from "./core.js";

const W = 960, H = 470, TOP = 84, BOTTOM = -58; // equirectangular, latitudes TOP..BOTTOM
let shapes = null;

const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((TOP - lat) / (TOP - BOTTOM)) * H;

function ringPath(ring) {
  // Keep rings that cross the antimeridian continuous; the overflow is clipped by the view box.
  let prev = ring[0][0], shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i && Math.abs(lon + shift - prev) > 180) shift += lon + shift > prev ? -360 : 360;
    prev = lon + shift;
    return `${i ? "L" : "M"}${px(prev).toFixed(1)},${py(lat).toFixed(1)}`;
  }).join("") + "Z";
}

function geoPath(geometry) {
  if (!geometry) return "";
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polys.map((rings) => rings.map(ringPath).join("")).join("");
}

async function countryShapes() {
  if (!shapes) {
    const topo = await (await fetch("/static/vendor/countries-110m.json")).json();
    shapes = topojson.feature(topo, topo.objects.countries).features;
  }
  return shapes;
}

export async function worldMap(main, params) {
  const filters = filtersOf(params, FILTER_NAMES);
  const [features, found] = await Promise.all([countryShapes(), api("places", { ...filters, top: 500 })]);
  const counts = new Map(found.countries.filter((c) => c.iso_numeric).map((c) => [c.iso_numeric, c]));
  const most = Math.max(1, ...found.countries.map((c) => c.events));
  const shade = (n) => `rgba(93, 63, 160, ${(0.12 + 0.8 * Math.sqrt(n / most)).toFixed(3)})`;
  const countries = features.map((f) => {
    const c = counts.get(f.id);
    return svg("path", { class: "country", d: geoPath(f.geometry), fill: c ? shade(c.events) : "#e4e7eb",
                         "data-iso": f.id || "", "data-events": c ? c.events : 0 },
      svg("title", {}, `${f.properties.name}: ${c ? c.events : 0} events located here`));
  });
  const bigPlace = Math.max(1, ...found.places.map((p) => p.events));
  const places = found.places.filter((p) => p.lat !== null && p.lon !== null).map((p) =>
    svg("circle", { class: "place", cx: px(p.lon).toFixed(1), cy: py(p.lat).toFixed(1),
                    r: (2.5 + 9 * Math.sqrt(p.events / bigPlace)).toFixed(1), fill: goldColor(p.mean_goldstein) },
      svg("title", {}, `${p.name} (${p.country}): ${p.events} events, mean Goldstein ${fmt(p.mean_goldstein)}`)));
  const rows = found.places.slice(0, 15).map((p) => h("tr.row", {}, h("td", {}, p.name), h("td", {}, p.country),
    h("td.num", {}, p.events), h("td.num", { style: `color:${goldColor(p.mean_goldstein)}` }, fmt(p.mean_goldstein))));
  main.replaceChildren(h("h2", {}, "Map"),
    filterForm(params, ["actor", "root", "quad_class", "since", "until"], (p) => go("map", p)),
    h("p.muted", {}, `${found.places.length} places. Shading: events located in the country; circles: places, coloured by mean Goldstein `,
      h("span.scale"), ". Shapes: Natural Earth 1:110m."),
    svg("svg", { id: "map", viewBox: `0 0 ${W} ${H}`, "data-places": places.length }, ...countries, ...places),
    h("div.card", { style: "margin-top:1rem" }, h("h3", {}, "Places with most events"),
      h("table", { id: "places" }, h("tr", {}, h("th", {}, "place"), h("th", {}, "country"), h("th.num", {}, "events"),
        h("th.num", {}, "mean Goldstein")), ...rows)));
}
