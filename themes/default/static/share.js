// Adds a "copy link" button beside each page's permalink. Without JavaScript (or without
// a clipboard) the permalink is a plain link that can be opened or copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("a[data-copy]").forEach(function (a) {
    var box = a.closest(".share"), status = box && box.querySelector(".share-status");
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-btn";
    b.textContent = a.dataset.copy;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(a.href).then(function () {
        if (status) status.textContent = a.dataset.copied;
      }, function () {
        if (status) status.textContent = a.dataset.copyFailed;
      });
    });
    a.parentNode.insertBefore(b, a);
  });
})();
