// search.html: runs the Pagefind index (one shard a month, merged here) and lists results.
// Text from captures (titles, sources, dates) is only ever set with textContent; the
// excerpt, which Pagefind escapes except for its <mark> highlights, is rebuilt from an
// inert <template> keeping nothing but text and <mark>. Links stay relative to this page.
// A query typed while the index loads is kept, and run as soon as it has loaded.
(function () {
  "use strict";
  const script = document.currentScript;
  const root = script.dataset.root || "";
  const bundle = new URL(script.dataset.bundle, document.baseURI).href;
  // One Pagefind index per month, newest first: the first is loaded, the rest merged into it.
  const shards = (script.dataset.shards || "").split(" ").filter(Boolean);

  // The folding of sijill/arabic.py: hamza and alef forms, alef maqsura, ta marbuta,
  // harakat and tatweel are not differences; nor are the clitics a word may carry.
  const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]/g;
  const FOLD = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي" };
  const CLITICS = /^(?:[وف]?(?:[بك]?ال|لل|[بكل])|[وف])/;

  function fold(word) {
    return word.normalize("NFKC").replace(MARKS, "").replace(/[أإآٱىةؤئ]/g, function (c) {
      return FOLD[c];
    }).toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  function forms(word) {
    const bare = word.replace(CLITICS, "");
    return bare && bare !== word ? [word, bare] : [word];
  }

  function sharedStart(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  // The words of a result that Pagefind matched, folded as the query's terms are.
  function matchedWords(data) {
    const written = data.content.split(/\s+/);
    return data.locations.map(function (at) { return fold(written[at] || ""); });
  }

  // Does every term have a matched word that begins with `size(term)` of its letters,
  // clitics aside on both sides?
  function everyTermBegins(matched, terms, size) {
    return terms.every(function (term) {
      return matched.some(function (word) {
        return forms(term).some(function (t) {
          return forms(word).some(function (w) { return sharedStart(t, w) >= size(t); });
        });
      });
    });
  }

  // A shard holding no word that starts with a query term's stem makes Pagefind fall back
  // to the longest word that is a prefix of it, so ادلب would find «أ.ف.ب». A result is
  // genuine when, for every term, one of its matched words begins like the term (three
  // letters, or the whole of a shorter term), clitics aside.
  function genuine(matched, terms) {
    return everyTermBegins(matched, terms, function (t) { return Math.min(3, t.length); });
  }

  // Pagefind's stemmer also matches words that only share a stem (حماة finds حماية), and
  // may rank them first: results whose words begin with the whole of every term come first.
  function whole(matched, terms) {
    return everyTermBegins(matched, terms, function (t) { return t.length; });
  }

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

  function element(name, className, text) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The date component of templates/_macros.html, from the parts the build put in the
  // index's metadata: each calendar part one unbreakable span, «·» tied to the part before.
  function dateNodes(meta) {
    if (!meta.date_iso) return [element("span", "undated", meta.date_undated || "")];
    const time = document.createElement("time");
    time.setAttribute("datetime", meta.date_iso);  // the template's order of attributes
    time.className = "date";
    time.append(element("span", "date-part", meta.date_gregorian || ""));
    if (meta.date_hijri) time.append("\u00a0· ", element("span", "date-part", meta.date_hijri));
    if (meta.date_time) time.append("، ", element("span", "date-part", meta.date_time));
    if (!meta.date_badge) return [time];
    const estimated = element("span", "estimated");
    estimated.append(element("span", "badge", meta.date_badge));
    if (meta.date_why) estimated.append(" ", element("span", "why", meta.date_why));
    return [time, " ", estimated];
  }

  // Is the excerpt a cut from the article's text, at its start or its end?
  function cuts(data, excerpt) {
    const words = excerpt.split(/\s+/).filter(Boolean);
    const all = data.content.split(/\s+/).filter(Boolean);
    const text = words.join(" ");
    if (!words.length) return { start: false, end: false };
    return {
      start: all.slice(0, words.length).join(" ") !== text,
      end: all.slice(-words.length).join(" ") !== text,
    };
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.setAttribute("href", root + data.url.replace(/^\/+/, ""));
    link.append(element("bdi", "", data.meta.title || data.url));
    heading.append(link);
    const meta = element("p", "meta");
    const source = element("span", "source");
    source.append(element("bdi", "", data.meta.source || ""));
    meta.append(source, "\u00a0· ", ...dateNodes(data.meta));
    const excerpt = element("p", "excerpt");
    const bdi = document.createElement("bdi");
    const nodes = excerptNodes(data.excerpt);
    const cut = cuts(data, nodes.map(function (n) { return n.textContent; }).join(""));
    // «…» marks a cut, tied by a no-break space to the word beside it.
    if (cut.start) bdi.append("…\u00a0");
    bdi.append(...nodes);
    if (cut.end) bdi.append("\u00a0…");
    excerpt.append(bdi);
    item.append(heading, meta, excerpt);
    return item;
  }

  // «نتيجة واحدة»، «نتيجتان»، «3 نتائج»، «11 نتيجة»: the CLDR plural rules for Arabic.
  const RESULTS = {
    zero: "لا نتائج", one: "نتيجة واحدة", two: "نتيجتان",
    few: "{n} نتائج", many: "{n} نتيجة", other: "{n} نتيجة",
  };
  const PLURAL = new Intl.PluralRules("ar");

  function resultsCount(n) {
    return RESULTS[PLURAL.select(n)].replace("{n}", String(n));
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

    const more = document.getElementById("search-more");
    // Results are shown BATCH at a time: a word common to a large archive matches
    // thousands of pages, and each shown result costs a request for its fragment.
    const BATCH = 20;
    let shown = null;

    async function run(query) {
      const mine = ++latest;
      query = query.trim();
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      list.replaceChildren();
      more.hidden = true;
      shown = null;
      delete status.dataset.query;
      if (!query) {
        status.textContent = "";
        return;
      }
      status.textContent = "جارٍ البحث…";
      const search = await pagefind.search(query);
      if (mine !== latest) return;
      const terms = query.split(/\s+/).map(fold).filter(Boolean);
      shown = { mine: mine, query: query, terms: terms, candidates: search.results, checked: 0, count: 0 };
      await showMore(shown);
    }

    // Pagefind ranks prefix fallbacks low, so once results have been shown, a batch with
    // none ends the round; and no round fetches more than MAX_BATCHES batches of fragments.
    const MAX_BATCHES = 10;

    async function showMore(state) {
      more.disabled = true;
      const wanted = state.count + BATCH;
      let batches = 0;
      while (state.count < wanted && state.checked < state.candidates.length) {
        const batch = state.candidates.slice(state.checked, state.checked + BATCH);
        state.checked += batch.length;
        const found = await Promise.all(batch.map(function (r) { return r.data(); }));
        if (state.mine !== latest) return;
        const first = [];
        const then = [];
        found.forEach(function (data) {
          const words = matchedWords(data);
          if (genuine(words, state.terms)) (whole(words, state.terms) ? first : then).push(data);
        });
        const results = first.concat(then);
        list.append(...results.map(resultItem));
        state.count += results.length;
        batches += 1;
        if ((!results.length && state.count) || batches >= MAX_BATCHES) break;
      }
      const done = state.checked >= state.candidates.length;
      more.hidden = done;
      more.disabled = false;
      status.dataset.query = state.query;  // what the list now answers (tests wait for it)
      if (!state.count && done) {
        status.textContent = "لا توجد نتائج لـ «" + state.query + "». جرّب كلمة أخرى أو تصفح المواضيع.";
      } else if (!state.count) {
        status.textContent = "لا نتائج بين أقرب " + state.checked + " صفحة إلى البحث.";
      } else {
        status.textContent = done
          ? resultsCount(state.count)
          : "أول " + state.count + " نتيجة، الأقرب إلى البحث أولًا";
      }
    }

    more.addEventListener("click", function () {
      if (shown && !more.disabled) showMore(shown);
    });

    const LOADING = "جارٍ تحميل فهرس البحث…";

    // Before the index has loaded, a query is only kept (in the box and the address);
    // the load runs whatever the box holds by then.
    function ask(query) {
      if (pagefind) {
        run(query);
        return;
      }
      const url = new URL(location.href);
      if (query.trim()) url.searchParams.set("q", query.trim()); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      status.textContent = query.trim() ? LOADING + " يظهر ما تبحث عنه حين يكتمل." : LOADING;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      ask(input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { ask(input.value); }, 150);
    });

    if (!input.value) input.value = new URLSearchParams(location.search).get("q") || "";
    if (!shards.length) {  // an archive with no articles yet has no index to load
      status.textContent = "لا توجد مقالات للبحث فيها بعد.";
      document.documentElement.dataset.search = "empty";
      return;
    }
    document.documentElement.dataset.search = "loading";
    status.textContent = input.value.trim() ? LOADING + " يظهر ما تبحث عنه حين يكتمل." : LOADING;
    import(bundle + shards[0] + "/pagefind.js").then(async function (module) {
      // baseUrl "/" makes result URLs site-relative ("/articles/…"); we prefix the way back to
      // the site root, so links work under any sub-path and never name the host.
      const options = { baseUrl: "/", excerptLength: 24 };
      await module.options(options);
      await Promise.all(shards.slice(1).map(function (shard) {
        return module.mergeIndex(bundle + shard + "/", options);
      }));
      pagefind = module;
      document.documentElement.dataset.search = "ready";
      clearTimeout(timer);
      await run(input.value);  // what the reader typed meanwhile, or the address's query
    }).catch(function () {
      document.documentElement.dataset.search = "unavailable";
      if (location.protocol === "file:") {
        // Opened from disk: the browser refuses to read the index, as the note says.
        note.hidden = false;
        status.textContent = "تعذّر تحميل فهرس البحث.";
      } else {
        status.textContent = "تعذّر تحميل فهرس البحث. أعد تحميل الصفحة بعد قليل.";
      }
    });
  }

  start();
})();
