// Progressive enhancement: a "Copy" button beside each citation. Without JavaScript the
// text stays selectable. A citation is a read-only field (labelled) or a block of text
// naming its format in data-copy-name. The button's words come from the page, in its language.
document.querySelectorAll("[data-copyable]").forEach(function (field) {
  var labels = field.closest("[data-copy-label]");
  if (!navigator.clipboard || !labels) {
    return;
  }
  var copy = labels.dataset.copyLabel;
  var copied = labels.dataset.copiedLabel;
  var isField = field.value !== undefined;
  var name = field.dataset.copyName || (field.labels && field.labels[0].textContent);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  // The visible word starts the accessible name (WCAG 2.5.3); the format follows, hidden.
  var label = document.createElement("span");
  label.textContent = copy;
  var format = document.createElement("span");
  format.className = "visually-hidden";
  format.textContent = " " + name;
  button.append(label, format);
  button.addEventListener("click", function () {
    var text = isField ? field.value : field.textContent.replace(name + ": ", "").trim();
    navigator.clipboard.writeText(text).then(function () {
      label.textContent = copied;
      setTimeout(function () { label.textContent = copy; }, 2000);
    });
  });
  field.insertAdjacentElement("afterend", button);
});
