import { abortSignalOf, CallHangUp } from "../../src/hosting/call-hang-up";

describe("a caller's hang-up", () => {
  test("when the caller hangs up, then each hook runs once and the reason reads as an aborted AbortController's", () => {
    const hangUp = new CallHangUp();
    const seen: string[] = [];
    hangUp.onHangUp(() => seen.push("a"));
    const stopB = hangUp.onHangUp(() => seen.push("b"));
    hangUp.onHangUp(() => seen.push("c"));
    stopB();
    expect(hangUp.aborted).toBe(false);
    hangUp.hangUp();
    hangUp.hangUp();
    expect(seen).toEqual(["a", "c"]);
    expect(hangUp.aborted).toBe(true);
    const controller = new AbortController();
    controller.abort();
    expect(String(hangUp.reason)).toBe(String(controller.signal.reason));
    // a hook added after the hang-up never runs (the caller checks `aborted` first)
    hangUp.onHangUp(() => seen.push("late"));
    expect(seen).toEqual(["a", "c"]);
  });

  test("when a layer asks for a signal, then it is made once and aborts with the hang-up, or is born aborted after it", () => {
    const before = new CallHangUp();
    const signal = before.signal;
    expect(before.signal).toBe(signal);
    const events: unknown[] = [];
    signal.addEventListener("abort", () => events.push(signal.reason));
    before.hangUp();
    expect(signal.aborted).toBe(true);
    expect(events).toEqual([before.reason]);

    const after = new CallHangUp();
    after.hangUp();
    expect(after.signal.aborted).toBe(true);
    expect(after.signal.reason).toBe(after.reason);
  });

  test("when options carry a signal, then it is the one used; else the hang-up's; else none", () => {
    const controller = new AbortController();
    const hangUp = new CallHangUp();
    expect(abortSignalOf({ signal: controller.signal, hangUp })).toBe(controller.signal);
    expect(abortSignalOf({ hangUp })).toBe(hangUp.signal);
    expect(abortSignalOf({})).toBeUndefined();
  });
});
