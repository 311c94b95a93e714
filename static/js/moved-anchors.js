// The schedule, debates, incidents and events once sat on the election page; links that
// cite them there (#schedule, #debate-3, ...) are sent on to the timeline page, where they
// now live. Without JavaScript such a link still opens the election page, whose "Timeline"
// section links onward.
(function () {
  var moved = /^#(schedule|investiture|debates?|incidents?|events?)(-|$)/;
  var target = document.querySelector("[data-moved-anchors]");
  var hash = window.location.hash;
  if (!target || !moved.test(hash) || document.getElementById(hash.slice(1))) {
    return;
  }
  window.location.replace(target.getAttribute("data-moved-anchors") + hash);
})();
