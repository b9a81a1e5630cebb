/* Printing: Plotly draws at the screen's width, which runs off an A4 page. Redraw
   every chart at the width it gets in print, and back at screen width afterwards.
   Both the print dialog (beforeprint/afterprint) and print emulation (matchMedia)
   are followed. */
(function () {
  function redraw(width) {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (width) {
        var room = gd.parentElement ? gd.parentElement.clientWidth : width;
        window.Plotly.relayout(gd, {width: Math.min(width, room || width)});
      } else {
        window.Plotly.relayout(gd, {width: null, autosize: true});
      }
    });
  }
  var printWidth = 680; /* 180 mm at 96 dpi: A4 within 15 mm margins */
  window.addEventListener("beforeprint", function () { redraw(printWidth); });
  window.addEventListener("afterprint", function () { redraw(null); });
  var media = window.matchMedia && window.matchMedia("print");
  if (media && media.addEventListener) {
    media.addEventListener("change", function (event) {
      redraw(event.matches ? printWidth : null);
    });
  }
})();
