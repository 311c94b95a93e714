// Progressive enhancement: a "Copy" button beside each citation. Without JavaScript the
// text stays selectable. A citation is a read-only field (labelled) or a block of text
// naming its format in data-copy-name.
document.querySelectorAll("[data-copyable]").forEach(function (field) {
  if (!navigator.clipboard) {
    return;
  }
  var isField = field.value !== undefined;
  var name = field.dataset.copyName || (field.labels && field.labels[0].textContent);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy " + name + " citation");
  button.addEventListener("click", function () {
    var text = isField ? field.value : field.textContent.replace(name + ": ", "").trim();
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  });
  field.insertAdjacentElement("afterend", button);
});
