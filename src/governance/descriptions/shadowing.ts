import type { TechniqueFinding } from "./techniques";
import { nameSkeleton } from "./normalize";

/**
 * Shadowing: a submitted tool whose name equals, or reads the same as, a name already in the
 * federation (hosted tools, registered servers' tools, partners' tools). A model choosing by
 * name cannot tell them apart, so the newcomer is rejected.
 */
export class FederationNames {
  private readonly bySkeleton = new Map<string, string>();

  constructor(names: Iterable<string>) {
    for (const n of names) {
      const skeleton = nameSkeleton(n);
      if (skeleton && !this.bySkeleton.has(skeleton)) this.bySkeleton.set(skeleton, n);
    }
  }

  /** The existing name `name` collides with, if any. */
  collision(name: string): string | undefined {
    return this.bySkeleton.get(nameSkeleton(name));
  }
}

/** A high finding when `name` equals or confusably matches a name of the federation. */
export function shadowingFinding(name: string, federation: FederationNames): TechniqueFinding | undefined {
  const existing = federation.collision(name);
  if (existing === undefined) return undefined;
  const same = existing === name;
  return {
    ruleId: "poison/shadowing-name",
    severity: "high",
    message: same
      ? `tool name ${name} is already used in the federation`
      : `tool name ${JSON.stringify(name)} reads the same as ${JSON.stringify(existing)}, already used in the federation`,
  };
}
