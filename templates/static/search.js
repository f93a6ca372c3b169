// search.html: runs the Pagefind index in the browser and lists results.
// Text from captures (titles, sources, dates) is only ever set with textContent; the
// excerpt, which Pagefind escapes except for its <mark> highlights, is rebuilt from an
// inert <template> keeping nothing but text and <mark>. Links stay relative to this page.
(function () {
  "use strict";
  const script = document.currentScript;
  const root = script.dataset.root || "";
  const bundle = new URL(script.dataset.bundle, document.baseURI).href;

  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return [...template.content.childNodes].map(function (node) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        return mark;
      }
      return document.createTextNode(node.textContent);
    });
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.setAttribute("href", root + data.url.replace(/^\/+/, ""));
    const title = document.createElement("bdi");
    title.textContent = data.meta.title || data.url;
    link.append(title);
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    const source = document.createElement("span");
    source.className = "source";
    source.textContent = data.meta.source || "";
    meta.append(source, " · ", data.meta.date || "");
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    const bdi = document.createElement("bdi");
    bdi.append(...excerptNodes(data.excerpt));
    excerpt.append(bdi);
    item.append(heading, meta, excerpt);
    return item;
  }

  function start() {
    const form = document.querySelector("form.search-page");
    const input = document.getElementById("search-q");
    const note = document.getElementById("search-note");
    const status = document.getElementById("search-status");
    const list = document.getElementById("search-results");
    let pagefind = null;
    let latest = 0;
    let timer = 0;

    async function run(query) {
      const mine = ++latest;
      query = query.trim();
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      if (!query) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      const search = await pagefind.search(query);
      const results = await Promise.all(search.results.map(function (r) { return r.data(); }));
      if (mine !== latest) return;
      list.replaceChildren(...results.map(resultItem));
      status.textContent = results.length
        ? "عدد النتائج: " + results.length
        : "لا توجد نتائج لـ «" + query + "». جرّب كلمة أخرى أو تصفح المواضيع.";
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (pagefind) run(input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (pagefind) run(input.value); }, 150);
    });

    import(bundle).then(async function (module) {
      pagefind = module;
      // baseUrl "/" makes result URLs site-relative ("/articles/…"); we prefix the way back to
      // the site root, so links work under any sub-path and never name the host.
      await pagefind.options({ baseUrl: "/", excerptLength: 24 });
      note.hidden = true;
      document.documentElement.dataset.search = "ready";
      const query = new URLSearchParams(location.search).get("q") || "";
      input.value = query;
      if (query) await run(query);
    }).catch(function () {
      // Scripts run but the index cannot be fetched (opened from disk): the note stays.
      status.textContent = "تعذّر تحميل فهرس البحث.";
      document.documentElement.dataset.search = "unavailable";
    });
  }

  start();
})();
