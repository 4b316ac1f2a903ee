// The event table: one page of events, sorted on the server by the chosen column.
import { el, numberFormat } from "./dom.js";
import { typeColor } from "./colors.js";

export class EventTable {
  /**
   * @param {HTMLTableElement} table
   * @param {{onOpen: (id: string) => void, onSort: (key: string) => void,
   *          onPage: (step: number) => void}} handlers
   */
  constructor(table, handlers) {
    this.table = table;
    this.body = table.tBodies[0];
    this.handlers = handlers;
    for (const th of table.tHead.querySelectorAll("th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => handlers.onSort(th.dataset.sort));
    }
    document.getElementById("prev-page").addEventListener("click", () => handlers.onPage(-1));
    document.getElementById("next-page").addEventListener("click", () => handlers.onPage(1));
  }

  show(events, { total, offset, sort }) {
    this.body.replaceChildren(...events.map((e) => this.row(e)));
    if (!events.length) {
      this.body.append(el("tr", {}, el("td", { colspan: 7, class: "hint" }, "No events match.")));
    }
    const key = sort.replace(/^-/, "");
    for (const th of this.table.tHead.querySelectorAll("th[data-sort]")) {
      const order = sort.startsWith("-") ? "descending" : "ascending";
      if (th.dataset.sort === key) th.setAttribute("aria-sort", order);
      else th.removeAttribute("aria-sort");
    }
    const last = Math.min(offset + events.length, total);
    document.getElementById("page-info").textContent = total
      ? `${numberFormat.format(offset + 1)}–${numberFormat.format(last)} of ${numberFormat.format(total)}`
      : "";
    document.getElementById("prev-page").disabled = offset === 0;
    document.getElementById("next-page").disabled = last >= total;
  }

  row(event) {
    const place = [event.location, event.country].filter(Boolean);
    const open = () => this.handlers.onOpen(event.event_id);
    return el(
      "tr",
      { "data-event-id": event.event_id, onclick: open },
      el("td", { class: "date" }, event.date_start || ""),
      el(
        "td",
        { dir: "auto" },
        el("button", { type: "button", class: "link", onclick: (e) => { e.stopPropagation(); open(); } },
          el("span", { class: "swatch", style: `background:${typeColor(event.event_type)}` }),
          event.sub_event_type)
      ),
      el("td", { dir: "auto" }, [...new Set(place)].join(", ")),
      el("td", { dir: "auto" }, event.actor1 || ""),
      el("td", { dir: "auto" }, event.actor2 || ""),
      el("td", { class: "num" }, event.fatalities ?? ""),
      el("td", {},
        el("span", { class: `badge v-${cssToken(event.verification)}` }, event.verification),
        event.background ? el("span", { class: "badge", title: "an earlier incident told as context" }, "background") : null)
    );
  }

  mark(eventId) {
    for (const tr of this.body.rows) tr.classList.toggle("selected", tr.dataset.eventId === eventId);
  }
}

/** A value safe to use inside a class name. */
export function cssToken(value) {
  return String(value || "").toLowerCase().replace(/[^a-z0-9-]/g, "");
}
