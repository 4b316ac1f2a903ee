// Requests to the sitrep HTTP API; every answer is JSON (errors: {ok, error, errors, status}).

export class ApiError extends Error {}

/** GET `path` with `params` (empty values left out); returns {data, total}. */
export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) query.set(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const data = await response.json();
  if (!response.ok) throw new ApiError(data.error || `${response.status} ${url}`);
  const total = response.headers.get("X-Total-Count");
  return { data, total: total === null ? null : Number(total) };
}
