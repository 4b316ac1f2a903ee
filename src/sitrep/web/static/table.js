// The event and incident tables: one page of rows, sorted on the server by the chosen
// column; both share the pager below them.
import { cssToken, el, numberFormat } from "./dom.js";
import { typeColor } from "./colors.js";
import { fatalityRange } from "./incident.js";

/** A page of rows in a table whose headers sort; subclasses make the rows. */
class PagedTable {
  /**
   * @param {HTMLTableElement} table
   * @param {{onOpen: (id: string) => void, onSort: (key: string) => void}} handlers
   */
  constructor(table, handlers, { idKey, empty }) {
    this.table = table;
    this.body = table.tBodies[0];
    this.handlers = handlers;
    this.idKey = idKey;
    this.empty = empty;
    for (const th of table.tHead.querySelectorAll("th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => handlers.onSort(th.dataset.sort));
    }
  }

  show(items, { total, offset, sort }) {
    this.body.replaceChildren(...items.map((item) => this.row(item)));
    if (!items.length) {
      const columns = this.table.tHead.rows[0].cells.length;
      this.body.append(el("tr", {}, el("td", { colspan: columns, class: "hint" }, this.empty)));
    }
    const key = sort.replace(/^-/, "");
    for (const th of this.table.tHead.querySelectorAll("th[data-sort]")) {
      const order = sort.startsWith("-") ? "descending" : "ascending";
      if (th.dataset.sort === key) th.setAttribute("aria-sort", order);
      else th.removeAttribute("aria-sort");
    }
    const last = Math.min(offset + items.length, total);
    document.getElementById("page-info").textContent = total
      ? `${numberFormat.format(offset + 1)}–${numberFormat.format(last)} of ${numberFormat.format(total)}`
      : "";
    document.getElementById("prev-page").disabled = offset === 0;
    document.getElementById("next-page").disabled = last >= total;
  }

  /**
   * A row that opens `id` when clicked: the first cell, then a cell whose `label` nodes
   * form a button (to open it from the keyboard), then the other cells.
   */
  openingRow(id, first, label, ...others) {
    const open = () => this.handlers.onOpen(id);
    return el("tr", { [`data-${this.idKey}`]: id, onclick: open },
      first,
      el("td", { dir: "auto" },
        el("button", { type: "button", class: "link", onclick: (e) => { e.stopPropagation(); open(); } },
          ...label)),
      ...others);
  }

  mark(id) {
    const key = this.idKey.replace(/-(.)/g, (_, c) => c.toUpperCase());
    for (const tr of this.body.rows) tr.classList.toggle("selected", tr.dataset[key] === id);
  }

  set hidden(value) {
    this.table.closest(".table-scroll").hidden = value;
  }
}

export class EventTable extends PagedTable {
  constructor(table, handlers) {
    super(table, handlers, { idKey: "event-id", empty: "No events match." });
  }

  row(event) {
    const place = [event.location, event.country].filter(Boolean);
    return this.openingRow(
      event.event_id,
      el("td", { class: "date" }, event.date_start || ""),
      [el("span", { class: "swatch", style: `background:${typeColor(event.event_type)}` }),
        event.sub_event_type],
      el("td", { dir: "auto" }, [...new Set(place)].join(", ")),
      el("td", { dir: "auto" }, event.actor1 || ""),
      el("td", { dir: "auto" }, event.actor2 || ""),
      el("td", { class: "num" }, event.fatalities ?? ""),
      el("td", {},
        el("span", { class: `badge v-${cssToken(event.verification)}` }, event.verification),
        event.background ? el("span", { class: "badge", title: "an earlier incident told as context" }, "background") : null)
    );
  }
}

export class IncidentTable extends PagedTable {
  constructor(table, handlers) {
    super(table, handlers, { idKey: "incident-id", empty: "No incidents match." });
  }

  row(incident) {
    const dates = !incident.date_end || incident.date_end === incident.date_start
      ? incident.date_start || "" : `${incident.date_start} – ${incident.date_end}`;
    const place = [incident.location, incident.country_code].filter(Boolean);
    return this.openingRow(
      incident.incident_id,
      el("td", { class: "date" }, dates),
      [el("span", { class: "swatch", style: `background:${typeColor(incident.event_type)}` }),
        incident.sub_event_type],
      el("td", { dir: "auto" }, [...new Set(place)].join(", ")),
      el("td", { class: "num" }, incident.reports.length),
      el("td", { class: "num" }, fatalityRange(incident) ?? ""),
      el("td", {},
        el("span", { class: `badge v-${cssToken(incident.verification)}` }, incident.verification),
        incident.contradictions.length
          ? el("span", { class: "badge", title: "fields the reports disagree on" },
            incident.contradictions.map((c) => c.field).join(", "))
          : null),
      el("td", { dir: "auto" }, incident.sources.join("; "))
    );
  }
}
