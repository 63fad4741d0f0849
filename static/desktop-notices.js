/* Desktop notifications (the browser's Notification API), opt-in in each browser, for what the
 * server says merits one (mentions and direct messages, by the reader's level for each room),
 * raised only while the page is in the background (hidden, or its window not focused):
 * - the sidebar's [data-desktop-notices] button turns them on (asking the browser) and off; the
 *   choice is kept in this browser and followed by its other tabs at once;
 * - for news in the reader's other rooms the server sends a #desktop-notice element;
 * - in the room the page shows, a new message by someone else raises one as #chat's
 *   data-notices says: "all", or "mentions" when its data-mentions name data-me.
 * Each is tagged with its message, so tabs showing the same news raise it once.
 */
(function () {
  "use strict";

  var CHOICE = "backchat.desktop-notices";
  var supported = "Notification" in window;

  function turnedOn() {
    return supported && Notification.permission === "granted" && localStorage.getItem(CHOICE) === "on";
  }

  function showToggles() {
    var state = !supported ? "" : Notification.permission === "denied" ? "blocked" : turnedOn() ? "on" : "off";
    document.querySelectorAll("[data-desktop-notices]").forEach(function (toggle) {
      toggle.hidden = !state;
      toggle.setAttribute("data-state", state);
      toggle.querySelector("button").disabled = state === "blocked";
    });
  }
  showToggles();
  window.addEventListener("storage", function (evt) { if (evt.key === CHOICE) showToggles(); });

  document.addEventListener("click", function (evt) {
    if (!evt.target.closest || !evt.target.closest("[data-desktop-notices] button")) return;
    if (turnedOn()) {
      localStorage.removeItem(CHOICE);
      showToggles();
      return;
    }
    Notification.requestPermission().then(function (permission) {
      if (permission === "granted") localStorage.setItem(CHOICE, "on");
      showToggles();
    });
  });

  function raise(tag, title, body, href) {
    if (!turnedOn() || (document.visibilityState === "visible" && document.hasFocus())) return;
    var notification = new Notification(title, { body: body, tag: tag });
    notification.addEventListener("click", function () {
      window.focus();
      if (href) location.assign(href);
      notification.close();
    });
  }

  function fromRoom(message, chat) {
    var author = message.getAttribute("data-author");
    if (author === chat.getAttribute("data-me")) return;
    var notices = chat.getAttribute("data-notices");
    var names = (message.getAttribute("data-mentions") || "").split(" ");
    if (notices !== "all" && !(notices === "mentions" && names.indexOf(chat.getAttribute("data-me")) >= 0)) return;
    var who = message.querySelector(".message-author").textContent;
    var room = document.getElementById("room-name").textContent;
    var title = chat.hasAttribute("data-direct") ? who : who + " in #" + room;
    var body = message.querySelector(".message-body").textContent.trim();
    raise(message.id, title, body.length > 200 ? body.slice(0, 199) + "…" : body, null);
  }

  // Out-of-band swaps carry both: look before they land (a message already here is an edit).
  document.addEventListener("htmx:oobBeforeSwap", function (evt) {
    var fragment = evt.detail.fragment, chat = document.getElementById("chat");
    var notice = fragment.querySelector("[data-notice]");
    if (notice) {
      raise(notice.getAttribute("data-notice"), notice.getAttribute("data-title"),
        notice.getAttribute("data-body"), notice.getAttribute("data-href"));
    }
    if (!chat || !chat.contains(evt.detail.target)) return;
    fragment.querySelectorAll("li.message[id]").forEach(function (message) {
      if (!document.getElementById(message.id)) fromRoom(message, chat);
    });
  });
})();
