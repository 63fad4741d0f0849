/* backchat's one htmx extension, for what markup cannot say:
 * - the room's connection state, from the ws extension's events, as data-connection on the
 *   element with ws-connect: connecting, connected, reconnecting, offline or closed, and the
 *   last close code as data-close-code (the page says why it was closed);
 * - buttons with data-copy="#selector" copy that input's value to the clipboard;
 * - in a textarea with data-enter-sends, Enter sends its form and Shift+Enter starts a line;
 * - starting a reply puts the cursor in the composer;
 * - while the room is in view, a second after messages arrive (or it comes back into view), it
 *   tells the server the room is read (the hidden form #read-mark);
 * - message times in the reader's time zone (the server writes UTC), and a separator before
 *   each day's first message ("Today", "Yesterday", a date), in the reader's zone too, and
 *   labelled again at the reader's midnight.
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

  var readDue = null;
  function markReadSoon() {
    if (readDue) return;  // at most one a second, however busy the room
    readDue = setTimeout(function () {
      readDue = null;
      var form = document.getElementById("read-mark");
      if (form && document.visibilityState === "visible") htmx.trigger(form, "backchat:read");
    }, 1000);
  }
  document.addEventListener("visibilitychange", markReadSoon);

  htmx.defineExtension("backchat", {
    onEvent: function (name, evt) {
      var elt = evt.detail && evt.detail.elt;
      if (name === "htmx:wsAfterMessage") markReadSoon();
      if (name in STATES && elt && elt.hasAttribute("ws-connect")) {
        setState(elt, stateFor(name, evt));
        if (name === "htmx:wsClose") elt.setAttribute("data-close-code", evt.detail.event.code);
      }
      if (name === "htmx:afterProcessNode" && elt && elt.hasAttribute("ws-connect")) {
        window.addEventListener("offline", function () { setState(elt, "offline"); });
        window.addEventListener("online", function () { setState(elt, "reconnecting"); });
      }
      return true;
    }
  });

  var CLOCK = { hour: "2-digit", minute: "2-digit" };
  var FULL = { dateStyle: "full", timeStyle: "short" };
  var DAY = { weekday: "long", day: "numeric", month: "long" };
  var DAY_AND_YEAR = { weekday: "long", day: "numeric", month: "long", year: "numeric" };

  function midnight(moment) {
    return new Date(moment.getFullYear(), moment.getMonth(), moment.getDate()).getTime();
  }

  function dayLabel(moment, now) {
    var days = Math.round((midnight(now) - midnight(moment)) / 86400000);
    if (days === 0) return "Today";
    if (days === 1) return "Yesterday";
    var sameYear = moment.getFullYear() === now.getFullYear();
    return moment.toLocaleDateString(undefined, sameYear ? DAY : DAY_AND_YEAR);
  }

  function localTimes(root) {
    root.querySelectorAll(".message-meta time[datetime]").forEach(function (time) {
      var moment = new Date(time.dateTime);
      if (time.classList.contains("edited")) {
        time.title = "Edited " + moment.toLocaleString(undefined, FULL);
      } else {
        time.textContent = moment.toLocaleTimeString(undefined, CLOCK);
        time.title = moment.toLocaleString(undefined, FULL);
      }
    });
  }

  // Adds, relabels or removes only what changed: the list is a live region.
  function daySeparators(list) {
    var now = new Date(), previous = null;
    Array.prototype.slice.call(list.children).forEach(function (item) {
      var time = item.classList.contains("message") && item.querySelector("time[datetime]");
      if (!time) return;
      var moment = new Date(time.dateTime), day = midnight(moment);
      var before = item.previousElementSibling;
      var separator = before && before.classList.contains("day-separator") ? before : null;
      if (day === previous) {
        if (separator) separator.remove();
      } else {
        if (!separator) {
          separator = document.createElement("li");
          separator.className = "day-separator";
          item.before(separator);
        }
        var label = dayLabel(moment, now);
        if (separator.textContent !== label) separator.textContent = label;
      }
      previous = day;
    });
    relabelAtMidnight();
  }

  // At the reader's midnight "Today" becomes "Yesterday": the days are labelled again then.
  var relabelDue = null;
  function relabelAtMidnight() {
    clearTimeout(relabelDue);
    var now = new Date();
    var tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    relabelDue = setTimeout(function () {
      var list = document.getElementById("messages");
      if (list) daySeparators(list);
    }, tomorrow - now + 1000);
  }

  var separatorsDue = false;
  htmx.onLoad(function (elt) {
    if (elt.id === "replying-to" && elt.querySelector("input:checked")) {
      var composer = document.getElementById("message-input");
      if (composer) composer.focus();
    }
    localTimes(elt);
    var list = document.getElementById("messages");
    if (!list || separatorsDue || !(elt.contains(list) || list.contains(elt))) return;
    separatorsDue = true;  // once for a page of history, not once per message
    setTimeout(function () { separatorsDue = false; daySeparators(list); }, 0);
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
