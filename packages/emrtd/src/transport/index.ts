export { contactlessAtr, PASSPORT_ATR } from './atr.ts';
export { serveOverVpcd, VPCD_DEFAULT_PORT } from './vpcd.ts';
export type { VpcdCard, VpcdConnection, VpcdOptions } from './vpcd.ts';
export { connectPcsc, PcscTransceiver } from './pcsc.ts';
export type { PcscOptions } from './pcsc.ts';
