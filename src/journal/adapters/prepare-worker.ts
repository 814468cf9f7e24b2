/**
 * Entry of the worker thread behind WorkerPreparer (worker-preparer.ts): prepares each
 * batch it is sent with the same prepareBatch the journal runs in-process, and exits
 * when told to close.
 */
import { parentPort } from 'node:worker_threads';
import { answer, type WireRequest } from './prepare-wire.js';

const port = parentPort;
if (!port) throw new Error('prepare-worker.js runs as a worker thread started by WorkerPreparer');

port.on('message', (request: WireRequest) => {
  if (request.type === 'close') {
    // Nothing else keeps this thread alive: it exits once the port is closed.
    port.close();
    return;
  }
  const reply = answer(request.id, request.inputs);
  try {
    port.postMessage(reply);
  } catch (fault) {
    // An error whose context cannot be cloned still has to reach the waiting caller.
    port.postMessage(answerFault(request.id, fault));
  }
});

function answerFault(id: number, fault: unknown) {
  return { id, fault: { name: 'Error', message: `the preparer could not send its answer: ${fault instanceof Error ? fault.message : String(fault)}`, stack: undefined } };
}
