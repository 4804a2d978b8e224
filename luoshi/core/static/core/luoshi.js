// Behaviour the pages declare with data attributes: no inline handlers, so the
// Content-Security-Policy allows scripts from our own static files only.
//   data-autosubmit            a <select> that submits its form when changed
//   data-clear="NAME"          …after emptying the form's field NAME
//   data-confirm="TEXT"        a submit button that asks first
//   data-check-all             a checkbox that ticks every checkbox of its table's body
//   data-print                 a button that prints the page
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("[data-check-all]")) {
    field.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach((box) => {
      box.checked = field.checked;
    });
  }
  if (field.matches("select[data-autosubmit]")) {
    if (field.dataset.clear && field.form.elements[field.dataset.clear]) {
      field.form.elements[field.dataset.clear].value = "";
    }
    field.form.submit();
  }
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm], [data-print]");
  if (!button) return;
  if (button.matches("[data-print]")) {
    window.print();
  } else if (!window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
