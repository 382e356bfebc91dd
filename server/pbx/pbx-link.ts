// The PBX link of this instance: holds the leader lock, runs the AMI client, feeds the tracker and
// hands its effects on (the composition root decides to whom); resynchronises after every
// (re)connect; places callbacks.
import { nationalNumber } from '../../shared/phone';
import type { AmiConfig } from '../config';
import type { LinesRepository } from '../lines/lines.repository';
import type { Logger } from '../logger';
import type { CallEffect, CallTracker } from '../tracker/tracker';
import { AmiClient } from './ami-client';
import type { LeaderLock } from './leader-lock';
import type { PbxStatusService } from './pbx-status';

export interface OriginateSettings {
  /** Channel to ring first, "{extension}" replaced: "PJSIP/{extension}". */
  channel: string;
  /** Dialplan context the remote number is dialled in. */
  context: string;
}

export interface PbxLinkDeps {
  ami: AmiConfig;
  tracker: CallTracker;
  /** Receives what the tracker made of each event (in order). */
  onEffects: (effects: CallEffect[]) => void;
  lines: LinesRepository;
  status: PbxStatusService;
  logger: Logger;
  originate: OriginateSettings;
  makeLock: (onAcquired: () => void, onLost: () => void) => LeaderLock;
}

export class PbxLink {
  private readonly client: AmiClient;
  private readonly lock: LeaderLock;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly d: PbxLinkDeps) {
    this.client = new AmiClient({
      host: d.ami.host,
      port: d.ami.port,
      username: d.ami.user,
      secret: d.ami.secret,
      logger: d.logger.child({ module: 'ami' }),
      onEvent: (ev, arrival) => d.onEffects(d.tracker.handle(ev, arrival)),
      onState: (state, detail) => d.status.set(state, detail),
      onLogin: () => void this.resync(),
    });
    this.lock = d.makeLock(
      () => {
        d.status.setHolder(true);
        this.client.start();
      },
      () => {
        this.client.stop();
        d.status.setHolder(false);
      },
    );
  }

  get stats() {
    return this.client.stats;
  }

  get isHolder(): boolean {
    return this.lock.isLeader;
  }

  async start(): Promise<void> {
    await this.refreshLines();
    this.lock.start();
    this.timers.push(
      setInterval(() => void this.refreshLines(), 60_000),
      setInterval(() => this.d.tracker.sweep(Date.now()), 600_000),
    );
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.lock.stop();
    this.client.stop();
  }

  /**
   * Rings the specialist's phone; when they pick up, the PBX dials the number. The answered callback
   * then opens a draft like an incoming call (direction outbound).
   */
  async originate(extension: string, number: string, callbackOf: number | null): Promise<void> {
    const actionId = this.client.nextActionId();
    const national = nationalNumber(number);
    const dial = national ? `8${national}` : number.replace(/[^\d+]/g, '');
    this.d.tracker.expectOriginate(actionId, { extension, number, callbackOf }, Date.now());
    await this.client.actionWithId(actionId, {
      Action: 'Originate',
      Channel: this.d.originate.channel.replace('{extension}', extension),
      Context: this.d.originate.context,
      Exten: dial,
      Priority: 1,
      CallerID: `Перезвонить <${dial}>`,
      Timeout: 30000,
      Async: 'true',
      Variable: callbackOf ? `CALLOG_CALLBACK=${callbackOf}` : undefined,
    });
  }

  async resync(): Promise<void> {
    // The PBX's time first: the channel list carries ages, not times, and is placed on its clock.
    await this.client.ping().catch((err: unknown) => {
      this.d.logger.warn({ err: (err as Error).message }, 'PBX did not answer a ping before the resync');
    });
    const actionId = this.client.nextActionId();
    this.d.tracker.beginResync(actionId);
    try {
      await this.client.actionWithId(actionId, { Action: 'CoreShowChannels' }, 15_000);
      this.d.logger.info('PBX resync requested (CoreShowChannels)');
    } catch (err) {
      this.d.logger.warn({ err: (err as Error).message }, 'PBX resync failed; live events continue');
    }
  }

  private async refreshLines(): Promise<void> {
    try {
      this.d.lines.invalidate();
      const lines = await this.d.lines.active();
      this.d.tracker.configure({ lines: lines.map((l) => ({ code: l.code, did: l.did })) });
    } catch (err) {
      this.d.logger.warn({ err: (err as Error).message }, 'could not reload support lines');
    }
  }
}
