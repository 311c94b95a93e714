// Sections that once sat on the election page have pages of their own: its parties, its
// timeline, the figures its sources state. A link that cites one of their entries there
// (#schedule, #debate-3, #disqualified, #figure-...) is sent on to the page where it now
// lives. Each line of the election page that leads to such a page names, in data-anchors,
// the anchors that moved to it. Without JavaScript such a link still opens the election
// page, whose line for that section links onward.
(function () {
  var hash = window.location.hash;
  if (!hash || document.getElementById(hash.slice(1))) {
    return;
  }
  var targets = document.querySelectorAll("[data-moved-anchors]");
  for (var i = 0; i < targets.length; i++) {
    var moved = new RegExp("^#(" + targets[i].getAttribute("data-anchors") + ")(-|$)");
    if (moved.test(hash)) {
      window.location.replace(targets[i].getAttribute("data-moved-anchors") + hash);
      return;
    }
  }
})();
