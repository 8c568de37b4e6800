// The search page: our own markup on top of Pagefind's JavaScript API.
//
// Why not Pagefind's own UI: we want the result count announced in a live
// region that exists from the start, filters as plain labelled checkboxes
// with counts, and the query and filters kept in the address so a search
// can be linked. Pagefind is loaded from the site's own base path, so the
// page works wherever the site is published.

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const fallback = document.getElementById("search-fallback");
const ui = document.getElementById("search-ui");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const filterBox = document.getElementById("search-filters");
const chosenNote = document.getElementById("search-chosen");
const clear = document.getElementById("search-clear");
const fieldsets = new Map([...document.querySelectorAll(".facet")].map((el) => [el.dataset.facet, el]));
const FACETS = [...fieldsets.keys()];
const PAGE_SIZE = 10;
const RANKING = {}; // Pagefind's defaults, named so that every merged index gets the same

let pagefind = null;
let totals = {}; // facet -> value -> pages in the whole index
let selected = readSelection(new URLSearchParams(location.search));
let results = [];
let shown = 0;
let generation = 0; // only the newest search may write to the page
let typingTimer = 0;
let building = ""; // said after every result count while the preview's index catches up
const pageTitle = document.title;
// Every sentence the script writes, translated on the page (a theme's older
// search page may not give them: English then).
const WORDS = Object.assign({
  building: "The preview's search index is being built; this page reloads when it is ready.",
  updating: "The preview's search index is being updated; this page reloads when it is ready.",
  unavailable: "Search could not be loaded.",
  failed: "Sorry, the search failed. Please try again.",
  results: { one: "%(num)d result", other: "%(num)d results" },
  with_filters: "%(results)s with the filters chosen.",
  none: "No results for “%(query)s”.",
  found: "%(results)s for “%(query)s”.",
  found_with_filters: "%(results)s for “%(query)s” with the filters chosen (%(unfiltered)s without them).",
  more: { other: "Show more results (%(shown)s of %(num)d shown)" },
  chosen: { other: "(%(num)d chosen)" },
}, JSON.parse(form?.dataset.words || "{}"));
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

function say(key, values = {}) {
  let text = WORDS[key];
  if (typeof text === "object") text = text[plurals.select(values.num)] ?? text.other;
  return text.replace(/%\((\w+)\)[sd]/g, (_, name) => `${values[name]}`);
}

input.value = new URLSearchParams(location.search).get("q") || "";
start();

async function start() {
  // `ecmn-press serve` indexes its preview in shards, so that an edit
  // re-indexes one part, and names them here; a published site has one bundle.
  const preview = window.ecmnPressSearch;
  const bundles = preview ? preview.bundles : [form.dataset.bundle];
  if (!bundles.length && preview.pending) {
    status.textContent = say("building");
    return;
  }
  try {
    pagefind = await import(bundles[0] + "pagefind.js");
    // Pagefind's URLs are relative to the site root; the site may live under a sub-path.
    await pagefind.options({ baseUrl: form.dataset.base, ranking: RANKING });
    // Each merged index ranks with its own options: give them all the same.
    for (const other of bundles.slice(1)) {
      await pagefind.mergeIndex(other, { baseUrl: form.dataset.base, ranking: RANKING });
    }
    totals = await pagefind.filters(); // also makes every search return filter counts
  } catch (error) {
    status.textContent = say("unavailable");
    fallback.hidden = false;
    return;
  }
  ui.hidden = false;
  if (preview?.pending) {
    building = say("updating");
    status.textContent = building;
  }
  if (window.matchMedia("(min-width: 48em)").matches) filterBox.open = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(run, 300);
  });
  filterBox.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.matches("input[type=checkbox]")) return;
    const values = selected[box.dataset.facet];
    box.checked ? values.add(box.value) : values.delete(box.value);
    run();
  });
  clear.addEventListener("click", () => {
    for (const facet of FACETS) selected[facet].clear();
    run();
    input.focus();
  });
  more.addEventListener("click", async () => {
    const first = await showMore();
    first?.querySelector("a")?.focus(); // keyboard users continue where the new results start
  });
  run();
}

function readSelection(params) {
  const chosen = {};
  for (const facet of FACETS) chosen[facet] = new Set(params.getAll(facet));
  return chosen;
}

function anySelected() {
  return FACETS.some((facet) => selected[facet].size > 0);
}

// Within one facet any chosen value may match; across facets all must.
function filterSpec(except = null) {
  const spec = {};
  for (const facet of FACETS) {
    if (facet !== except && selected[facet].size) spec[facet] = { any: [...selected[facet]] };
  }
  return spec;
}

function keepInAddress(query) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const facet of FACETS) for (const value of selected[facet]) params.append(facet, value);
  const search = params.toString();
  history.replaceState(history.state, "", search ? `?${search}` : location.pathname);
  // The query in the title tells bookmarks and history entries apart.
  document.title = query ? `${query} · ${pageTitle}` : pageTitle;
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  keepInAddress(query);
  try {
    if (!query && !anySelected()) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      drawFacets(totals);
      status.textContent = building;
      return;
    }
    const found = await pagefind.search(query || null, { filters: filterSpec() });
    // A facet's own choices must not shrink its counts, or choosing one value
    // would hide the others: count each chosen facet without its own filter.
    const counts = {};
    for (const facet of FACETS) {
      if (!selected[facet].size) {
        counts[facet] = found.filters?.[facet] || {};
        continue;
      }
      const without = await pagefind.search(query || null, { filters: filterSpec(facet) });
      counts[facet] = without.filters?.[facet] || {};
    }
    if (mine !== generation) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    drawFacets(counts);
    await showMore();
    if (mine !== generation) return;
    status.textContent = [describe(query, results.length, found.unfilteredResultCount), building].join(" ").trim();
  } catch (error) {
    if (mine === generation) status.textContent = say("failed");
  }
}

