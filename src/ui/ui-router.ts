import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { IRouter, Response } from "express";

/** The console's Content-Security-Policy: only this node's own scripts, styles and API. */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };
/** Hashed names only: `app.3f9a1c2b7d.js`. Anything else under /ui/assets is a 404. */
const ASSET_NAME = /^[a-z-]+\.[0-9a-f]{10}\.(js|css)$/;

/** Where `npm run build` writes the console (dist/ui), next to this compiled module. */
export function defaultUiDir(): string {
  return resolve(__dirname, "../../dist/ui-static");
}

function setCsp(res: Response): void {
  res.setHeader("Content-Security-Policy", UI_CSP);
  res.setHeader("X-Content-Type-Options", "nosniff");
}

/**
 * GET /ui (the console's page) and GET /ui/assets/<hashed name>. Public like any static page:
 * the page holds no data; every API call it makes carries the user's bearer token. Files are
 * read once at start-up, so a request never touches the disk and no path comes from the URL.
 */
export function uiRouter(router: IRouter, dir: string = defaultUiDir()): void {
  const indexPath = join(dir, "index.html");
  if (!existsSync(indexPath)) {
    router.get(["/ui", "/ui/"], (_req, res) => {
      setCsp(res);
      res.status(503).type("text/plain").send("The console is not built: run npm run build.");
    });
    return;
  }
  const index = readFileSync(indexPath);
  const assets = new Map<string, Buffer>();
  const assetDir = join(dir, "assets");
  if (existsSync(assetDir)) for (const name of readdirSync(assetDir)) if (ASSET_NAME.test(name)) assets.set(name, readFileSync(join(assetDir, name)));
  router.get(["/ui", "/ui/"], (_req, res) => {
    setCsp(res);
    res.setHeader("Cache-Control", "no-cache");
    res.type("text/html; charset=utf-8").send(index);
  });
  router.get("/ui/assets/:name", (req, res) => {
    const name = String(req.params.name);
    const body = assets.get(name);
    setCsp(res);
    if (!body) {
      // answered here, not by the auth layer behind: a missing asset is simply not there
      res.status(404).type("application/problem+json").send(JSON.stringify({ type: "about:blank", title: "Not Found", status: 404, detail: "no such console asset" }));
      return;
    }
    // the name carries the content hash: a new build gets a new name
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("Content-Type", TYPES[name.slice(name.lastIndexOf("."))] ?? "application/octet-stream");
    res.send(body);
  });
}
