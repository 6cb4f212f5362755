/** A channel's id as stored in every canonical table (`listing.channel`, `order_line.channel`…). */
export type ChannelId = string;