function describe(query, count, unfiltered) {
  const counted = say("results", { num: count });
  if (!query) return say("with_filters", { results: counted });
  if (!count && !anySelected()) return say("none", { query });
  if (!anySelected()) return say("found", { results: counted, query });
  return say("found_with_filters", { results: counted, query, unfiltered });
}

async function showMore() {
  const mine = generation;
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return null;
  const items = data.map(resultItem);
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= results.length;
  more.textContent = say("more", { shown, num: results.length });
  return items[0] || null;
}

function resultItem(data) {
  const meta = data.meta || {};
  const item = el("li", "result");
  const title = el("h3", "result-title");
  const link = el("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  title.append(link);
  const facts = el("p", "result-meta");
  const parts = [meta.kind, meta.date, meta.team].filter(Boolean);
  parts.forEach((text, i) => {
    if (i) facts.append(" · ");
    facts.append(el("span", i === 0 ? "result-kind" : "", text));
  });
  if (meta.badge) facts.append(" ", el("span", "badge", meta.badge));
  const excerpt = el("p", "result-excerpt");
  excerpt.append(...withoutTitle(excerptNodes(data.excerpt || ""), meta.title || ""));
  item.append(title, facts, excerpt);
  return item;
}

// Pagefind's excerpt is HTML with <mark> around the words found. Parse it in
// an inert document and keep only text and marks, so page text can never
// become markup here.
function excerptNodes(html) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  return [...body.childNodes].map((node) =>
    node.nodeName === "MARK" ? el("mark", "", node.textContent) : document.createTextNode(node.textContent),
  );
}

// A page's heading is indexed (its words find it), so an excerpt may start
// with the title the result already shows, or with its last words: a team's
// would be nothing else. Those words go; the rest of the excerpt stays.
function withoutTitle(nodes, title) {
  const text = nodes.map((node) => node.textContent).join("");
  const words = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const start = words(text);
  const all = words(title).split(" ");
  const tail = all.map((_, i) => all.slice(i).join(" "))
    .find((t, i) => t && (i === 0 || all.length - i >= 2) && (start === t || start.startsWith(t + " ")));
  if (!tail) return nodes;
  let skip = 0; // characters of the excerpt that spell those words, with their punctuation
  for (let seen = ""; skip < text.length && words(seen) !== tail; skip++) seen += text[skip];
  while (skip < text.length && /[\s.,:;·–—-]/.test(text[skip])) skip++;
  const kept = [];
  for (const node of nodes) {
    const length = node.textContent.length;
    if (skip >= length) {
      skip -= length;
      continue;
    }
    if (skip > 0) node.textContent = node.textContent.slice(skip);
    skip = 0;
    kept.push(node);
  }
  return kept;
}

function drawFacets(counts) {
  const focused = document.activeElement;
  const refocus = focused?.dataset?.facet ? [focused.dataset.facet, focused.value] : null;
  for (const facet of FACETS) {
    const values = new Map(Object.entries(counts[facet] || {}).filter(([, n]) => n > 0));
    for (const value of selected[facet]) if (!values.has(value)) values.set(value, 0);
    const fieldset = fieldsets.get(facet);
    const ul = fieldset.querySelector("ul");
    ul.replaceChildren(...sortValues(facet, [...values.keys()]).map((value) => facetValue(facet, value, values.get(value))));
    fieldset.hidden = values.size === 0;
  }
  const chosen = FACETS.reduce((n, facet) => n + selected[facet].size, 0);
  chosenNote.textContent = chosen ? say("chosen", { num: chosen }) : "";
  clear.hidden = chosen === 0;
  if (refocus) {
    for (const box of filterBox.querySelectorAll("input[type=checkbox]")) {
      if (box.dataset.facet === refocus[0] && box.value === refocus[1]) box.focus();
    }
  }
}

// The page gives an order where values have a natural one (kinds, the 5 Ps).
function sortValues(facet, values) {
  const order = JSON.parse(fieldsets.get(facet).dataset.order || "[]");
  const rank = (value) => (order.includes(value) ? order.indexOf(value) : order.length);
  if (facet === "year") return values.sort((a, b) => b.localeCompare(a)); // newest first
  return values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function facetValue(facet, value, count) {
  const li = el("li");
  const label = el("label");
  const box = el("input");
  box.type = "checkbox";
  box.value = value;
  box.dataset.facet = facet;
  box.checked = selected[facet].has(value);
  const number = el("span", "facet-count", `${count}`);
  number.append(el("span", "visually-hidden", count === 1 ? " result" : " results"));
  label.append(box, ` ${value} `, number);
  li.append(label);
  return li;
}

function el(tag, className = "", text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}
