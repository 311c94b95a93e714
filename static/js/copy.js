// Progressive enhancement: a "Copy" button beside each citation. Without JavaScript the
// text stays selectable in its read-only field.
document.querySelectorAll("[data-copyable]").forEach(function (field) {
  if (!navigator.clipboard) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy " + field.labels[0].textContent + " citation");
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  });
  field.insertAdjacentElement("afterend", button);
});
