// The instrument's calendar: busy times from the events endpoint, in the page's language.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("instrument-calendar");
  if (!el || !window.FullCalendar) return;
  var narrow = window.innerWidth < 768;
  var calendar = new FullCalendar.Calendar(el, {
    locale: el.dataset.locale === "zh-hans" ? "zh-cn" : "en",
    initialView: narrow ? "listWeek" : "timeGridWeek",
    headerToolbar: narrow
      ? { left: "prev,next", center: "title", right: "listWeek,dayGridMonth" }
      : { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listWeek" },
    allDaySlot: false,
    slotMinTime: "07:00:00",
    slotMaxTime: "22:00:00",
    height: "auto",
    nowIndicator: true,
    events: el.dataset.events,
  });
  calendar.render();
});
