/**
 * Entry of the worker thread behind threadCaptureReader (thread-reader.ts): reads each job
 * it is sent (buildCapture), one after the other, and wipes its copy of the unmasked bytes;
 * answers whether stored capture bytes print a card number (captureBytesHoldCard).
 */
import { parentPort } from 'node:worker_threads';
import { READER_READY, failureOf, workHere, type ReaderReply, type ReaderRequest } from './thread-reader.js';

const port = parentPort;
if (!port) throw new Error('reader-thread.js runs as a worker thread started by threadCaptureReader');

port.on('message', (request: ReaderRequest) => {
  if (request.type === 'close') return port.close();
  let reply: ReaderReply;
  try {
    reply = { ...workHere(request), id: request.id };
  } catch (error) {
    reply = { id: request.id, failure: failureOf(error) };
  } finally {
    if (request.type === 'read') request.raw.fill(0);
  }
  port.postMessage(reply);
});
port.postMessage(READER_READY);
