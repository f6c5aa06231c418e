import type { HeartbeatsPort, MemberBeat } from "../ports";

/** Registered members' heartbeats in memory (one process). */
export class MemoryHeartbeatsStore implements HeartbeatsPort {
  private readonly beats = new Map<string, number>();

  async beat(name: string, now = Date.now()): Promise<void> {
    this.beats.set(name, Math.max(this.beats.get(name) ?? now, now));
  }

  async get(name: string): Promise<MemberBeat | undefined> {
    const lastBeat = this.beats.get(name);
    return lastBeat === undefined ? undefined : { name, lastBeat };
  }

  async all(): Promise<MemberBeat[]> {
    return [...this.beats]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, lastBeat]) => ({ name, lastBeat }));
  }

  async remove(name: string): Promise<boolean> {
    return this.beats.delete(name);
  }
}
