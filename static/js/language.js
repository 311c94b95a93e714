// The reader's chosen language, remembered in a cookie by the switcher, is offered at the top
// of a page in the other language. A page's address alone decides its language (so that a
// citation always shows what its author saw, and shared caches need no Vary): the offer is a
// link, never a redirect.
(function () {
  var chosen = document.cookie.match(/(?:^|; )django_language=([a-z-]+)/);
  if (!chosen || chosen[1] === document.documentElement.lang) {
    return;
  }
  var link = document.querySelector('.languages a[hreflang="' + chosen[1] + '"]');
  var main = document.getElementById("main");
  if (!link || !main) {
    return;
  }
  var offer = document.createElement("p");
  offer.className = "language-offer";
  offer.lang = chosen[1];
  var anchor = document.createElement("a");
  anchor.href = link.href;
  anchor.hreflang = chosen[1];
  anchor.textContent = link.dataset.offer;
  offer.appendChild(anchor);
  main.insertBefore(offer, main.firstChild);
})();
