/* The map library inside Plotly's maps (MapLibre) labels its canvas "Map" and its
   attribution button "Toggle attribution", in English, with no option to change
   them: relabel them in the page's language whenever a map is drawn. */
(function () {
  var labels = {
    nl: {"Map": "Kaart", "Toggle attribution": "Bronvermelding van de kaart tonen of verbergen"},
    en: {}
  };
  function relabel() {
    var lang = (document.documentElement.lang || "nl").slice(0, 2);
    var table = labels[lang] || {};
    document.querySelectorAll("[aria-label]").forEach(function (el) {
      var dutch = table[el.getAttribute("aria-label")];
      if (dutch) { el.setAttribute("aria-label", dutch); }
    });
  }
  new MutationObserver(relabel).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"]
  });
})();
