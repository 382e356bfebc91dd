// What the call tracker takes in: PBX events in the tracker's own terms. The PBX adapter (pbx/)
// maps Asterisk's AMI frames to these; the tracker knows nothing of AMI framing or sockets.

/** A channel as an event describes it (Asterisk's "channel snapshot" block). */
export interface ChannelInfo {
  channel: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerNum: string;
  connectedNum: string;
  context: string;
  exten: string;
  /** Channel variables the event carries (SUPPORT_LINE, FROM_DID, CALLOG_*): NAME -> value. */
  vars: ReadonlyMap<string, string>;
}

interface Base {
  /** When it happened by the PBX's own clock (its Timestamp), epoch ms; null when the PBX did not say. */
  ts: number | null;
  actionId?: string | undefined;
}

type ParkingKind = 'ParkedCall' | 'UnParkedCall' | 'ParkedCallTimeOut' | 'ParkedCallGiveUp';

export type TrackerEvent =
  | (Base & { kind: 'Newchannel'; ch: ChannelInfo })
  | (Base & { kind: 'Hangup'; ch: ChannelInfo; cause: number | null })
  | (Base & { kind: 'VarSet'; ch: ChannelInfo; variable: string; value: string })
  | (Base & { kind: 'DialBegin' | 'DialEnd'; ch: ChannelInfo | null; dest: ChannelInfo; status: string })
  | (Base & { kind: 'QueueCallerJoin' | 'QueueCallerLeave'; ch: ChannelInfo; queue: string })
  | (Base & { kind: 'QueueCallerAbandon'; ch: ChannelInfo; queue: string; holdTime: number | null })
  | (Base & {
      kind: 'AgentConnect' | 'AgentCalled';
      ch: ChannelInfo;
      dest: ChannelInfo | null;
      queue: string;
      iface: string;
    })
  | (Base & {
      kind: 'BlindTransfer';
      success: boolean;
      transferer: ChannelInfo | null;
      transferee: ChannelInfo | null;
      extension: string;
    })
  | (Base & {
      kind: 'AttendedTransfer';
      success: boolean;
      origTransferer: ChannelInfo | null;
      secondTransferer: ChannelInfo | null;
      transferee: ChannelInfo | null;
      target: ChannelInfo | null;
    })
  /** A phone picked up a ringing channel of another call (`**102`, PickupChan, a pickup group). */
  | (Base & { kind: 'Pickup'; ch: ChannelInfo; target: ChannelInfo })
  /** Parking events describe the parked caller (`Parkee*`), and for a retrieval the retriever. */
  | (Base & {
      kind: ParkingKind;
      parkee: ChannelInfo;
      retriever: ChannelInfo | null;
      parkerDialString: string;
    })
  | (Base & { kind: 'Hold' | 'Unhold'; ch: ChannelInfo })
  | (Base & {
      kind: 'CoreShowChannel';
      ch: ChannelInfo;
      bridgeId: string;
      application: string;
      /** Channel age in seconds. */
      duration: number;
    })
  | (Base & { kind: 'CoreShowChannelsComplete'; listItems: number })
  | (Base & { kind: 'OriginateResponse'; success: boolean; uniqueid: string; channel: string })
  | (Base & { kind: 'FullyBooted'; uptime: number | null })
  | (Base & { kind: 'Shutdown'; restart: boolean })
  /** The PBX told its time (a Ping answer): a sample of its clock against ours. */
  | (Base & { kind: 'Clock' });

export type TrackerEventKind = TrackerEvent['kind'];

/**
 * Channel variables the tracker reads; the adapter may drop every other one early. SUPPORT_LINE is
 * set by our dialplan sample; FROM_DID is what FreePBX sets on every inbound route (a DID).
 */
export const TRACKED_VARIABLES = /^(__|_)?(SUPPORT_LINE|FROM_DID|CALLOG_[A-Z_]+)$/;
