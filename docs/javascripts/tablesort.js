/* Sortable tables: every table inside <div class="sortable"> sorts by a
 * column when its header is clicked (again: the other way round). A cell's
 * <span data-sort="…"> gives its sort key; otherwise its text. No library,
 * no network. */
(function () {
  "use strict"

  function key(cell) {
    var marked = cell.querySelector("[data-sort]")
    return (marked ? marked.getAttribute("data-sort") : cell.textContent).trim()
  }

  function compare(a, b) {
    var x = parseFloat(a.replace(",", ".")), y = parseFloat(b.replace(",", "."))
    if (!isNaN(x) && !isNaN(y) && String(x) === a.replace(",", ".") && String(y) === b.replace(",", "."))
      return x - y
    return a.localeCompare(b, "ru", { numeric: true })
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0]
    var up = header.getAttribute("aria-sort") !== "ascending"
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort")
    })
    header.setAttribute("aria-sort", up ? "ascending" : "descending")
    var rows = Array.prototype.slice.call(body.rows)
    rows.sort(function (r, s) {
      var order = compare(key(r.cells[column]), key(s.cells[column]))
      return up ? order : -order
    })
    rows.forEach(function (row) { body.appendChild(row) })
  }

  function setup() {
    document.querySelectorAll(".sortable table").forEach(function (table) {
      if (!table.tHead || table.dataset.sortable) return
      table.dataset.sortable = "yes"
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
        th.setAttribute("role", "button")
        th.setAttribute("tabindex", "0")
        th.title = "Сортировать"
        th.addEventListener("click", function () { sortBy(table, column, th) })
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, column, th) }
        })
      })
    })
  }

  if (typeof document$ !== "undefined") document$.subscribe(setup)
  else document.addEventListener("DOMContentLoaded", setup)
})()
