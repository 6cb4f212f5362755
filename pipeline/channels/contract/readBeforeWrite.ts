// Conflict detection for channels without compare-and-set (eBay, AliExpress, Amazon): the
// listings are read right before their write, and a row whose channel quantity is no longer the
// one the sheet saw (`expected_quantity`, the ledger's seen quantity) is answered `conflict` with
// the channel's quantity and not sent, so a sale since the refresh is never overwritten. Pure:
// the caller does the reading. What stays unprotected is the gap between the read and the write.
import type { ChannelId, ChannelReading, PushOutcome, StockPush } from './writer';

export interface HeldBack {
  send: StockPush[];
  refused: PushOutcome[];
}

/**
 * Splits rows into those still showing their expected quantity (send) and the rest (refused):
 * already showing the asked quantity → applied, showing another → conflict.
 * A row whose listing was not read (absent from `readings`) is refused as retryable: a change
 * could not be ruled out. Rows without an expected quantity have nothing to compare and are sent.
 */
export function holdBackChanged(channel: ChannelId, rows: StockPush[], readings: ReadonlyMap<string, ChannelReading>): HeldBack {
  const send: StockPush[] = [];
  const refused: PushOutcome[] = [];
  for (const row of rows) {
    const reading = readings.get(row.listing_id);
    if (row.expected_quantity === null) send.push(row);
    else if (!reading) {
      refused.push({ change_id: row.change_id, status: 'failed', retryable: true, message: `nothing sent: ${channel} could not be read right before the write, so a change since the refresh could not be ruled out` });
    } else if (reading.quantity === row.quantity) {
      // Already what we ask (a retry of a write that landed after all, or a change to the same
      // number): nothing to send, and no conflict to show.
      refused.push({ change_id: row.change_id, status: 'applied', channel_quantity: reading.quantity, message: `nothing sent: ${channel} already shows ${row.quantity}` });
    } else if (reading.quantity !== row.expected_quantity) {
      const now = reading.quantity ?? 'nothing';
      refused.push({
        change_id: row.change_id,
        status: 'conflict',
        channel_quantity: reading.quantity,
        message: `nothing sent: ${channel} shows ${now}, not the ${row.expected_quantity} the sheet saw (it changed since the refresh): re-plan from ${now}`,
        channel_response: { read_before_write: { quantity: reading.quantity, expected_quantity: row.expected_quantity } },
      });
    } else send.push(row);
  }
  return { send, refused };
}
