const TOKEN_KEY = "mcpfed.token";

/** An API answer the page explains to the user (401, 403 or another problem). */
class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(detail);
  }
}

function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Calls the node's own API with the signed-in token, like any other client. */
async function api(path: string, init: RequestInit = {}, accept = "application/json"): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set("Accept", accept);
  const t = token();
  if (t) headers.set("Authorization", `Bearer ${t}`);
  const res = await fetch(path, { ...init, headers, credentials: "omit" });
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const p = (await res.json()) as { detail?: string; title?: string };
      detail = p.detail ?? p.title ?? detail;
    } catch {
      /* not a problem document */
    }
    if (res.status === 401) detail = "Not signed in or the token is not valid. Sign in again.";
    if (res.status === 403) detail = `This token lacks the scope this page needs (${detail}).`;
    throw new ApiError(res.status, detail);
  }
  if (res.status === 204) return null;
  return accept === "application/json" ? res.json() : res.text();
}
