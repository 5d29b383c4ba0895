// Remember the reader's edition, so the site's root page opens it next time (m4d.i18n).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-m4d-language]");
  if (!link) return;
  try { window.localStorage.setItem("m4d-language", link.getAttribute("data-m4d-language")); } catch (e) {}
});
