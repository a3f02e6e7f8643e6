// Pagefind's search box, pointed at the bundle under the site's base path.
// Each result shows its title, then its date and summary (from data-pagefind-meta).
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text || "").replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function withDateAndSummary(result) {
    var meta = result.meta || {};
    var parts = [];
    if (meta.date) parts.push('<span class="search-date">' + escapeHtml(meta.date) + "</span>");
    parts.push(meta.summary ? escapeHtml(meta.summary) : result.excerpt);
    result.excerpt = parts.join(" — ");
    delete meta.date;
    delete meta.summary;
    return result;
  }

  // The box's words in the site's language, from the page (site.yaml `labels:`).
  function words(box) {
    try {
      return JSON.parse(box.dataset.words || "{}");
    } catch (error) {
      return { placeholder: box.dataset.placeholder };
    }
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined") return;
    new PagefindUI({
      element: "#search",
      bundlePath: box.dataset.bundle,
      showSubResults: false,
      showImages: false,
      pageSize: 6,
      processResult: withDateAndSummary,
      showEmptyFilters: false,
      openFilters: [],
      translations: words(box)
    });
    // Pagefind labels its input with a title only; give it a real accessible name.
    var input = box.querySelector("input");
    if (input) input.setAttribute("aria-label", box.dataset.label || box.dataset.placeholder);
  });
})();
