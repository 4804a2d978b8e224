// A select marked data-autosubmit sends its form when changed (the plan picker); the page
// keeps a button in <noscript> for browsers without JavaScript.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});
