import type { Value } from "./value";

/** Lexical bindings of one block or function, with the enclosing ones behind it. */
export class Scope {
  private readonly vars = new Map<string, Value>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  declare(name: string, value: Value): void {
    this.vars.set(name, value);
  }

  /** Assignment: updates the nearest binding, or declares one here (sloppy globals). */
  assign(name: string, value: Value): void {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, value);
        return;
      }
    }
    this.vars.set(name, value);
  }
}

/** Thrown when a file exhausts its analysis budget (time or steps). */
export class BudgetExceeded extends Error {}

/** Work bound per file: a step count and a deadline, checked cheaply. */
export class Budget {
  private steps = 0;
  private readonly deadline: number;

  constructor(
    private readonly maxSteps = 2_000_000,
    ms = 15_000,
  ) {
    this.deadline = Date.now() + ms;
  }

  tick(): void {
    this.steps++;
    if (this.steps > this.maxSteps || ((this.steps & 1023) === 0 && Date.now() > this.deadline)) throw new BudgetExceeded("analysis budget exhausted");
  }
}
