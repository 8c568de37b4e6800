// Pagefind for the search page of a site in several languages, with "all languages".
//
// Pagefind keeps one index per <html lang> in its bundle and searches the
// page's own language. This module stands in for the bundle's pagefind.js
// (the search page's data-bundle points here, so search.js is the same file
// as on a one-language site) and, when the reader ticks "all languages",
// merges the bundle's other language indexes into the search with
// mergeIndex. Pagefind applies options() to its primary index only, so each
// merged index is given the very same options (base URL, ranking, ...).
// mergeIndex skips a path that starts the primary's own, which is why the
// same bundle is merged by its absolute URL.

import * as pagefind from "../../pagefind/pagefind.js";

export * from "../../pagefind/pagefind.js";

const box = document.getElementById("search-all");
const all = new URLSearchParams(location.search).get("all") === "1";
if (box) {
  box.checked = all;
  // A merged index cannot be taken out again: changing the choice loads the page anew, with the search kept.
  box.addEventListener("change", () => {
    const params = new URLSearchParams(location.search);
    box.checked ? params.set("all", "1") : params.delete("all");
    location.assign(`${location.pathname}?${params}`);
  });
}

export async function options(given) {
  await pagefind.options(given);
  if (!all) return;
  const bundle = new URL("../../pagefind/", import.meta.url).href;
  const entry = await (await fetch(`${bundle}pagefind-entry.json`)).json();
  const mine = (document.documentElement.lang || "unknown").toLowerCase();
  for (const code of Object.keys(entry.languages)) {
    if (code !== mine && code !== mine.split("-")[0]) {
      await pagefind.mergeIndex(bundle, { ...given, language: code });
    }
  }
}

export async function search(...args) {
  // search.js writes the query and filters into the address; the choice of languages stays there too.
  if (all && !new URLSearchParams(location.search).has("all")) {
    const params = new URLSearchParams(location.search);
    params.set("all", "1");
    history.replaceState(history.state, "", `${location.pathname}?${params}`);
  }
  return pagefind.search(...args);
}
