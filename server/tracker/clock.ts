// The PBX's clock against ours. A call is timed on one clock, the PBX's (its Timestamp headers),
// but some things are only measured by arrival (channel-list items carry an age, not a time;
// FullyBooted has no Timestamp). Those are moved onto the PBX clock with the offset learned here.

const WINDOW = 64;

export class PbxClock {
  /** Recent samples of (PBX time - our time), ms. */
  private readonly samples: number[] = [];
  private best: number | null = null;

  /**
   * A moment seen on both clocks. An event's arrival is its PBX time plus transit and queueing, so
   * the largest recent difference is the one with the least delay: the best estimate of the offset.
   */
  sample(pbxMs: number, ourMs: number): void {
    this.samples.push(pbxMs - ourMs);
    if (this.samples.length > WINDOW) this.samples.shift();
    this.best = Math.max(...this.samples);
  }

  /** PBX time minus our time, ms (0 until the PBX has told its time). */
  get offsetMs(): number {
    return this.best ?? 0;
  }

  /** Our clock's moment on the PBX clock. */
  toPbx(ourMs: number): number {
    return ourMs + this.offsetMs;
  }
}
