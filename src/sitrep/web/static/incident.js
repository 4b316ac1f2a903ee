// The incident view inside the panel: one incident merged from several reports, what
// each outlet and claimant says, and the fields they disagree on side by side.
import { cssToken, el } from "./dom.js";

const FIELD_NAMES = { fatalities: "Death toll", actor1: "Attacker", location: "Place", date: "Date" };

/** "3–5", "4" or null: the range of fatalities the reports give. */
export function fatalityRange(incident) {
  const { fatalities_min: low, fatalities_max: high } = incident;
  if (low === null || low === undefined) return null;
  return low === high ? String(low) : `${low}–${high}`;
}

/** Who gives a value: its outlet and claimant, e.g. "Wire B (regional governor)". */
function attribution(value) {
  const outlet = value.source || "unknown outlet";
  return value.claimant ? [el("bdi", {}, outlet), " (", el("bdi", {}, value.claimant), ")"]
    : [el("bdi", {}, outlet)];
}

/** The contradiction's values grouped by value: one side per distinct value, in order. */
export function sides(contradiction) {
  const byValue = new Map();
  for (const value of contradiction.values) {
    const key = String(value.value);
    if (!byValue.has(key)) byValue.set(key, []);
    byValue.get(key).push(value);
  }
  return [...byValue.entries()].map(([value, givers]) => ({ value, givers }));
}

/** A table with one row per disputed field and one column per side, each with its sources. */
export function contradictionTable(contradictions) {
  const section = el("section", { class: "contradictions" }, el("h3", {}, "Contradictions"));
  if (!contradictions.length) {
    section.append(el("p", { class: "muted" },
      "The reports do not disagree on the toll, the attacker, the place or the date."));
    return section;
  }
  const grouped = contradictions.map((c) => ({ field: c.field, sides: sides(c) }));
  const width = Math.max(...grouped.map((g) => g.sides.length));
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const head = el("tr", {}, el("th", { scope: "col" }, "Field"),
    Array.from({ length: width }, (_, i) => el("th", { scope: "col" }, `Side ${letters[i] || i + 1}`)));
  const rows = grouped.map((g) => el("tr", { "data-field": g.field },
    el("th", { scope: "row" }, FIELD_NAMES[g.field] || g.field),
    Array.from({ length: width }, (_, i) => {
      const side = g.sides[i];
      if (!side) return el("td", {});
      return el("td", { class: "side" },
        el("strong", { class: "value", dir: "auto" }, side.value),
        el("ul", { class: "givers" }, side.givers.map((v) => el("li", {}, ...attribution(v)))));
    })));
  section.append(el("div", { class: "table-scroll" },
    el("table", { class: "contradiction-table" }, el("thead", {}, head), el("tbody", {}, rows))));
  return section;
}

/** The merged facts: dates, place, fatality range, verification and how many reports. */
export function incidentFacts(incident) {
  const row = (name, ...value) => [el("dt", {}, name), el("dd", { dir: "auto" }, ...value)];
  const when = !incident.date_end || incident.date_start === incident.date_end
    ? incident.date_start || "unknown"
    : `${incident.date_start} – ${incident.date_end}`;
  const where = [incident.location, incident.admin1, incident.country_code]
    .filter((v, i, all) => v && all.indexOf(v) === i);
  const [reports, outlets] = [incident.reports.length, incident.sources.length];
  const count = `${reports} report${reports === 1 ? "" : "s"}`;
  return el("dl", { class: "facts" },
    row("Date", when),
    row("Place", where.join(", ") || "unknown"),
    row("Fatalities", fatalityRange(incident) ?? "not reported"),
    row("Verification",
      el("span", { class: `badge v-${cssToken(incident.verification)}` }, incident.verification)),
    row("Reports", outlets ? `${count} from ${outlets} outlet${outlets === 1 ? "" : "s"}`
      : `${count}; no outlet named`),
  );
}
