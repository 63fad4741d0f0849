/* backchat's one htmx extension, for what markup cannot say:
 * - the room's connection state, from the ws extension's events, as data-connection on the
 *   element with ws-connect: connecting, connected, reconnecting, offline or closed;
 * - buttons with data-copy="#selector" copy that input's value to the clipboard;
 * - in a textarea with data-enter-sends, Enter sends its form and Shift+Enter starts a line.
 */
(function () {
  "use strict";

  var STATES = {
    "htmx:wsConnecting": "connecting",
    "htmx:wsOpen": "connected",
    "htmx:wsClose": "reconnecting",
    "htmx:wsError": "reconnecting"
  };
  // The ws extension reconnects after these close codes only; 44xx means "refused".
  var RECONNECTING = [1006, 1011, 1012, 1013];

  function stateFor(name, evt) {
    var close = name === "htmx:wsClose" && evt.detail.event;
    if (close && RECONNECTING.indexOf(close.code) < 0) return "closed";
    return STATES[name];
  }

  function setState(elt, state) {
    if (!navigator.onLine) state = "offline";
    elt.setAttribute("data-connection", state);
  }

  htmx.defineExtension("backchat", {
    onEvent: function (name, evt) {
      var elt = evt.detail && evt.detail.elt;
      if (name in STATES && elt && elt.hasAttribute("ws-connect")) {
        setState(elt, stateFor(name, evt));
      }
      if (name === "htmx:afterProcessNode" && elt && elt.hasAttribute("ws-connect")) {
        window.addEventListener("offline", function () { setState(elt, "offline"); });
        window.addEventListener("online", function () { setState(elt, "reconnecting"); });
      }
      return true;
    }
  });

  document.addEventListener("keydown", function (evt) {
    var box = evt.target;
    if (evt.key !== "Enter" || evt.shiftKey || evt.isComposing) return;
    if (!box.matches || !box.matches("textarea[data-enter-sends]")) return;
    evt.preventDefault();
    if (box.form) box.form.requestSubmit();
  });

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("button[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.value).then(function () {
      button.setAttribute("data-copied", "");
      setTimeout(function () { button.removeAttribute("data-copied"); }, 2000);
    });
  });
})();
