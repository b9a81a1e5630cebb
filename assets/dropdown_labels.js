/* Dash 4.4.1's dcc.Dropdown names its button only by the chosen value
   (aria-labelledby="<id>-value-count <id>-value"), so a screen reader says "Alle 16
   gebieden, knop" but not which filter it is. Put the visible <label for="<id>"> first
   in that list. React leaves the attribute alone as long as the id does not change. */
(function () {
  "use strict";
  var pending = false;

  function nameDropdowns() {
    pending = false;
    var buttons = document.querySelectorAll("button.dash-dropdown[id]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
      if (!label) continue;
      if (!label.id) label.id = button.id + "-label";
      var ids = (button.getAttribute("aria-labelledby") || "").split(/\s+/);
      if (ids[0] === label.id) continue;
      ids = ids.filter(function (id) { return id && id !== label.id; });
      button.setAttribute("aria-labelledby", [label.id].concat(ids).join(" "));
    }
  }

  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(nameDropdowns);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
