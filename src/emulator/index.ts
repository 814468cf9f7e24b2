export { FaultNames, type FaultName, type Fault, FAULT_USAGE, FAULT_DESCRIPTIONS, parseFault, formatFault, faultState } from './faults.js';
export { VirtualPrinter, startVirtualPrinter, describeJob, type VirtualPrinterOptions } from './virtual-printer.js';
export { PrinterEngine, FaultSources, dotsPerMm, type FaultSource, type PrintedJob, type StateChange, type EngineOptions, type EngineHooks } from './printer-engine.js';
export type { ByteConnection, ByteConnectionHandler, ByteListener, EmulatorFiles } from './ports.js';
export { tcpListener } from './tcp-listener.js';
export { nodeEmulatorFiles } from './node-files.js';
export { systemTimers, type Timers } from './timers.js';
