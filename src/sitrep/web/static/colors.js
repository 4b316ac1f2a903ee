// One colour per ACLED event type (Okabe–Ito palette, safe for colour-blind readers).
import { el } from "./dom.js";

export const TYPE_COLORS = {
  "Battles": "#D55E00",
  "Explosions/Remote violence": "#E69F00",
  "Violence against civilians": "#CC79A7",
  "Protests": "#0072B2",
  "Riots": "#56B4E9",
  "Strategic developments": "#009E73",
};
export const OTHER_COLOR = "#7f7f7f";

export function typeColor(eventType) {
  return Object.hasOwn(TYPE_COLORS, eventType) ? TYPE_COLORS[eventType] : OTHER_COLOR;
}

/** A CSS conic-gradient showing the share of each type in `byType` ({type: count}). */
export function pieBackground(byType) {
  const total = Object.values(byType).reduce((a, b) => a + b, 0) || 1;
  let at = 0;
  const stops = Object.entries(byType)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => {
      const from = at;
      at += (n / total) * 360;
      return `${typeColor(type)} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
    });
  return `conic-gradient(${stops.join(", ")})`;
}

export function renderLegend(list) {
  list.replaceChildren(
    ...Object.entries(TYPE_COLORS).map(([type, color]) =>
      el("li", {}, el("span", { class: "swatch", style: `background:${color}` }), type)
    )
  );
}
