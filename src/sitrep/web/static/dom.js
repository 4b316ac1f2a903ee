// Building DOM nodes from data. Text from the database only ever becomes text nodes or
// attribute values, never HTML: this module is the one place nodes are made.

/** Create an element; `text` sets textContent, `on<event>` adds a listener. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** An SVG element (attributes only; text through `text`). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

/** An http(s) URL to link to, or null (no javascript:, data: or other schemes). */
export function safeUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A value safe to use inside a class name. */
export function cssToken(value) {
  return String(value || "").toLowerCase().replace(/[^a-z0-9-]/g, "");
}

export const numberFormat = new Intl.NumberFormat("en");
