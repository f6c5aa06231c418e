const PAGES: Record<string, [string, Page]> = {
  tools: ["Tools", toolsPage],
  servers: ["Servers", serversPage],
  submissions: ["Submissions", submissionsPage],
  peers: ["Peers", peersPage],
  audit: ["Audit", auditPage],
};

function mainEl(): HTMLElement {
  return document.getElementById("main") as HTMLElement;
}

/** Shows an API failure in the page, in words (401: sign in again; 403: missing scope). */
function showError(err: unknown): void {
  const msg = err instanceof ApiError ? `${err.status === 403 ? "Access denied" : err.status === 401 ? "Not signed in" : "Error"}: ${err.detail}` : String(err);
  const box = el("p", { role: "alert", class: "error" }, msg);
  document.getElementById("errors")?.replaceChildren(box);
}

function signIn(main: HTMLElement): void {
  const input = el("input", { id: "token", type: "password", autocomplete: "off", required: "" });
  const form = el("form", { id: "sign-in" }, el("label", { for: "token" }, "Access token"), input, el("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    location.hash = "#tools";
    route();
  });
  main.replaceChildren(el("h1", {}, "Sign in"), el("p", {}, "The token stays in this tab only (session storage)."), form);
  input.focus();
}

/** Renders the page named by the URL's hash. */
function route(): void {
  const main = mainEl();
  document.getElementById("errors")?.replaceChildren();
  const signOut = document.getElementById("sign-out") as HTMLButtonElement;
  signOut.hidden = !token();
  if (!token()) return signIn(main);
  const key = location.hash.slice(1) || "tools";
  const [title, page] = PAGES[key] ?? PAGES.tools;
  for (const a of document.querySelectorAll("nav a")) a.toggleAttribute("aria-current", a.getAttribute("href") === `#${key}`);
  const h1 = el("h1", { tabindex: "-1" }, title);
  main.replaceChildren(h1);
  document.title = `${title} — mcpfed console`;
  void page(main).catch(showError);
}

window.addEventListener("hashchange", route);
document.getElementById("sign-out")?.addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  route();
});
route();
