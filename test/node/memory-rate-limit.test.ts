import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import request from "supertest";
import { memoryRateLimit } from "../../src/node/memory-rate-limit";

const HEADERS = ["ratelimit-policy", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"];

/** An app whose requests act as the token named in `x-token`, behind `limiter`. */
function appWith(limiter: RequestHandler) {
  const app = express();
  app.use((req, res, next) => {
    res.locals.token = String(req.headers["x-token"] ?? "a");
    next();
  });
  app.use(limiter);
  app.get("/", (req, res) => {
    res.json({ ok: true });
  });
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    res.status(429).json({ error: err.message });
  };
  app.use(onError);
  return app;
}

const exceeded: RequestHandler = (req, _res, next) => {
  const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  next(new Error(`limited until ${reset instanceof Date ? "a date" : "unknown"}`));
};

function pick(headers: Record<string, string>): Record<string, string | undefined> {
  return Object.fromEntries(HEADERS.map((h) => [h, headers[h]]));
}

describe("memoryRateLimit", () => {
  test("when a key exceeds the limit, then it answers exactly as express-rate-limit's memory store does (headers, status, req.rateLimit)", async () => {
    const lean = memoryRateLimit({ limit: 3, windowMs: 60_000, key: (res) => String(res.locals.token), exceeded });
    const reference = rateLimit({
      windowMs: 60_000,
      limit: 3,
      standardHeaders: "draft-6",
      legacyHeaders: false,
      validate: false,
      keyGenerator: (_req, res) => String(res.locals.token),
      handler: exceeded,
    });
    const ours = appWith(lean);
    const theirs = appWith(reference);
    try {
      for (let i = 0; i < 5; i++) {
        const [a, b] = await Promise.all([request(ours).get("/"), request(theirs).get("/")]);
        expect(a.status).toBe(b.status);
        expect(a.body).toEqual(b.body);
        expect(pick(a.headers)).toEqual(pick(b.headers));
      }
      // another key has its own window
      const [a, b] = await Promise.all([request(ours).get("/").set("x-token", "b"), request(theirs).get("/").set("x-token", "b")]);
      expect(a.status).toBe(200);
      expect(pick(a.headers)).toEqual(pick(b.headers));
    } finally {
      lean.close();
    }
  });

  test("when a key's window has passed, then its count starts again", async () => {
    const lean = memoryRateLimit({ limit: 1, windowMs: 300, key: (res) => String(res.locals.token), exceeded });
    const app = appWith(lean);
    try {
      expect((await request(app).get("/")).status).toBe(200);
      const limited = await request(app).get("/");
      expect(limited.status).toBe(429);
      expect(limited.headers["ratelimit-remaining"]).toBe("0");
      expect(limited.body.error).toBe("limited until a date");
      await new Promise((r) => setTimeout(r, 350));
      const again = await request(app).get("/");
      expect(again.status).toBe(200);
      expect(again.headers["ratelimit-remaining"]).toBe("0");
      expect(again.headers["ratelimit-reset"]).toBe("1");
    } finally {
      lean.close();
    }
  });

  test("when a key stays idle past its window, then its next request starts a fresh window with the whole limit", async () => {
    const lean = memoryRateLimit({ limit: 2, windowMs: 200, key: (res) => String(res.locals.token), exceeded });
    const app = appWith(lean);
    try {
      await request(app).get("/");
      await new Promise((r) => setTimeout(r, 450));
      const res = await request(app).get("/");
      expect(res.status).toBe(200);
      expect(res.headers["ratelimit-remaining"]).toBe("1");
    } finally {
      lean.close();
    }
  });
});
