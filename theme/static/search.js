// Pagefind's UI, pointed at the bundle under the site's base path.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({ element: "#search", bundlePath: box.dataset.bundle, showSubResults: false, showImages: false,
                   translations: { placeholder: "Rechercher" } });
});
