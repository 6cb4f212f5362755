// Where the demo's scheduled streams start. The demo's report files already hold every channel's
// history up to its last day, so a stream pulling from the config's startDate would re-read (or,
// past a channel's reach such as eBay's 90 days, fail to read) what the files loaded. Each
// stream of the config therefore starts where the files end: its watermark is the day after the
// demo's last day. The exception are the channels the demo reaches only through their APIs
// (their history is the sandbox's seed, <demo>/sandbox-orders/): those pull it like a new seller.

export interface DemoStreamTarget {
  channel: { channel: string; account: string };
  stream: { name: string };
}

export interface DemoWatermark {
  channel: string;
  account: string;
  stream: string;
  /** ISO instant: every change before it is in the demo files. */
  cursor: string;
}

export interface DemoStreamStartsInput {
  targets: readonly DemoStreamTarget[];
  /** The demo's last simulated day, YYYY-MM-DD. */
  lastDate: string;
  /** Channels whose history the sandbox serves (keep their configured start). */
  apiHistoryChannels: ReadonlySet<string>;
}

/** The watermark each configured stream starts from after the demo files are loaded. */
export function demoStreamStarts({ targets, lastDate, apiHistoryChannels }: DemoStreamStartsInput): DemoWatermark[] {
  const cursor = new Date(Date.parse(`${lastDate}T00:00:00Z`) + 86_400_000).toISOString();
  return targets
    .filter((target) => !apiHistoryChannels.has(target.channel.channel))
    .map((target) => ({ channel: target.channel.channel, account: target.channel.account, stream: target.stream.name, cursor }));
}
